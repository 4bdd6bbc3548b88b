"""Why a pathway definition, a pathway version or an enforcement overlay was refused.

Each error has a stable ``code`` and a plain-English ``detail``; only ``api/`` maps them to
HTTP statuses and only the CLI to exit codes. A refused tier move is the state-machine
kit's ``TransitionRefused``, as for the household lifecycle.
"""

from __future__ import annotations

from collections.abc import Sequence

from eligibility.errors import Problem
from workflow.errors import WorkflowError

__all__ = ["EnforcementRefused", "PathwayInvalid", "Problem", "UnknownPathway"]


class PathwayInvalid(WorkflowError):
    """A pathway definition file (or a set of them) cannot be used.

    ``problems`` lists every reason, each with its file and line (a ``Problem``, as for
    rule files); past ``SHOWN`` the rest are counted.
    """

    code = "pathway_invalid"

    SHOWN = 50

    def __init__(self, problems: Sequence[Problem]) -> None:
        count = len(problems)
        shown = list(problems[: self.SHOWN])
        if count > self.SHOWN:
            more = count - self.SHOWN
            shown.append(Problem(problems[self.SHOWN].file, f"and {more:,} more problems"))
        self.problems = tuple(shown)
        heading = "1 problem" if count == 1 else f"{count:,} problems"
        lines = "\n".join(f"- {problem}" for problem in shown)
        super().__init__(f"The pathway definition cannot be used ({heading}):\n{lines}")


class UnknownPathway(WorkflowError):
    """A pathway version id that no loaded definition has."""

    code = "unknown_pathway"


class EnforcementRefused(WorkflowError):
    """An enforcement overlay on a tier that does not allow it, or for an unknown agency."""

    code = "enforcement_refused"

    def __init__(self, detail: str, *, reasons: Sequence[str] = ()) -> None:
        super().__init__(detail)
        self.reasons = tuple(reasons)
