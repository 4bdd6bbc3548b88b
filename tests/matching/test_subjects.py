"""Partner rows no exact key linked: grouped into subjects, matched once, linked together;
undone together; and offender families from a recent proven offence. Runs on SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from imports.linkage.records import read_subjects
from tests.support import match_lists, score_partner_rows, undo_link
from workflow.bootstrap import Container
from workflow.matching.flags import refresh_flags
from workflow.matching.subjects import subject_key, subject_ref

from .conftest import TODAY, import_kinds
from .helpers import rows

FEEDS = ("youth_justice", "health", "police_incidents")


def test_a_subject_is_the_same_person_whatever_the_case_spacing_or_punctuation() -> None:
    key = bytes(32)
    one = subject_ref(key, "Mary-Jane", "O'Brien", dt.date(2010, 3, 4), "qx1 2ab")
    assert one == subject_ref(key, " mary jane ", "OBRIEN", "2010-03-04", "QX12AB")
    assert one is not None and one.startswith("subject-") and "brien" not in one
    assert one != subject_ref(key, "Mary-Jane", "O'Brien", dt.date(2010, 4, 3), "QX1 2AB")
    assert subject_ref(key, "Mary", "Smith", None, "QX1 2AB") is None
    assert subject_ref(key, "", "Smith", dt.date(2010, 3, 4), None) is None


def test_a_subject_reference_depends_on_the_deployments_own_key(imported: Container) -> None:
    """Without the key a reference can't be recomputed from a guessed name, birth date and
    postcode; the key is made once and every later use (any process) gets the same one."""
    with imported.engine.begin() as connection:
        key = subject_key(connection)
    with imported.engine.begin() as connection:
        assert subject_key(connection) == key and len(key) == 32
    mary = ("Mary", "Smith", dt.date(2010, 3, 4), "QX1 2AB")
    assert subject_ref(key, *mary) != subject_ref(bytes(32), *mary)
    assert rows(imported, "SELECT COUNT(*) AS n FROM deployment_keys")["n"].tolist() == [1]


@pytest.fixture
def with_feeds(imported: Container, borough_dir: Path) -> Container:
    import_kinds(imported, borough_dir, FEEDS)
    return imported


def _forget(container: Container, table: str, person_ref: str) -> list[int]:
    """As if the importer had not linked this person's rows in ``table``."""
    with container.engine.begin() as connection:
        ids = [
            int(i)
            for (i,) in connection.execute(
                text(
                    f"SELECT f.id FROM {table} f JOIN people p ON p.id = f.person_id "
                    "WHERE p.person_ref = :ref"
                ),
                {"ref": person_ref},
            )
        ]
        connection.execute(
            text(
                f"UPDATE {table} SET person_id = NULL, household_id = NULL, link_method = NULL "
                "WHERE id IN (" + ", ".join(str(i) for i in ids) + ")"
            )
        )
    return ids


def _busiest(container: Container) -> str:
    """The person with the most police-incident rows (a subject of several rows)."""
    return str(
        rows(
            container,
            "SELECT p.person_ref, COUNT(*) AS n FROM fact_police_incidents f "
            "JOIN people p ON p.id = f.person_id WHERE f.forename IS NOT NULL "
            "AND f.date_of_birth IS NOT NULL GROUP BY p.person_ref ORDER BY n DESC, "
            "p.person_ref LIMIT 1",
        ).iloc[0, 0]
    )


def test_a_persons_unlinked_rows_are_one_subject_linked_together_to_the_right_person(
    with_feeds: Container,
) -> None:
    person = _busiest(with_feeds)
    forgotten = _forget(with_feeds, "fact_police_incidents", person)
    with with_feeds.engine.connect() as connection:
        subjects = read_subjects(connection)
    mine = subjects[subjects["row_ids"].map(lambda ids: set(ids) & set(forgotten) != set())]
    assert len(forgotten) >= 2 and len(mine) >= 1
    assert sum(len(ids) for ids in mine["row_ids"]) == len(forgotten)  # no row in two subjects

    report = match_lists(with_feeds, actor="officer", today=TODAY)
    linked = rows(
        with_feeds,
        "SELECT p.person_ref, f.link_method, f.household_id FROM fact_police_incidents f "
        "LEFT JOIN people p ON p.id = f.person_id WHERE f.id IN ("
        + ", ".join(str(i) for i in forgotten)
        + ")",
    )
    assert set(linked["person_ref"]) == {person}
    assert set(linked["link_method"]) == {"probabilistic"} and linked["household_id"].notna().all()
    links = rows(
        with_feeds,
        "SELECT id, nominal_ref, evidence FROM match_links WHERE source_kind = 'police_incidents' "
        "AND person_ref = :ref",
        ref=person,
    )
    assert len(links) == len(mine) and links["nominal_ref"].str.startswith("subject-").all()
    evidence = links.iloc[0]["evidence"]
    evidence = evidence if isinstance(evidence, dict) else json.loads(evidence)
    sex = {f["field"]: f for f in evidence["fields"]}["sex"]
    assert sex["level"] == "the same sex" and sex["weight"] > 0  # the feed gives sex
    assert report.households_changed

    # Undone: every row of the subject goes back to unlinked, and stays so on a re-run.
    chosen = mine.iloc[0]
    link_id = int(links.loc[links["nominal_ref"] == chosen["nominal_ref"], "id"].iloc[0])
    undo_link(with_feeds, link_id, actor="officer", reason="not the same person")
    match_lists(with_feeds, actor="officer", today=TODAY)
    first = chosen["row_ids"]
    after = rows(
        with_feeds,
        "SELECT person_id FROM fact_police_incidents WHERE id IN ("
        + ", ".join(str(i) for i in first)
        + ")",
    )
    assert after["person_id"].isna().all()


def test_stored_partner_links_score_against_the_truth(
    with_feeds: Container, borough_dir: Path
) -> None:
    _forget(with_feeds, "fact_police_incidents", _busiest(with_feeds))
    match_lists(with_feeds, actor="officer", today=TODAY)
    scores = score_partner_rows(with_feeds, borough_dir / "ground_truth")
    assert scores.linked >= 2 and scores.precision == 1.0
    assert scores.open_rows >= scores.in_register >= scores.linked


def _youth_offence(container: Container, days_ago: int) -> tuple[str, int]:
    """Move one linked youth-justice row's offence to ``days_ago`` before TODAY."""
    with container.engine.begin() as connection:
        row_id, household = connection.execute(
            text(
                "SELECT f.id, m.household_id FROM fact_youth_justice f JOIN "
                "household_memberships m ON m.person_id = f.person_id AND m.valid_to IS NULL "
                "ORDER BY f.id LIMIT 1"
            )
        ).one()
        connection.execute(
            text(
                "UPDATE fact_youth_justice SET valid_from = :day WHERE person_id = "
                "(SELECT person_id FROM fact_youth_justice WHERE id = :id)"
            ),
            {"day": TODAY - dt.timedelta(days=days_ago), "id": row_id},
        )
        ref = connection.execute(
            text("SELECT household_ref FROM households WHERE id = :h"), {"h": household}
        ).scalar_one()
    return str(ref), int(household)


def _offender_flags(container: Container, household: int) -> pd.DataFrame:
    return rows(
        container,
        "SELECT role, source_kind, since FROM intel_household_flags "
        "WHERE household_id = :h AND role = 'proven_offender' AND source_kind = 'youth_justice'",
        h=household,
    )


def test_a_proven_offence_in_the_last_12_months_makes_an_offender_family(
    with_feeds: Container,
) -> None:
    _, household = _youth_offence(with_feeds, days_ago=30)
    with with_feeds.engine.begin() as connection:
        changed = refresh_flags(connection, today=TODAY)
    flags = _offender_flags(with_feeds, household)
    assert household in changed and len(flags) == 1
    assert str(flags.iloc[0]["since"])[:10] == str(TODAY - dt.timedelta(days=30))

    _youth_offence(with_feeds, days_ago=400)  # now more than 12 months ago: the flag goes
    with with_feeds.engine.begin() as connection:
        changed = refresh_flags(connection, today=TODAY)
    assert household in changed and _offender_flags(with_feeds, household).empty


def test_address_history_without_any_old_address_is_empty_not_an_error() -> None:
    from imports.linkage.records import with_history

    people = pd.DataFrame({"person_id": [1, 2], "postcode": ["QX1 2AB", None]})
    only_current = pd.DataFrame(
        {"person_id": [1], "postcode": ["qx12ab"], "last_seen": [dt.date(2025, 1, 1)]}
    )
    assert with_history(people, only_current)["history"].tolist() == [[], []]
    moved = pd.DataFrame(
        {"person_id": [1, 1], "postcode": ["QX9 9ZZ", "QX9 9ZZ"], "last_seen": ["2020-01-01", None]}
    )
    assert with_history(people, moved)["history"].tolist() == [
        [("QX99ZZ", dt.date(2020, 1, 1))],
        [],
    ]
