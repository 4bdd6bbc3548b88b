"""tfe demo runs the match stage: links, the review queue and scores against the truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tfe.cli import EXIT_OK, main


@pytest.mark.slow
def test_the_demo_matches_the_police_lists(capsys, tmp_path: Path) -> None:
    code = main(["demo", "-n", "400", "--data-dir", str(tmp_path / "demo"), "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == EXIT_OK
    assert list(result["stages"]) == [
        "migrate",
        "generate",
        "import",
        "match",
        "screen",
        "allocate",
        "move",
    ]
    match = result["stages"]["match"]
    assert match["run"]["model_version"] == 1  # trained by the flow after the first list import
    assert match["evaluation"]["overall"]["precision"] >= 0.995
    assert Path(match["evaluation"]["curve_png"]).is_file()
    assert "match offender and gang-affected families" not in result["not_built_yet"]
