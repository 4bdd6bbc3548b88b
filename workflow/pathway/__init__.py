"""Pathway tiers as a versioned definition (docs/product-model.md §4 and §6): the tiers,
where each strand starts, the moves between tiers and their guards, keyworkers' task
rules and how the strand is worked out, read from a TOML file a council can change.

    pathways = load_pathways(settings.data_dir / "pathway")   # every version, checked
    definition = pathways.get(episode_pathway)                # the one a household is on
    change = tier_machine(definition).fire(tier, "step_up", reason=..., facts=..., label=...)

- ``definition`` (pure): ``PathwayDefinition``, ``PathwayTier``, ``TierMoveRule``, ``MoveKind``,
  ``GuardName``;
- ``loading``, ``catalogue`` (pure): ``load_pathway``, ``load_pathways``,
  ``PathwayCatalogue``; every problem at once, with its file and line (``PathwayInvalid``);
- ``tasks`` (pure): ``TaskRule``, ``When``, ``RecordKind``, ``Assignee``;
- ``strand`` (pure): ``derive_strand``, ``StrandFacts``, ``MemberFlag``;
- ``enforcement`` (pure): ``Agency``, ``check_enforcement``;
- ``rules`` (pure): ``TierFacts``, ``KnownTierFacts``, the kit definition of tier moves;
- ``machine``: ``tier_machine``, ``TierMachine``, ``TierChange``, ``place``, ``migrate``;
- ``diagram``: ``pathway_mermaid``.

Importing this package loads nothing else: its names are looked up in the submodule that
defines them on first use, so the pure modules do not pull in ``transitions``.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOME = {
    "EnforcementRefused": "errors",
    "PathwayInvalid": "errors",
    "UnknownPathway": "errors",
    "GuardName": "definition",
    "MoveKind": "definition",
    "PathwayDefinition": "definition",
    "PathwayTier": "definition",
    "TierMoveRule": "definition",
    "load_pathway": "loading",
    "pathway_from_document": "loading",
    "PathwayCatalogue": "catalogue",
    "load_pathways": "catalogue",
    "Assignee": "tasks",
    "RecordKind": "tasks",
    "TaskOn": "tasks",
    "TaskRule": "tasks",
    "When": "tasks",
    "FlagRole": "strand",
    "MemberFlag": "strand",
    "StrandFacts": "strand",
    "StrandRules": "strand",
    "STRAND_WORDS": "strand",
    "derive_strand": "strand",
    "Agency": "enforcement",
    "check_enforcement": "enforcement",
    "enforcement_allowed": "enforcement",
    "enforcement_refusals": "enforcement",
    "KnownTierFacts": "rules",
    "TierFacts": "rules",
    "MIGRATE": "rules",
    "PLACE": "rules",
    "TRIGGERS": "rules",
    "TierChange": "machine",
    "TierMachine": "machine",
    "migrate": "machine",
    "place": "machine",
    "tier_machine": "machine",
    "pathway_mermaid": "diagram",
}
__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'workflow.pathway' has no attribute {name!r}")
    return getattr(importlib.import_module(f"workflow.pathway.{module}"), name)
