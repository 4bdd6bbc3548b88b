"""`tfe demo --serve` (what `./dev demo` runs) ends by serving the demo's own database."""

from __future__ import annotations

import json
from pathlib import Path

import tfe.commands.demo as demo_command
import tfe.commands.serve as serve_command
from tfe.cli import main


def test_demo_with_serve_serves_its_own_data_folder(capsys, monkeypatch, tmp_path: Path) -> None:
    served: list[Path] = []

    def fake_serve(*, data_dir: Path, database_url: str | None) -> int:
        served.append(data_dir)
        return 0

    monkeypatch.setattr(demo_command, "STAGES", [])  # the stages have tests of their own
    monkeypatch.setattr(serve_command, "serve", fake_serve)
    code = main(["demo", "--data-dir", str(tmp_path / "demo"), "--json", "--serve"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["stages"] == {}
    assert served == [tmp_path / "demo"]


def test_demo_without_serve_stops_after_its_stages(capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(demo_command, "STAGES", [])
    monkeypatch.setattr(serve_command, "serve", lambda **_: 99)
    assert main(["demo", "--data-dir", str(tmp_path / "demo"), "--json"]) == 0
