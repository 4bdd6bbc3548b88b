"""Errors matching raises on purpose, each with a stable code and a plain-English detail."""

from __future__ import annotations

from imports.errors import ImportFailed


class MatchingError(ImportFailed):
    """Root of the errors raised on purpose while matching police lists to the register."""

    code = "matching_failed"


class ModelFileInvalid(MatchingError):
    """The saved model file is missing, unreadable or from another version of matching."""

    code = "model_file_invalid"


class PairNotFound(MatchingError):
    """A review decision names a pair that is not (or no longer) waiting for review."""

    code = "pair_not_found"


class PairAlreadyDecided(MatchingError):
    """A review decision names a pair someone has already decided."""

    code = "pair_already_decided"


class LinkNotFound(MatchingError):
    """An undo names a link that does not exist or was already undone."""

    code = "link_not_found"
