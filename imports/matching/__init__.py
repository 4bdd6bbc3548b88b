"""Matching police and probation lists to the council's person register (Splink on DuckDB).

See docs/matching.md for how it decides and how to review. The entry points:

- :func:`match_lists` — train or load the model, link, queue doubtful pairs, flag households;
- :func:`decide_pair`, :func:`undo_link` — a data officer's decisions (from
  ``workflow.matching``, which the API uses too);
- ``workflow.matching.review`` — what a reviewer reads (audited), shared with the API;
- ``service.evaluate_borough`` — precision and recall against a synthetic borough's truth;
- ``dedupe.find_register_duplicates`` — people who are in the register twice.

Modules: ``cleaning`` and ``nicknames`` (keys), ``records`` and ``frames`` (the two sides),
``comparisons`` and ``model`` (Splink), ``decide`` and ``pipeline`` (from scores to
decisions), ``store`` (one run's links and review queue), ``synthetic`` (extra
nominals for the benchmark and tests).
"""

from imports.matching.errors import (
    LinkNotFound,
    MatchingError,
    ModelFileInvalid,
    PairAlreadyDecided,
    PairNotFound,
)
from imports.matching.service import MatchReport, match_lists
from workflow.matching.decisions import decide_pair, undo_link

__all__ = [
    "LinkNotFound",
    "MatchReport",
    "MatchingError",
    "ModelFileInvalid",
    "PairAlreadyDecided",
    "PairNotFound",
    "decide_pair",
    "match_lists",
    "undo_link",
]
