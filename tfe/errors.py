"""The error root of the tfe package: what the command line itself refuses.

The CLI reports these like every package's errors: ``Error: {detail}`` on one line and
exit code 1 (refused input). A usage mistake (an unknown option, a missing or extra
argument) is click's to report instead, with exit code 2.
"""

from __future__ import annotations


class Refused(Exception):
    """A value given on the command line that the command refuses: a date not written
    dd/mm/yyyy, a file or folder that is not there, an unknown kind of file."""

    code = "refused_input"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.detail
