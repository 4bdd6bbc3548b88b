"""The README's and the product model's diagrams are the machines' own."""

from __future__ import annotations

from pathlib import Path

import pytest

from workflow.lifecycle.diagram import mermaid
from workflow.pathway import load_pathways, pathway_mermaid

ROOT = Path(__file__).resolve().parents[1]


def block(text: str) -> str:
    return f"```mermaid\n{text.rstrip()}\n```"


@pytest.mark.parametrize("document", ["README.md", "docs/product-model.md"])
def test_the_documents_show_the_lifecycle_machine_as_it_is(document: str) -> None:
    assert block(mermaid()) in (ROOT / document).read_text(encoding="utf-8")


@pytest.mark.parametrize("document", ["README.md", "docs/product-model.md"])
def test_the_documents_show_the_shipped_pathway_as_it_is(document: str) -> None:
    drawn = pathway_mermaid(load_pathways(None).current)
    assert "bronze --> silver : step_up" in drawn  # the diagram really is of the tiers
    assert block(drawn) in (ROOT / document).read_text(encoding="utf-8")
