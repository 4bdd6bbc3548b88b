"""Linking police and probation lists and partner rows to the council's person register:
the record-linkage engine (Splink on DuckDB).

See docs/matching.md for how it decides and how to review. The entry point is
:func:`match_lists`: train or load the model, link, queue doubtful pairs, flag households.
A data officer's decisions on the queue, and what a reviewer reads, need only the database
and live in ``workflow.matching``; scoring against a synthetic borough's truth lives in
``synth.scoring.matching``; ``dedupe.find_register_duplicates`` finds people who are in
the register twice.

Modules: ``cleaning`` and ``nicknames`` (keys), ``records`` and ``frames`` (the two sides),
``comparisons`` and ``model`` (Splink), ``decide`` and ``pipeline`` (from scores to
decisions), ``store`` (one run's links and review queue), ``service`` (the use case).
"""

from imports.linkage.errors import MatchingError, ModelFileInvalid
from imports.linkage.service import MatchReport, match_lists

__all__ = ["MatchReport", "MatchingError", "ModelFileInvalid", "match_lists"]
