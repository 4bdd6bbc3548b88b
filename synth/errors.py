"""The error root of the synthetic borough and its scoring."""

from __future__ import annotations


class SynthError(Exception):
    """Root of the errors raised on purpose while generating or scoring a synthetic borough.

    ``code`` is stable for scripts; ``detail`` is plain English naming the option or file.
    """

    code = "synth_error"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.detail


class SynthInvalid(SynthError):
    """The synthetic borough generator was asked for something it cannot make."""

    code = "synth_invalid"


class TruthUnreadable(SynthError):
    """A ground-truth folder is missing a file, or a file is not what the generator writes."""

    code = "truth_unreadable"
