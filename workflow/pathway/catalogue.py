"""Every pathway version the engine knows: the shipped ones and a council's own, checked
together, and which one new households start on.

    pathways = load_pathways(settings.data_dir / "pathway", current=settings.pathway)
    pathways.current            # what a household starts on
    pathways.get("pathway-v1")  # what a household that started on it keeps

A file is called after its version: ``<id>-v<version>.toml`` (``pathway-v1.toml``,
``haringey-v2.toml``). Shipped files and a council's files live side by side; a version
id is used once. Older versions stay loadable, because a household keeps the version it
started under until a manager migrates it.

Which version is current: the one named by ``current`` (a setting); without it, the
highest version of the council's own files if it has any (they must then share one id),
else the highest shipped version.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workflow.pathway.definition import PathwayDefinition
from workflow.pathway.errors import PathwayInvalid, Problem, UnknownPathway
from workflow.pathway.loading import SHIPPED, load_pathway
from workflow.settings import Settings


@dataclass(frozen=True)
class PathwayCatalogue:
    """The loaded pathway versions, by version id, and the current one."""

    definitions: dict[str, PathwayDefinition]
    current_id: str
    paths: dict[str, Path]

    @property
    def current(self) -> PathwayDefinition:
        """The version new households start on."""
        return self.definitions[self.current_id]

    def get(self, version_id: str) -> PathwayDefinition:
        """The version called ``version_id`` ("pathway-v1").

        Raises:
            UnknownPathway: no loaded file has that version id.
        """
        try:
            return self.definitions[version_id]
        except KeyError:
            shown = version_id if len(version_id) <= 60 else version_id[:59] + "…"
            raise UnknownPathway(
                f"There is no pathway version called ‘{shown}’. Known versions: "
                f"{', '.join(self.definitions)}."
            ) from None

    def by_hash(self, content_hash: str) -> PathwayDefinition | None:
        """The version with exactly this content, if one is loaded."""
        return next((d for d in self.definitions.values() if d.content_hash == content_hash), None)

    def all(self) -> list[PathwayDefinition]:
        return sorted(self.definitions.values(), key=lambda d: (d.id, d.version))


def load_pathways(
    local_dir: Path | None, *, current: str | None = None, shipped: Path = SHIPPED
) -> PathwayCatalogue:
    """The shipped pathway versions and a council's own (``DATA_DIR/pathway/*.toml``).

    Raises:
        PathwayInvalid: every problem in every file at once, a file named other than after
            its version, a version id used twice, or no way to tell which is current.
        UnknownPathway: ``current`` names no loaded version.
    """
    shipped_files = sorted(shipped.glob("*.toml"))
    local_files = (
        sorted(local_dir.glob("*.toml")) if local_dir is not None and local_dir.is_dir() else []
    )
    problems: list[Problem] = []
    definitions: dict[str, PathwayDefinition] = {}
    paths: dict[str, Path] = {}
    for path in [*shipped_files, *local_files]:
        try:
            definition = load_pathway(path)
        except PathwayInvalid as error:
            problems.extend(error.problems)
            continue
        version_id = definition.version_id
        if path.stem != version_id:
            problems.append(
                Problem(
                    path.name,
                    f"its id and version make ‘{version_id}’: call the file {version_id}.toml",
                )
            )
        elif version_id in definitions:
            first = paths[version_id]
            where = "the shipped file" if first.parent == shipped else first.name
            problems.append(
                Problem(
                    path.name,
                    f"version ‘{version_id}’ is already defined by {where}: give this one a "
                    "new version",
                )
            )
        else:
            definitions[version_id] = definition
            paths[version_id] = path
    if problems:
        raise PathwayInvalid(problems)
    if current is not None:
        chosen = PathwayCatalogue(definitions, current, paths).get(current).version_id
    else:
        local = [d for v, d in definitions.items() if paths[v].parent != shipped]
        chosen = _latest(local or list(definitions.values()), local_dir)
    return PathwayCatalogue(definitions, chosen, paths)


def _latest(candidates: list[PathwayDefinition], local_dir: Path | None) -> str:
    ids = sorted({d.id for d in candidates})
    if len(ids) > 1:
        raise PathwayInvalid(
            [
                Problem(
                    str(local_dir or "the pathway folder"),
                    f"holds pathways with different ids ({', '.join(ids)}): choose the current "
                    "version with the pathway setting",
                )
            ]
        )
    if not candidates:
        raise PathwayInvalid([Problem("the pathway folder", "holds no pathway definition")])
    return max(candidates, key=lambda d: d.version).version_id


def council_pathways(settings: Settings) -> PathwayCatalogue:
    """The pathway versions this council's settings name (shipped and its own)."""
    return load_pathways(settings.effective_pathway_dir, current=settings.pathway)


def shipped_pathways() -> PathwayCatalogue:
    """Only the versions that ship with the engine (for code given no settings)."""
    return load_pathways(None)
