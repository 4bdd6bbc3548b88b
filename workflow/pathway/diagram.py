"""A Mermaid ``stateDiagram-v2`` of a pathway's tiers, read from its shared tier machine.

Drawn from the ``transitions`` machine the tier moves run on (its transitions and guard
conditions, as ``workflow.statemachine.diagram`` draws the lifecycle), so the diagram
cannot drift from what runs. Beside it: where each strand starts, and each tier's
caseload weight, review interval and whether it allows enforcement, from the definition.

    print(pathway_mermaid(pathways.current))
"""

from __future__ import annotations

from typing import Any, cast

from workflow.pathway.definition import MoveKind, PathwayDefinition
from workflow.pathway.machine import tier_machine
from workflow.pathway.strand import STRAND_WORDS
from workflow.statemachine.engine import GuardCondition


def pathway_mermaid(definition: PathwayDefinition) -> str:
    """The tiers as Mermaid text: an arrow per move and tier it starts from, guards in []."""
    machine = tier_machine(definition)
    lines = ["stateDiagram-v2"]
    for tier_id in definition.tier_ids:
        starts = [STRAND_WORDS[s] for s, first in definition.start.items() if first == tier_id]
        if tier_id == definition.default_start:
            starts.append("no strand")
        if starts:
            lines.append(f"    [*] --> {tier_id} : {', '.join(starts)}")
    for tier in definition.tiers:
        enforcement = ", enforcement allowed" if tier.enforcement_allowed else ""
        lines.append(
            f"    {tier.id} : weight {tier.weight}, review every {tier.review_every_weeks} "
            f"weeks{enforcement}"
        )
    kinds = {move.trigger: move.kind for move in definition.moves}
    for trigger, event in machine.kit.machine.events.items():
        for candidates in event.transitions.values():
            for transition in cast(list[Any], candidates):
                source = machine.kit.state_named(transition.source).value
                dest = machine.kit.state_named(transition.dest).value
                lines.append(f"    {source} --> {dest} : {_label(kinds[trigger], transition)}")
    return "\n".join(lines) + "\n"


def _label(kind: MoveKind, transition: Any) -> str:
    guards = [
        c.func.guard.name for c in transition.conditions if isinstance(c.func, GuardCondition)
    ]
    return f"{kind.value} [{', '.join(guards)}]" if guards else kind.value
