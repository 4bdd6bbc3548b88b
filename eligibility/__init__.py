"""Eligibility screening: versioned rule sets and the two evaluators that read them (pure).

- :func:`load_catalogue` reads the shipped rule files (``eligibility/rulesets``) and a
  council's own and local files, reporting every problem at once;
- :func:`screen` decides every household in a facts frame at once;
- :func:`explain` decides one household and says why, with the evidence rows.

Facts (:data:`FACTS`) are derived from imported data by ``workflow.screening``.
"""

from eligibility.catalogue import Catalogue, check_as_of, check_file, load_catalogue
from eligibility.errors import (
    AsOfOutOfRange,
    EligibilityError,
    Problem,
    RulesInvalid,
    UnknownRuleset,
)
from eligibility.explain import Decision, Evidence, explain
from eligibility.facts import FACTS, Fact, FactType, Window
from eligibility.loading import load_ruleset
from eligibility.ruleset import Criterion, Parameter, RuleSet
from eligibility.vectorised import Screening, screen

__all__ = [
    "FACTS",
    "AsOfOutOfRange",
    "Catalogue",
    "Criterion",
    "Decision",
    "EligibilityError",
    "Evidence",
    "Fact",
    "FactType",
    "Parameter",
    "Problem",
    "RuleSet",
    "RulesInvalid",
    "Screening",
    "UnknownRuleset",
    "Window",
    "check_as_of",
    "check_file",
    "explain",
    "load_catalogue",
    "load_ruleset",
    "screen",
]
