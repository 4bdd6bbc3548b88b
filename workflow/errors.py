"""The error root of the workflow package.

Every error a user can cause carries a stable ``code`` (for scripts, logs and the API)
and a plain-English ``detail`` (for people). Only ``api/`` maps errors to HTTP statuses
and only the CLI maps them to exit codes.
"""

from __future__ import annotations


class WorkflowError(Exception):
    """Root of the errors the workflow core raises on purpose."""

    code = "workflow_error"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.detail


class DatabaseUnavailable(WorkflowError):
    """The database named in the settings cannot be reached or opened."""

    code = "database_unavailable"


class HouseholdNotFound(WorkflowError):
    """A household reference that is not in the register."""

    code = "household_not_found"

    @classmethod
    def named(cls, household_ref: str) -> HouseholdNotFound:
        return cls(f"There is no household ‘{household_ref[:40]}’ in the register.")


class SettingsInvalid(WorkflowError):
    """A setting has a value the engine cannot use."""

    code = "settings_invalid"
