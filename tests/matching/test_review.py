"""The review queue and data officers' decisions: remembered by pair across re-runs,
retraining and re-imports; undoing a link takes its flags and re-screens the household."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text

from imports.linkage.model import Thresholds
from tests.support import decide_pair, household_links, match_lists, review_queue, undo_link
from workflow.bootstrap import Container
from workflow.matching.errors import LinkNotFound, PairAlreadyDecided, PairNotFound

from .helpers import forget_exact_links, rows

EVERYTHING_TO_REVIEW = Thresholds(upper=100.0, lower=-10.0)
AS_OF = dt.date(2026, 8, 31)


def queue_by_ref(container: Container) -> dict[str, dict]:
    return {p["nominal"]["nominal_ref"]: p for p in review_queue(container, actor="officer")}


def link_of(container: Container, nominal_ref: str) -> tuple[str | None, str | None]:
    found = rows(
        container,
        "SELECT p.person_ref, f.link_method FROM (SELECT nominal_ref, person_id, link_method "
        "FROM intel_gangs_matrix UNION ALL SELECT nominal_ref, person_id, link_method "
        "FROM intel_iom_cohort) f LEFT JOIN people p ON p.id = f.person_id "
        "WHERE f.nominal_ref = :ref",
        ref=nominal_ref,
    )
    return tuple(found.iloc[0])  # type: ignore[return-value]


@pytest.fixture
def queued(imported: Container) -> Container:
    """Every nominal the importer left unlinked is in the queue (thresholds out of reach)."""
    forget_exact_links(imported)
    match_lists(imported, actor="officer", thresholds=EVERYTHING_TO_REVIEW)
    return imported


def test_the_queue_shows_both_records_side_by_side_with_field_evidence(queued: Container) -> None:
    pairs = review_queue(queued, actor="officer")
    assert pairs, "the test borough should leave some nominals to match"
    pair = pairs[0]
    assert set(pair["nominal"]) >= {
        "list",
        "nominal_ref",
        "forename",
        "surname",
        "date_of_birth",
        "postcode",
        "file",
        "row",
    }
    assert set(pair["person"]) >= {
        "person_ref",
        "forename",
        "surname",
        "date_of_birth",
        "household_ref",
    }
    assert dt.datetime.strptime(pair["nominal"]["date_of_birth"], "%d/%m/%Y")
    assert [f["field"] for f in pair["evidence"]["fields"]] == [
        "forename",
        "surname",
        "date_of_birth",
        "postcode",
        "address",
        "sex",
    ]
    reads = rows(
        queued, "SELECT COUNT(*) FROM audit_events WHERE entity_type = 'match_review_queue'"
    )
    assert reads.iloc[0, 0] == 1


def test_an_accepted_pair_is_linked_and_survives_retraining(queued: Container) -> None:
    pair = next(iter(queue_by_ref(queued).values()))
    ref, person = pair["nominal"]["nominal_ref"], pair["person"]["person_ref"]
    outcome = decide_pair(queued, pair["review_id"], "accept", actor="officer")
    assert outcome["households_changed"]
    assert link_of(queued, ref) == (person, "reviewed")
    links = household_links(queued, pair["person"]["household_ref"], actor="officer")
    assert any(f["nominal_ref"] == ref for f in links["flags"])
    assert [(k["nominal_ref"], k["reviewed_by"]) for k in links["links"]] == [(ref, "officer")]
    match_lists(queued, actor="officer", retrain=True, thresholds=EVERYTHING_TO_REVIEW)
    assert link_of(queued, ref) == (person, "reviewed")
    assert ref not in queue_by_ref(queued)


def test_a_rejected_pair_never_returns_even_after_retraining_or_a_re_import(
    queued: Container,
) -> None:
    pair = next(iter(queue_by_ref(queued).values()))
    ref, person = pair["nominal"]["nominal_ref"], pair["person"]["person_ref"]
    decide_pair(queued, pair["review_id"], "reject", actor="officer", reason="different person")
    match_lists(queued, actor="officer", retrain=True, thresholds=EVERYTHING_TO_REVIEW)
    _reimport_with_new_ids(queued)
    match_lists(
        queued, actor="officer", retrain=True, thresholds=Thresholds(upper=-5.0, lower=-10.0)
    )
    assert link_of(queued, ref)[0] != person
    assert all(
        p["person"]["person_ref"] != person
        for p in review_queue(queued, actor="officer")
        if p["nominal"]["nominal_ref"] == ref
    )


def _reimport_with_new_ids(container: Container) -> None:
    """What a re-import does to the rows: same refs, new surrogate ids, links as the importer left them."""
    with container.engine.begin() as connection:
        for table in ("intel_gangs_matrix", "intel_iom_cohort"):
            connection.execute(text(f"UPDATE {table} SET id = id + 1000"))
            connection.execute(
                text(
                    f"UPDATE {table} SET person_id = NULL, household_id = NULL, link_method = NULL "
                    "WHERE link_method IN ('probabilistic', 'reviewed')"
                )
            )


def test_a_decision_on_a_pair_no_longer_in_the_queue_is_refused_clearly(queued: Container) -> None:
    pair = next(iter(queue_by_ref(queued).values()))
    decide_pair(queued, pair["review_id"], "reject", actor="officer")
    with pytest.raises(PairAlreadyDecided, match="already been decided"):
        decide_pair(queued, pair["review_id"], "accept", actor="officer")
    with pytest.raises(PairNotFound, match="is not in the review queue"):
        decide_pair(queued, 999_999, "accept", actor="officer")


def test_undoing_a_link_removes_its_flag_re_screens_and_keeps_it_undone(
    imported: Container,
) -> None:
    from tests.support import screen_households

    report = match_lists(imported, actor="officer")
    assert report.linked >= 1
    screen_households(imported, as_of=AS_OF, actor="manager")
    link = rows(imported, "SELECT id, nominal_ref, person_ref, household_id FROM match_links").iloc[
        0
    ]
    outcome = undo_link(
        imported, int(link["id"]), actor="officer", reason="wrong family", today=AS_OF
    )
    assert outcome["households_changed"] == [int(link["household_id"])]
    assert outcome["rescreened"] == 1
    assert link_of(imported, link["nominal_ref"])[0] is None
    flags = rows(
        imported,
        "SELECT * FROM intel_household_flags WHERE nominal_ref = :r",
        r=link["nominal_ref"],
    )
    assert flags.empty
    runs = rows(imported, "SELECT trigger FROM screening_runs ORDER BY id")
    assert runs["trigger"].tolist()[-1] == "match"
    match_lists(imported, actor="officer", retrain=True)
    assert link_of(imported, link["nominal_ref"])[0] != link["person_ref"]


def _at_once(calls: list) -> list[object]:
    """Run ``calls`` in threads released together; each result or the error it raised."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        try:
            return call()
        except Exception as exc:  # collected, asserted by the caller
            return exc

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_reviewers_deciding_one_pair_at_once_get_one_decision_and_the_rest_are_refused(
    queued: Container,
) -> None:
    pair = next(iter(queue_by_ref(queued).values()))
    review_id, ref = pair["review_id"], pair["nominal"]["nominal_ref"]
    choices = ["accept", "reject", "accept", "reject"]
    results = _at_once(
        [
            lambda c=c, i=i: decide_pair(queued, review_id, c, actor=f"officer{i}")
            for i, c in enumerate(choices)
        ]
    )
    won = [r for r in results if isinstance(r, dict)]
    assert len(won) == 1
    assert all(isinstance(r, PairAlreadyDecided) for r in results if r is not won[0])
    decisions = rows(queued, "SELECT decision FROM match_decisions WHERE nominal_ref = :r", r=ref)
    assert decisions["decision"].tolist() == [won[0]["decision"]]
    live = rows(
        queued,
        "SELECT COUNT(*) AS n FROM match_links WHERE nominal_ref = :r AND undone_at IS NULL",
        r=ref,
    )
    assert int(live["n"].iloc[0]) == (1 if won[0]["decision"] == "accept" else 0)


def test_undoing_one_link_twice_at_once_succeeds_once(imported: Container) -> None:
    match_lists(imported, actor="officer")
    link_id = int(rows(imported, "SELECT id FROM match_links").iloc[0]["id"])
    results = _at_once(
        [
            lambda i=i: undo_link(imported, link_id, actor=f"officer{i}", reason="wrong family")
            for i in range(3)
        ]
    )
    assert sum(isinstance(r, dict) for r in results) == 1
    assert sum(isinstance(r, LinkNotFound) for r in results) == 2
    undos = rows(imported, "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'undo_link'")
    assert int(undos["n"].iloc[0]) == 1
