"""Reading and checking results rule files, and a council's local changes to them. Pure.

A results rule file sits beside the eligibility rule file of its phase
(``<phase>.results.toml``). A council changes a threshold, never the shipped file, in a
local file beside it (``<phase>.results.local.toml``)::

    ruleset = "troubled-families-2015.results"
    reason = "Our Outcome Plan asks for 9 months of sustained progress (Cabinet, 03/2016)"

    [parameters]
    months = 9

    [measures.employment.weeks]
    JSA = 30

Every problem is reported at once, with its file and line (``RulesInvalid``): an unknown
measure kind, fact or result's measure, a threshold outside its range (a reduction over
100%, a window of 0 months), a key that is not a setting.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Final

from eligibility.errors import RulesInvalid
from eligibility.facts import FACTS
from eligibility.loading import _Collector, parse_condition, read_toml
from eligibility.parameters import Kind, Range, out_of_range
from eligibility.ruleset import Parameter
from workflow.claims.results import Measure, MeasureKind, Result, ResultsRules

TOP_KEYS: Final = {"id", "version", "phase", "title", "source", "parameters", "results", "measures"}
MEASURE_KEYS: Final = {
    "id", "title", "kind", "source", "facts", "all_of", "parameters", "weeks", "after_closure",
}  # fmt: skip
LOCAL_KEYS: Final = {"ruleset", "reason", "parameters", "measures"}
PARAMETER_KEYS: Final = {"value", "description", "source", "confirmed"}
WEEKS: Final = Range("a number of weeks", 1, 104, whole=True)

# The settings each measure kind has, and the kind of number each is.
KIND_SETTINGS: Final[dict[MeasureKind, dict[str, Kind]]] = {
    MeasureKind.REDUCTION: {"reduction_pct": Kind.PERCENT},
    MeasureKind.BELOW: {"fixed_exclusions": Kind.COUNT, "unauthorised_absence_pct": Kind.PERCENT},
    MeasureKind.RESOLVED: {},
    MeasureKind.EMPLOYMENT: {},
}
TOP_SETTINGS: Final = {"months": Kind.MONTHS, "terms": Kind.TERMS}


def local_path(path: Path) -> Path:
    """Where a council's local file for the results rule file ``path`` sits."""
    return path.with_name(path.name.removesuffix(".toml") + ".local.toml")


def load_results(path: Path, local: Path | None = None) -> ResultsRules:
    """Read and check a results rule file and, if given, the council's local file for it."""
    data, text = read_toml(path)
    found = _Collector(path.name, text)
    files: tuple[str, ...] = (path.name,)
    if local is not None:
        overrides, local_text = read_toml(local)
        changes = _Collector(local.name, local_text)
        data = apply_local(data, overrides, changes, local.name)
        if changes.problems:
            raise RulesInvalid(changes.problems)
        files = (path.name, local.name)
    rules = build(data, found, files)
    if found.problems or rules is None:
        raise RulesInvalid(found.problems)
    return rules


def apply_local(
    data: dict[str, Any], local: dict[str, Any], found: _Collector, name: str
) -> dict[str, Any]:
    """The shipped rules with the local file's changes; problems go to ``found``."""
    merged = json.loads(json.dumps(data, default=str))
    for key in sorted(set(local) - LOCAL_KEYS):
        found.add(f"‘{key}’ is not a setting a local file can have", key)
    if local.get("ruleset") != data.get("id"):
        found.add(f'must say ruleset = "{data.get("id")}", the rules it changes', "ruleset")
    if not isinstance(local.get("reason"), str) or not local["reason"].strip():
        found.add('must say why the council changed the rules (reason = "...")', "reason")
    for setting, value in dict(local.get("parameters", {})).items():
        if setting not in merged.get("parameters", {}):
            found.add(f"‘{setting}’ is not one of the rules' parameters", setting)
            continue
        merged["parameters"][setting].update(value=value, overridden_by=name)
    measures = {m.get("id"): m for m in merged.get("measures", [])}
    for measure_id, changes in dict(local.get("measures", {})).items():
        measure = measures.get(measure_id)
        if measure is None:
            found.add(f"‘{measure_id}’ is not a measure of these rules", measure_id)
            continue
        for table in ("parameters", "weeks"):
            for setting, value in dict(changes.get(table, {})).items():
                current = measure.setdefault(table, {})
                if setting in current:
                    current[setting].update(value=value, overridden_by=name)
                elif table == "weeks":
                    current[setting] = {
                        "value": value,
                        "description": f"Weeks off {setting}, set by the council",
                        "source": name,
                        "confirmed": False,
                        "overridden_by": name,
                    }
                else:
                    found.add(f"‘{setting}’ is not a setting of measure ‘{measure_id}’", setting)
    merged["local_reason"] = local.get("reason")
    return dict(merged)


def _setting(
    name: str, raw: Any, found: _Collector, where: str, valid: Range | Kind
) -> Parameter | None:
    if not isinstance(raw, dict) or "value" not in raw:
        found.add(f"{where}: ‘{name}’ needs a value, a description and a source", name)
        return None
    for key in sorted(set(raw) - PARAMETER_KEYS - {"overridden_by"}):
        found.add(f"{where}: ‘{key}’ is not a setting of a parameter", key)
    value = raw["value"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        found.add(f"{where}: ‘{name}’ must be a number, not {value!r}", name)
        return None
    if isinstance(valid, Kind):
        problem = out_of_range(name, valid, float(value))
    elif not valid.allows(float(value)):
        problem = f"‘{name}’ is {valid.what}: it must be {valid.rule}, not {value!r}"
    else:
        problem = None
    if problem:
        found.add(f"{where}: {problem}", name)
        return None
    return Parameter(
        name=name,
        value=float(value),
        description=str(raw.get("description", "")),
        source=str(raw.get("source", "")),
        confirmed=bool(raw.get("confirmed", True)),
        overridden_by=raw.get("overridden_by"),
    )


def build(data: dict[str, Any], found: _Collector, files: tuple[str, ...]) -> ResultsRules | None:
    for key in sorted(set(data) - TOP_KEYS - {"local_reason"}):
        found.add(f"‘{key}’ is not a setting of a results rule file", key)
    for key in ("id", "phase", "title", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            found.add(f"‘{key}’ is missing", key)
    if not isinstance(data.get("version"), int) or data["version"] < 1:
        found.add("‘version’ must be a whole number from 1", "version")
    top: dict[str, Parameter] = {}
    for name, kind in TOP_SETTINGS.items():
        raw = data.get("parameters", {}).get(name)
        setting = _setting(name, raw, found, "parameters", kind)
        if setting is not None:
            top[name] = setting
    measures = [_measure(raw, found) for raw in data.get("measures", [])]
    ids = [m.id for m in measures if m is not None]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        found.add(f"measure ‘{duplicate}’ is declared twice", duplicate)
    results: list[Result] = []
    for raw in data.get("results", []):
        all_of = tuple(raw.get("all_of", []))
        for measure_id in all_of:
            if measure_id not in ids:
                found.add(
                    f"result ‘{raw.get('id')}’: ‘{measure_id}’ is not a measure of these rules",
                    measure_id,
                )
        if not all_of:
            found.add(f"result ‘{raw.get('id')}’ names no measures", str(raw.get("id")))
        results.append(Result(str(raw.get("id")), str(raw.get("title", "")), all_of))
    if not results:
        found.add("the rules name no results (a [[results]] table)")
    if found.problems:
        return None
    document = json.loads(json.dumps(data, default=str))
    digest = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
    return ResultsRules(
        id=data["id"],
        version=data["version"],
        phase=data["phase"],
        title=data["title"],
        source=data["source"],
        months=int(top["months"].value),
        terms=int(top["terms"].value),
        measures=tuple(m for m in measures if m is not None),
        results=tuple(results),
        content_hash=digest,
        files=files,
    )


def _measure(raw: Any, found: _Collector) -> Measure | None:
    if not isinstance(raw, dict):
        found.add("a [[measures]] entry must be a table")
        return None
    measure_id = str(raw.get("id", ""))
    where = f"measure ‘{measure_id}’"
    for key in sorted(set(raw) - MEASURE_KEYS):
        found.add(f"{where}: ‘{key}’ is not a setting of a measure", key)
    try:
        kind = MeasureKind(str(raw.get("kind")))
    except ValueError:
        kinds = ", ".join(k.value for k in MeasureKind)
        found.add(f"{where}: ‘{raw.get('kind')}’ is not a kind of measure (use {kinds})", where)
        return None
    settings: dict[str, Parameter] = {}
    allowed = KIND_SETTINGS[kind]
    for name, spec in dict(raw.get("parameters", {})).items():
        if name not in allowed:
            found.add(f"{where}: ‘{name}’ is not a setting of a {kind.value} measure", name)
            continue
        setting = _setting(name, spec, found, where, allowed[name])
        if setting is not None:
            settings[name] = setting
    for name in sorted(set(allowed) - set(settings) - set(raw.get("parameters", {}))):
        if kind is MeasureKind.REDUCTION:
            found.add(f"{where}: a reduction measure needs ‘{name}’", where)
    facts = tuple(raw.get("facts", []))
    for fact in facts:
        if fact not in FACTS:
            found.add(f"{where}: ‘{fact}’ is not a known fact", fact)
    if kind is MeasureKind.REDUCTION and not facts:
        found.add(f"{where}: a reduction measure needs the facts it counts", where)
    conditions = tuple(
        c
        for text in raw.get("all_of", [])
        if (c := parse_condition(text, settings, found, where)) is not None
    )
    if kind is MeasureKind.BELOW and not raw.get("all_of"):
        found.add(f"{where}: a below measure needs its conditions (all_of)", where)
    weeks: dict[str, Parameter] = {}
    for code, spec in dict(raw.get("weeks", {})).items():
        setting = _setting(code, spec, found, where, WEEKS)
        if setting is not None:
            weeks[code] = setting
    if kind is MeasureKind.EMPLOYMENT and "default" not in raw.get("weeks", {}):
        found.add(f"{where}: an employment measure needs [weeks.default]", where)
    return Measure(
        id=measure_id,
        title=str(raw.get("title", "")),
        kind=kind,
        source=str(raw.get("source", "")),
        facts=facts,
        conditions=conditions,
        settings=settings,
        weeks=weeks,
        after_closure=bool(raw.get("after_closure", False)),
    )


RULESETS: Final = Path(__file__).parent / "rulesets"


def shipped(phase: str, folder: Path | None = None) -> ResultsRules:
    """The results rules of ``phase``, with the council's local file from ``folder``."""
    path = RULESETS / f"{phase}.results.toml"
    local = None if folder is None else folder / local_path(path).name
    return load_results(path, local if local is not None and local.exists() else None)
