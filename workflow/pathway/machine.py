"""The tier machine of a pathway definition: step up and step down, with their guards, on
the state-machine kit; placing a household on its first tier; migrating it to another
version.

    machine = tier_machine(pathways.get(episode.pathway))   # one shared machine per version
    change = machine.fire("gold", "step_up", reason="...", facts=facts, label="household H000123")
    # change.to_tier == "intensive", if a manager other than the requester approved it

``fire`` is pure (no database): ``facts`` are the household's ``TierFacts`` as a store
adapter reads them, and the caller records the returned ``TierChange`` (who and when are
the caller's; what it relied on is in the change). A step up or down goes to the next
tier unless ``to`` names another the definition allows. A refusal is the kit's
``TransitionRefused``, listing every reason at once; nothing changes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from workflow.domain.vocabulary import Strand
from workflow.pathway.definition import MoveKind, PathwayDefinition, TierMoveRule
from workflow.pathway.rules import MIGRATE, PHRASES, PLACE, TRIGGERS, TierFacts, tier_definition
from workflow.pathway.strand import STRAND_WORDS
from workflow.statemachine.definition import Request, reason_problems
from workflow.statemachine.engine import StateMachine
from workflow.statemachine.errors import TransitionRefused


@dataclass(frozen=True, slots=True)
class TierChange:
    """One change of a household's tier, as the caller records it in the history.

    ``move`` is the definition's own name for the move ("step_up_to_intensive"): the
    ``action`` a manager's approval of it is recorded under. ``guards`` are the guards it
    passed; ``pathway`` and ``content_hash`` name the exact version it was judged by.
    """

    from_tier: str | None  # None when placed
    to_tier: str | None  # None only when an unplaced household migrates
    trigger: str  # step_up, step_down, place or migrate
    reason: str
    pathway: str  # the version id the household is on afterwards
    content_hash: str
    move: str | None = None
    guards: tuple[str, ...] = ()
    from_pathway: str | None = None  # set when migrating: the version it was on


class TierMachine:
    """The one shared tier machine of a pathway version."""

    def __init__(self, definition: PathwayDefinition) -> None:
        self.definition = definition
        self.kit: StateMachine[StrEnum, StrEnum] = StateMachine(tier_definition(definition))
        self._states = self.kit.definition.states
        self._triggers = self.kit.definition.triggers

    def fire(
        self,
        tier: str | None,
        trigger: str,
        *,
        reason: str,
        label: str,
        facts: TierFacts | None = None,
        to: str | None = None,
        subject_id: int | None = None,
    ) -> TierChange:
        """Step a household on ``tier`` up or down (to the next tier, or to ``to``).

        ``label`` names it in a refusal ("household H000123"); ``subject_id`` is put on it.

        Raises:
            TransitionRefused: an unknown trigger or tier, no such move from ``tier``, no
                reason, or a guard refused; every reason is listed.
        """
        try:
            move = self._move(tier, trigger, to, reason)
            assert tier is not None
            self.kit.fire(
                self._states(tier),
                self._triggers(move.trigger),
                Request(reason=reason, facts=facts),
                label=label,
            )
        except _Refused as refused:
            error = refused.error(label)
            error.subject_id = subject_id
            raise error from None
        except TransitionRefused as error:
            error.trigger, error.subject_id = trigger, subject_id
            raise
        return TierChange(
            from_tier=tier,
            to_tier=move.to,
            trigger=move.kind.value,
            reason=reason,
            pathway=self.definition.version_id,
            content_hash=self.definition.content_hash,
            move=move.trigger,
            guards=tuple(name.value for name in move.guards),
        )

    def refusals(
        self,
        tier: str | None,
        trigger: str,
        *,
        reason: str,
        facts: TierFacts | None = None,
        to: str | None = None,
    ) -> list[str]:
        """Every reason ``fire`` would refuse (empty: it would not), for pages and buttons."""
        try:
            move = self._move(tier, trigger, to, reason)
        except _Refused as refused:
            return list(refused.reasons)
        assert tier is not None
        request = Request(reason=reason, facts=facts)
        return self.kit.refusals(self._states(tier), self._triggers(move.trigger), request)

    def options(self, tier: str | None) -> list[TierMoveRule]:
        """The moves a household on ``tier`` could make (guards not checked): for menus."""
        return [] if tier is None else self.definition.moves_from(tier)

    def _move(self, tier: str | None, trigger: str, to: str | None, reason: str) -> TierMoveRule:
        """The definition's move that ``trigger`` (and ``to``) makes from ``tier``."""
        pathway = self.definition
        if trigger not in TRIGGERS:
            shown = str(trigger)[:60]
            raise _Refused(
                "move",
                trigger,
                tier,
                [f"there is no tier trigger '{shown}' (they are {', '.join(TRIGGERS)})"],
            )
        kind = MoveKind(trigger)
        problems = []
        if tier is None:
            problems.append(
                "it is not on a tier yet (a household is placed on its first tier when its "
                "plan is agreed)"
            )
        elif not pathway.has_tier(tier):
            problems.append(f"it is on '{tier[:40]}', which is not a tier of {pathway.version_id}")
        if to is not None and not pathway.has_tier(to):
            problems.append(
                f"there is no tier '{to[:40]}' in {pathway.version_id}{_tiers(pathway)}"
            )
        move = None
        if not problems:
            assert tier is not None
            move = _choose(pathway, tier, kind, to, problems)
        if move is None:  # else the kit checks the reason, with the move's guards
            raise _Refused(PHRASES[kind], trigger, tier, problems + reason_problems(reason))
        return move


def _choose(
    pathway: PathwayDefinition, tier: str, kind: MoveKind, to: str | None, problems: list[str]
) -> TierMoveRule | None:
    """The move of ``kind`` from ``tier``: into ``to``, or else the nearest tier."""
    moves = pathway.moves_from(tier, kind)
    ids = pathway.tier_ids
    words = PHRASES[kind]
    if not moves:
        end = ids[-1] if kind is MoveKind.STEP_UP else ids[0]
        problems.append(
            f"it is on '{tier}', the {'most' if kind is MoveKind.STEP_UP else 'least'} "
            "intensive tier"
            if tier == end
            else f"there is no {words} from '{tier}'"
        )
        return None
    if to is None:
        rank = ids.index
        return (min if kind is MoveKind.STEP_UP else max)(moves, key=lambda m: rank(m.to))
    for move in moves:
        if move.to == to:
            return move
    targets = _either(move.to for move in moves)
    if to == tier:
        problems.append(f"it is on '{tier}' already")
    else:
        problems.append(f"'{to}' is not a {words} from '{tier}' (it can {words} to {targets})")
    return None


class _Refused(Exception):
    """A refusal found before the kit's machine is asked (the kit adds guards' reasons)."""

    def __init__(self, phrase: str, trigger: str, tier: str | None, reasons: list[str]) -> None:
        self.phrase, self.trigger, self.tier, self.reasons = phrase, trigger, tier, reasons

    def error(self, label: str) -> TransitionRefused:
        return TransitionRefused(
            f"Cannot {self.phrase} {label}: " + "; ".join(self.reasons) + ".",
            reasons=self.reasons,
            trigger=str(self.trigger)[:60],
            state=self.tier,
        )


def _either(names: Iterable[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _tiers(pathway: PathwayDefinition) -> str:
    return f" (the tiers are {', '.join(pathway.tier_ids)})"


_MACHINES: dict[tuple[str, str], TierMachine] = {}
_LOCK = threading.Lock()


def tier_machine(definition: PathwayDefinition) -> TierMachine:
    """The one shared tier machine of ``definition``'s exact version (built on first use)."""
    key = (definition.version_id, definition.content_hash)
    machine = _MACHINES.get(key)
    if machine is None:
        with _LOCK:
            machine = _MACHINES.get(key)
            if machine is None:
                machine = _MACHINES[key] = TierMachine(definition)
    return machine


def place(
    definition: PathwayDefinition, strand: Strand | None, *, reason: str | None = None
) -> TierChange:
    """Place a household on its first tier (when its plan is agreed): its strand's start tier.

    To start higher, place it and then step it up, so the step's guards apply.
    """
    tier = definition.start_tier(strand)
    said = (
        f"the {STRAND_WORDS[Strand(strand)]} strand starts on {tier}"
        if strand is not None
        else f"a household with no strand starts on {tier}"
    )
    return TierChange(
        from_tier=None,
        to_tier=tier,
        trigger=PLACE,
        reason=reason or said,
        pathway=definition.version_id,
        content_hash=definition.content_hash,
    )


def migrate(
    source: PathwayDefinition,
    target: PathwayDefinition,
    tier: str | None,
    *,
    reason: str,
    label: str,
    to: str | None = None,
    subject_id: int | None = None,
) -> TierChange:
    """Move a household on ``source`` to the ``target`` version, on purpose (a manager's).

    It keeps a tier of the same id, unless ``to`` names another of ``target``'s tiers; a
    tier ``target`` does not have must be given as ``to``.

    Raises:
        TransitionRefused: no reason, the same version, or no tier for it on ``target``.
    """
    problems = reason_problems(reason)
    if target.version_id == source.version_id:
        problems.append(f"it is on {source.version_id} already")
    dest = tier if to is None else to
    if tier is None and to is not None:
        problems.append("it is not on a tier yet: it is placed on one when its plan is agreed")
    elif to is not None and not target.has_tier(to):
        problems.append(f"there is no tier '{to[:40]}' in {target.version_id}{_tiers(target)}")
    elif to is None and tier is not None and not target.has_tier(tier):
        problems.append(
            f"{target.version_id} has no tier '{tier[:40]}': say which of its tiers the "
            f"household moves to ({', '.join(target.tier_ids)})"
        )
    if problems:
        raise TransitionRefused(
            f"Cannot move {label} to {target.version_id}: " + "; ".join(problems) + ".",
            reasons=problems,
            trigger=MIGRATE,
            subject_id=subject_id,
            state=tier,
        )
    return TierChange(
        from_tier=tier,
        to_tier=dest,
        trigger=MIGRATE,
        reason=reason,
        pathway=target.version_id,
        content_hash=target.content_hash,
        from_pathway=source.version_id,
    )
