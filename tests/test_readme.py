"""The README's lifecycle diagram is the machine's own."""

from __future__ import annotations

from pathlib import Path

from workflow.lifecycle.diagram import mermaid


def test_the_readme_shows_the_lifecycle_machine_as_it_is() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"```mermaid\n{mermaid().rstrip()}\n```" in readme
