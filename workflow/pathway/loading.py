"""Reading a pathway definition file: every problem found and reported at once, with its
file and line, never the first only (as rule files are, ``eligibility.loading``).

    definition = load_pathway(Path("workflow/pathway/definitions/pathway-v1.toml"))

The checks: a missing or unknown setting anywhere; an id that is not lower-case letters,
digits and underscores; two tiers with one id; a weight that is not a number greater than
0 (in hundredths, at most a whole caseload); a strand starting on an unknown tier; a move
from or to an unknown tier, onto its own tier, up to a less intensive tier or down to a
more intensive one, or naming a guard the engine does not know; a tier no strand starts
on and no move reaches; a task rule with an unknown trigger, record kind or assignee, or
without exactly one of a deadline and a repeat; a strand rule naming an unknown harm band
or screening fact.

The definition's ``content_hash`` (SHA-256 of its content) names the exact version; its
``document`` is that content, for storing beside the households on it, and
``pathway_from_document`` rebuilds the definition from it.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from workflow.pathway import check_tasks, check_tiers
from workflow.pathway.definition import PathwayDefinition
from workflow.pathway.errors import PathwayInvalid
from workflow.pathway.reading import TOP, Found, Lines, read_definition
from workflow.pathway.values import text, units, whole

SHIPPED = Path(__file__).parent / "definitions"
TOP_KEYS = {
    "id", "version", "title", "source", "default_capacity_units", "tiers", "start", "moves",
    "tasks", "strands",
}  # fmt: skip
ID = re.compile(r"^[a-z][a-z0-9_-]*$")
MAX_VERSION = 9_999
MAX_CAPACITY = 999


def load_pathway(path: Path) -> PathwayDefinition:
    """Read and check one pathway definition file.

    Raises:
        PathwayInvalid: every problem with the file, each with its line.
    """
    data, text_ = read_definition(path)
    found = Found(path.name, Lines(text_))
    definition = build(data, found, path.name)
    if found.problems or definition is None:
        raise PathwayInvalid(found.problems)
    return definition


def pathway_from_document(document: dict[str, Any], file: str = "") -> PathwayDefinition:
    """A definition rebuilt from the content stored with the households on it."""
    found = Found(file or "the stored pathway definition")
    definition = build(document, found, file)
    if found.problems or definition is None:
        raise PathwayInvalid(found.problems)
    return definition


def build(data: dict[str, Any], found: Found, file: str = "") -> PathwayDefinition | None:
    """Check every part of a definition's content; ``None`` when anything is wrong."""
    found.unknown_keys(data, TOP_KEYS, TOP)
    pathway_id = text(found, data, "id", TOP)
    if pathway_id is not None and not ID.match(pathway_id):
        found.add(
            "the id must be lower-case letters, digits, dashes and underscores, "
            "starting with a letter",
            TOP,
            "id",
        )
    version = whole(found, data, "version", TOP, low=1, high=MAX_VERSION)
    title = text(found, data, "title", TOP)
    source = text(found, data, "source", TOP)
    capacity = units(found, data, "default_capacity_units", TOP)
    if capacity is not None and capacity > MAX_CAPACITY:
        found.add(
            f"‘default_capacity_units’ must be at most {MAX_CAPACITY}",
            TOP,
            "default_capacity_units",
        )
    tiers, blocks = check_tiers.tiers(data.get("tiers"), found, capacity=capacity)
    tier_ids = tuple(blocks)
    starts, default = check_tiers.start(data.get("start"), found, tier_ids)
    moves = check_tiers.moves(data.get("moves"), found, tier_ids)
    start_tiers = [*starts.values(), *([default] if default else [])]
    if tier_ids and start_tiers:
        check_tiers.unreachable(found, blocks, start_tiers, moves)
    tasks = check_tasks.tasks(data.get("tasks"), found, tier_ids)
    strands = check_tasks.strands(data.get("strands"), found)
    if found.problems:
        return None
    assert pathway_id and version and title and source and capacity and default
    document = json.loads(json.dumps(data, default=str))
    digest = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
    return PathwayDefinition(
        id=pathway_id,
        version=version,
        title=title,
        source=source,
        default_capacity_units=capacity,
        tiers=tuple(tiers),
        start=starts,
        default_start=default,
        moves=tuple(moves),
        tasks=tuple(tasks),
        strands=strands,
        content_hash=digest,
        file=file,
        document=document,
    )
