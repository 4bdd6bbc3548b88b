"""The tier machine of the shipped pathway: what moves, what is refused, and why. No database.

The tables below are written out by hand from the product model (docs/product-model.md
§4: stepping up needs a reason, stepping up to intensive a manager's approval, stepping
down a review) and the shipped file's documented choice that a step goes to the next tier
unless another is named. They are not derived from the definition's moves.

In TABLE each cell is where the trigger takes a household on that tier, with the guard
the move needs in brackets, or ``-`` and why it is refused whatever the facts.
"""

from __future__ import annotations

import pytest

from workflow.domain.vocabulary import Strand
from workflow.pathway import (
    KnownTierFacts,
    PathwayDefinition,
    load_pathways,
    place,
    tier_machine,
)
from workflow.statemachine.errors import TransitionRefused

LABEL = "household H000123"
EVERYTHING = KnownTierFacts(
    approved_into=frozenset({"bronze", "silver", "gold", "intensive"}), review=True
)
NOTHING = KnownTierFacts()

APPROVAL = "stepping up into intensive needs a manager's approval, from a manager other than the person who asked"
REVIEW = "a review must be completed before stepping down (none is recorded since the last change of tier)"
MOST = "it is on 'intensive', the most intensive tier"
LEAST = "it is on 'bronze', the least intensive tier"
REFUSALS = {"manager_approved": APPROVAL, "review_completed": REVIEW, "most": MOST, "least": LEAST}

# The next tier, by hand. (g): the guard the move needs.
TABLE = """
tier        step_up                       step_down
bronze      silver                        -least
silver      gold                          bronze(review_completed)
gold        intensive(manager_approved)   silver(review_completed)
intensive   -most                         gold(review_completed)
"""

# Naming the tier: where each can go from each tier. ".": it is on it already; "x": not
# that kind of step; otherwise the guard it needs (or "ok").
STEP_UP_TO = """
from        bronze   silver   gold   intensive
bronze      .        ok       ok     manager_approved
silver      x        .        ok     manager_approved
gold        x        x        .      manager_approved
"""
STEP_DOWN_TO = """
from        bronze            silver            gold              intensive
silver      review_completed  .                 x                 x
gold        review_completed  review_completed  .                 x
intensive   review_completed  review_completed  review_completed  .
"""


@pytest.fixture(scope="module")
def pathway() -> PathwayDefinition:
    return load_pathways(None).current


def _table() -> list[tuple[str, str, str | None, str | None]]:
    header, *rows = [line.split() for line in TABLE.strip().splitlines()]
    cells = []
    for tier, *outcomes in rows:
        for trigger, outcome in zip(header[1:], outcomes, strict=True):
            if outcome.startswith("-"):
                cells.append((tier, trigger, None, outcome[1:]))
            else:
                dest, _, guard = outcome.partition("(")
                cells.append((tier, trigger, dest, guard.rstrip(")") or None))
    return cells


def _targets(text: str, trigger: str) -> list[tuple[str, str, str, str]]:
    header, *rows = [line.split() for line in text.strip().splitlines()]
    return [
        (trigger, tier, to, cell)
        for tier, *cells in rows
        for to, cell in zip(header[1:], cells, strict=True)
    ]


CELLS = _table()
TARGETS = _targets(STEP_UP_TO, "step_up") + _targets(STEP_DOWN_TO, "step_down")


def refused(
    pathway: PathwayDefinition, tier: str | None, trigger: str, **kwargs: object
) -> TransitionRefused:
    kwargs.setdefault("reason", "a reason")
    with pytest.raises(TransitionRefused) as caught:
        tier_machine(pathway).fire(tier, trigger, label=LABEL, **kwargs)  # type: ignore[arg-type]
    assert caught.value.code == "transition_refused"
    return caught.value


def test_the_table_covers_every_tier_and_trigger(pathway: PathwayDefinition) -> None:
    assert sorted((t, g) for t, g, _, _ in CELLS) == sorted(
        (t, g) for t in pathway.tier_ids for g in ("step_up", "step_down")
    )


@pytest.mark.parametrize(("tier", "trigger", "dest", "guard"), [c for c in CELLS if c[2]])
def test_each_trigger_goes_to_the_next_tier_when_its_guard_passes(
    pathway: PathwayDefinition, tier: str, trigger: str, dest: str, guard: str | None
) -> None:
    change = tier_machine(pathway).fire(
        tier, trigger, reason="Family needs more support", facts=EVERYTHING, label=LABEL
    )
    assert (change.from_tier, change.to_tier, change.trigger) == (tier, dest, trigger)
    assert change.move == f"{trigger}_to_{dest}"
    assert change.guards == ((guard,) if guard else ())
    assert change.reason == "Family needs more support"
    assert (change.pathway, change.content_hash) == ("pathway-v1", pathway.content_hash)


@pytest.mark.parametrize(("tier", "trigger", "dest", "guard"), [c for c in CELLS if c[2]])
def test_without_the_facts_only_the_guarded_moves_are_refused(
    pathway: PathwayDefinition, tier: str, trigger: str, dest: str, guard: str | None
) -> None:
    if guard is None:
        change = tier_machine(pathway).fire(tier, trigger, reason="r", facts=NOTHING, label=LABEL)
        assert change.to_tier == dest
        return
    error = refused(pathway, tier, trigger, facts=NOTHING)
    verb = "step up" if trigger == "step_up" else "step down"
    assert error.reasons == (REFUSALS[guard],)
    assert error.detail == f"Cannot {verb} {LABEL}: {REFUSALS[guard]}."
    assert (error.trigger, error.state) == (trigger, tier)


@pytest.mark.parametrize(
    ("tier", "trigger", "why"), [(t, g, w) for t, g, d, w in CELLS if d is None]
)
def test_the_ends_of_the_pathway_refuse_whatever_the_facts(
    pathway: PathwayDefinition, tier: str, trigger: str, why: str
) -> None:
    assert refused(pathway, tier, trigger, facts=EVERYTHING).reasons == (REFUSALS[why],)


@pytest.mark.parametrize(("trigger", "tier", "to", "cell"), TARGETS)
def test_naming_the_tier(
    pathway: PathwayDefinition, trigger: str, tier: str, to: str, cell: str
) -> None:
    machine = tier_machine(pathway)
    if cell == ".":
        assert refused(pathway, tier, trigger, to=to, facts=EVERYTHING).reasons == (
            f"it is on '{tier}' already",
        )
    elif cell == "x":
        error = refused(pathway, tier, trigger, to=to, facts=EVERYTHING)
        assert len(error.reasons) == 1
        assert error.reasons[0].startswith(
            f"'{to}' is not a {trigger.replace('_', ' ')} from '{tier}'"
        )
    else:
        assert (
            machine.fire(tier, trigger, to=to, reason="r", facts=EVERYTHING, label=LABEL).to_tier
            == to
        )
        if cell != "ok":
            assert refused(pathway, tier, trigger, to=to, facts=NOTHING).reasons == (
                REFUSALS[cell],
            )


def test_a_refusal_says_which_tiers_a_household_can_step_to(pathway: PathwayDefinition) -> None:
    error = refused(pathway, "silver", "step_up", to="bronze")
    assert error.reasons == (
        "'bronze' is not a step up from 'silver' (it can step up to 'gold' or 'intensive')",
    )


def test_every_move_needs_a_reason_and_every_reason_is_listed_at_once(
    pathway: PathwayDefinition,
) -> None:
    assert refused(pathway, "bronze", "step_up", reason="  ").reasons == ("a reason is needed",)
    error = refused(pathway, "gold", "step_up", reason="", facts=NOTHING)
    assert error.reasons == ("a reason is needed", APPROVAL)
    assert error.detail == f"Cannot step up {LABEL}: a reason is needed; {APPROVAL}."
    assert refused(pathway, "bronze", "step_up", reason="x" * 501).reasons == (
        "the reason is longer than 500 characters",
    )


def test_the_approval_of_another_tier_does_not_count(pathway: PathwayDefinition) -> None:
    facts = KnownTierFacts(approved_into=frozenset({"gold"}))
    assert refused(pathway, "gold", "step_up", facts=facts).reasons == (APPROVAL,)


class SaysYes:
    """Facts that answer "yes" rather than True: a guard must not take that as a pass."""

    def manager_approved(self, to_tier: str) -> str:
        return "yes"

    def review_completed(self) -> str:
        return "yes"


def test_a_guard_passes_only_on_true(pathway: PathwayDefinition) -> None:
    assert refused(pathway, "gold", "step_up", facts=SaysYes()).reasons == (APPROVAL,)
    assert refused(pathway, "gold", "step_down", facts=SaysYes()).reasons == (REVIEW,)


def test_unknown_triggers_tiers_and_unplaced_households_are_refused(
    pathway: PathwayDefinition,
) -> None:
    error = refused(pathway, "gold", "leap")
    assert error.detail == (
        f"Cannot move {LABEL}: there is no tier trigger 'leap' (they are step_up, step_down)."
    )
    assert refused(pathway, None, "step_up").reasons == (
        "it is not on a tier yet (a household is placed on its first tier when its plan is agreed)",
    )
    assert refused(pathway, "platinum", "step_down").reasons == (
        "it is on 'platinum', which is not a tier of pathway-v1",
    )
    assert refused(pathway, "silver", "step_up", to="platinum", reason="").reasons == (
        "there is no tier 'platinum' in pathway-v1 (the tiers are bronze, silver, gold, intensive)",
        "a reason is needed",
    )


def test_a_refusal_carries_the_subject(pathway: PathwayDefinition) -> None:
    assert refused(pathway, "gold", "step_up", subject_id=70).subject_id == 70
    assert refused(pathway, "gold", "leap", subject_id=70).household_id == 70


def test_refusals_lists_what_stands_in_the_way_without_raising(pathway: PathwayDefinition) -> None:
    machine = tier_machine(pathway)
    assert machine.refusals("gold", "step_up", reason="r", facts=EVERYTHING) == []
    assert machine.refusals("gold", "step_up", reason="", facts=NOTHING) == [
        "a reason is needed",
        APPROVAL,
    ]
    assert machine.refusals("intensive", "step_up", reason="r") == [MOST]


def test_options_list_the_moves_from_a_tier(pathway: PathwayDefinition) -> None:
    machine = tier_machine(pathway)
    assert [(m.kind.value, m.to) for m in machine.options("silver")] == [
        ("step_up", "gold"),
        ("step_up", "intensive"),
        ("step_down", "bronze"),
    ]
    assert machine.options(None) == []


def test_one_shared_machine_per_version(pathway: PathwayDefinition) -> None:
    assert tier_machine(pathway) is tier_machine(load_pathways(None).get("pathway-v1"))


@pytest.mark.parametrize(
    ("strand", "tier", "reason"),
    [
        (Strand.PERIPHERY, "bronze", "the periphery strand starts on bronze"),
        (Strand.AT_RISK, "silver", "the at risk strand starts on silver"),
        (Strand.GANG_MEMBER, "gold", "the gang member strand starts on gold"),
        (None, "bronze", "a household with no strand starts on bronze"),
    ],
)
def test_placing_a_household_starts_it_on_its_strands_tier(
    pathway: PathwayDefinition, strand: Strand | None, tier: str, reason: str
) -> None:
    change = place(pathway, strand)
    assert (change.from_tier, change.to_tier, change.trigger, change.reason) == (
        None,
        tier,
        "place",
        reason,
    )
    assert place(pathway, strand, reason="Plan agreed").reason == "Plan agreed"
