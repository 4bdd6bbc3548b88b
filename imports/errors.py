"""The error root of the imports package (named so it never shadows the builtin ImportError)."""

from __future__ import annotations


class ImportFailed(Exception):
    """Root of the errors raised on purpose while generating or importing partner files.

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


class SynthInvalid(ImportFailed):
    """The synthetic borough generator was asked for something it cannot make."""

    code = "synth_invalid"
