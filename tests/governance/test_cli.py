"""``tfe retention`` from the command line: a dry run says what would go, by kind."""

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
