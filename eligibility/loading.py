"""Reading rule files: every problem found and reported at once, never the first only.

A **rule file** (``eligibility/rulesets/<id>.toml``, or a council's own in its rules
folder) defines one programme's rule set from one effective date; shipped files are never
edited. A council changes a threshold in a **local file** beside it
(``<rules folder>/<id>.local.toml``)::

    ruleset = "troubled-families-2015"
    reason = "Our outcome plan uses 15% absence"
    [parameters]
    absence_pct = 15

Every parameter has a kind and a valid range, declared once in ``eligibility.parameters``
(percentages from 0 to 100, counts from 0, months from 1 to 36, terms from 1 to 9); a value
outside it, in a rule file or a local file, is refused with the file and line.

A local file may also ``disable`` criteria by id and add ``[[criteria]]`` of its own (the
2012 rules' local-discretion criteria are the council's to choose). The effective rule set
is the shipped file plus the local changes; its content hash changes with them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
import tomllib
from pathlib import Path
from typing import Any

from eligibility.errors import Problem, RulesInvalid
from eligibility.facts import FACTS
from eligibility.parameters import KNOWN, RANGES, Kind, out_of_range
from eligibility.ruleset import (
    OPERATORS,
    Alternative,
    Condition,
    Criterion,
    Parameter,
    RuleSet,
)

SHIPPED = Path(__file__).parent / "rulesets"
REQUIRED_PARAMETERS = ("lookback_months", "terms")
TOP_KEYS = {
    "id", "version", "programme", "title", "effective_from", "effective_to", "source",
    "summary", "parameters", "criteria", "eligible_when",
}  # fmt: skip
CRITERION_KEYS = {"id", "title", "group", "headline", "source", "any_of"}
PARAMETER_KEYS = {"value", "description", "source", "confirmed", "kind"}
WHEN_KEYS = {"requires_any", "at_least", "headlines_at_least"}
LOCAL_KEYS = {"ruleset", "reason", "parameters", "disable", "criteria"}
CONDITION = re.compile(
    r"^\s*([a-z_][a-z0-9_]*)\s*(>=|<=|==|!=|>|<)\s*(\$[a-z_][a-z0-9_]*|-?\d+(?:\.\d+)?)\s*$"
)
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
TOML_PLACE = re.compile(r"\s*\(at line (?P<line>\d+), column (?P<column>\d+)\)$")


class _Collector:
    """Problems found in one file, with line numbers found by looking for the text (for
    the first ``RulesInvalid.SHOWN`` problems only: past those, a file with thousands of
    mistakes is only counted, so checking it stays quick)."""

    def __init__(self, name: str, text: str) -> None:
        self.name, self.lines, self.problems = name, text.splitlines(), list[Problem]()

    def add(self, message: str, near: str | None = None) -> None:
        line = self.line_of(near) if len(self.problems) < RulesInvalid.SHOWN else None
        self.problems.append(Problem(self.name, message, line))

    def first(self, *needles: str) -> str | None:
        """The first of ``needles`` the file contains (for the most precise line)."""
        return next((needle for needle in needles if self.line_of(needle)), None)

    def line_of(self, needle: str | None) -> int | None:
        if not needle:
            return None
        for number, line in enumerate(self.lines, start=1):
            if needle in line:
                return number
        return None


MAX_FILE_BYTES = 256 * 1024  # the shipped rule files are about 5 KB each
MAX_NESTING = 16  # tables and lists inside one another; the shipped files go 3 deep
MAX_SETTINGS = 5_000  # keys and list items in all; the shipped files have about 150


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """The file's content and text; a syntax error is a problem with its line.

    A file too large, nested too deep or with too many settings to be a rule file is
    refused before (or instead of) being read in full, so a hostile file can neither
    exhaust the parser's recursion nor take minutes to check.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise RulesInvalid(
                [Problem(path.name, f"is {size:,} bytes: a rule file is at most 256 KB")]
            )
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        raise RulesInvalid([Problem(path.name, f"cannot be read: {reason}")]) from None
    deepest, line = _nesting(text)
    if deepest > MAX_NESTING:
        message = f"nests lists or tables {deepest} deep: a rule file goes at most {MAX_NESTING}"
        raise RulesInvalid([Problem(path.name, message, line)])
    try:
        data = tomllib.loads(text)
    except RecursionError:  # cannot happen below MAX_NESTING, but never a crash
        raise RulesInvalid([Problem(path.name, "nests too deep to be read")]) from None
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        message = getattr(error, "msg", str(error))
        place = TOML_PLACE.search(message)  # Python before 3.14 puts the line in the text
        if line is None and place:
            line = int(place["line"])
            message = f"{message[: place.start()]} (column {place['column']})"
        raise RulesInvalid([Problem(path.name, f"is not valid TOML: {message}", line)]) from None
    settings = _count_settings(data)
    if settings > MAX_SETTINGS:
        message = f"has {settings:,} settings: a rule file has at most {MAX_SETTINGS:,}"
        raise RulesInvalid([Problem(path.name, message)])
    return data, text


def _nesting(text: str) -> tuple[int, int | None]:
    """How deep ``[``/``{`` go outside strings and comments, and the line where deepest.

    A quick scan rather than a parser: it need only be right about depth (string quotes,
    escapes and comments are skipped), and it never recurses."""
    depth = deepest = 0
    deepest_line: int | None = None
    line, i, n = 1, 0, len(text)
    while i < n:
        char = text[i]
        if char == "\n":
            line += 1
        elif char == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif char in "\"'":
            triple = text.startswith(char * 3, i)
            end = char * 3 if triple else char
            i += 3 if triple else 1
            while i < n and not text.startswith(end, i):
                if text[i] == "\\" and char == '"':
                    i += 1
                elif text[i] == "\n":
                    line += 1
                    if not triple:
                        break
                i += 1
            i += len(end)
            continue
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest, deepest_line = depth, line
        elif char in "]}":
            depth = max(0, depth - 1)
        i += 1
    return deepest, deepest_line


def _count_settings(value: Any) -> int:
    """Keys and list items, all the way down (without recursion)."""
    count, stack = 0, [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            count += len(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            count += len(item)
            stack.extend(item)
    return count


def load_ruleset(path: Path, local: Path | None = None) -> RuleSet:
    """Read and check a rule file and, if given, the council's local file for it.

    A problem the local file causes (a bad threshold, a criterion of its own) is reported
    against the local file, not the rule file it changes.
    """
    data, text = read_toml(path)
    found = _Collector(path.name, text)
    ruleset = build(data, found, (path.name,))
    if local is not None:
        overrides, local_text = read_toml(local)
        changes = _Collector(local.name, local_text)
        merged = apply_local(data, overrides, changes)
        after = _Collector(local.name, local_text)
        ruleset = build(merged, after, (path.name, local.name))
        already = {problem.message for problem in found.problems}
        found.problems += changes.problems
        found.problems += [p for p in after.problems if p.message not in already]
    if found.problems or ruleset is None:
        raise RulesInvalid(found.problems)
    return ruleset


def apply_local(data: dict[str, Any], local: dict[str, Any], found: _Collector) -> dict[str, Any]:
    """The shipped content with a council's changes applied (problems go to ``found``)."""
    merged: dict[str, Any] = json.loads(json.dumps(data, default=str))
    for key in sorted(set(local) - LOCAL_KEYS):
        found.add(f"‘{key}’ is not a setting a local file can have", key)
    if "ruleset" not in local:
        found.add(f"needs ‘ruleset’: the id of the rule set it changes (‘{data.get('id')}’)")
    elif local["ruleset"] != data.get("id"):
        found.add(
            f"says it changes ‘{local['ruleset']}’ but sits beside ‘{data.get('id')}’", "ruleset"
        )
    if not isinstance(local.get("reason"), str) or not local.get("reason", "").strip():
        found.add("needs a ‘reason’: why the council changed the shipped rules")
    shipped = merged.get("parameters")
    shipped = shipped if isinstance(shipped, dict) else {}
    changed = local.get("parameters", {})
    if not isinstance(changed, dict):
        found.add("‘parameters’ must be a table of names and numbers", "parameters")
        changed = {}
    for name, value in changed.items():
        if not isinstance(shipped.get(name), dict):
            found.add(
                f"parameter ‘{name}’ is not one of this rule set's: {', '.join(shipped)}", name
            )
        elif isinstance(value, bool) or not isinstance(value, int | float):
            found.add(f"parameter ‘{name}’ must be a number, not {value!r}", name)
        else:
            shipped[name] = shipped[name] | {"value": value, "overridden_by": found.name}
    criteria = merged.get("criteria")
    criteria = [c for c in criteria if isinstance(c, dict)] if isinstance(criteria, list) else []
    ids = [criterion.get("id") for criterion in criteria]
    disable = local.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(i, str) for i in disable):
        found.add('‘disable’ must be a list of criterion ids, like ["local_health"]', "disable")
        disable = []
    for criterion_id in disable:
        if criterion_id not in ids:
            found.add(f"cannot disable ‘{criterion_id}’: there is no such criterion", criterion_id)
    added = local.get("criteria", [])
    if not isinstance(added, list) or not all(isinstance(c, dict) for c in added):
        found.add("‘criteria’ must be written as [[criteria]] tables", "criteria")
        added = []
    merged["criteria"] = [c for c in criteria if c.get("id") not in disable] + added
    merged["local_reason"] = local.get("reason")
    return merged


def build(
    data: dict[str, Any], found: _Collector, files: tuple[str, ...], *, ranges: bool = True
) -> RuleSet | None:
    """Check every part of a rule file's content; ``None`` when anything is wrong.

    ``ranges``: check each parameter's kind and range (``eligibility.parameters``); a rule
    set stored with its decisions is rebuilt as it was used, without.
    """
    for key in sorted(set(data) - TOP_KEYS - {"local_reason"}):
        found.add(f"‘{key}’ is not a setting of a rule file", key)
    ruleset_id = _text(data, "id", found)
    if ruleset_id and not SLUG.match(ruleset_id):
        found.add("the id must be lower case letters, digits and dashes", "id")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        found.add(f"‘version’ must be a whole number from 1, not {version!r}", "version")
    for key in ("programme", "title", "source", "summary"):
        _text(data, key, found)
    start = _date(data, "effective_from", found, required=True)
    end = _date(data, "effective_to", found, required=False)
    if start and end and end < start:
        found.add("‘effective_to’ is before ‘effective_from’", "effective_to")
    parameters = _parameters(data.get("parameters"), found, ranges=ranges)
    criteria = _criteria(data.get("criteria"), parameters, found)
    alternatives = _alternatives(data.get("eligible_when"), parameters, criteria, found)
    if found.problems:
        return None
    assert ruleset_id and start and isinstance(version, int)
    document = json.loads(json.dumps(data, default=str))
    digest = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
    return RuleSet(
        id=ruleset_id,
        version=version,
        programme=data["programme"],
        title=data["title"],
        effective_from=start,
        effective_to=end,
        source=data["source"],
        summary=data["summary"],
        parameters=parameters,
        criteria=criteria,
        alternatives=alternatives,
        content_hash=digest,
        files=files,
        document=document,
    )


def _text(data: dict[str, Any], key: str, found: _Collector) -> str | None:
    value = data.get(key)
    if value is None:
        found.add(f"‘{key}’ is missing")
    elif not isinstance(value, str) or not value.strip():
        found.add(f"‘{key}’ must be some text, not {value!r}", key)
    else:
        return value
    return None


def _date(data: dict[str, Any], key: str, found: _Collector, *, required: bool) -> dt.date | None:
    value = data.get(key)
    if value is None:
        if required:
            found.add(f"‘{key}’ is missing")
        return None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = dt.date.fromisoformat(value)
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        found.add(f"‘{key}’ must be a date written yyyy-mm-dd, not {value!r}", key)
        return None
    return value


def _parameters(raw: Any, found: _Collector, *, ranges: bool) -> dict[str, Parameter]:
    if not isinstance(raw, dict):
        found.add("‘[parameters]’ is missing: every rule set sets lookback_months and terms")
        return {}
    parameters: dict[str, Parameter] = {}
    for name, spec in raw.items():
        at = found.first(f"[parameters.{name}]", f"{name} =", name)
        if not isinstance(spec, dict):
            found.add(f"parameter ‘{name}’ must be a table with value, description and source", at)
            continue
        for key in sorted(set(spec) - PARAMETER_KEYS - {"overridden_by"}):
            found.add(f"parameter ‘{name}’ has an unknown setting ‘{key}’", key)
        value = spec.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float):
            found.add(f"parameter ‘{name}’ needs a number as its value, not {value!r}", at)
            continue
        if not spec.get("source"):
            found.add(f"parameter ‘{name}’ has no source: say where the guidance sets it", at)
        confirmed = spec.get("confirmed", True)
        if not isinstance(confirmed, bool):
            found.add(f"parameter ‘{name}’: ‘confirmed’ must be true or false", at)
        if ranges:
            _check_range(name, spec, value, found, at)
        parameters[name] = Parameter(
            name=name,
            value=value,
            description=str(spec.get("description", name)),
            source=str(spec.get("source", "")),
            confirmed=bool(confirmed),
            overridden_by=spec.get("overridden_by"),
        )
    for name in REQUIRED_PARAMETERS:
        if name not in raw:
            found.add(f"parameter ‘{name}’ is missing (every rule set needs it)")
    return parameters


def _check_range(
    name: str, spec: dict[str, Any], value: float, found: _Collector, at: str | None
) -> None:
    """The parameter's kind (known by name, or declared) and its value within its range."""
    declared, known = spec.get("kind"), KNOWN.get(name)
    kinds = ", ".join(f"‘{kind}’" for kind in Kind)
    if declared is not None and (not isinstance(declared, str) or declared not in set(Kind)):
        found.add(f"parameter ‘{name}’: ‘kind’ must be one of {kinds}, not {declared!r}", at)
        return
    if known is not None and declared is not None and declared != known:
        found.add(f"parameter ‘{name}’ is {RANGES[known].what}, not of kind ‘{declared}’", at)
        return
    if known is None and declared is None:
        found.add(
            f"parameter ‘{name}’ is not one the engine knows ({', '.join(KNOWN)}): say which "
            f"kind it is with kind = one of {kinds}",
            at,
        )
        return
    problem = out_of_range(name, known or Kind(str(declared)), value)
    if problem:
        found.add(problem, at)


def parse_condition(
    text: Any, parameters: dict[str, Parameter], found: _Collector, where: str
) -> Condition | None:
    """``fact op value``, where value is a number or ``$parameter``."""
    if not isinstance(text, str):
        found.add(f'{where}: a condition must be text like "fact >= 1", not {text!r}')
        return None
    match = CONDITION.match(text)
    if not match:
        found.add(f'{where}: ‘{text}’ is not a condition like "children_in_need >= 1"', text)
        return None
    fact, op, raw = match.groups()
    problems = len(found.problems)
    if fact not in FACTS:
        found.add(f"{where}: ‘{fact}’ is not a known fact{_suggest(fact)}", text)
    parameter = None
    if raw.startswith("$"):
        parameter = raw[1:]
        if parameter not in parameters:
            found.add(f"{where}: ‘{raw}’ is not one of the rule set's parameters", text)
    if len(found.problems) > problems or op not in OPERATORS:
        return None
    value = parameters[parameter].value if parameter else float(raw)
    return Condition(text=text.strip(), fact=fact, op=op, value=value, parameter=parameter)


def _suggest(name: str) -> str:
    import difflib

    close = difflib.get_close_matches(name, FACTS, n=1)
    return f" (did you mean ‘{close[0]}’?)" if close else ""


def _criteria(
    raw: Any, parameters: dict[str, Parameter], found: _Collector
) -> tuple[Criterion, ...]:
    if not isinstance(raw, list) or not raw:
        found.add("there are no ‘[[criteria]]’")
        return ()
    criteria: list[Criterion] = []
    seen: set[str] = set()
    for number, spec in enumerate(raw, start=1):
        if not isinstance(spec, dict):
            found.add(f"criterion {number} must be a table")
            continue
        name = str(spec.get("id") or f"number {number}")
        where = f"criterion ‘{name}’"
        for key in sorted(set(spec) - CRITERION_KEYS):
            found.add(f"{where} has an unknown setting ‘{key}’", key)
        if not spec.get("id"):
            found.add(f"criterion {number} has no id")
        elif name in seen:
            found.add(f"{where} appears twice", f'"{name}"')
        seen.add(name)
        for key in ("title", "group", "headline", "source"):
            if not isinstance(spec.get(key), str) or not spec.get(key, "").strip():
                found.add(f"{where} has no {key}", f'"{name}"')
        conditions = spec.get("any_of")
        if not isinstance(conditions, list) or not conditions:
            found.add(f"{where} needs ‘any_of’: a list of conditions", f'"{name}"')
            continue
        parsed = [parse_condition(text, parameters, found, where) for text in conditions]
        criteria.append(
            Criterion(
                id=name,
                title=str(spec.get("title", name)),
                group=str(spec.get("group", "")),
                headline=str(spec.get("headline", "")),
                source=str(spec.get("source", "")),
                any_of=tuple(c for c in parsed if c is not None),
            )
        )
    return tuple(criteria)


def _alternatives(
    raw: Any,
    parameters: dict[str, Parameter],
    criteria: tuple[Criterion, ...],
    found: _Collector,
) -> tuple[Alternative, ...]:
    if not isinstance(raw, list) or not raw:
        found.add("there is no ‘[[eligible_when]]’: say when a household is eligible")
        return ()
    groups = {criterion.group for criterion in criteria}
    alternatives = []
    for number, spec in enumerate(raw, start=1):
        where = f"eligible_when {number}"
        if not isinstance(spec, dict):
            found.add(f"{where} must be a table")
            continue
        for key in sorted(set(spec) - WHEN_KEYS):
            found.add(f"{where} has an unknown setting ‘{key}’", key)
        requires = spec.get("requires_any", [])
        if not isinstance(requires, list):
            found.add(f"{where}: ‘requires_any’ must be a list of conditions", "requires_any")
            requires = []
        parsed = [parse_condition(text, parameters, found, where) for text in requires]
        at_least = spec.get("at_least", {})
        if not isinstance(at_least, dict):
            found.add(f"{where}: ‘at_least’ must map a group to a number", "at_least")
            at_least = {}
        for group, count in at_least.items():
            if group not in groups:
                found.add(f"{where}: no criterion is in the group ‘{group}’", "at_least")
            if isinstance(count, bool) or not isinstance(count, int) or count < 1:
                found.add(
                    f"{where}: ‘{group}’ needs a whole number from 1, not {count!r}", "at_least"
                )
        headlines = spec.get("headlines_at_least", 0)
        if isinstance(headlines, bool) or not isinstance(headlines, int) or headlines < 0:
            found.add(f"{where}: ‘headlines_at_least’ must be a whole number", "headlines_at_least")
            headlines = 0
        if not requires and not at_least and not headlines:
            found.add(f"{where} sets no condition: every household would be eligible")
        alternatives.append(
            Alternative(
                requires_any=tuple(c for c in parsed if c is not None),
                at_least=tuple((str(g), int(n)) for g, n in at_least.items() if isinstance(n, int)),
                headlines_at_least=headlines,
            )
        )
    return tuple(alternatives)


def ruleset_from_document(document: dict[str, Any], files: tuple[str, ...] = ()) -> RuleSet:
    """A rule set rebuilt from the content stored with its decisions (to re-run them)."""
    found = _Collector("the stored rule set", "")
    ruleset = build(document, found, files, ranges=False)
    if found.problems or ruleset is None:
        raise RulesInvalid(found.problems)
    return ruleset
