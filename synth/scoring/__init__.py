"""Evaluating screening against the synthetic borough's ground truth.

- :func:`expected` (the oracle): which households' *generated* problems meet a rule set as
  at a date, from the truth CSVs alone, through the one table in ``mapping.py``;
- :func:`evaluate`: stored decisions against the oracle, false positives and negatives
  each with a reason;
- :func:`evaluate_borough`: both, for a screened borough in the database.

``python -m synth.scoring TRUTH_DIR`` prints the evaluation for humans.
"""

from synth.scoring.compare import Evaluation, Reason, evaluate, row_links
from synth.scoring.mapping import MAPPING, RULESETS, Meets, When
from synth.scoring.oracle import Expected, expected
from synth.scoring.run import evaluate_borough
from synth.scoring.truth import Truth

__all__ = [
    "MAPPING",
    "RULESETS",
    "Evaluation",
    "Expected",
    "Meets",
    "Reason",
    "Truth",
    "When",
    "evaluate",
    "evaluate_borough",
    "expected",
    "row_links",
]
