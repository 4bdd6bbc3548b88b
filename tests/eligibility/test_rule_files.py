"""Rule files: the shipped ones load cleanly; a bad one is refused with every problem listed
(file, line where possible, what is wrong), never a traceback.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from eligibility_builders import SHIPPED, both, household, minimal_rules

from eligibility import (
    AsOfOutOfRange,
    EligibilityError,
    RulesInvalid,
    UnknownRuleset,
    check_as_of,
    check_file,
    load_catalogue,
    load_ruleset,
)
from eligibility.loading import SHIPPED as SHIPPED_DIR
from eligibility.loading import ruleset_from_document

TF2015 = SHIPPED_DIR / "troubled-families-2015.toml"


def refused(path: Path, local: Path | None = None) -> list[str]:
    """Every problem with a rule file, as the user reads them."""
    with pytest.raises(RulesInvalid) as caught:
        load_ruleset(path, local)
    assert caught.value.code == "rules_invalid"
    assert str(caught.value).count("\n- ") == len(caught.value.problems)
    return [str(problem) for problem in caught.value.problems]


def edited(tmp_path: Path, *changes: tuple[str, str], name: str = "troubled-families-2015") -> Path:
    """A copy of the 2015 rule file with each (old, new) text replaced once."""
    text = TF2015.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# ---------------------------------------------------------------- the shipped rules


def test_the_shipped_catalogue_loads_cleanly() -> None:
    catalogue = load_catalogue()
    assert [r.id for r in catalogue.all()] == [
        "troubled-families-2012",
        "troubled-families-2015",
        "supporting-families-2022",
    ]
    for ruleset in catalogue.all():
        assert ruleset.files == (f"{ruleset.id}.toml",)
        assert catalogue.paths[ruleset.id] == SHIPPED_DIR / f"{ruleset.id}.toml"


def test_every_shipped_criterion_and_parameter_cites_its_source() -> None:
    for ruleset in SHIPPED.all():
        assert ruleset.source.strip()
        for criterion in ruleset.criteria:
            assert criterion.source.strip(), f"{ruleset.id}: {criterion.id}"
        for parameter in ruleset.parameters.values():
            assert parameter.source.strip(), f"{ruleset.id}: {parameter.name}"


def test_every_unconfirmed_parameter_is_marked_so() -> None:
    for ruleset in SHIPPED.all():
        for parameter in ruleset.parameters.values():
            unconfirmed = "[U]" in parameter.source
            assert parameter.confirmed is not unconfirmed, f"{ruleset.id}: {parameter.name}"


def test_content_hashes_are_stable_and_distinct() -> None:
    again = load_catalogue()
    hashes = {ruleset.id: ruleset.content_hash for ruleset in SHIPPED.all()}
    assert {r.id: r.content_hash for r in again.all()} == hashes
    assert len(set(hashes.values())) == len(hashes)
    assert all(len(value) == 64 for value in hashes.values())


def test_changing_a_parameter_changes_the_hash(tmp_path: Path) -> None:
    path = edited(
        tmp_path, ("[parameters.absence_pct]\nvalue = 10", "[parameters.absence_pct]\nvalue = 15")
    )
    changed = load_ruleset(path)
    assert changed.content_hash != SHIPPED.get("troubled-families-2015").content_hash
    assert changed.parameters["absence_pct"].value == 15


def test_comments_and_layout_do_not_change_the_hash(tmp_path: Path) -> None:
    path = edited(
        tmp_path,
        ('id = "troubled-families-2015"', '# A note.\n\nid  =  "troubled-families-2015"  # ours'),
    )
    assert load_ruleset(path).content_hash == SHIPPED.get("troubled-families-2015").content_hash


def test_a_stored_rule_set_rebuilds_with_the_same_hash() -> None:
    for ruleset in SHIPPED.all():
        assert ruleset_from_document(ruleset.document).content_hash == ruleset.content_hash


# ---------------------------------------------------------------- one problem each


def test_an_unknown_fact_is_named_with_a_suggestion_and_its_line(tmp_path: Path) -> None:
    path = edited(tmp_path, ('"children_in_need >= 1"', '"children_in_nede >= 1"'))
    assert refused(path) == [
        f"troubled-families-2015.toml, line {line_of(path, 'children_in_nede')}: criterion "
        "‘children_need_help’: ‘children_in_nede’ is not a known fact (did you mean "
        "‘children_in_need’?)"
    ]


def test_an_unknown_parameter_is_named(tmp_path: Path) -> None:
    path = edited(tmp_path, ("highest_absence_pct >= $absence_pct", "highest_absence_pct >= $x"))
    assert refused(path) == [
        f"troubled-families-2015.toml, line {line_of(path, '$x')}: criterion "
        "‘school_attendance’: ‘$x’ is not one of the rule set's parameters"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("version = 1", 'version = "one"', "‘version’ must be a whole number from 1, not 'one'"),
        (
            "[parameters.terms]\nvalue = 3",
            '[parameters.terms]\nvalue = "three"',
            "parameter ‘terms’ needs a number as its value, not 'three'",
        ),
        (
            "confirmed = false\n\n[parameters.terms]",
            'confirmed = "no"\n\n[parameters.terms]',
            "parameter ‘lookback_months’: ‘confirmed’ must be true or false",
        ),
        (
            "effective_to = 2020-03-31",
            'effective_to = "31/03/2020"',
            "‘effective_to’ must be a date written yyyy-mm-dd, not '31/03/2020'",
        ),
        (
            "at_least = { headline = 2 }",
            'at_least = { headline = "2" }',
            "eligible_when 1: ‘headline’ needs a whole number from 1, not '2'",
        ),
        (
            '"children_in_need >= 1"',
            "3",
            'criterion ‘children_need_help’: a condition must be text like "fact >= 1", not 3',
        ),
        (
            '"children_in_need >= 1"',
            '"children_in_need is 1"',
            'criterion ‘children_need_help’: ‘children_in_need is 1’ is not a condition like "children_in_need >= 1"',
        ),
    ],
    ids=[
        "version",
        "parameter value",
        "confirmed",
        "date",
        "at_least count",
        "condition",
        "condition text",
    ],
)
def test_a_wrong_type_is_refused(tmp_path: Path, old: str, new: str, expected: str) -> None:
    problems = refused(edited(tmp_path, (old, new)))
    assert len(problems) == 1
    assert problems[0].endswith(expected)


@pytest.mark.parametrize(
    ("old", "expected"),
    [
        (
            "source = \"S23: 'in the last three terms' [C-2]\"\n",
            "parameter ‘terms’ has no source: say where the guidance sets it",
        ),
        (
            'source = "S22 [C]; S23 [C-2]: experiencing or at risk of DVA, perpetrators and victims"\n',
            "criterion ‘domestic_abuse’ has no source",
        ),
        (
            'source = "Financial framework for the expanded Troubled Families programme, 5 March 2015, as summarised: programme-rules.md §3.1-3.2 (S22, S23, S24, S28)"\n',
            "‘source’ is missing",
        ),
    ],
    ids=["parameter", "criterion", "rule set"],
)
def test_a_missing_source_is_refused(tmp_path: Path, old: str, expected: str) -> None:
    problems = refused(edited(tmp_path, (old, "")))
    assert [problem.split(": ", 1)[1] for problem in problems] == [expected]


def test_a_missing_parameter_source_points_at_the_parameter(tmp_path: Path) -> None:
    path = edited(tmp_path, ("source = \"S23: 'in the last three terms' [C-2]\"\n", ""))
    assert refused(path)[0].startswith(
        f"troubled-families-2015.toml, line {line_of(path, '[parameters.terms]')}:"
    )


def test_a_syntax_error_gives_its_line(tmp_path: Path) -> None:
    path = edited(tmp_path, ("version = 1", "version = = 1"))
    (problem,) = refused(path)
    assert problem.startswith(
        f"troubled-families-2015.toml, line {line_of(path, 'version = = 1')}: "
    )
    assert "is not valid TOML" in problem


def test_a_file_that_is_not_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00id = 1")
    assert refused(path) == ["binary.toml: cannot be read: it is not UTF-8 text"]


def test_a_rule_set_that_would_make_everyone_eligible_is_refused(tmp_path: Path) -> None:
    path = edited(tmp_path, ("at_least = { headline = 2 }", ""))
    assert refused(path) == [
        "troubled-families-2015.toml: eligible_when 1 sets no condition: every household would be eligible"
    ]


def test_overlapping_dates_within_one_file_are_refused(tmp_path: Path) -> None:
    path = edited(tmp_path, ("effective_to = 2020-03-31", "effective_to = 2014-03-31"))
    assert refused(path) == [
        f"troubled-families-2015.toml, line {line_of(path, 'effective_to')}: ‘effective_to’ is before ‘effective_from’"
    ]


# ---------------------------------------------------------------- every problem at once


def test_every_problem_in_a_file_is_listed_at_once(tmp_path: Path) -> None:
    path = edited(
        tmp_path,
        ("version = 1", 'version = "one"'),
        ("source = \"S23: '3 fixed-term exclusions' [C-2]\"\n", ""),
        ("highest_absence_pct >= $absence_pct", "highest_absence_pct >= $x"),
        ('"children_in_need >= 1"', '"children_in_nede >= 1"'),
        (
            'title = "Children who need help"\n',
            'title = "Children who need help"\ncolour = "red"\n',
        ),
        ("[[eligible_when]]", "[[eligible_when]]\nat_most = 3"),
    )
    problems = refused(path)
    assert problems == [
        f"troubled-families-2015.toml, line {line_of(path, 'version')}: ‘version’ must be a whole number from 1, not 'one'",
        f"troubled-families-2015.toml, line {line_of(path, '[parameters.fixed_exclusions]')}: parameter ‘fixed_exclusions’ has no source: say where the guidance sets it",
        f"troubled-families-2015.toml, line {line_of(path, '$x')}: criterion ‘school_attendance’: ‘$x’ is not one of the rule set's parameters",
        f"troubled-families-2015.toml, line {line_of(path, 'colour')}: criterion ‘children_need_help’ has an unknown setting ‘colour’",
        f"troubled-families-2015.toml, line {line_of(path, 'children_in_nede')}: criterion ‘children_need_help’: ‘children_in_nede’ is not a known fact (did you mean ‘children_in_need’?)",
        f"troubled-families-2015.toml, line {line_of(path, 'at_most')}: eligible_when 1 has an unknown setting ‘at_most’",
    ]


def test_every_problem_in_every_file_of_a_catalogue_is_listed(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    minimal_rules(rules / "ours-2030.toml", ruleset_id="ours-2030")
    (rules / "ours-2030.toml").write_text(
        (rules / "ours-2030.toml").read_text().replace("children_in_need", "children_in_nede")
    )
    minimal_rules(rules / "wrong-name.toml", ruleset_id="another-2031")
    (rules / "missing-2012.local.toml").write_text('ruleset = "missing-2012"\nreason = "x"\n')
    with pytest.raises(RulesInvalid) as caught:
        load_catalogue(rules)
    files = [problem.file for problem in caught.value.problems]
    assert files == ["ours-2030.toml", "wrong-name.toml", "missing-2012.local.toml"]
    assert [p.message for p in caught.value.problems][1:] == [
        "its id ‘another-2031’ must match its file name",
        "changes ‘missing-2012’, but there is no such rule set",
    ]


# ---------------------------------------------------------------- overlapping rule sets


def test_a_council_file_overlapping_a_shipped_one_is_refused_by_check_file(tmp_path: Path) -> None:
    path = minimal_rules(
        tmp_path / "troubled-families-2019.toml",
        ruleset_id="troubled-families-2019",
        programme="troubled-families",
        start="2019-04-01",
    )
    with pytest.raises(RulesInvalid) as caught:
        check_file(path, SHIPPED)
    assert [str(problem) for problem in caught.value.problems] == [
        "troubled-families-2019.toml: it is in force from 01/04/2019 with no end date, "
        "overlapping ‘troubled-families-2015’ of the same programme (in force from 01/04/2015 "
        "to 31/03/2020): one programme's rule sets must not overlap"
    ]


def test_a_council_file_overlapping_two_shipped_ones_names_both(tmp_path: Path) -> None:
    path = minimal_rules(
        tmp_path / "tf-2014.toml",
        ruleset_id="tf-2014",
        programme="troubled-families",
        start="2014-04-01",
    )
    with pytest.raises(RulesInvalid) as caught:
        check_file(path, SHIPPED)
    assert [p.file for p in caught.value.problems] == ["tf-2014.toml", "tf-2014.toml"]
    assert "‘troubled-families-2012’" in caught.value.problems[0].message
    assert "‘troubled-families-2015’" in caught.value.problems[1].message


def test_overlaps_in_a_catalogue_are_all_listed_against_the_councils_file(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    minimal_rules(
        rules / "tf-2014.toml",
        ruleset_id="tf-2014",
        programme="troubled-families",
        start="2014-04-01",
    )
    with pytest.raises(RulesInvalid) as caught:
        load_catalogue(rules)
    assert [str(problem) for problem in caught.value.problems] == [
        "tf-2014.toml: it is in force from 01/04/2014 with no end date, overlapping "
        "‘troubled-families-2012’ of the same programme (in force from 01/04/2012 to 31/03/2015): "
        "one programme's rule sets must not overlap",
        "tf-2014.toml: it is in force from 01/04/2014 with no end date, overlapping "
        "‘troubled-families-2015’ of the same programme (in force from 01/04/2015 to 31/03/2020): "
        "one programme's rule sets must not overlap",
    ]


def test_every_overlapping_pair_is_listed_not_only_neighbours() -> None:
    from eligibility.catalogue import overlaps

    tf2012, tf2015 = SHIPPED.get("troubled-families-2012"), SHIPPED.get("troubled-families-2015")
    endless = dataclasses.replace(tf2012, id="endless", effective_to=None)
    problems = overlaps([tf2012, tf2015, endless])
    assert [(p.file, p.message.split("‘")[1].split("’")[0]) for p in problems] == [
        ("troubled-families-2012.toml", "endless"),
        ("troubled-families-2015.toml", "endless"),
    ]


def test_a_council_file_that_follows_a_shipped_one_is_accepted(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    path = minimal_rules(
        rules / "tf-2020.toml",
        ruleset_id="tf-2020",
        programme="troubled-families",
        start="2020-04-01",
    )
    assert check_file(path, SHIPPED).id == "tf-2020"
    catalogue = load_catalogue(rules)
    assert [r.id for r in catalogue.all()][-2:] == ["tf-2020", "supporting-families-2022"]
    assert catalogue.paths["tf-2020"] == path


# ---------------------------------------------------------------- a council's local file


def local_file(folder: Path, text: str, ruleset_id: str = "troubled-families-2015") -> Path:
    path = folder / f"{ruleset_id}.local.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_local_file_changes_the_threshold_and_the_hash_but_not_the_shipped_file(
    tmp_path: Path,
) -> None:
    shipped_text = TF2015.read_bytes()
    local = local_file(
        tmp_path,
        'ruleset = "troubled-families-2015"\nreason = "Our outcome plan uses 15% absence"\n\n[parameters]\nabsence_pct = 15\n',
    )
    catalogue = load_catalogue(tmp_path)
    ruleset = catalogue.get("troubled-families-2015")

    assert ruleset.parameters["absence_pct"].value == 15
    assert ruleset.parameters["absence_pct"].overridden_by == local.name
    assert ruleset.files == ("troubled-families-2015.toml", local.name)
    assert ruleset.content_hash != SHIPPED.get("troubled-families-2015").content_hash
    assert ruleset.document["local_reason"] == "Our outcome plan uses 15% absence"
    assert TF2015.read_bytes() == shipped_text
    # 12% absence counted under the shipped 10%; under the council's 15% it does not.
    twelve = household(highest_absence_pct=12, adults_on_out_of_work_benefits=1)
    assert both(SHIPPED.get("troubled-families-2015"), twelve)[0] == (
        True,
        ["school_attendance", "worklessness"],
    )
    assert both(ruleset, twelve) == ((False, ["worklessness"]), (False, ["worklessness"]))
    # The other rule sets are untouched.
    assert catalogue.get("troubled-families-2012") == SHIPPED.get("troubled-families-2012")


def test_a_local_file_can_replace_the_local_criteria(tmp_path: Path) -> None:
    local = local_file(
        tmp_path,
        """\
ruleset = "troubled-families-2012"
reason = "Our local filter is children in need and persistent absence only"
disable = ["local_domestic_abuse", "local_health", "local_housing", "local_offender", "local_early_help"]

[[criteria]]
id = "local_persistent_absence"
title = "Persistent absence"
group = "local"
headline = "Local: persistent absence"
source = "Cabinet report, 12 June 2012"
any_of = ["highest_absence_pct >= 10"]
""",
        ruleset_id="troubled-families-2012",
    )
    ruleset = load_ruleset(SHIPPED_DIR / "troubled-families-2012.toml", local)
    assert [c.id for c in ruleset.criteria if c.group == "local"] == [
        "local_children_need_help",
        "local_persistent_absence",
    ]
    facts = household(
        children_with_proven_offence=1, adults_on_out_of_work_benefits=1, highest_absence_pct=11
    )
    assert both(ruleset, facts)[1] == (True, ["crime_asb", "work", "local_persistent_absence"])
    assert both(ruleset, facts | {"highest_absence_pct": 0, "rent_arrears": 1})[1] == (
        False,
        ["crime_asb", "work"],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'ruleset = "troubled-families-2015"\nreason = "x"\n[parameters]\nabsence = 15\n',
            "troubled-families-2015.local.toml, line 4: parameter ‘absence’ is not one of this rule set's: lookback_months, terms, absence_pct, fixed_exclusions",
        ),
        (
            'ruleset = "troubled-families-2015"\nreason = "x"\n[parameters]\nabsence_pct = "15%"\n',
            "troubled-families-2015.local.toml, line 4: parameter ‘absence_pct’ must be a number, not '15%'",
        ),
        (
            'ruleset = "troubled-families-2015"\n[parameters]\nabsence_pct = 15\n',
            "troubled-families-2015.local.toml: needs a ‘reason’: why the council changed the shipped rules",
        ),
        (
            'ruleset = "troubled-families-2015"\nreason = "  "\n',
            "troubled-families-2015.local.toml: needs a ‘reason’: why the council changed the shipped rules",
        ),
        (
            'ruleset = "troubled-families-2015"\nreason = "x"\ndisable = ["local_health"]\n',
            "troubled-families-2015.local.toml, line 3: cannot disable ‘local_health’: there is no such criterion",
        ),
        (
            'ruleset = "troubled-families-2015"\nreason = "x"\ndisable = "health"\n',
            'troubled-families-2015.local.toml, line 3: ‘disable’ must be a list of criterion ids, like ["local_health"]',
        ),
        (
            'ruleset = "troubled-families-2015"\nreason = "x"\nparameters = 15\n',
            "troubled-families-2015.local.toml, line 3: ‘parameters’ must be a table of names and numbers",
        ),
        (
            'ruleset = "troubled-families-2012"\nreason = "x"\n',
            "troubled-families-2015.local.toml, line 1: says it changes ‘troubled-families-2012’ but sits beside ‘troubled-families-2015’",
        ),
        (
            'reason = "x"\n',
            "troubled-families-2015.local.toml: needs ‘ruleset’: the id of the rule set it changes (‘troubled-families-2015’)",
        ),
        (
            'ruleset = "troubled-families-2015"\nreason = "x"\nthreshold = 3\n',
            "troubled-families-2015.local.toml, line 3: ‘threshold’ is not a setting a local file can have",
        ),
        (
            'ruleset = "troubled-families-2015"\nreason = "x"\n[parameters]\nlookback_months = 40\n',
            "troubled-families-2015.local.toml, line 4: parameter ‘lookback_months’ is a number of months: it must be a whole number from 1 to 36, not 40",
        ),
    ],
    ids=[
        "unknown parameter",
        "parameter not a number",
        "no reason",
        "blank reason",
        "disable unknown criterion",
        "disable not a list",
        "parameters not a table",
        "another rule set",
        "no rule set",
        "unknown setting",
        "threshold out of range",
    ],
)
def test_a_bad_local_file_is_refused(tmp_path: Path, text: str, expected: str) -> None:
    assert refused(TF2015, local_file(tmp_path, text)) == [expected]


def test_a_local_criterion_is_checked_and_blamed_on_the_local_file(tmp_path: Path) -> None:
    local = local_file(
        tmp_path,
        """\
ruleset = "troubled-families-2015"
reason = "We add young carers"

[[criteria]]
id = "young_carers"
title = "Young carers"
group = "headline"
headline = "7. Young carers"
any_of = ["young_carer >= 1"]
""",
    )
    assert refused(TF2015, local) == [
        "troubled-families-2015.local.toml, line 5: criterion ‘young_carers’ has no source",
        "troubled-families-2015.local.toml, line 9: criterion ‘young_carers’: ‘young_carer’ is not a known fact",
    ]


def test_every_problem_of_a_local_file_is_listed_at_once(tmp_path: Path) -> None:
    local = local_file(
        tmp_path,
        'ruleset = "troubled-families-2015"\ndisable = ["nothing"]\n[parameters]\nabsence = 15\nterms = 0\n',
    )
    assert refused(TF2015, local) == [
        "troubled-families-2015.local.toml: needs a ‘reason’: why the council changed the shipped rules",
        "troubled-families-2015.local.toml, line 4: parameter ‘absence’ is not one of this rule set's: lookback_months, terms, absence_pct, fixed_exclusions",
        "troubled-families-2015.local.toml, line 2: cannot disable ‘nothing’: there is no such criterion",
        "troubled-families-2015.local.toml, line 5: parameter ‘terms’ is a number of school terms: it must be a whole number from 1 to 9, not 0",
    ]


def test_a_local_file_for_a_rule_set_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    local_file(
        tmp_path, 'ruleset = "troubled-families-2099"\nreason = "x"\n', "troubled-families-2099"
    )
    with pytest.raises(RulesInvalid) as caught:
        load_catalogue(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "troubled-families-2099.local.toml: changes ‘troubled-families-2099’, but there is no such rule set"
    ]


def test_check_file_checks_a_local_file_against_its_rule_set(tmp_path: Path) -> None:
    good = local_file(
        tmp_path,
        'ruleset = "troubled-families-2015"\nreason = "x"\n[parameters]\nabsence_pct = 15\n',
    )
    assert check_file(good, SHIPPED).parameters["absence_pct"].value == 15
    other = tmp_path / "elsewhere"
    other.mkdir()
    unknown = local_file(
        other, 'ruleset = "troubled-families-2099"\nreason = "x"\n', "troubled-families-2099"
    )
    with pytest.raises(UnknownRuleset, match="troubled-families-2099"):
        check_file(unknown, SHIPPED)


# ---------------------------------------------------------------- which rules, and when


def test_an_unknown_rule_set_lists_the_known_ones() -> None:
    with pytest.raises(UnknownRuleset) as caught:
        SHIPPED.get("troubled-families-2020")
    assert caught.value.code == "unknown_ruleset"
    assert isinstance(caught.value, EligibilityError)
    assert str(caught.value) == (
        "There is no rule set called ‘troubled-families-2020’. Known rule sets: "
        "troubled-families-2012, troubled-families-2015, supporting-families-2022."
    )


def test_an_unknown_rule_set_is_named_but_never_echoed_whole() -> None:
    with pytest.raises(UnknownRuleset) as caught:
        SHIPPED.get("x" * 5000)
    assert f"‘{'x' * 59}…’" in str(caught.value) and len(str(caught.value)) < 200


def test_an_as_of_date_before_the_programme_is_refused() -> None:
    with pytest.raises(AsOfOutOfRange) as caught:
        check_as_of(SHIPPED.get("troubled-families-2012"), dt.date(2012, 3, 31))
    assert caught.value.code == "as_of_out_of_range"
    assert str(caught.value) == (
        "31/03/2012 is before Troubled Families 2012 to 2015 began on 01/04/2012: "
        "choose a later date or another rule set."
    )


def test_an_as_of_date_after_2100_is_refused_before_any_date_arithmetic() -> None:
    """Look-back windows and terms near year 9999 would overflow Python's dates."""
    ruleset = SHIPPED.get("supporting-families-2022")
    with pytest.raises(AsOfOutOfRange) as caught:
        check_as_of(ruleset, dt.date(9999, 12, 31))
    assert str(caught.value) == (
        "31/12/9999 is too far ahead: choose a date on or before 31/12/2100."
    )
    assert check_as_of(ruleset, dt.date(2100, 12, 31)) is None


@pytest.mark.parametrize(
    ("ruleset_id", "as_of", "note"),
    [
        ("troubled-families-2012", dt.date(2012, 4, 1), None),
        ("troubled-families-2012", dt.date(2015, 3, 31), None),
        (
            "troubled-families-2012",
            dt.date(2015, 4, 1),
            "Troubled Families 2012 to 2015 ended on 31/03/2015; screening under it on 01/04/2015 is for comparison only.",
        ),
        (
            "troubled-families-2015",
            dt.date(2024, 6, 1),
            "Troubled Families 2015 to 2020 ended on 31/03/2020; screening under it on 01/06/2024 is for comparison only.",
        ),
        ("supporting-families-2022", dt.date(2040, 1, 1), None),
    ],
)
def test_an_as_of_date_after_the_programme_is_for_comparison_only(
    ruleset_id: str, as_of: dt.date, note: str | None
) -> None:
    assert check_as_of(SHIPPED.get(ruleset_id), as_of) == note
