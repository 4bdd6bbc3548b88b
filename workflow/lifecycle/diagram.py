"""A Mermaid ``stateDiagram-v2`` of the household lifecycle, read from the shared machine
(see ``workflow.statemachine.diagram``), so the README's diagram cannot drift from what
runs."""

from __future__ import annotations

from workflow.lifecycle.machine import LIFECYCLE
from workflow.statemachine.diagram import mermaid as _mermaid


def mermaid(*, fold: bool = True) -> str:
    """The lifecycle as Mermaid text: an arrow per trigger and start state, guards in []."""
    return _mermaid(LIFECYCLE, fold=fold)
