"""tfe match, tfe match review (answered through typer's CliRunner), tfe links, --evaluate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from imports.linkage.model import Thresholds
from tests.support import decide_pair, match_lists
from tfe.cli import EXIT_OK, EXIT_REFUSED, app, main
from workflow.bootstrap import Container

from .helpers import forget_exact_links, rows


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def options(container: Container) -> list[str]:
    return [
        "--database-url",
        container.settings.effective_database_url,
        "--data-dir",
        str(container.settings.data_dir),
    ]


def test_match_reports_counts_as_json(capsys, imported: Container) -> None:
    code, out, _ = run(capsys, "match", "--json", *options(imported))
    assert code == EXIT_OK
    report = json.loads(out)
    assert report["trained"] is True and report["model_version"] == 1
    assert report["linked"] >= 1
    code, out, _ = run(capsys, "match", *options(imported))
    assert code == EXIT_OK and "used model v1" in out


def test_evaluate_prints_precision_recall_and_writes_the_curve(
    capsys, imported: Container, borough_dir: Path
) -> None:
    code, out, _ = run(
        capsys,
        "match",
        "--evaluate",
        "--ground-truth",
        str(borough_dir / "ground_truth"),
        *options(imported),
    )
    assert code == EXIT_OK, out
    assert "Precision" in out and "Recall" in out and "To review" in out
    png = imported.settings.data_dir / "reports" / "matching-precision-recall.png"
    assert png.is_file()


def test_evaluate_without_ground_truth_is_refused_in_one_line(
    capsys, imported: Container, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "match", "--evaluate", "--ground-truth", str(tmp_path), *options(imported)
    )
    assert code == EXIT_REFUSED
    assert err.strip().startswith("Error:") and "ground truth" in err and err.count("\n") == 1


def test_review_in_the_terminal_accepts_rejects_and_skips(imported: Container) -> None:
    forget_exact_links(imported)
    match_lists(imported, actor="officer", thresholds=Thresholds(upper=100.0, lower=-10.0))
    waiting = len(rows(imported, "SELECT id FROM match_reviews WHERE status = 'open'"))
    assert waiting >= 2
    answers = "a\nr\n" + "s\n" * (waiting - 2)
    result = CliRunner().invoke(
        app, ["match", "review", "--reviewer", "j.smith", *options(imported)], input=answers
    )
    assert result.exit_code == 0, result.output
    assert "Register" in result.output and "Evidence" in result.output
    assert "Accepted 1, rejected 1, skipped" in result.output
    decisions = rows(imported, "SELECT decision, decided_by FROM match_decisions ORDER BY id")
    assert decisions.values.tolist() == [["accept", "j.smith"], ["reject", "j.smith"]]


def test_links_shows_a_households_flags_links_and_reviewer(capsys, imported: Container) -> None:
    match_lists(imported, actor="officer")
    household = rows(
        imported,
        "SELECT h.household_ref FROM match_links l JOIN households h ON h.id = l.household_id",
    ).iloc[0, 0]
    code, out, _ = run(capsys, "links", household, *options(imported))
    assert code == EXIT_OK
    assert "Link 1:" in out and "probabilistic" in out and "Date of birth:" in out
    code, out, _ = run(capsys, "links", household, "--json", *options(imported))
    found = json.loads(out)
    assert found["flags"] and found["links"][0]["evidence"]["model_version"] == 1
    reads = rows(imported, "SELECT entity_type, entity_id FROM audit_events WHERE action = 'read'")
    assert set(map(tuple, reads.to_numpy())) >= {("household", household)}
    code, _, err = run(capsys, "links", "H999999", *options(imported))
    assert code == EXIT_REFUSED and "no household H999999" in err


def test_undo_from_the_command_line(capsys, imported: Container) -> None:
    match_lists(imported, actor="officer")
    code, out, _ = run(capsys, "match", "undo", "1", "--reason", "wrong person", *options(imported))
    assert code == EXIT_OK and "Link 1 undone" in out
    code, _, err = run(capsys, "match", "undo", "1", "--reason", "again", *options(imported))
    assert code == EXIT_REFUSED and "already been undone" in err


def test_register_duplicates_are_listed_in_a_workbook_and_nothing_changes(
    capsys, imported: Container, tmp_path: Path
) -> None:
    from openpyxl import load_workbook
    from sqlalchemy import text

    originals = rows(
        imported,
        "SELECT person_ref, forename, surname, date_of_birth, sex FROM people "
        "ORDER BY person_ref LIMIT 3",
    )
    with imported.engine.begin() as connection:
        for n, person in enumerate(originals.itertuples(), start=1):
            connection.execute(
                text(
                    "INSERT INTO people (person_ref, forename, surname, date_of_birth, sex, "
                    "created_at) VALUES (:ref, :forename, :surname, :dob, :sex, :now)"
                ),
                {
                    "ref": f"DUP{n:04d}",
                    "forename": person.forename,
                    "surname": str(person.surname)[:-1],  # a letter dropped
                    "dob": person.date_of_birth,
                    "sex": person.sex,
                    "now": "2026-11-23 10:00:00",
                },
            )
    people_before = rows(imported, "SELECT COUNT(*) FROM people").iloc[0, 0]
    book = tmp_path / "duplicates.xlsx"
    code, out, _ = run(
        capsys, "match", "duplicates", "--json", "--output", str(book), *options(imported)
    )
    assert code == EXIT_OK and json.loads(out)["workbook"] == str(book)
    sheet = load_workbook(book).active
    header = [c.value for c in sheet[1]]
    found = {
        frozenset((r[header.index("First: person ref")], r[header.index("Second: person ref")]))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    planted = {
        frozenset((ref, f"DUP{n:04d}")) for n, ref in enumerate(originals["person_ref"], start=1)
    }
    assert planted <= found
    born = sheet.cell(row=2, column=header.index("First: date of birth") + 1)
    assert born.is_date and born.number_format == "dd/mm/yyyy"  # a date, shown dd/mm/yyyy
    assert rows(imported, "SELECT COUNT(*) FROM people").iloc[0, 0] == people_before
    events = rows(imported, "SELECT entity_type FROM audit_events")["entity_type"]
    assert "person_register" in set(events)


def test_links_lists_the_pairs_about_a_households_members_waiting_for_review(
    capsys, imported: Container
) -> None:

    forget_exact_links(imported)
    match_lists(imported, actor="officer", thresholds=Thresholds(upper=100.0, lower=-10.0))
    waiting = rows(
        imported,
        "SELECT r.id, r.nominal_ref, r.person_ref, h.household_ref FROM match_reviews r "
        "JOIN household_memberships m ON m.person_id = r.person_id AND m.valid_to IS NULL "
        "JOIN households h ON h.id = m.household_id WHERE r.status = 'open' ORDER BY r.id",
    )
    review_id, nominal_ref, person_ref, household = waiting.iloc[0]
    theirs = set(waiting[waiting["household_ref"] == household]["id"])

    code, out, _ = run(capsys, "links", household, *options(imported))
    assert code == EXIT_OK
    assert "Waiting for review:" in out and "tfe match review" in out
    assert f"Review {review_id}: " in out and f"{nominal_ref} and {person_ref} (weight" in out
    code, out, _ = run(capsys, "links", household, "--json", *options(imported))
    listed = json.loads(out)["waiting_for_review"]
    assert {pair["review_id"] for pair in listed} == theirs

    decide_pair(imported, int(review_id), "reject", actor="officer")
    code, out, _ = run(capsys, "links", household, "--json", *options(imported))
    assert {pair["review_id"] for pair in json.loads(out)["waiting_for_review"]} == theirs - {
        review_id
    }
    reads = rows(imported, "SELECT entity_type, entity_id FROM audit_events WHERE action = 'read'")
    assert ("household_review_queue", household) in set(map(tuple, reads.to_numpy()))
