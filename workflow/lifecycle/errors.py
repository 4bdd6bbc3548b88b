"""Why the lifecycle refused to move a household: the state-machine kit's refusal, and a
bulk move that found its episodes changed."""

from __future__ import annotations

from workflow.statemachine.errors import SubjectsChanged, TransitionRefused


class EpisodesChanged(SubjectsChanged):
    """Episodes moved by someone else between reading them and recording new moves."""

    code = "episodes_changed"


__all__ = ["EpisodesChanged", "TransitionRefused"]
