"""A pathway definition as data: its tiers, where each strand starts, the tier moves with
their guards, the task rules and the strand rules (docs/product-model.md §4 and §6). Pure.

A definition is read from a versioned TOML file (``workflow.pathway.loading``): the
shipped ``definitions/pathway-v1.toml``, or a council's own. A household keeps the
version it started under (``version_id``, with ``content_hash`` naming the exact
content) until a manager migrates it.

Tiers are the definition's own strings (a council can rename them or add one), listed
from the least to the most intensive. A move is a step up or a step down into one tier,
from one or more others, with guards named from ``GuardName``. Every move needs a reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from workflow.domain.vocabulary import Strand
from workflow.pathway.strand import StrandRules
from workflow.pathway.tasks import TaskRule, When


class MoveKind(StrEnum):
    """The tier triggers."""

    STEP_UP = "step_up"
    STEP_DOWN = "step_down"


class GuardName(StrEnum):
    """The guards a definition's moves may name (and no others).

    - ``manager_approved``: a manager other than the person who asked approved the move
      into its tier (``TierFacts.manager_approved``);
    - ``review_completed``: a review is recorded since the household's last tier change
      (``TierFacts.review_completed``).
    """

    MANAGER_APPROVED = "manager_approved"
    REVIEW_COMPLETED = "review_completed"


@dataclass(frozen=True, slots=True)
class PathwayTier:
    """One tier: its caseload weight, its offer, and how often a family on it is reviewed."""

    id: str
    name: str
    weight: Decimal  # caseload weight in units (a keyworker carries 12 by default)
    offer: str  # plain English: what a family on this tier is offered
    review_every_weeks: int
    enforcement_allowed: bool
    typical_strands: tuple[Strand, ...] = ()


@dataclass(frozen=True, slots=True)
class TierMoveRule:
    """A step up or down into ``to`` from any of ``sources``, and the guards it needs."""

    kind: MoveKind
    sources: tuple[str, ...]
    to: str
    guards: tuple[GuardName, ...] = ()

    @property
    def trigger(self) -> str:
        """The move's own name: "step_up_to_intensive". Its trigger on the tier machine, and
        the ``action`` a manager's approval of it is recorded under."""
        return f"{self.kind.value}_to_{self.to}"


@dataclass(frozen=True)
class PathwayDefinition:
    """One version of a pathway, checked on load."""

    id: str
    version: int
    title: str
    source: str
    default_capacity_units: Decimal
    tiers: tuple[PathwayTier, ...]  # least to most intensive
    start: Mapping[Strand, str] = field(hash=False)  # the tier each strand starts on
    default_start: str  # the tier a household with no strand starts on
    moves: tuple[TierMoveRule, ...]
    tasks: tuple[TaskRule, ...]
    strands: StrandRules
    content_hash: str
    file: str = ""  # the file it was read from (its name only)
    document: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def version_id(self) -> str:
        """How a household records the version it is on: "pathway-v1"."""
        return f"{self.id}-v{self.version}"

    @property
    def tier_ids(self) -> tuple[str, ...]:
        return tuple(tier.id for tier in self.tiers)

    def tier(self, tier_id: str) -> PathwayTier:
        """The tier called ``tier_id``.

        Raises:
            KeyError: this definition has no such tier.
        """
        for tier in self.tiers:
            if tier.id == tier_id:
                return tier
        raise KeyError(tier_id)

    def has_tier(self, tier_id: str | None) -> bool:
        return tier_id is not None and tier_id in self.tier_ids

    def weight(self, tier_id: str) -> Decimal:
        """The caseload weight of a family on ``tier_id``."""
        return self.tier(tier_id).weight

    def start_tier(self, strand: Strand | None) -> str:
        """The tier a household of ``strand`` starts on when its plan is agreed."""
        return self.default_start if strand is None else self.start.get(strand, self.default_start)

    def moves_from(self, tier_id: str, kind: MoveKind | None = None) -> list[TierMoveRule]:
        """The moves that start from ``tier_id`` (of ``kind`` only, if given), in file order."""
        return [
            move
            for move in self.moves
            if tier_id in move.sources and (kind is None or move.kind is kind)
        ]

    def tasks_for(self, when: When) -> tuple[TaskRule, ...]:
        """The task rules that fire on ``when``, in file order."""
        return tuple(rule for rule in self.tasks if rule.when == when)

    def enforcement_tiers(self) -> tuple[str, ...]:
        """The tiers on which a household may carry an enforcement overlay."""
        return tuple(tier.id for tier in self.tiers if tier.enforcement_allowed)
