"""Errors matching raises on purpose, each with a stable code and a plain-English detail."""

from __future__ import annotations

from imports.errors import ImportFailed


class MatchingError(ImportFailed):
    """Root of the errors raised on purpose while matching police lists to the register."""

    code = "matching_failed"


class ModelFileInvalid(MatchingError):
    """The saved model file is missing, unreadable or from another version of matching."""

    code = "model_file_invalid"


class ModelFromOtherVersion(ModelFileInvalid):
    """The saved model compares other fields (an older version of tfe made it)."""

    code = "model_from_other_version"
