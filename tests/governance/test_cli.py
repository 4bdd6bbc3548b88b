"""``tfe retention`` and ``tfe person export`` from the command line."""

from __future__ import annotations

import json

from tests.governance.test_retention import borough  # noqa: F401  (the fixture)
from tfe.cli import main
from workflow.bootstrap import Container


def test_a_dry_run_lists_what_would_go_and_deletes_nothing(
    capsys,
    container: Container,
    borough,  # noqa: F811
) -> None:
    url = container.settings.effective_database_url
    assert main(["retention", "--dry-run", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert "Would delete" in out and "Nothing was changed" in out
    assert main(["retention", "--dry-run", "--json", "--database-url", url]) == 0
    found = json.loads(capsys.readouterr().out)
    # Today, nothing in the fixture is past its period yet (its oldest fact is from 2026).
    assert found["dry_run"] is True and found["total"] == 0
    assert found["counts"]["facts: police_incidents"] == 0
    assert "police list: gangs_matrix" in found["counts"]


def test_person_export_writes_the_workbook_and_says_what_is_in_it(
    capsys,
    container: Container,
    borough,  # noqa: F811
    tmp_path,
) -> None:
    url = container.settings.effective_database_url
    out_file = tmp_path / "sar.xlsx"
    args = ["person", "export", "P1", "--output", str(out_file), "--reason", "SAR 114"]
    assert main([*args, "--database-url", url]) == 0
    said = capsys.readouterr().out
    assert "Everything held about P1, sheet by sheet:" in said
    assert "Police incidents: 2 rows" in said
    assert "Police list - gangs matrix: 1 row" in said
    assert f"Workbook: {out_file}" in said
    assert out_file.stat().st_size > 0


def test_person_export_of_someone_not_held_says_so(
    capsys,
    container: Container,
    borough,  # noqa: F811
) -> None:
    url = container.settings.effective_database_url
    assert main(["person", "export", "P404", "--database-url", url]) == 1
    assert "There is no person ‘P404’ in the register." in capsys.readouterr().err
