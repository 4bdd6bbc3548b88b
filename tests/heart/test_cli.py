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


def test_a_manager_reviews_a_proposal_and_applies_it_with_an_edit(
    capsys, heart: Heart, tmp_path
) -> None:
    code, out, _ = run(capsys, heart, "allocate", "suggest", "H1", "--as", "MGR1")
    assert code == 0
    assert "1. KW1 KW1 Worker (North)" in out and "2. KW2 KW2 Worker (North)" in out
    code, out, _ = run(capsys, heart, "allocate", "propose", "--as", "MGR1")
    assert code == 0
    assert "Proposal 1 (backlog): proposed; 3 families, 3 given a champion, 0 left waiting" in out
    assert "Greedy (first come, first served): total score" in out
    book = tmp_path / "proposal.xlsx"
    code, out, _ = run(
        capsys, heart, "allocate", "show", "1", "--output", str(book), "--as", "MGR1"
    )
    assert code == 0 and book.is_file()
    code, out, _ = run(
        capsys, heart, "allocate", "apply", "1", "--change", "H2=none", "--as", "MGR1"
    )
    assert code == 0
    assert out.strip() == (
        "Proposal 1 applied: 2 families have their champion (2 moved to allocated, each with "
        "its first tasks); 1 edited; 1 still waiting."
    )
    code, _, err = run(capsys, heart, "allocate", "apply", "1", "--as", "MGR1")
    assert code == 1 and "Proposal 1 was applied by MGR1" in err


def test_bad_allocation_commands_are_refused_in_one_line(capsys, heart: Heart) -> None:
    code, _, err = run(capsys, heart, "allocate", "apply", "1", "--change", "H1", "--as", "MGR1")
    assert code == 1 and "should be HOUSEHOLD=STAFF or HOUSEHOLD=none" in err
    code, _, err = run(capsys, heart, "allocate", "propose", "--as", "KW1")
    assert code == 1 and "Only a manager or senior manager can propose an allocation" in err
    code, _, err = run(capsys, heart, "allocate", "rebalance", "KW1", "--as", "MGR1")
    assert code == 1 and "KW1 champions no families: there is nothing to move." in err
    code, _, err = run(capsys, heart, "allocate", "show", "7", "--as", "MGR1")
    assert code == 1 and "There is no allocation proposal 7." in err
    assert "Traceback" not in err


def test_a_keyworker_steps_a_family_up_and_a_manager_records_enforcement(
    capsys, heart: Heart
) -> None:
    from tests.heart.test_allocate_and_move import to_active

    code, _, err = run(capsys, heart, "household", "tier", "H1", "step_up", "--reason", "x")
    assert code == 1 and "goes on a tier when its plan is agreed" in err
    to_active(heart, "H1")
    code, out, _ = run(
        capsys,
        heart,
        *("household", "tier", "H1", "step_up", "--reason", "No progress at school"),
        *("--as", "KW1"),
    )
    assert code == 0 and "Household H1: bronze -> silver (step_up)" in out
    code, _, err = run(
        capsys, heart, "household", "tier", "H1", "step_up", "--to", "intensive", "--reason", "x"
    )
    assert code == 1 and "manager" in err and "Traceback" not in err
    code, out, _ = run(
        capsys,
        heart,
        *("household", "enforcement", "H1", "police", "--reason", "Dispersal order"),
        *("--as", "MGR1"),
    )
    assert code == 0 and "enforcement by police recorded" in out
    code, _, err = run(
        capsys, heart, "household", "strand", "H1", "gang_member", "--reason", " ", "--as", "MGR1"
    )
    assert code == 1 and "reason" in err
    code, out, _ = run(
        capsys,
        heart,
        *("household", "strand", "H1", "at_risk", "--reason", "Older brother groomed"),
        *("--as", "MGR1"),
    )
    assert code == 0 and "strand set to at risk" in out
    code, out, _ = run(capsys, heart, "household", "show", "H1", "--json")
    page = json.loads(out)
    assert (page["tier"], page["strand"]) == ("silver", "at_risk")
