"""A pathway definition with a mistake is refused with every problem, each with its file
and line. Each case changes the shipped file in one way; the line expected is found by
looking for the changed text, and the message is written out by hand. No database."""

from __future__ import annotations

from pathlib import Path

import pytest

from workflow.errors import WorkflowError
from workflow.pathway import PathwayInvalid, load_pathway

from .helpers import changed, line_of, write

TIERS = "(they are bronze, silver, gold, intensive)"
STATES = (
    "identified, screened, eligible, not_eligible, allocated, assessment, active, "
    "progress_evidenced, claimed, closed"
)
BRONZE = 'id = "bronze"\nname = "Bronze"\nweight = 0.25\n'
MOVE_1 = 'kind = "step_up"\nfrom = "bronze"\nto = "silver"\n'
MOVE_3 = 'from = ["bronze", "silver", "gold"]\nto = "intensive"\nguards = ["manager_approved"]\n'
INTENSIVE_MOVE = f'[[moves]]\nkind = "step_up"\n{MOVE_3}'
TIER = (
    '[[tiers]]\nid = "{id}"\nname = "{id}"\nweight = 1\noffer = "o"\nreview_every_weeks = 4\n'
    "enforcement_allowed = true\n\n"
)
AFTER_TIERS = "# The tier a household starts on"


def extra_tiers(*ids: str) -> tuple[str, str]:
    return (AFTER_TIERS, "".join(TIER.format(id=i) for i in ids) + AFTER_TIERS)


# (case, replacements, [(message, text on the line, which such line) or (message, None)])
CASES = [
    (
        "unreachable tier",
        [(INTENSIVE_MOVE, "")],
        [
            (
                "tier ‘intensive’ cannot be reached: no strand starts on it and no move leads into it",
                'id = "intensive"',
                1,
            )
        ],
    ),
    (
        "tier reached only from an unreachable tier",
        [
            extra_tiers("extra", "beyond"),
            (
                "# Keyworkers' tasks",
                '[[moves]]\nkind = "step_up"\nfrom = "extra"\nto = "beyond"\n\n# Keyworkers\' tasks',
            ),
        ],
        [
            (
                "tier ‘extra’ cannot be reached: no strand starts on it and no move leads into it",
                'id = "extra"',
                1,
            ),
            (
                "tier ‘beyond’ cannot be reached: the moves into it start only from tiers that cannot be reached themselves",
                'id = "beyond"',
                1,
            ),
        ],
    ),
    (
        "move to an unknown tier",
        [(MOVE_1, 'kind = "step_up"\nfrom = "bronze"\nto = "platinum"\n')],
        [(f"move 1: ‘platinum’ is not a tier {TIERS}", 'to = "platinum"', 1)],
    ),
    (
        "move from an unknown tier",
        [('from = ["bronze", "silver"]', 'from = ["bronze", "silvr"]')],
        [(f"move 2: ‘silvr’ in ‘from’ is not a tier {TIERS}", '"silvr"', 1)],
    ),
    (
        "negative weight",
        [("weight = 0.25", "weight = -0.25")],
        [
            (
                "tier ‘bronze’: ‘weight’ must be a number greater than 0, not -0.25",
                "weight = -0.25",
                1,
            )
        ],
    ),
    (
        "zero weight",
        [("weight = 0.5", "weight = 0")],
        [("tier ‘silver’: ‘weight’ must be a number greater than 0, not 0", "weight = 0", 2)],
    ),
    (
        "weight that is not a number",
        [("weight = 2.0", 'weight = "heavy"')],
        [
            (
                "tier ‘intensive’: ‘weight’ must be a number greater than 0, not 'heavy'",
                'weight = "heavy"',
                1,
            )
        ],
    ),
    (
        "weight in thousandths",
        [("weight = 0.25", "weight = 0.125")],
        [("tier ‘bronze’: ‘weight’ has more than 2 decimal places (0.125)", "weight = 0.125", 1)],
    ),
    (
        "weight over a whole caseload",
        [("weight = 2.0", "weight = 13")],
        [
            (
                "tier ‘intensive’: ‘weight’ is 13, more than a whole caseload (12 units)",
                "weight = 13",
                1,
            )
        ],
    ),
    (
        "unknown guard",
        [('guards = ["manager_approved"]', 'guards = ["director_approved"]')],
        [
            (
                "move 3: ‘director_approved’ in ‘guards’ is not a guard the engine knows (they are manager_approved, review_completed)",
                "director_approved",
                1,
            )
        ],
    ),
    (
        "unknown task trigger",
        [('when = "concern"', 'when = "new_concern"')],
        [
            (
                "task ‘new_concern’: ‘when’ must be state:<lifecycle state>, tier:<tier>, record:<case record kind>, concern or flag, not 'new_concern'",
                'when = "new_concern"',
                1,
            )
        ],
    ),
    (
        "unknown lifecycle state in a trigger",
        [('when = "state:active"', 'when = "state:working"')],
        [
            (
                f"task ‘plan_review’: ‘when’ is 'state:working', but ‘working’ is not a lifecycle state (they are {STATES})",
                "state:working",
                1,
            )
        ],
    ),
    (
        "unknown record kind in a trigger",
        [('when = "record:assessment"', 'when = "record:visit"')],
        [
            (
                "task ‘family_plan’: ‘when’ is 'record:visit', but ‘visit’ is not a kind of case record (they are contact, assessment, plan, review, outcome_evidence)",
                "record:visit",
                1,
            )
        ],
    ),
    (
        "unknown tier in a trigger",
        [('when = "state:active"', 'when = "tier:platinum"')],
        [
            (
                f"task ‘plan_review’: ‘when’ is 'tier:platinum', but ‘platinum’ is not a tier {TIERS}",
                "tier:platinum",
                1,
            )
        ],
    ),
    (
        "unknown record kind completing a task",
        [('completed_by = "contact"', 'completed_by = "visit"')],
        [
            (
                "task ‘first_contact’: ‘visit’ is not a kind of case record (they are contact, assessment, plan, review, outcome_evidence)",
                'completed_by = "visit"',
                1,
            )
        ],
    ),
    (
        "unknown assignee",
        [('assignee = "manager"', 'assignee = "director"')],
        [
            (
                "task ‘flagged_review’: ‘director’ is not who a task can go to (they are champion, manager)",
                'assignee = "director"',
                1,
            )
        ],
    ),
    (
        "task with a deadline and a repeat",
        [
            (
                'every_weeks = "tier"\ncompleted_by',
                'every_weeks = "tier"\ndue_working_days = 5\ncompleted_by',
            )
        ],
        [
            (
                "task ‘plan_review’ needs one of ‘due_working_days’ (a deadline) or ‘every_weeks’ (a repeating task), not both or neither",
                "[[tasks]]",
                4,
            )
        ],
    ),
    (
        "task repeating every so often",
        [('every_weeks = "tier"\ncompleted_by', 'every_weeks = "often"\ncompleted_by')],
        [
            (
                "task ‘plan_review’: ‘every_weeks’ must be a number of weeks or \"tier\" (the tier's review_every_weeks), not 'often'",
                'every_weeks = "often"',
                1,
            )
        ],
    ),
    (
        "two tasks with one id",
        [('task = "claim_evidence"', 'task = "first_contact"')],
        [
            (
                "there are two tasks called ‘first_contact’: a task's id must be unique",
                'task = "first_contact"',
                2,
            )
        ],
    ),
    (
        "duplicate tier id",
        [extra_tiers("gold")],
        [("there are two tiers called ‘gold’: a tier's id must be unique", 'id = "gold"', 2)],
    ),
    (
        "missing required key",
        [(BRONZE, 'id = "bronze"\nname = "Bronze"\n')],
        [("tier ‘bronze’ has no ‘weight’", "[[tiers]]", 1)],
    ),
    (
        "missing top-level key",
        [('title = "Bronze to intensive pathway"\n', "")],
        [("the file has no ‘title’", None, 0)],
    ),
    (
        "unknown top-level key",
        [("version = 1\n", 'version = 1\ncolour = "blue"\n')],
        [("the file has an unknown setting ‘colour’", "colour", 1)],
    ),
    (
        "unknown key in a tier",
        [(BRONZE, BRONZE + 'colour = "brown"\n')],
        [("tier ‘bronze’ has an unknown setting ‘colour’", "colour", 1)],
    ),
    (
        "unknown key in a move",
        [(MOVE_1, MOVE_1 + 'when = "now"\n')],
        [("move 1 has an unknown setting ‘when’", 'when = "now"', 1)],
    ),
    (
        "move without a from",
        [(MOVE_1, 'kind = "step_up"\nto = "silver"\n')],
        [("move 1 has no ‘from’: the tier or tiers it starts from", "[[moves]]", 1)],
    ),
    (
        "unknown kind of move",
        [(MOVE_1, 'kind = "jump"\nfrom = "bronze"\nto = "silver"\n')],
        [
            (
                "move 1: ‘jump’ is not a kind of move (they are step_up, step_down)",
                'kind = "jump"',
                1,
            )
        ],
    ),
    (
        "step up to a less intensive tier",
        [(MOVE_1, 'kind = "step_up"\nfrom = "silver"\nto = "bronze"\n')],
        [
            (
                "move 1 steps up from ‘silver’ to ‘bronze’, a less intensive tier (the tiers are listed from the least intensive)",
                'to = "bronze"',
                1,
            )
        ],
    ),
    (
        "move onto its own tier",
        [(MOVE_1, 'kind = "step_up"\nfrom = ["bronze", "silver"]\nto = "silver"\n')],
        [("move 1 starts and ends on ‘silver’", 'from = ["bronze", "silver"]', 1)],
    ),
    (
        "two moves into one tier",
        [(MOVE_1, 'kind = "step_up"\nfrom = "bronze"\nto = "gold"\n')],
        [
            (
                "move 2 is a second step_up into ‘gold’ (move 1 is the first): write them as one move, with every tier it starts from in ‘from’",
                'to = "gold"',
                2,
            )
        ],
    ),
    (
        "strand starting on an unknown tier",
        [('at_risk = "silver"', 'at_risk = "platinum"')],
        [
            (
                "‘[start]’ starts at_risk on 'platinum', which is not a tier (the tiers are bronze, silver, gold, intensive)",
                'at_risk = "platinum"',
                1,
            )
        ],
    ),
    (
        "unknown strand in start",
        [('gang_member = "gold"\n', 'gang_member = "gold"\ngang_affiliate = "gold"\n')],
        [
            (
                "‘[start]’ has ‘gang_affiliate’, which is not a strand (periphery, at_risk, gang_member) or ‘default’",
                "gang_affiliate",
                1,
            )
        ],
    ),
    (
        "no default start",
        [('default = "bronze"  # no strand worked out yet\n', "")],
        [
            (
                "‘[start]’ has no ‘default’: the tier a household with no strand starts on",
                "[start]",
                1,
            )
        ],
    ),
    (
        "unknown typical strand",
        [('typical_strands = ["periphery"]', 'typical_strands = ["peripheral"]')],
        [
            (
                "tier ‘bronze’: ‘peripheral’ in ‘typical_strands’ is not a strand (they are periphery, at_risk, gang_member)",
                "peripheral",
                1,
            )
        ],
    ),
    (
        "review every 0 weeks",
        [("review_every_weeks = 4", "review_every_weeks = 0")],
        [
            (
                "tier ‘intensive’: ‘review_every_weeks’ must be a whole number from 1 to 52, not 0",
                "review_every_weeks = 0",
                1,
            )
        ],
    ),
    (
        "enforcement written as yes",
        [("enforcement_allowed = false", 'enforcement_allowed = "no"')],
        [
            (
                "tier ‘bronze’: ‘enforcement_allowed’ must be true or false, not 'no'",
                'enforcement_allowed = "no"',
                1,
            )
        ],
    ),
    (
        "tier id in capitals",
        [extra_tiers("Platinum")],
        [
            (
                "tier 5: ‘id’ must be lower-case letters, digits and underscores, starting with a letter, not 'Platinum'",
                'id = "Platinum"',
                1,
            )
        ],
    ),
    (
        "unknown screening fact in the strand rules",
        [('"children_on_protection_plan",', '"children_on_protection_plans",')],
        [
            (
                "‘[strands]’: ‘children_on_protection_plans’ in ‘at_risk_facts’ is not a screening fact (did you mean ‘children_on_protection_plan’?)",
                '"children_on_protection_plans"',
                1,
            )
        ],
    ),
    (
        "unknown harm band",
        [
            (
                'gang_member_harm_bands = ["red", "amber"]',
                'gang_member_harm_bands = ["red", "orange"]',
            )
        ],
        [
            (
                "‘[strands]’: ‘orange’ in ‘gang_member_harm_bands’ is not a harm band (they are red, amber, green)",
                "orange",
                1,
            )
        ],
    ),
    (
        "version 0",
        [("version = 1\n", "version = 0\n")],
        [("the file: ‘version’ must be a whole number from 1 to 9999, not 0", "version = 0", 1)],
    ),
]


@pytest.mark.parametrize(("case", "replacements", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_definition_is_refused_with_the_line(
    tmp_path: Path,
    case: str,
    replacements: list[tuple[str, str]],
    expected: list[tuple[str, str | None, int]],
) -> None:
    text = changed(*replacements)
    path = write(tmp_path, "pathway-v1.toml", text)
    with pytest.raises(PathwayInvalid) as caught:
        load_pathway(path)
    wanted = [
        (message, line_of(text, needle, nth) if needle else None)
        for message, needle, nth in expected
    ]
    assert [(p.message, p.line) for p in caught.value.problems] == wanted
    assert {p.file for p in caught.value.problems} == {"pathway-v1.toml"}
    assert isinstance(caught.value, WorkflowError) and caught.value.code == "pathway_invalid"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = changed(
        ("weight = 0.25", "weight = -1"),
        ('guards = ["manager_approved"]', 'guards = ["approved"]'),
        ('completed_by = "contact"', 'completed_by = "visit"'),
    )
    with pytest.raises(PathwayInvalid) as caught:
        load_pathway(write(tmp_path, "pathway-v1.toml", text))
    assert [p.line for p in caught.value.problems] == [
        line_of(text, "weight = -1"),
        line_of(text, '"approved"'),
        line_of(text, '"visit"'),
    ]
    assert str(caught.value).startswith(
        "The pathway definition cannot be used (3 problems):\n- pathway-v1.toml, line "
    )


def test_a_file_that_is_not_toml_is_refused_with_the_line(tmp_path: Path) -> None:
    text = changed(("weight = 0.5", "weight = = 0.5"))
    with pytest.raises(PathwayInvalid) as caught:
        load_pathway(write(tmp_path, "pathway-v1.toml", text))
    [problem] = caught.value.problems
    assert problem.message.startswith("is not valid TOML: ")
    assert problem.line == line_of(text, "weight = = 0.5")


def test_a_file_too_large_or_unreadable_is_refused(tmp_path: Path) -> None:
    big = write(tmp_path, "pathway-v1.toml", "# " + "x" * 300_000)
    with pytest.raises(PathwayInvalid) as caught:
        load_pathway(big)
    assert [p.message for p in caught.value.problems] == [
        "is 300,002 bytes: a pathway definition is at most 256 KB"
    ]
    binary = tmp_path / "pathway-v2.toml"
    binary.write_bytes(b"\xff\xfe\x00id")
    with pytest.raises(PathwayInvalid) as caught:
        load_pathway(binary)
    assert [p.message for p in caught.value.problems] == ["cannot be read: it is not UTF-8 text"]


def test_a_deeply_nested_file_is_refused_not_crashed(tmp_path: Path) -> None:
    with pytest.raises(PathwayInvalid) as caught:
        load_pathway(write(tmp_path, "pathway-v1.toml", "x = " + "[" * 5000 + "]" * 5000))
    assert caught.value.problems[0].file == "pathway-v1.toml"
