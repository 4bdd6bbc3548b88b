"""Claims against the synthetic borough's ground truth: which attached families should be
claimable in a window, and with which outcome, from the households' stories alone.

Independent of the engine's results rules: it reads the truth's stories (improves and
sustains, improves then relapses, no change, adult into work), each with its turning
point and relapse date, the day each family's work began (its attachment) and, for
Supporting Families, the day its case was closed. The generator ends every problem of an
improving family within 30 days of its turning point; an adult into work ends only the
worklessness; a relapse starts the problems again within 30 days of its date.

- **supporting-families-2022** (every need has a positive outcome sustained at least 6
  months after closure; no employment route): an improving family whose story has not
  relapsed by the window's close, closed at least 6 months before it, and whose problems
  all ended at least 6 months before it.
- **troubled-families-2015** (every problem resolved for 6 months, or continuous
  employment): an improving family sustained 6 months; an adult into work off benefits
  for 26 weeks.
- **troubled-families-2012**: the crime, ASB and education result for an improving family
  sustained 6 months; continuous employment for an adult into work off benefits 13 weeks.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Story:
    story: str
    turn: dt.date | None
    relapse: dt.date | None
    began: dt.date | None


@dataclass(frozen=True)
class Expected:
    household_ref: str
    outcome: str | None
    why: str


@dataclass(frozen=True)
class Difference:
    household_ref: str
    expected: str | None
    claimed: str | None
    why: str

    def as_dict(self) -> dict[str, str | None]:
        return {
            "household_ref": self.household_ref,
            "expected": self.expected,
            "claimed": self.claimed,
            "why": self.why,
        }


def stories(truth_dir: Path) -> dict[str, Story]:
    def day(text: str | None) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    found = {}
    with (truth_dir / "households.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row.get("multi_problem") == "Y":
                found[row["household_ref"]] = Story(
                    row["story"],
                    day(row.get("turning_point")),
                    day(row.get("relapse_date")),
                    day(row.get("work_began")),
                )
    return found


def months_after(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


ENDED_WITHIN = dt.timedelta(days=30)  # every problem of an improving family ends by then


def expected_claims(
    phase: str,
    window_close: dt.date,
    attached: dict[str, dt.date],
    closed: dict[str, dt.date],
    truth_dir: Path,
    *,
    months: int = 6,
) -> dict[str, Expected]:
    """What the truth says of each attached family at ``window_close``."""
    told = stories(truth_dir)
    out: dict[str, Expected] = {}
    for ref, began in sorted(attached.items()):
        story = told.get(ref)
        if began > window_close:
            out[ref] = Expected(ref, None, "attached after the window closed")
            continue
        if story is None:
            out[ref] = Expected(ref, None, "not a multi-problem family in the truth")
            continue
        if story.story == "no_change" or story.turn is None:
            out[ref] = Expected(ref, None, "its story is no change")
            continue
        if story.relapse is not None and story.relapse <= window_close:
            out[ref] = Expected(ref, None, f"relapsed on {story.relapse:%d/%m/%Y}")
            continue
        ended = story.turn + ENDED_WITHIN
        if story.story == "adult_into_work":
            if phase == "supporting-families-2022":
                out[ref] = Expected(ref, None, "into work, but no employment route in 2022")
                continue
            weeks = 13 if phase == "troubled-families-2012" else 26
            off = (window_close - story.turn).days // 7
            outcome = "continuous_employment" if off >= weeks else None
            out[ref] = Expected(ref, outcome, f"off benefits for {off} weeks of {weeks}")
            continue
        if phase == "supporting-families-2022":
            closing = closed.get(ref)
            if closing is None:
                out[ref] = Expected(ref, None, "its case is not closed")
                continue
            due = months_after(max(closing, ended), months)
            if due > window_close:
                out[ref] = Expected(ref, None, f"sustained after closure only until {due:%d/%m/%Y}")
                continue
            out[ref] = Expected(ref, "outcomes_sustained", "every need sustained after closure")
            continue
        if months_after(ended, months) > window_close:
            out[ref] = Expected(ref, None, "not yet sustained for 6 months")
            continue
        result = (
            "crime_asb_education" if phase == "troubled-families-2012" else "sustained_progress"
        )
        out[ref] = Expected(ref, result, "every problem ended and sustained")
    return out


def compare_claims(
    expected: dict[str, Expected], claimed: dict[str, str]
) -> tuple[int, int, list[Difference]]:
    """(claimed and earned, earned, every difference with the truth's reason)."""
    earned = {ref for ref, e in expected.items() if e.outcome is not None}
    both = {ref for ref in earned if claimed.get(ref) == expected[ref].outcome}
    differences = [
        Difference(
            ref,
            expected[ref].outcome if ref in expected else None,
            claimed.get(ref),
            expected[ref].why if ref in expected else "not attached in the truth",
        )
        for ref in sorted(earned | set(claimed))
        if ref not in both
    ]
    return len(both), len(earned), differences
