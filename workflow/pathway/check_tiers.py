"""Checking a definition's tiers, where each strand starts, and the moves between tiers:
every problem reported with its line. Part of ``workflow.pathway.loading``. Pure."""

from __future__ import annotations

from collections import deque
from decimal import Decimal
from typing import Any

from workflow.domain.vocabulary import Strand
from workflow.pathway.definition import GuardName, MoveKind, PathwayTier, TierMoveRule
from workflow.pathway.reading import At, Found
from workflow.pathway.values import boolean, names, one_of, shown, slug, text, units, whole

TIER_KEYS = {
    "id", "name", "weight", "offer", "typical_strands", "review_every_weeks",
    "enforcement_allowed",
}  # fmt: skip
MOVE_KEYS = {"kind", "from", "to", "guards"}
STRANDS = tuple(strand.value for strand in Strand)
DEFAULT = "default"
MAX_REVIEW_WEEKS = 52


def tiers(
    raw: Any, found: Found, *, capacity: Decimal | None
) -> tuple[list[PathwayTier], dict[str, int]]:
    """The ``[[tiers]]``, least intensive first (a broken tier is left out), and the block
    of each tier id (a tier with a good id but a bad setting still counts as a tier, so a
    move into it is not reported as a move to an unknown tier as well)."""
    if not isinstance(raw, list) or not raw or not all(isinstance(t, dict) for t in raw):
        found.add("the file has no ‘[[tiers]]’: a pathway needs at least one tier", At(""), "tiers")
        return [], {}
    checked: list[PathwayTier] = []
    seen: dict[str, int] = {}
    for index, spec in enumerate(raw):
        at = At(f"tier {index + 1}", "tiers", index)
        tier_id = slug(found, spec, "id", at)
        if tier_id is not None:
            at = At(f"tier ‘{tier_id}’", "tiers", index)
        found.unknown_keys(spec, TIER_KEYS, at)
        if tier_id is not None and tier_id in seen:
            found.add(
                f"there are two tiers called ‘{tier_id}’: a tier's id must be unique", at, "id"
            )
            tier_id = None
        if tier_id is not None:
            seen[tier_id] = index
        tier = _tier(spec, found, at, tier_id, capacity)
        if tier is not None:
            checked.append(tier)
    return checked, seen


def _tier(
    spec: dict[str, Any], found: Found, at: At, tier_id: str | None, capacity: Decimal | None
) -> PathwayTier | None:
    name = text(found, spec, "name", at)
    weight = units(found, spec, "weight", at, most=capacity)
    offer = text(found, spec, "offer", at)
    weeks = whole(found, spec, "review_every_weeks", at, low=1, high=MAX_REVIEW_WEEKS)
    enforcement = boolean(found, spec, "enforcement_allowed", at)
    strands = names(found, spec, "typical_strands", at, known=STRANDS, what="a strand")
    if None in (tier_id, name, weight, offer, weeks, enforcement, strands):
        return None
    assert tier_id and name and weight and offer and weeks and strands is not None
    return PathwayTier(
        id=tier_id,
        name=name,
        weight=weight,
        offer=offer,
        review_every_weeks=weeks,
        enforcement_allowed=bool(enforcement),
        typical_strands=tuple(Strand(s) for s in strands),
    )


def start(
    raw: Any, found: Found, tier_ids: tuple[str, ...]
) -> tuple[dict[Strand, str], str | None]:
    """The ``[start]`` table: the tier each strand starts on, and the default."""
    at = At("‘[start]’", "start")
    if not isinstance(raw, dict):
        found.add(
            "the file has no ‘[start]’: say which tier each strand starts on, and the default",
            At(""),
            "start",
        )
        return {}, None
    for key in sorted(set(raw) - {*STRANDS, DEFAULT}):
        found.add(
            f"‘[start]’ has ‘{key}’, which is not a strand ({', '.join(STRANDS)}) or ‘default’",
            at,
            key,
        )
    starts: dict[Strand, str] = {}
    for key in (*STRANDS, DEFAULT):
        if key not in raw:
            if key == DEFAULT:
                found.add(
                    "‘[start]’ has no ‘default’: the tier a household with no strand starts on", at
                )
            continue
        value = raw[key]
        if not isinstance(value, str) or value not in tier_ids:
            found.add(
                f"‘[start]’ starts {key} on {shown(value)}, which is not a tier "
                f"(the tiers are {', '.join(tier_ids)})",
                at,
                key,
            )
        elif key != DEFAULT:
            starts[Strand(key)] = value
    default = raw.get(DEFAULT)
    return starts, default if isinstance(default, str) and default in tier_ids else None


def moves(raw: Any, found: Found, tier_ids: tuple[str, ...]) -> list[TierMoveRule]:
    """The ``[[moves]]``: each a step up or down into one tier from one or more others."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(m, dict) for m in raw):
        found.add("‘moves’ must be written as [[moves]] tables", At(""), "moves")
        return []
    checked: list[TierMoveRule] = []
    seen: dict[tuple[str, str], int] = {}
    for index, spec in enumerate(raw):
        at = At(f"move {index + 1}", "moves", index)
        found.unknown_keys(spec, MOVE_KEYS, at)
        kind = one_of(
            found, spec, "kind", at, known=[k.value for k in MoveKind], what="a kind of move"
        )
        if "from" not in spec:
            found.add(f"{at.where} has no ‘from’: the tier or tiers it starts from", at)
        sources = names(found, spec, "from", at, known=tier_ids, what="a tier", single=True)
        to = one_of(found, spec, "to", at, known=tier_ids, what="a tier")
        guards = names(
            found,
            spec,
            "guards",
            at,
            known=[g.value for g in GuardName],
            what="a guard the engine knows",
        )
        if sources == () and "from" in spec:
            found.add(f"{at.where}: ‘from’ names no tier", at, "from")
        if kind is None or not sources or to is None:
            continue
        # A move with an unknown guard still leads into its tier (so the tier is not also
        # reported unreachable); the definition is refused for the guard anyway.
        named = tuple(GuardName(g) for g in guards or ())
        move = TierMoveRule(MoveKind(kind), sources, to, named)
        if _direction_problems(move, found, at, tier_ids):
            continue
        if (kind, to) in seen:
            found.add(
                f"{at.where} is a second {kind} into ‘{to}’ (move {seen[kind, to] + 1} is the "
                "first): write them as one move, with every tier it starts from in ‘from’",
                at,
                "to",
            )
            continue
        seen[kind, to] = index
        checked.append(move)
    return checked


def _direction_problems(
    move: TierMoveRule, found: Found, at: At, tier_ids: tuple[str, ...]
) -> bool:
    """A move onto its own tier, or a step up to a less intensive tier (or down to a more)."""
    problems = len(found.problems)
    rank = {tier: number for number, tier in enumerate(tier_ids)}
    for source in move.sources:
        if source == move.to:
            found.add(f"{at.where} starts and ends on ‘{source}’", at, "from")
        elif move.kind is MoveKind.STEP_UP and rank[move.to] < rank[source]:
            found.add(
                f"{at.where} steps up from ‘{source}’ to ‘{move.to}’, a less intensive tier "
                "(the tiers are listed from the least intensive)",
                at,
                "to",
            )
        elif move.kind is MoveKind.STEP_DOWN and rank[move.to] > rank[source]:
            found.add(
                f"{at.where} steps down from ‘{source}’ to ‘{move.to}’, a more intensive tier "
                "(the tiers are listed from the least intensive)",
                at,
                "to",
            )
    return len(found.problems) > problems


def unreachable(
    found: Found, blocks: dict[str, int], starts: list[str], checked: list[TierMoveRule]
) -> None:
    """A problem for each tier no household can ever be on."""
    reached = set(starts)
    queue = deque(starts)
    while queue:
        tier = queue.popleft()
        for move in checked:
            if tier in move.sources and move.to not in reached:
                reached.add(move.to)
                queue.append(move.to)
    entered = {move.to for move in checked}
    for tier, index in blocks.items():
        if tier in reached:
            continue
        why = (
            "the moves into it start only from tiers that cannot be reached themselves"
            if tier in entered
            else "no strand starts on it and no move leads into it"
        )
        found.add(f"tier ‘{tier}’ cannot be reached: {why}", At("", "tiers", index), "id")
