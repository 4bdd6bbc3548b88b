"""Every parameter has a valid range (issue #11): a value outside it, in a rule file or a
council's local file, is refused with the file and line, with every other problem.

The ranges are written out here by hand, from what each parameter means: a percentage of
sessions is 0 to 100; a number of suspensions is a whole number from 0; a look-back is 1 to
36 months (three years); the terms measured are 1 to 9 (three school years).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from eligibility_builders import SHIPPED, minimal_rules

from eligibility import RulesInvalid, check_file, load_catalogue, load_ruleset
from eligibility.loading import SHIPPED as SHIPPED_DIR
from eligibility.loading import ruleset_from_document
from eligibility.parameters import KNOWN, RANGES

# (rule set, parameter) -> (kind in words, lowest, highest or None, whole numbers only)
EXPECTED = {
    ("troubled-families-2012", "lookback_months"): ("a number of months", 1, 36, True),
    ("troubled-families-2012", "terms"): ("a number of school terms", 1, 9, True),
    ("troubled-families-2012", "unauthorised_absence_pct"): ("a percentage", 0, 100, False),
    ("troubled-families-2012", "fixed_exclusions"): ("a count", 0, None, True),
    ("troubled-families-2015", "lookback_months"): ("a number of months", 1, 36, True),
    ("troubled-families-2015", "terms"): ("a number of school terms", 1, 9, True),
    ("troubled-families-2015", "absence_pct"): ("a percentage", 0, 100, False),
    ("troubled-families-2015", "fixed_exclusions"): ("a count", 0, None, True),
    ("supporting-families-2022", "lookback_months"): ("a number of months", 1, 36, True),
    ("supporting-families-2022", "terms"): ("a number of school terms", 1, 9, True),
    ("supporting-families-2022", "absence_pct"): ("a percentage", 0, 100, False),
    ("supporting-families-2022", "fixed_exclusions"): ("a count", 0, None, True),
}

# Values just outside and just inside each bound, and the issue's own example.
REFUSED = [
    ("troubled-families-2015", "absence_pct", "150", "a percentage: it must be a number from 0 to 100, not 150"),
    ("troubled-families-2015", "absence_pct", "100.1", "a percentage: it must be a number from 0 to 100, not 100.1"),
    ("troubled-families-2015", "absence_pct", "-0.1", "a percentage: it must be a number from 0 to 100, not -0.1"),
    ("troubled-families-2015", "absence_pct", "nan", "a percentage: it must be a number from 0 to 100, not nan"),
    ("troubled-families-2012", "unauthorised_absence_pct", "100.5", "a percentage: it must be a number from 0 to 100, not 100.5"),
    ("troubled-families-2012", "unauthorised_absence_pct", "-1", "a percentage: it must be a number from 0 to 100, not -1"),
    ("troubled-families-2015", "fixed_exclusions", "-1", "a count: it must be a whole number from 0, not -1"),
    ("troubled-families-2015", "fixed_exclusions", "2.5", "a count: it must be a whole number from 0, not 2.5"),
    ("troubled-families-2015", "fixed_exclusions", "inf", "a count: it must be a whole number from 0, not inf"),
    ("supporting-families-2022", "lookback_months", "0", "a number of months: it must be a whole number from 1 to 36, not 0"),
    ("supporting-families-2022", "lookback_months", "37", "a number of months: it must be a whole number from 1 to 36, not 37"),
    ("supporting-families-2022", "lookback_months", "12.5", "a number of months: it must be a whole number from 1 to 36, not 12.5"),
    ("troubled-families-2012", "terms", "0", "a number of school terms: it must be a whole number from 1 to 9, not 0"),
    ("troubled-families-2012", "terms", "10", "a number of school terms: it must be a whole number from 1 to 9, not 10"),
]  # fmt: skip
ACCEPTED = [
    ("troubled-families-2015", "absence_pct", "0", 0),
    ("troubled-families-2015", "absence_pct", "100", 100),
    ("troubled-families-2015", "absence_pct", "99.9", 99.9),
    ("troubled-families-2012", "unauthorised_absence_pct", "100.0", 100),
    ("troubled-families-2015", "fixed_exclusions", "0", 0),
    ("troubled-families-2015", "fixed_exclusions", "40", 40),
    ("troubled-families-2015", "fixed_exclusions", "3.0", 3),
    ("supporting-families-2022", "lookback_months", "1", 1),
    ("supporting-families-2022", "lookback_months", "36", 36),
    ("troubled-families-2012", "terms", "1", 1),
    ("troubled-families-2012", "terms", "9", 9),
]


def with_value(folder: Path, ruleset_id: str, name: str, value: str) -> Path:
    """A copy of a shipped rule file with one parameter's value changed."""
    text = (SHIPPED_DIR / f"{ruleset_id}.toml").read_text(encoding="utf-8")
    text, changed = re.subn(
        rf"(\[parameters\.{name}\]\nvalue = )[^\n]+", rf"\g<1>{value}", text, count=1
    )
    assert changed == 1, name
    path = folder / f"{ruleset_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def local(folder: Path, ruleset_id: str, text: str) -> Path:
    path = folder / f"{ruleset_id}.local.toml"
    path.write_text(f'ruleset = "{ruleset_id}"\nreason = "Our plan"\n[parameters]\n{text}\n')
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def refused(path: Path, local_path: Path | None = None) -> list[str]:
    with pytest.raises(RulesInvalid) as caught:
        load_ruleset(path, local_path)
    return [str(problem) for problem in caught.value.problems]


def test_every_shipped_parameter_has_the_range_its_meaning_gives() -> None:
    found = {}
    for ruleset in SHIPPED.all():
        for name in ruleset.parameters:
            assert name in KNOWN, f"{ruleset.id}: {name} has no declared range"
            found[(ruleset.id, name)] = KNOWN[name]
    assert set(found) == set(EXPECTED)
    for key, kind in found.items():
        valid = RANGES[kind]
        assert (valid.what, valid.lowest, valid.highest, valid.whole) == EXPECTED[key], key


@pytest.mark.parametrize(("ruleset_id", "name", "value", "expected"), REFUSED)
def test_a_value_outside_its_range_is_refused_with_the_file_and_line(
    tmp_path: Path, ruleset_id: str, name: str, value: str, expected: str
) -> None:
    path = with_value(tmp_path, ruleset_id, name, value)
    assert refused(path) == [
        f"{ruleset_id}.toml, line {line_of(path, f'[parameters.{name}]')}: "
        f"parameter ‘{name}’ is {expected}"
    ]


@pytest.mark.parametrize(("ruleset_id", "name", "value", "expected"), ACCEPTED)
def test_a_value_at_or_inside_its_bounds_is_accepted(
    tmp_path: Path, ruleset_id: str, name: str, value: str, expected: float
) -> None:
    ruleset = load_ruleset(with_value(tmp_path, ruleset_id, name, value))
    assert ruleset.parameters[name].value == expected


@pytest.mark.parametrize(("ruleset_id", "name", "value", "expected"), REFUSED)
def test_a_local_file_outside_the_range_is_refused_at_its_own_line(
    tmp_path: Path, ruleset_id: str, name: str, value: str, expected: str
) -> None:
    path = local(tmp_path, ruleset_id, f"{name} = {value}")
    assert refused(SHIPPED_DIR / f"{ruleset_id}.toml", path) == [
        f"{ruleset_id}.local.toml, line 4: parameter ‘{name}’ is {expected}"
    ]


@pytest.mark.parametrize(("ruleset_id", "name", "value", "expected"), ACCEPTED)
def test_a_local_file_inside_the_range_is_accepted(
    tmp_path: Path, ruleset_id: str, name: str, value: str, expected: float
) -> None:
    path = local(tmp_path, ruleset_id, f"{name} = {value}")
    ruleset = load_ruleset(SHIPPED_DIR / f"{ruleset_id}.toml", path)
    assert ruleset.parameters[name].value == expected
    assert ruleset.parameters[name].overridden_by == path.name


def test_every_value_out_of_range_is_listed_at_once(tmp_path: Path) -> None:
    path = local(
        tmp_path,
        "troubled-families-2015",
        "absence_pct = 150\nfixed_exclusions = -3\nterms = 12\nlookback_months = 0",
    )
    assert refused(SHIPPED_DIR / "troubled-families-2015.toml", path) == [
        "troubled-families-2015.local.toml, line 7: parameter ‘lookback_months’ is a number of "
        "months: it must be a whole number from 1 to 36, not 0",
        "troubled-families-2015.local.toml, line 6: parameter ‘terms’ is a number of school "
        "terms: it must be a whole number from 1 to 9, not 12",
        "troubled-families-2015.local.toml, line 4: parameter ‘absence_pct’ is a percentage: it "
        "must be a number from 0 to 100, not 150",
        "troubled-families-2015.local.toml, line 5: parameter ‘fixed_exclusions’ is a count: it "
        "must be a whole number from 0, not -3",
    ]


def test_a_local_file_out_of_range_is_refused_when_the_catalogue_loads(tmp_path: Path) -> None:
    local(tmp_path, "supporting-families-2022", "absence_pct = 150")
    with pytest.raises(RulesInvalid) as caught:
        load_catalogue(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "supporting-families-2022.local.toml, line 4: parameter ‘absence_pct’ is a percentage: "
        "it must be a number from 0 to 100, not 150"
    ]


def test_check_file_refuses_a_local_file_out_of_range(tmp_path: Path) -> None:
    path = local(tmp_path, "troubled-families-2015", "absence_pct = 150")
    with pytest.raises(RulesInvalid, match="not 150"):
        check_file(path, SHIPPED)


# ---------------------------------------------------------------- a council's own parameters


def own_rules(folder: Path, parameter: str) -> Path:
    """The small test rule file with its absence threshold set as ``parameter`` (TOML)."""
    path = minimal_rules(folder / "ours-2030.toml", ruleset_id="ours-2030")
    text = path.read_text().replace(
        "[parameters.absence_pct]\nvalue = 10\n", f"[parameters.bar]\n{parameter}\n"
    )
    path.write_text(text.replace("$absence_pct", "$bar"))
    return path


def test_a_councils_own_parameter_says_its_kind_and_is_range_checked(tmp_path: Path) -> None:
    good = own_rules(tmp_path, 'value = 12.5\nkind = "percent"')
    assert load_ruleset(good).parameters["bar"].value == 12.5
    bad = own_rules(tmp_path, 'value = 120\nkind = "percent"')
    assert refused(bad) == [
        f"ours-2030.toml, line {line_of(bad, '[parameters.bar]')}: parameter ‘bar’ is a "
        "percentage: it must be a number from 0 to 100, not 120"
    ]


@pytest.mark.parametrize(
    ("parameter", "expected"),
    [
        (
            "value = 12",
            "parameter ‘bar’ is not one the engine knows (lookback_months, terms, absence_pct, "
            "unauthorised_absence_pct, fixed_exclusions): say which kind it is with kind = one "
            "of ‘percent’, ‘count’, ‘months’, ‘terms’",
        ),
        (
            'value = 12\nkind = "age"',
            "parameter ‘bar’: ‘kind’ must be one of ‘percent’, ‘count’, ‘months’, ‘terms’, "
            "not 'age'",
        ),
        (
            "value = 12\nkind = [1]",
            "parameter ‘bar’: ‘kind’ must be one of ‘percent’, ‘count’, ‘months’, ‘terms’, not [1]",
        ),
    ],
    ids=["no kind", "unknown kind", "kind not text"],
)
def test_a_councils_own_parameter_without_a_known_kind_is_refused(
    tmp_path: Path, parameter: str, expected: str
) -> None:
    path = own_rules(tmp_path, parameter)
    assert refused(path) == [
        f"ours-2030.toml, line {line_of(path, '[parameters.bar]')}: {expected}"
    ]


def test_a_known_parameter_cannot_change_its_kind(tmp_path: Path) -> None:
    path = with_value(tmp_path, "troubled-families-2015", "absence_pct", '10\nkind = "count"')
    assert refused(path) == [
        f"troubled-families-2015.toml, line {line_of(path, '[parameters.absence_pct]')}: "
        "parameter ‘absence_pct’ is a percentage, not of kind ‘count’"
    ]
    same = with_value(tmp_path, "troubled-families-2015", "absence_pct", '10\nkind = "percent"')
    assert load_ruleset(same).parameters["absence_pct"].value == 10


def test_a_stored_rule_set_is_rebuilt_as_it_was_used() -> None:
    """Decisions stored before ranges were checked can still be re-run."""
    document = SHIPPED.get("troubled-families-2015").document
    stored = document | {
        "parameters": document["parameters"]
        | {"absence_pct": document["parameters"]["absence_pct"] | {"value": 150}}
    }
    assert ruleset_from_document(stored).parameters["absence_pct"].value == 150
