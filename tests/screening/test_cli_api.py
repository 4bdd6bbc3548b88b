"""Screening from the command line and the API: the same answers, plain messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.support import signed_in
from tfe.cli import main
from workflow.bootstrap import Container
from workflow.settings import Settings

from .conftest import SF


@pytest.fixture
def cli_args(settings: Settings, borough: dict[str, int]) -> list[str]:
    return ["--data-dir", str(settings.data_dir), "--database-url", settings.effective_database_url]


def test_screen_explain_and_compare_from_the_command_line(capsys, cli_args: list[str]) -> None:
    assert main(["screen", "--ruleset", SF, "--as-of", "31/07/2026", "--json", *cli_args]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["eligible"], report["newly_eligible"], report["as_of"]) == (1, 1, "2026-07-31")

    assert main(["explain", "H1", *cli_args]) == 0
    text = capsys.readouterr().out
    assert "Eligible under Supporting Families 2022 onwards" in text
    assert "Re-run from its stored facts it gives the same answer" in text

    assert main(["rules", "compare", "troubled-families-2015", SF, "--as-of", "31/07/2026",
                 *cli_args]) == 0  # fmt: skip
    assert "Eligible under both: 1" in capsys.readouterr().out


def test_rules_list_and_check(capsys, tmp_path: Path, settings: Settings) -> None:
    assert main(["rules", "list", "--json", "--data-dir", str(settings.data_dir)]) == 0
    listed = json.loads(capsys.readouterr().out)["rulesets"]
    assert {r["id"] for r in listed} == {
        "troubled-families-2012", "troubled-families-2015", SF,
    }  # fmt: skip
    bad = tmp_path / "ours.toml"
    bad.write_text(
        'id = "ours"\nversion = "one"\n[[criteria]]\nid = "x"\nany_of = ["nonsense >= 1"]\n'
    )
    assert main(["rules", "check", str(bad), "--data-dir", str(settings.data_dir)]) == 1
    message = capsys.readouterr().err
    assert (
        "‘version’ must be a whole number" in message
        and "‘nonsense’ is not a known fact" in message
    )


def test_rules_check_refuses_a_threshold_out_of_range(
    capsys, tmp_path: Path, settings: Settings
) -> None:
    """Issue #11: ``absence_pct = 150`` was accepted."""
    local = tmp_path / "troubled-families-2015.local.toml"
    local.write_text(
        'ruleset = "troubled-families-2015"\nreason = "Ours"\n[parameters]\nabsence_pct = 150\n'
    )
    assert main(["rules", "check", str(local), "--data-dir", str(settings.data_dir)]) == 1
    assert (
        "troubled-families-2015.local.toml, line 4: parameter ‘absence_pct’ is a percentage: "
        "it must be a number from 0 to 100, not 150"
    ) in capsys.readouterr().err
    local.write_text(local.read_text().replace("150", "100"))
    assert main(["rules", "check", str(local), "--data-dir", str(settings.data_dir)]) == 0


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["screen", "--ruleset", "tf-2099"], 1, "There is no rule set called ‘tf-2099’"),
        (["screen", "--as-of", "2026-07-31"], 1, "--as-of must be a date written dd/mm/yyyy"),
        (["explain", "H999"], 1, "There is no household ‘H999’"),
    ],
)
def test_bad_input_gets_one_plain_line(capsys, cli_args: list[str], argv, code, message) -> None:
    assert main([*argv, *cli_args]) == code
    assert message in capsys.readouterr().err


def test_the_api_screens_explains_and_refuses_bad_dates(
    settings: Settings, container: Container, borough
) -> None:
    with TestClient(create_app(settings)) as client:
        client.headers.update(signed_in(container, "S001", "data_officer"))
        created = client.post("/screenings", json={"ruleset": SF, "as_of": "31/07/2026"})
        assert created.status_code == 201, created.text
        run = client.get(created.json()["url"]).json()
        assert (run["eligible"], run["ruleset_id"], run["actor"]) == (1, SF, "S001")

        explained = client.get("/households/H1/explanation").json()
        assert explained["decision"]["eligible"] is True
        assert explained["stored"]["rerun_gives_same_answer"] is True

        bad = client.post("/screenings", json={"as_of": "31st July"})
        assert bad.status_code == 422 and bad.json()["field"] == "as_of"
        assert client.get("/households/H999/explanation").status_code == 404
        assert client.get("/rulesets/tf-2099").json()["code"] == "unknown_ruleset"
        assert len(client.get("/rulesets").json()["rulesets"]) == 3
        checked = client.post(
            "/rulesets/check", files={"file": ("x.toml", b'id = "x"\nversion = 0\n')}
        )
        assert checked.status_code == 422
        assert any("version" in p["message"] for p in checked.json()["problems"])
