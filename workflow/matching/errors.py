"""Errors a reviewer's decision can meet, each with a stable code and a plain-English detail."""

from __future__ import annotations

from workflow.errors import WorkflowError


class PairNotFound(WorkflowError):
    """A review decision names a pair that is not (or no longer) waiting for review."""

    code = "pair_not_found"


class PairAlreadyDecided(WorkflowError):
    """A review decision names a pair someone has already decided."""

    code = "pair_already_decided"


class LinkNotFound(WorkflowError):
    """An undo names a link that does not exist or was already undone."""

    code = "link_not_found"
