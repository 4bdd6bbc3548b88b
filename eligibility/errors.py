"""The error root of the eligibility package.

Every error carries a stable ``code`` and a plain-English ``detail``; only the CLI and the
API turn them into exit codes and HTTP statuses.
"""

from __future__ import annotations

from dataclasses import dataclass


class EligibilityError(Exception):
    """Root of the errors the screening engine raises on purpose."""

    code = "eligibility_error"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.detail


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a rule file: where, and what."""

    file: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class RulesInvalid(EligibilityError):
    """A rule file (or a set of them) cannot be used; ``problems`` lists every reason."""

    code = "rules_invalid"

    SHOWN = 50  # problems listed; a file with thousands of mistakes gets a count of the rest

    def __init__(self, problems: list[Problem]) -> None:
        count = len(problems)
        shown = list(problems[: self.SHOWN])
        if count > self.SHOWN:
            more = count - self.SHOWN
            shown.append(Problem(problems[self.SHOWN].file, f"and {more:,} more problems"))
        self.problems = tuple(shown)
        heading = "1 problem" if count == 1 else f"{count:,} problems"
        lines = "\n".join(f"- {problem}" for problem in shown)
        super().__init__(f"The rules cannot be used ({heading}):\n{lines}")


class UnknownRuleset(EligibilityError):
    code = "unknown_ruleset"


class AsOfOutOfRange(EligibilityError):
    """An as-of date before the programme existed."""

    code = "as_of_out_of_range"
