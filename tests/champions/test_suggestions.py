"""Suggestions for one family: who ranks first, and the reasons a manager reads.

Every expected score is worked out by hand from the default weights
(workflow/champions/weights.py): continuity 40, 15 a need covered, locality 10,
language 10, and 10 × the share of capacity still free after taking the family.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from champion_builders import family, worker

from workflow.champions import AllocationInputInvalid, Weights, propose, score, suggest
from workflow.champions.text import units


def test_continuity_beats_a_local_specialist() -> None:
    known = worker("S2", team="Youth Offending", locality="South")
    local = worker("S1", locality="North", specialisms=["gangs"])
    fam = family("H1", locality="North", needs=["gangs"], continuity=["S2"])

    first, second = suggest(fam, [local, known])

    assert (first.staff_ref, first.score) == ("S2", pytest.approx(40 + 10 * 11 / 12))
    assert first.reasons == (
        "already works with a member of the family (Youth Offending)",
        "has 11 of 12 units free after this family",
    )
    assert (second.staff_ref, second.score) == ("S1", pytest.approx(15 + 10 + 10 * 11 / 12))
    assert second.reasons == (
        "specialist in gangs",
        "works in the North locality",
        "has 11 of 12 units free after this family",
    )


def test_each_need_covered_counts() -> None:
    one = worker("S1", specialisms=["domestic_abuse"], locality=None)
    both = worker("S2", specialisms=["domestic_abuse", "substance_misuse"], locality=None)
    fam = family("H1", needs=["domestic_abuse", "substance_misuse"])

    ranked = suggest(fam, [one, both])

    assert [s.staff_ref for s in ranked] == ["S2", "S1"]
    assert ranked[0].reasons[:2] == (
        "specialist in domestic abuse",
        "specialist in substance misuse",
    )
    assert ranked[0].score - ranked[1].score == pytest.approx(15)


def test_the_reasons_read_as_the_manager_sees_them() -> None:
    polish = worker("S1", locality="North", languages=["Polish"], load=7.5)
    fam = family("H1", locality="north", languages=["polish", "English"])

    (only,) = suggest(fam, [polish])

    assert only.reasons == (
        "works in the North locality",
        "speaks Polish",
        "has 3.5 of 12 units free after this family",
    )
    assert only.score == pytest.approx(10 + 10 + 10 * 3.5 / 12)
    assert (only.load_after, only.capacity, only.over_capacity) == (8.5, 12.0, False)


def test_english_is_never_a_language_match() -> None:
    fam = family("H1", languages=["English"])
    assert score(fam, worker("S1", languages=["English"], locality=None)).reasons == (
        "has 11 of 12 units free after this family",
    )


def test_a_worker_the_family_would_take_over_capacity_is_left_out() -> None:
    full = worker("S1", load=11.5, specialisms=["gangs"])
    free = worker("S2", load=0)
    fam = family("H1", needs=["gangs"])

    assert [s.staff_ref for s in suggest(fam, [full, free])] == ["S2"]


def test_over_capacity_is_suggested_only_when_overrides_are_asked_for() -> None:
    full = worker("S1", load=11.5, specialisms=["gangs"], locality=None)
    fam = family("H1", needs=["gangs"])

    (only,) = suggest(fam, [full], include_overrides=True)

    assert only.over_capacity
    assert only.reasons == (
        "specialist in gangs",
        "over capacity: needs a manager's override and a reason",
        "would carry 12.5 of 12 units",
    )
    assert only.score == 15  # no points for spare capacity


def test_leavers_absent_workers_and_other_teams_are_never_suggested() -> None:
    workers = [
        worker("S1", active=False),
        worker("S2", absent=True),
        worker("S3", team="South 1"),
        worker("S4", team="North 1", load=12),
    ]
    fam = family("H1", team="North 1")

    assert suggest(fam, workers) == []
    assert [s.staff_ref for s in suggest(fam, workers, include_overrides=True)] == ["S4"]


def test_ties_go_to_the_lower_staff_reference_whatever_the_order() -> None:
    workers = [worker(ref) for ref in ("S3", "S1", "S2")]
    assert [s.staff_ref for s in suggest(family("H1"), workers, limit=2)] == ["S1", "S2"]


def test_the_limit_and_no_workers() -> None:
    workers = [worker(f"S{i}", load=i / 2) for i in range(10)]
    assert [s.staff_ref for s in suggest(family("H1"), workers, limit=3)] == ["S0", "S1", "S2"]
    assert suggest(family("H1"), []) == []


def test_the_weights_are_the_councils_to_change() -> None:
    known = worker("S1", locality=None)
    local = worker("S2", locality="North")
    fam = family("H1", locality="North", continuity=["S1"])

    assert suggest(fam, [known, local])[0].staff_ref == "S1"
    assert suggest(fam, [known, local], weights=Weights(continuity=5))[0].staff_ref == "S2"


def test_a_negative_weight_is_refused() -> None:
    with pytest.raises(AllocationInputInvalid, match="continuity must be 0 or more"):
        Weights(continuity=-1)


def test_units_can_be_decimals_from_the_register() -> None:
    staff = worker("S1", capacity=Decimal("11.75"), load=Decimal("1.00"))  # type: ignore[arg-type]
    (only,) = suggest(family("H1", weight=Decimal("0.25")), [staff])  # type: ignore[arg-type]
    assert only.reasons[-1] == "has 10.5 of 11.75 units free after this family"
    assert propose([family("H1", weight=Decimal("0.25"))], [staff]).assignments  # type: ignore[arg-type]


def test_a_staff_reference_twice_is_refused() -> None:
    with pytest.raises(AllocationInputInvalid, match="more than once"):
        suggest(family("H1"), [worker("S1"), worker("S1")])


@pytest.mark.parametrize(
    ("value", "written"), [(3.5, "3.5"), (12, "12"), (0.25, "0.25"), (1250, "1,250"), (-0.0, "0")]
)
def test_units_are_written_plainly(value: float, written: str) -> None:
    assert units(value) == written
