"""Writing pathway definition files for tests: the shipped file, changed line by line."""

from __future__ import annotations

from pathlib import Path

from workflow.pathway.loading import SHIPPED

SHIPPED_FILE = SHIPPED / "pathway-v1.toml"


def shipped_text() -> str:
    return SHIPPED_FILE.read_text(encoding="utf-8")


def changed(*replacements: tuple[str, str], text: str | None = None) -> str:
    """The shipped text with each ``(old, new)`` replaced; each ``old`` must be there once."""
    text = shipped_text() if text is None else text
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} is in the file {text.count(old)} times"
        text = text.replace(old, new)
    return text


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The line number of the ``nth`` line containing ``needle``."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(found) >= nth, f"{needle!r} is on {len(found)} lines"
    return found[nth - 1]


def version(text: str, number: int, *, pathway_id: str = "pathway") -> str:
    """``text`` as version ``number`` of ``pathway_id``."""
    text = text.replace('id = "pathway"\nversion = 1', f'id = "{pathway_id}"\nversion = {number}')
    assert f"version = {number}" in text
    return text
