"""A manager's and a keyworker's day from the command line."""

from __future__ import annotations

import json

import pytest

from tests.heart.conftest import Heart
from tfe.cli import main


def run(capsys, heart: Heart, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--database-url", heart.container.settings.effective_database_url])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_manager_allocates_and_a_keyworker_works_the_family(capsys, heart: Heart) -> None:
    code, out, _ = run(capsys, heart, "households", "--unallocated", "--json")
    assert code == 0
    assert [h["household_ref"] for h in json.loads(out)["households"]] == ["H1", "H2", "H3"]
    code, out, _ = run(
        capsys, heart, "allocate", "assign", "H1", "KW1", "--reason", "fit", "--as", "MGR1"
    )
    assert code == 0 and "KW1 is household H1's champion" in out and "allocated" in out
    code, out, _ = run(capsys, heart, "tasks", "--worker", "KW1", "--json")
    tasks = json.loads(out)["tasks"]
    assert [t["task"] for t in tasks] == ["first_contact", "whole_family_assessment"]
    code, out, _ = run(
        capsys, heart, "record", "H1", "contact", "--note", "Met mum at home", "--as", "KW1"
    )
    assert code == 0 and "1 task(s) done" in out
    code, out, _ = run(
        capsys,
        heart,
        "move",
        "H1",
        "start_assessment",
        "--reason",
        "first visit done",
        "--as",
        "KW1",
    )
    assert code == 0 and "allocated -> assessment" in out
    code, out, _ = run(capsys, heart, "household", "show", "H1", "--json")
    page = json.loads(out)
    assert (page["state"], page["champion"]["staff_ref"]) == ("assessment", "KW1")
    assert [m["trigger"] for m in page["history"]][-2:] == ["allocate", "start_assessment"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["move", "H999", "close", "--reason", "disengaged"], "There is no household ‘H999’"),
        (["move", "H1", "teleport", "--reason", "x"], "there is no trigger 'teleport'"),
        (["move", "H1", "claim", "--reason", "x"], "it is 'eligible', and claim needs"),
        (["move", "H1", "close", "--reason", "fed up"], "closing needs one of the closure"),
        (["allocate", "assign", "H1", "NOBODY", "--reason", "x"], "There is no keyworker"),
        (["move", "H1", "close", "--reason", "disengaged", "--as", "KW1"], "Only a manager"),
        (
            ["move", "H1", "start_assessment", "--reason", "x", "--effective", "31/13/2026"],
            "--effective must be a date written dd/mm/yyyy",
        ),
        (["tasks", "done", "999"], "There is no task 999"),
        (["record", "H1", "gossip"], "‘gossip’ is not a kind of case record"),
    ],
)
def test_bad_input_is_refused_in_one_line_and_changes_nothing(
    capsys, heart: Heart, argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, heart, *argv)
    assert code == 1 and message in err and "Traceback" not in err
