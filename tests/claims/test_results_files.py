"""Results rule files: what they say, the council's local changes, and bad files refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from eligibility.errors import RulesInvalid
from workflow.claims.loading import RULESETS, load_results, shipped

TF2015 = RULESETS / "troubled-families-2015.results.toml"


def test_the_shipped_thresholds_are_the_guidance() -> None:
    rules = shipped("troubled-families-2012")
    assert rules.months == 6 and rules.terms == 3
    assert rules.measure("asb").setting("reduction_pct") == 60
    assert rules.measure("youth_offending").setting("reduction_pct") == 33
    assert rules.measure("education").setting("fixed_exclusions") == 3
    assert rules.measure("education").setting("unauthorised_absence_pct") == 15
    assert rules.measure("employment").weeks["default"].value == 13
    assert [r.id for r in rules.results] == ["continuous_employment", "crime_asb_education"]


def test_unconfirmed_defaults_are_marked() -> None:
    rules = shipped("troubled-families-2015")
    weeks = rules.measure("employment").weeks
    assert {code: (s.value, s.confirmed) for code, s in weeks.items()} == {
        "default": (26, False),
        "JSA": (26, False),
        "ESA": (13, False),
        "IS": (13, False),
    }
    assert [r.id for r in shipped("supporting-families-2022").results] == ["outcomes_sustained"]


def test_a_local_file_changes_thresholds_and_the_hash(tmp_path: Path) -> None:
    local = tmp_path / "troubled-families-2015.results.local.toml"
    local.write_text(
        'ruleset = "troubled-families-2015.results"\n'
        'reason = "Our Outcome Plan asks for 9 months"\n'
        "[parameters]\nmonths = 9\n"
        "[measures.employment.weeks]\nJSA = 30\nUC = 20\n",
        encoding="utf-8",
    )
    rules = shipped("troubled-families-2015", tmp_path)
    assert rules.months == 9
    weeks = rules.measure("employment").weeks
    assert (weeks["JSA"].value, weeks["JSA"].overridden_by) == (30, local.name)
    assert weeks["UC"].value == 20
    assert rules.content_hash != shipped("troubled-families-2015").content_hash
    assert rules.files == (TF2015.name, local.name)


def _bad(tmp_path: Path, text: str) -> str:
    path = tmp_path / "bad.results.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesInvalid) as refused:
        load_results(path)
    return str(refused.value)


HEAD = (
    'id = "x.results"\nversion = 1\nphase = "troubled-families-2012"\ntitle = "X"\n'
    'source = "S1"\n[parameters.months]\nvalue = 6\n[parameters.terms]\nvalue = 3\n'
    '[[results]]\nid = "r"\nall_of = ["m"]\n'
)


def test_an_unknown_measure_kind_is_refused(tmp_path: Path) -> None:
    text = _bad(tmp_path, HEAD + '[[measures]]\nid = "m"\nkind = "vibes"\n')
    assert "‘vibes’ is not a kind of measure" in text


def test_a_result_naming_an_unknown_measure_is_refused(tmp_path: Path) -> None:
    text = _bad(tmp_path, HEAD.replace('all_of = ["m"]', 'all_of = ["nope"]'))
    assert "result ‘r’: ‘nope’ is not a measure of these rules" in text


def test_an_out_of_range_threshold_is_refused(tmp_path: Path) -> None:
    text = _bad(
        tmp_path,
        HEAD
        + '[[measures]]\nid = "m"\nkind = "reduction"\nfacts = ["members_with_asb_incident"]\n'
        + "[measures.parameters.reduction_pct]\nvalue = 160\n",
    )
    assert "‘reduction_pct’ is a percentage: it must be a number from 0 to 100, not 160" in text


def test_an_unknown_fact_and_a_zero_month_window_are_both_reported(tmp_path: Path) -> None:
    text = _bad(
        tmp_path,
        HEAD.replace("value = 6", "value = 0")
        + '[[measures]]\nid = "m"\nkind = "reduction"\nfacts = ["asb_vibes"]\n'
        + "[measures.parameters.reduction_pct]\nvalue = 60\n",
    )
    assert "2 problems" in text
    assert "‘asb_vibes’ is not a known fact" in text
    assert "‘months’ is a number of months: it must be a whole number from 1 to 36" in text


def test_a_local_file_without_a_reason_is_refused(tmp_path: Path) -> None:
    local = tmp_path / "local.toml"
    local.write_text('ruleset = "troubled-families-2015.results"\n', encoding="utf-8")
    with pytest.raises(RulesInvalid, match="must say why the council changed the rules"):
        load_results(TF2015, local)
