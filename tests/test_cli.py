"""The tfe command: results, --json, one-line errors and documented exit codes."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tfe.cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, main
from workflow.db.migrate import head_revision


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_db_upgrade_migrates_then_says_it_is_up_to_date(capsys, database_url: str) -> None:
    code, out, _ = run(capsys, "db", "upgrade", "--database-url", database_url)
    assert code == EXIT_OK
    assert f"to revision {head_revision()}" in out
    code, out, _ = run(capsys, "db", "upgrade", "--database-url", database_url)
    assert code == EXIT_OK and "already up to date" in out


def test_db_upgrade_json_is_machine_readable(capsys, database_url: str) -> None:
    code, out, _ = run(capsys, "db", "upgrade", "--database-url", database_url, "--json")
    assert code == EXIT_OK
    assert json.loads(out) | {"database": None} == {
        "database": None,
        "from_revision": None,
        "to_revision": head_revision(),
        "head": head_revision(),
    }


def test_db_upgrade_uses_the_data_folder_by_default(capsys, tmp_path: Path) -> None:
    code, _, _ = run(capsys, "db", "upgrade", "--data-dir", str(tmp_path / "council"))
    assert code == EXIT_OK
    assert (tmp_path / "council" / "tfe.db").is_file()


@pytest.mark.parametrize(
    ("argv", "expected_code", "message"),
    [
        (["synth", "--bogus"], EXIT_USAGE, "No such option: --bogus"),
        (["nothing"], EXIT_USAGE, "No such command 'nothing'"),
        (["synth", "--households", "many"], EXIT_REFUSED, "Invalid value for '--households'"),
        (
            ["db", "upgrade", "--database-url", "postgresql://nobody@127.0.0.1:1/x"],
            EXIT_REFUSED,
            "Cannot reach the database",
        ),
        (
            ["db", "upgrade", "--database-url", "mysql://root@localhost/x"],
            EXIT_REFUSED,
            "must start with sqlite://",
        ),
        (
            ["db", "upgrade", "--database-url", "sqlite:////proc/no/such/folder/tfe.db"],
            EXIT_REFUSED,
            "Cannot create the database folder",
        ),
    ],
)
def test_bad_input_gets_one_line_and_a_non_zero_exit(
    capsys, argv: list[str], expected_code: int, message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == expected_code
    assert message in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err + out


def test_the_installed_tfe_command_exits_with_the_documented_code(tmp_path: Path) -> None:
    tfe = Path(sys.executable).parent / "tfe"
    assert tfe.is_file(), "the tfe command is not installed beside this Python"
    result = subprocess.run(
        [tfe, "db", "upgrade", "--frobnicate"], capture_output=True, text=True, check=False
    )
    assert result.returncode == EXIT_USAGE
    assert result.stderr.startswith("Error: No such option: --frobnicate")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["synth", "--households", "0"], "--households must be a whole number above 0"),
        (["synth", "--households", "-5"], "--households must be a whole number above 0"),
        (
            ["synth", "--out", "/proc/no/such/place"],
            "--out folder /proc/no/such/place can't be written",
        ),
        (["synth", "--until", "31/02/2026"], "--until must be a date written dd/mm/yyyy"),
    ],
)
def test_synth_refuses_bad_options_in_one_line(capsys, argv: list[str], message: str) -> None:
    code, _out, err = run(capsys, *argv)
    assert code == EXIT_REFUSED
    assert message in err and len(err.strip().splitlines()) == 1


def test_synth_json_lists_every_kind(capsys, tmp_path: Path) -> None:
    code, out, _ = run(
        capsys, "synth", "-n", "300", "--seed", "3", "--out", str(tmp_path / "b"), "--json"
    )
    assert code == EXIT_OK
    summary = json.loads(out)
    assert summary["households"] == 300 and len(summary["rows_by_kind"]) == 17
    assert all(Path(f).is_file() for f in summary["files"])


def test_import_exit_code_is_zero_only_when_the_file_is_accepted(
    capsys, database_url: str, tmp_path: Path
) -> None:
    from tests.loading.builders import a_borough

    run(capsys, "db", "upgrade", "--database-url", database_url)
    good = a_borough(tmp_path / "people.xlsx")
    code, out, _ = run(capsys, "import", "people", str(good), "--database-url", database_url)
    assert code == EXIT_OK and "loaded 5" in out
    code, out, _ = run(
        capsys, "import", "people", str(good), "--database-url", database_url, "--json"
    )
    assert code == EXIT_OK and json.loads(out)["files"][0]["status"] == "unchanged"
    bad = tmp_path / "people2.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    code, out, _ = run(capsys, "import", "people", str(bad), "--database-url", database_url)
    assert code == EXIT_REFUSED and "NOT LOADED" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import"], "give a KIND and a FILE, or --dir FOLDER"),
        (["import", "people"], "give a KIND and a FILE, or --dir FOLDER"),
        (["import", "people", "x.xlsx", "--dir", "."], "give either KIND FILE or --dir FOLDER"),
        (["links"], "Missing argument 'household_ref'"),
        (["screen", "--as-of"], "Option '--as-of' requires an argument"),
    ],
)
def test_usage_mistakes_exit_2_in_one_line(capsys, argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == EXIT_USAGE
    assert message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out


@pytest.fixture
def a_file(tmp_path: Path) -> str:
    """A file that is there, so that only the value under test is wrong."""
    path = tmp_path / "people.csv"
    path.write_text("person_ref\n")
    return str(path)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["screen", "--as-of", "31/13/2026"], "--as-of must be a date written dd/mm/yyyy"),
        (["explain", "H000001", "--as-of", "2026-08-31"], "--as-of must be a date written"),
        (["rules", "compare", "a", "b", "--as-of", "soon"], "--as-of must be a date written"),
        (
            ["import", "iom_cohort", "{file}", "--list-date", "31.08.2026"],
            "--list-date must be a date written dd/mm/yyyy, like 31/08/2026, not '31.08.2026'",
        ),
        (["import", "people", "/no/such/file.xlsx"], "there is no file at /no/such/file.xlsx"),
        (["import", "schools", "{file}"], "‘schools’ is not a kind of partner file"),
        (["import", "--dir", "/no/such/folder"], "there is no folder at /no/such/folder"),
        (["rules", "check", "/no/such/rules.toml"], "there is no file at /no/such/rules.toml"),
        (["match", "undo", "forty-two", "--reason", "x"], "Invalid value for 'link_id'"),
        (["prefect", "deploy", "--inbox", "."], "set PREFECT_API_URL"),
    ],
)
def test_a_bad_value_is_refused_input_exit_1_in_one_line(
    capsys, argv: list[str], message: str, a_file: str
) -> None:
    code, out, err = run(capsys, *(arg.format(file=a_file) for arg in argv))
    assert code == EXIT_REFUSED
    assert err.startswith("Error: ") and message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out and "--help" not in err


@pytest.mark.slow
def test_demo_runs_the_main_job_end_to_end(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "demo", "-n", "400", "--data-dir", str(tmp_path / "demo"), "--json")
    assert code == EXIT_OK
    result = json.loads(out)
    assert list(result["stages"]) == [
        "migrate", "generate", "import", "match", "screen", "allocate", "move", "claim",
        "accounts",
    ]  # fmt: skip
    imported = result["stages"]["import"]
    assert imported["files"] == imported["accepted"] == 17
    assert imported["rows_loaded"] > 0 and (tmp_path / "demo" / "tfe.db").is_file()
    screened = result["stages"]["screen"]["rulesets"]
    assert set(screened) == {
        "troubled-families-2012", "troubled-families-2015", "supporting-families-2022",
    }  # fmt: skip
    in_force = screened["supporting-families-2022"]
    assert in_force["lifecycle"] and in_force["newly_eligible"] == in_force["eligible"] > 0
    assert not screened["troubled-families-2015"]["lifecycle"]  # ended: comparison only
    assert len(result["stages"]["screen"]["comparisons"]) == 2
    # One proposal for the whole backlog, applied with a few families held back, and every
    # allocated family moved along from the day its work began.
    allocation = result["stages"]["allocate"]
    assert allocation["proposal"]["families"] == in_force["newly_eligible"]
    applied = allocation["applied"]
    assert applied["assigned"] + applied["left_unassigned"] == in_force["newly_eligible"]
    assert applied["left_unassigned"] == len(allocation["held_back"])
    assert all(day <= dt.date.today().isoformat() for day in allocation["effective"].values())
    moves = result["stages"]["move"]
    assert moves["families"] == applied["assigned"]
    open_states = {"allocated", "assessment", "active", "progress_evidenced"}
    assert (
        sum(n for s, n in moves["states"].items() if s in open_states | {"closed"})
        >= (applied["assigned"])
    )
    assert "allocate champions" not in result["not_built_yet"]
    assert "prepare payment-by-results claims" not in result["not_built_yet"]
    claims = result["stages"]["claim"]
    assert claims["approved_by"] == "FIN001" and Path(claims["export"]["workbook"]).is_file()
    assert claims["truth"]["claimed"] == claims["build"]["results"]
    roles = [s["role"] for s in result["stages"]["accounts"]["sign_ins"]]
    assert roles == ["keyworker", "manager", "senior manager", "finance", "data officer"] + [
        "auditor",
        "admin",
    ]


def test_import_help_lists_the_seventeen_kinds_and_what_one_row_is(capsys) -> None:
    code, out, _ = run(capsys, "import", "--help")
    assert code == EXIT_OK
    listed = out.split("kinds of partner file, and what one row of each is:")[1].splitlines()
    kinds = {line.split()[0] for line in listed if line.strip()}
    assert kinds == {
        "people", "school_attendance", "exclusions", "alternative_provision",
        "police_incidents", "youth_justice", "domestic_abuse", "benefits", "employment",
        "social_care", "health", "housing", "neet", "gangs_matrix", "iom_cohort",
        "referrals", "keyworkers",
    }  # fmt: skip
    rows = {" ".join(line.split()) for line in out.splitlines()}
    assert "school_attendance one pupil, one term" in rows
    assert "gangs_matrix one nominal (police gang list)" in rows


@pytest.mark.slow
def test_a_second_demo_on_the_same_data_folder_says_the_files_were_unchanged(
    capsys, tmp_path: Path
) -> None:
    folder = str(tmp_path / "demo")
    code, out, _ = run(capsys, "demo", "-n", "50", "--data-dir", folder, "--json")
    assert code == EXIT_OK
    first = json.loads(out)["stages"]["import"]
    assert first["unchanged"] == 0 and first["rows_loaded"] > 0

    code, out, _ = run(capsys, "demo", "-n", "50", "--data-dir", folder)
    assert code == EXIT_OK
    assert (
        f"Imported nothing new: {first['accepted']} of {first['files']} files were already "
        "imported and have not changed, so nothing was loaded again"
    ) in out
    assert " 0 loaded" not in out  # no table of zeros
    assert "Try next" in out and "Allocated nobody new" in out
