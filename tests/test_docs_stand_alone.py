"""The documentation stands on its own: a council's clone has everything its links name.

The project was started from a folder of shared material beside the repository, which a
clone does not have. Nothing tracked may point there (the CHANGELOG may tell its history),
and every relative link in the README and the docs must reach a file in the repository.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]

# Built from parts so that this file does not mention them itself.
OUTSIDE_FOLDER = ("../" + "shared", "shared" + "/domain", "/work/" + "shared")
MAY_MENTION_IT = {"CHANGELOG.md"}
# Folders a working copy has that are not part of the project (used without git only),
# besides hidden ones (.git, .venv, tool caches) and *.egg-info.
NOT_THE_PROJECT = {"data", "build", "dist", "node_modules", "__pycache__"}

NEW_PAGES = ("docs/partner-templates.md", "docs/programme-rules.md", "docs/product-model.md")

_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"`+[^`\n]*`+")
_INLINE_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, mailto: ...


def tracked_files() -> list[str]:
    """The repository's tracked files, relative to its root (every file, without git)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        found = []
        for folder, subfolders, files in os.walk(ROOT):
            subfolders[:] = [
                d
                for d in subfolders
                if d not in NOT_THE_PROJECT
                and not d.startswith(".")
                and not d.endswith(".egg-info")
            ]
            found += [str((Path(folder) / f).relative_to(ROOT)) for f in files if f != ".git"]
        return sorted(found)
    return sorted(name for name in listed.decode("utf-8").split("\0") if name)


def markdown_pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def relative_links(page: Path) -> list[tuple[int, str]]:
    """(line number, target) of every link on ``page`` to something other than a web
    address or an anchor on the same page; code blocks and code spans are not links."""
    text = page.read_text(encoding="utf-8")
    blanked = _FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    blanked = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), blanked)
    links = []
    for pattern in (_INLINE_LINK, _LINK_DEFINITION):
        for found in pattern.finditer(blanked):
            target = found.group(1)
            if _EXTERNAL.match(target) or target.startswith("#"):
                continue
            links.append((blanked.count("\n", 0, found.start(1)) + 1, target))
    return sorted(links)


def broken(page: Path, target: str) -> str | None:
    """Why ``target``, linked from ``page``, does not reach a file in the repository."""
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    resolved = (ROOT / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    resolved = resolved.resolve()
    if not resolved.is_relative_to(ROOT):
        return "points outside the repository"
    if not resolved.exists():
        return "points at nothing"
    return None


def test_no_tracked_file_points_at_the_shared_folder() -> None:
    mentions = []
    for name in tracked_files():
        path = ROOT / name
        if Path(name).name in MAY_MENTION_IT or not path.is_file():
            continue
        lines = path.read_bytes().decode("utf-8", "replace").splitlines()
        for number, line in enumerate(lines, start=1):
            for outside in OUTSIDE_FOLDER:
                if outside in line:
                    mentions.append(f"{name}:{number}: mentions {outside!r}: {line.strip()}")
    assert not mentions, (
        "These files point at the shared folder, which a clone of the project does not "
        "have; link to the page in docs/ instead:\n" + "\n".join(mentions)
    )


def test_every_relative_link_in_the_readme_and_docs_reaches_a_file() -> None:
    problems = []
    for page in markdown_pages():
        for number, target in relative_links(page):
            why = broken(page, target)
            if why:
                problems.append(f"{page.relative_to(ROOT)}:{number}: ({target}) {why}")
    assert not problems, "Broken links:\n" + "\n".join(problems)


def test_the_readme_lists_the_documentation_pages() -> None:
    linked = {target.split("#", 1)[0] for _, target in relative_links(ROOT / "README.md")}
    missing = [page for page in NEW_PAGES if page not in linked]
    assert not missing, f"README.md does not link to: {', '.join(missing)}"
    assert all((ROOT / page).is_file() for page in NEW_PAGES)


def test_a_link_to_a_missing_or_outside_file_is_reported(tmp_path: Path) -> None:
    page = ROOT / "docs" / "example.md"  # never written: the checks only read its folder
    assert broken(page, "matching.md#what-happens-in-order") is None
    assert broken(page, "../README.md") is None
    assert broken(page, "no-such-page.md") == "points at nothing"
    assert broken(page, "../../elsewhere/notes.md") == "points outside the repository"
    written = tmp_path / "page.md"
    written.write_text(
        "See [rules](rules.md), [a section](#here), [GOV.UK](https://www.gov.uk)\n"
        "and `[not a link](nowhere.md)`.\n\n```\n[nor this](nowhere.md)\n```\n"
        "[defined]: ../other.md\n",
        encoding="utf-8",
    )
    assert relative_links(written) == [(1, "rules.md"), (7, "../other.md")]
