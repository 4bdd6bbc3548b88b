"""The claim cycle in the database: baselines, a window, candidates, maker-checker,
submission, payment and clawback, with hand-worked figures (tests/claims/conftest.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import text

from tests.claims.conftest import (
    AUDITOR,
    CLOCK,
    FINANCE,
    KEYWORKER,
    PREPARER,
    SENIOR,
    Families,
)
from tests.support import rules
from workflow.access.policy import NotAllowed
from workflow.claims.money import AmountsInvalid, amounts_document
from workflow.claims.service import (
    AlreadyClaimed,
    ClaimRefused,
    WindowNotApproved,
    WindowsOverlap,
    approve_window,
    build_window,
    claw_back,
    explain,
    list_claims,
    move_claim,
    open_window,
    prepare_claim,
    record_payment,
    snapshot_baselines,
    submit_window,
)
from workflow.statemachine.errors import TransitionRefused

D = dt.date
PHASE = "troubled-families-2012"


def _rows(families: Families, sql: str) -> list[tuple[object, ...]]:
    with families.container.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql))]


def _window(
    families: Families, opens: dt.date = D(2013, 4, 1), closes: dt.date = D(2013, 9, 30)
) -> int:
    return open_window(
        "Autumn 2013",
        PHASE,
        opens,
        closes,
        uow=families.container.uow(),
        clock=CLOCK,
        actor=FINANCE,
    ).id


def _built(families: Families) -> int:
    catalogue = rules(families.container)
    report = snapshot_baselines(
        uow=families.container.uow(), clock=CLOCK, actor=PREPARER, catalogue=catalogue
    )
    assert report.by_phase == {PHASE: 4}
    window = _window(families)
    build_window(
        window, uow=families.container.uow(), clock=CLOCK, actor=PREPARER, catalogue=catalogue
    )
    return window


def test_the_baseline_records_what_the_family_was_identified_with(families: Families) -> None:
    snapshot_baselines(
        uow=families.container.uow(),
        clock=CLOCK,
        actor=PREPARER,
        catalogue=rules(families.container),
    )
    rows = _rows(
        families,
        "SELECT h.household_ref, b.attached_on, b.identified, b.benefits FROM claim_baselines b "
        "JOIN households h ON h.id = b.household_id ORDER BY h.household_ref",
    )
    assert [(r[0], str(r[1])[:10]) for r in rows] == [
        ("H1", "2013-01-15"),
        ("H2", "2013-01-15"),
        ("H3", "2013-01-15"),
        ("H4", "2013-11-01"),
    ]
    # H1: the mother was on JSA when the family was attached (the template's code).
    assert "JSA" in str(rows[0][3])


def test_a_window_prepares_the_results_earned_and_the_attachment_fees(families: Families) -> None:
    window = _built(families)
    claims = {(c["household_ref"], c["kind"]): c for c in list_claims(families.container.uow())}
    # Attached in 2012/13: £3,200 attachment fee (80% of £4,000); H1's continuous
    # employment is the £800 results element (programme-rules.md §2.3, §2.4).
    assert sorted(claims) == [
        ("H1", "attachment"),
        ("H1", "result"),
        ("H2", "attachment"),
        ("H3", "attachment"),
    ]
    assert claims[("H1", "result")]["outcome"] == "continuous_employment"
    assert claims[("H1", "result")]["amount"] == Decimal("800.00")
    assert claims[("H2", "attachment")]["amount"] == Decimal("3200.00")
    assert {c["state"] for c in claims.values()} == {"candidate"}
    total = _rows(families, f"SELECT SUM(amount) FROM claims WHERE window_id = {window}")
    assert Decimal(str(total[0][0])) == Decimal("10400.00")


def test_explain_shows_each_measure_with_its_figures_and_rows(families: Families) -> None:
    _built(families)
    for ref, asb, why in (
        ("H1", "met", "It fell by 67%; the result needs a fall of at least 60%."),
        ("H2", "not met", "It fell by 0%; the result needs a fall of at least 60%."),
        (
            "H3",
            "not met",
            "Another family member (C3) now has this problem, which invalidates the result "
            "(the whole-family rule).",
        ),
    ):
        found = explain(
            ref,
            uow=families.container.uow(),
            clock=CLOCK,
            actor=KEYWORKER,
            catalogue=rules(families.container),
            as_of=D(2013, 9, 30),
        )
        measure = next(m for m in found.assessment.measures if m.measure == "asb")
        assert (measure.verdict.value, measure.why) == (asb, why)
    h1 = explain(
        "H1",
        uow=families.container.uow(),
        clock=CLOCK,
        actor=KEYWORKER,
        catalogue=rules(families.container),
        as_of=D(2013, 9, 30),
    )
    asb = next(m for m in h1.assessment.measures if m.measure == "asb")
    assert (asb.baseline, asb.now) == (
        "3 in the 6 months before attachment",
        "1 in the last 6 months",
    )
    rows = [
        (r["when"], r["person_ref"], r["date"])
        for r in h1.evidence
        if r["fact"] == "members_with_asb_incident"
    ]
    assert sorted(rows) == [
        ("baseline", "A1", "2012-10-01"),
        ("baseline", "C1", "2012-10-01"),
        ("baseline", "T1", "2012-10-01"),
        ("now", "C1", "2013-06-01"),
    ]
    assert all(r["file_name"] and r["source_row"] for r in h1.evidence)


def test_maker_checker_approve_submit_pay_and_claw_back(families: Families) -> None:
    window = _built(families)
    uow = families.container.uow
    with pytest.raises(NotAllowed, match="Only a auditor or finance can approve or reject claims"):
        approve_window(window, uow=uow(), clock=CLOCK, actor=PREPARER)
    with pytest.raises(WindowNotApproved):
        submit_window(window, uow=uow(), clock=CLOCK, actor=FINANCE)
    approved = approve_window(window, uow=uow(), clock=CLOCK, actor=AUDITOR)
    assert approved.moved == 4
    submitted = submit_window(window, uow=uow(), clock=CLOCK, actor=FINANCE)
    assert submitted.moved == 4
    result = next(c for c in list_claims(uow()) if c["kind"] == "result")
    with pytest.raises(ClaimRefused, match="A payment of £800.01 is more than claim"):
        record_payment(result["id"], Decimal("800.01"), uow=uow(), clock=CLOCK, actor=FINANCE)
    record_payment(result["id"], Decimal("800.00"), uow=uow(), clock=CLOCK, actor=FINANCE)
    with pytest.raises(TransitionRefused, match="a reason is needed"):
        claw_back(result["id"], "", uow=uow(), clock=CLOCK, actor=FINANCE)
    claw_back(
        result["id"], "Spot check: no evidence of work", uow=uow(), clock=CLOCK, actor=FINANCE
    )
    history = _rows(
        families,
        f"SELECT trigger, from_state, to_state, actor FROM claim_transitions "
        f"WHERE claim_id = {result['id']} ORDER BY id",
    )
    assert history == [
        ("prepare", None, "candidate", "MGR1"),
        ("check_evidence", "candidate", "evidence_checked", "AUD1"),
        ("approve", "evidence_checked", "approved", "AUD1"),
        ("submit", "approved", "submitted", "FIN1"),
        ("record_payment", "submitted", "paid", "FIN1"),
        ("claw_back", "paid", "clawed_back", "FIN1"),
    ]
    claim = next(c for c in list_claims(uow()) if c["id"] == result["id"])
    assert (claim["state"], claim["reason"], claim["paid_amount"]) == (
        "clawed_back",
        "Spot check: no evidence of work",
        Decimal("800.00"),
    )


def test_the_preparer_cannot_approve_their_own_claim(families: Families) -> None:
    window = _built(families)
    uow = families.container.uow
    both = type(FINANCE).staff("MGR1", "manager", "finance")  # the preparer, also in finance
    with pytest.raises(
        TransitionRefused, match="the person who prepared a claim cannot approve it"
    ):
        approve_window(window, uow=uow(), clock=CLOCK, actor=both)
    assert _rows(families, "SELECT DISTINCT state FROM claims") == [("candidate",)]


def test_claiming_a_family_twice_is_refused_and_changes_nothing(families: Families) -> None:
    window = _built(families)
    catalogue = rules(families.container)
    with pytest.raises(AlreadyClaimed, match="already has a results claim"):
        prepare_claim(
            "H1",
            window,
            uow=families.container.uow(),
            clock=CLOCK,
            actor=PREPARER,
            catalogue=catalogue,
        )
    count = _rows(families, "SELECT COUNT(*) FROM claims")
    assert count == [(4,)]
    # Building again finds nothing new: each family's fee and result are already claimed.
    again = build_window(
        window, uow=families.container.uow(), clock=CLOCK, actor=PREPARER, catalogue=catalogue
    )
    assert (again.results, again.attachments) == (0, 0)


def test_families_never_attached_or_attached_after_the_close_are_refused(
    families: Families,
) -> None:
    window = _built(families)
    catalogue = rules(families.container)
    with pytest.raises(
        ClaimRefused, match="attached on 01/11/2013, after the window closed on 30/09/2013"
    ):
        prepare_claim(
            "H4",
            window,
            uow=families.container.uow(),
            clock=CLOCK,
            actor=PREPARER,
            catalogue=catalogue,
        )
    with families.container.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO households (household_ref, postcode, created_at) VALUES ('H9', 'QX1 1AA', '2013-01-01')"
            )
        )
    with pytest.raises(ClaimRefused, match="Household H9 was never attached"):
        prepare_claim(
            "H9",
            window,
            uow=families.container.uow(),
            clock=CLOCK,
            actor=PREPARER,
            catalogue=catalogue,
        )
    with pytest.raises(ClaimRefused, match="has not earned a result yet"):
        prepare_claim(
            "H2",
            window,
            uow=families.container.uow(),
            clock=CLOCK,
            actor=PREPARER,
            catalogue=catalogue,
        )


def test_a_senior_manager_s_override_needs_a_reason_and_is_marked(families: Families) -> None:
    window = _built(families)
    catalogue = rules(families.container)
    with pytest.raises(NotAllowed):
        prepare_claim(
            "H2",
            window,
            uow=families.container.uow(),
            clock=CLOCK,
            actor=PREPARER,
            catalogue=catalogue,
            override_reason="x",
        )
    with pytest.raises(ClaimRefused, match="needs a reason"):
        prepare_claim(
            "H2",
            window,
            uow=families.container.uow(),
            clock=CLOCK,
            actor=SENIOR,
            catalogue=catalogue,
            override_reason="  ",
        )
    prepare_claim(
        "H2",
        window,
        uow=families.container.uow(),
        clock=CLOCK,
        actor=SENIOR,
        catalogue=catalogue,
        override_reason="Equivalent progress: the ASB moved to a tenancy dispute now resolved",
        outcome="crime_asb_education",
    )
    h2 = next(
        c
        for c in list_claims(families.container.uow())
        if (c["household_ref"], c["kind"]) == ("H2", "result")
    )
    assert (h2["override"], h2["outcome"], h2["amount"]) == (
        True,
        "crime_asb_education",
        Decimal("700.00"),
    )


def test_windows_may_not_overlap_and_bad_amounts_are_refused(families: Families) -> None:
    _window(families)
    with pytest.raises(
        WindowsOverlap, match="overlaps ‘Autumn 2013’ \\(01/04/2013 to 30/09/2013\\)"
    ):
        _window(families, D(2013, 9, 30), D(2013, 12, 31))
    amounts = amounts_document(PHASE)
    amounts["years"]["2013/14"] = {**amounts["years"]["2013/14"], "attachment": "-5.00"}
    with pytest.raises(AmountsInvalid, match="an amount cannot be negative"):
        open_window(
            "Spring",
            PHASE,
            D(2014, 1, 1),
            D(2014, 3, 31),
            uow=families.container.uow(),
            clock=CLOCK,
            actor=FINANCE,
            amounts=amounts,
        )
    assert _rows(families, "SELECT COUNT(*) FROM claim_windows") == [(1,)]


def test_a_window_with_a_rejected_claim_frees_the_family_for_later(families: Families) -> None:
    window = _built(families)
    result = next(c for c in list_claims(families.container.uow()) if c["kind"] == "result")
    move_claim(
        result["id"],
        "reject",
        uow=families.container.uow(),
        clock=CLOCK,
        actor=AUDITOR,
        reason="Evidence missing",
    )
    again = build_window(
        window,
        uow=families.container.uow(),
        clock=CLOCK,
        actor=PREPARER,
        catalogue=rules(families.container),
    )
    assert again.results == 1


def test_an_approved_result_moves_its_family_to_claimed(families: Families) -> None:
    from workflow.pathway.catalogue import shipped_pathways

    window = _built(families)
    with families.container.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE household_episodes SET state = 'progress_evidenced' WHERE household_id IN "
                "(SELECT id FROM households WHERE household_ref IN ('H1', 'H2'))"
            )
        )
    approve_window(
        window,
        uow=families.container.uow(),
        clock=CLOCK,
        actor=AUDITOR,
        pathways=shipped_pathways(),
    )
    states = _rows(
        families,
        "SELECT h.household_ref, e.state FROM household_episodes e "
        "JOIN households h ON h.id = e.household_id ORDER BY h.household_ref",
    )
    # H1's result was approved; H2 has only its attachment fee, so it stays.
    assert states[:2] == [("H1", "claimed"), ("H2", "progress_evidenced")]
    moved = _rows(
        families,
        "SELECT actor, reason FROM household_transitions WHERE trigger = 'claim'",
    )
    assert len(moved) == 1 and moved[0][0] == "system" and "approved by AUD1" in str(moved[0][1])
