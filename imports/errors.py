"""The error root of the imports package (named so it never shadows the builtin ImportError)."""

from __future__ import annotations


class ImportFailed(Exception):
    """Root of the errors raised on purpose while importing partner files.

    ``code`` is stable for scripts; ``detail`` is plain English naming the file, row,
    column or option at fault.
    """

    code = "import_failed"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.detail


class ImportStopped(ImportFailed):
    """An import stopped on an unexpected error; nothing from it was loaded.

    The message names the batch, the step and the error's type (and the database's error
    code), never the error's own text: a database or parsing error can quote a cell, and
    this message reaches logs and Prefect.
    """

    code = "import_stopped"

    @classmethod
    def scrubbed(cls, batch_id: int, step: str, exc: BaseException) -> ImportStopped:
        origin = getattr(exc, "orig", None)
        sqlstate = getattr(origin, "sqlstate", None)
        reason = type(exc).__name__ + (f", database code {sqlstate}" if sqlstate else "")
        return cls(
            f"Batch {batch_id} stopped while {step} ({reason}). Nothing from it was loaded: "
            "import the file again, and if it stops again, send it to the support team."
        )
