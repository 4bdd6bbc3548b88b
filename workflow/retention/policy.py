"""How long the engine keeps each kind of data: the retention policy. Pure.

The Information Commissioner's 2018 enforcement notice on the Metropolitan Police Gangs
Matrix named keeping data too long as a failing. Every source has a period here, with a
default a council's information-governance officer changes in its own file
(``DATA_DIR/retention.toml``, or ``TFE_RETENTION_FILE``):

```toml
uploads_days = 30            # uploaded files, once imported (or refused)
reports_days = 90            # error reports written for senders
list_review_days = 90        # a police list's rows, once a newer list from the same
                             # sender replaced it (a nominal who left the list goes then)
screening_days = 400         # screening decisions no longer in force, and empty runs
closed_episode_years = 6     # case notes and approvals of an episode closed this long ago

[facts_years]                # partner facts, by kind, counted from the fact's end date
police_incidents = 6         # (or its start date, when it has no end)
```

The defaults are a starting point, not legal advice: the council's own retention schedule
decides (docs/retention.md).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from workflow.errors import WorkflowError
from workflow.templates import KINDS, POLICE_LIST_KINDS, TEMPLATES

# Partner fact kinds (the registers and the police lists are kept by other rules).
FACT_KINDS: tuple[str, ...] = tuple(
    kind for kind in KINDS if kind not in POLICE_LIST_KINDS and kind not in ("people", "keyworkers")
)
DEFAULT_FACT_YEARS = 6


class RetentionInvalid(WorkflowError):
    code = "retention_invalid"


@dataclass(frozen=True)
class RetentionPolicy:
    uploads_days: int = 30
    reports_days: int = 90
    list_review_days: int = 90
    screening_days: int = 400
    closed_episode_years: int = 6
    facts_years: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(FACT_KINDS, DEFAULT_FACT_YEARS)
    )
    source: str = "the engine's defaults"

    def describe(self) -> list[tuple[str, str]]:
        """Each period in plain words, for ``tfe retention`` and the docs."""
        lines = [
            ("uploaded files", f"{self.uploads_days} days after they were imported"),
            ("error reports", f"{self.reports_days} days after they were written"),
            (
                "police lists (gangs matrix, IOM cohort)",
                f"{self.list_review_days} days after a newer list from the same sender "
                "replaced them",
            ),
            ("screening decisions no longer in force", f"{self.screening_days} days"),
            (
                "case notes and approvals of closed episodes",
                f"{self.closed_episode_years} years after closure",
            ),
        ]
        lines += [
            (f"{TEMPLATES[kind].one_row_is} ({kind})", f"{years} years after it ended")
            for kind, years in self.facts_years.items()
        ]
        return lines


LIMITS = {
    "uploads_days": (1, 3650),
    "reports_days": (1, 3650),
    "list_review_days": (0, 3650),
    "screening_days": (30, 3650),
    "closed_episode_years": (1, 100),
}


def load_policy(path: Path | None) -> RetentionPolicy:
    """The defaults, with a council's file's changes; every problem is listed at once."""
    policy = RetentionPolicy()
    if path is None or not path.is_file():
        return policy
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise RetentionInvalid(f"{path.name} can't be read as TOML: {error}") from None
    problems: list[str] = []
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key == "facts_years":
            changes["facts_years"] = _fact_years(value, problems, policy.facts_years)
        elif key in LIMITS:
            low, high = LIMITS[key]
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                problems.append(f"{key} must be a whole number from {low} to {high}")
            else:
                changes[key] = value
        else:
            problems.append(f"{key} is not a retention setting")
    if problems:
        raise RetentionInvalid(f"{path.name}: " + "; ".join(problems) + ".")
    return replace(policy, **changes, source=str(path))


def _fact_years(value: Any, problems: list[str], defaults: dict[str, int]) -> dict[str, int]:
    years = dict(defaults)
    if not isinstance(value, dict):
        problems.append("facts_years must be a table of kind = years")
        return years
    for kind, number in value.items():
        if kind not in FACT_KINDS:
            problems.append(f"facts_years.{kind} is not a kind of partner fact")
        elif not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 100:
            problems.append(f"facts_years.{kind} must be a whole number of years from 1 to 100")
        else:
            years[kind] = number
    return years
