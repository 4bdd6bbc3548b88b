"""Every rule set the engine knows: the shipped ones plus a council's own, checked together.

Files of one programme must not overlap in time: two rule sets both in force on one date
would make "which rules applied?" unanswerable for an auditor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from eligibility.errors import AsOfOutOfRange, Problem, RulesInvalid, UnknownRuleset
from eligibility.loading import SHIPPED, load_ruleset, read_toml
from eligibility.ruleset import RuleSet

LOCAL_SUFFIX = ".local.toml"


@dataclass(frozen=True)
class Catalogue:
    rulesets: dict[str, RuleSet]
    paths: dict[str, Path]  # where each rule set's own file is

    def get(self, ruleset_id: str) -> RuleSet:
        try:
            return self.rulesets[ruleset_id]
        except KeyError:
            known = ", ".join(ruleset.id for ruleset in self.all())
            shown = ruleset_id if len(ruleset_id) <= 60 else ruleset_id[:59] + "…"
            raise UnknownRuleset(
                f"There is no rule set called ‘{shown}’. Known rule sets: {known}."
            ) from None

    def all(self) -> list[RuleSet]:
        return sorted(self.rulesets.values(), key=lambda r: (r.effective_from, r.id))


def load_catalogue(local_dir: Path | None = None, shipped: Path = SHIPPED) -> Catalogue:
    """The shipped rule sets, a council's own rule files and its local changes.

    Every problem in every file is reported at once (:class:`RulesInvalid`).
    """
    files = sorted(shipped.glob("*.toml"))
    local_files: dict[str, Path] = {}
    problems: list[Problem] = []
    if local_dir is not None and local_dir.is_dir():
        for path in sorted(local_dir.glob("*.toml")):
            if path.name.endswith(LOCAL_SUFFIX):
                local_files[path.name.removesuffix(LOCAL_SUFFIX)] = path
            else:
                files.append(path)
    rulesets: dict[str, RuleSet] = {}
    paths: dict[str, Path] = {}
    for path in files:
        try:
            ruleset = load_ruleset(path, local_files.pop(path.stem, None))
        except RulesInvalid as error:
            problems.extend(error.problems)
            continue
        if ruleset.id != path.stem:
            problems.append(Problem(path.name, f"its id ‘{ruleset.id}’ must match its file name"))
        elif ruleset.id in rulesets:
            problems.append(Problem(path.name, f"a rule set called ‘{ruleset.id}’ already exists"))
        else:
            rulesets[ruleset.id] = ruleset
            paths[ruleset.id] = path
    for stem, path in local_files.items():
        problems.append(Problem(path.name, f"changes ‘{stem}’, but there is no such rule set"))
    problems += overlaps(
        list(rulesets.values()), {r for r, p in paths.items() if p.parent == shipped}
    )
    if problems:
        raise RulesInvalid(problems)
    return Catalogue(rulesets, paths)


def overlaps(rulesets: list[RuleSet], shipped: Collection[str] = ()) -> list[Problem]:
    """A problem for each pair of one programme's rule sets in force on the same day.

    The problem is the later file's, unless that one is ``shipped`` and the earlier is not.
    """
    ordered = sorted(rulesets, key=lambda r: (r.programme, r.effective_from, r.id))
    found = []
    for index, later in enumerate(ordered):
        for earlier in ordered[:index]:
            if _overlapping(earlier, later):
                ours, theirs = (
                    (earlier, later)
                    if later.id in shipped and earlier.id not in shipped
                    else (later, earlier)
                )
                found.append(_overlap(ours, theirs, f"{ours.id}.toml"))
    return found


def _overlapping(one: RuleSet, other: RuleSet) -> bool:
    last = dt.date.max
    return (
        one.programme == other.programme
        and one.effective_from <= (other.effective_to or last)
        and other.effective_from <= (one.effective_to or last)
    )


def _overlap(ruleset: RuleSet, other: RuleSet, file: str) -> Problem:
    """The problem with ``ruleset`` (in ``file``): it is in force on a day ``other`` is."""
    return Problem(
        file,
        f"it is in force {_period(ruleset)}, overlapping ‘{other.id}’ of the same programme "
        f"(in force {_period(other)}): one programme's rule sets must not overlap",
    )


def _period(ruleset: RuleSet) -> str:
    start = f"from {ruleset.effective_from:%d/%m/%Y}"
    end = f"to {ruleset.effective_to:%d/%m/%Y}" if ruleset.effective_to else "with no end date"
    return f"{start} {end}"


def check_file(path: Path, catalogue: Catalogue) -> RuleSet:
    """Check a new or changed rule file (or local file) against the rest of the catalogue."""
    if path.name.endswith(LOCAL_SUFFIX):
        data, _ = read_toml(path)
        shipped = catalogue.get(str(data.get("ruleset", path.name.removesuffix(LOCAL_SUFFIX))))
        return load_ruleset(catalogue.paths[shipped.id], path)
    ruleset = load_ruleset(path)
    problems = [
        _overlap(ruleset, other, path.name)
        for other in catalogue.all()
        if other.id != ruleset.id and _overlapping(ruleset, other)
    ]
    if problems:
        raise RulesInvalid(problems)
    return ruleset


LATEST_AS_OF = dt.date(2100, 12, 31)  # look-back windows reach past it at their peril


def check_as_of(ruleset: RuleSet, as_of: dt.date) -> str | None:
    """Refuse a date before the programme existed or after 2100; note one after it ended."""
    if as_of > LATEST_AS_OF:
        raise AsOfOutOfRange(
            f"{as_of:%d/%m/%Y} is too far ahead: choose a date on or before "
            f"{LATEST_AS_OF:%d/%m/%Y}."
        )
    if as_of < ruleset.effective_from:
        raise AsOfOutOfRange(
            f"{as_of:%d/%m/%Y} is before {ruleset.title} began on "
            f"{ruleset.effective_from:%d/%m/%Y}: choose a later date or another rule set."
        )
    if ruleset.effective_to and as_of > ruleset.effective_to:
        return (
            f"{ruleset.title} ended on {ruleset.effective_to:%d/%m/%Y}; screening under it "
            f"on {as_of:%d/%m/%Y} is for comparison only."
        )
    return None
