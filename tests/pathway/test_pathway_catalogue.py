"""The shipped pathway definition and a council's own versions beside it. No database.

The shipped values are written out by hand from docs/product-model.md §4 (tiers, weights,
offers, enforcement) and §6 (reviews and tasks), not read back from the file.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from workflow.domain.vocabulary import HouseholdState, Strand
from workflow.errors import WorkflowError
from workflow.pathway import (
    PathwayInvalid,
    StrandRules,
    UnknownPathway,
    load_pathway,
    load_pathways,
    pathway_from_document,
)

from .helpers import SHIPPED_FILE, changed, shipped_text, version, write

# tier, weight, review every (weeks), enforcement allowed, typical strands: §4 and §6.
TIERS = [
    ("bronze", Decimal("0.25"), 12, False, (Strand.PERIPHERY,)),
    ("silver", Decimal("0.5"), 12, True, (Strand.AT_RISK,)),
    ("gold", Decimal("1.0"), 6, True, (Strand.AT_RISK, Strand.GANG_MEMBER)),
    ("intensive", Decimal("2.0"), 4, True, (Strand.GANG_MEMBER,)),
]


def test_the_shipped_file_loads_as_the_product_model_describes() -> None:
    pathway = load_pathway(SHIPPED_FILE)
    assert (pathway.id, pathway.version, pathway.version_id) == ("pathway", 1, "pathway-v1")
    assert pathway.default_capacity_units == Decimal("12")
    assert [
        (t.id, t.weight, t.review_every_weeks, t.enforcement_allowed, t.typical_strands)
        for t in pathway.tiers
    ] == TIERS
    assert pathway.tier("gold").offer.startswith(
        "A whole-family assessment, a family plan and a keyworker"
    )
    assert "support to leave gangs" in pathway.tier("intensive").offer
    assert dict(pathway.start) == {
        Strand.PERIPHERY: "bronze",
        Strand.AT_RISK: "silver",
        Strand.GANG_MEMBER: "gold",
    }
    assert pathway.default_start == "bronze"
    assert pathway.enforcement_tiers() == ("silver", "gold", "intensive")
    assert pathway.weight("intensive") == Decimal("2.0")
    assert pathway.strands == StrandRules()
    assert len(pathway.content_hash) == 64
    assert pathway.file == "pathway-v1.toml"


def test_the_hash_names_the_exact_content(tmp_path: Path) -> None:
    same = load_pathway(write(tmp_path / "a", "pathway-v1.toml", shipped_text()))
    other = load_pathway(
        write(tmp_path / "b", "pathway-v1.toml", changed(("weight = 0.25", "weight = 0.3")))
    )
    assert same.content_hash == load_pathway(SHIPPED_FILE).content_hash
    assert other.content_hash != same.content_hash


def test_a_stored_document_rebuilds_the_same_definition() -> None:
    pathway = load_pathway(SHIPPED_FILE)
    rebuilt = pathway_from_document(dict(pathway.document), "pathway-v1.toml")
    assert rebuilt == pathway
    assert pathway_from_document(dict(pathway.document)).file == ""
    assert rebuilt.content_hash == pathway.content_hash


def test_without_a_council_folder_the_shipped_version_is_current(tmp_path: Path) -> None:
    for folder in (None, tmp_path / "missing", tmp_path):
        pathways = load_pathways(folder)
        assert pathways.current.version_id == "pathway-v1"
        assert [p.version_id for p in pathways.all()] == ["pathway-v1"]


def test_a_councils_new_version_is_current_and_the_old_one_stays(tmp_path: Path) -> None:
    text = version(
        changed(
            ('id = "gold"\nname = "Gold"\nweight = 1.0', 'id = "gold"\nname = "Gold"\nweight = 1.5')
        ),
        2,
    )
    write(tmp_path, "pathway-v2.toml", text)
    pathways = load_pathways(tmp_path)
    assert pathways.current.version_id == "pathway-v2"
    assert pathways.current.weight("gold") == Decimal("1.5")
    assert pathways.get("pathway-v1").weight("gold") == Decimal("1.0")
    assert pathways.by_hash(pathways.get("pathway-v1").content_hash) is pathways.get("pathway-v1")
    assert load_pathways(tmp_path, current="pathway-v1").current.version_id == "pathway-v1"


def test_a_council_pathway_of_its_own_is_current_without_a_setting(tmp_path: Path) -> None:
    write(tmp_path, "haringey-v1.toml", version(shipped_text(), 1, pathway_id="haringey"))
    write(tmp_path, "haringey-v3.toml", version(shipped_text(), 3, pathway_id="haringey"))
    assert load_pathways(tmp_path).current.version_id == "haringey-v3"


def test_two_council_pathways_need_the_setting(tmp_path: Path) -> None:
    write(tmp_path, "haringey-v1.toml", version(shipped_text(), 1, pathway_id="haringey"))
    write(tmp_path, "brent-v1.toml", version(shipped_text(), 1, pathway_id="brent"))
    with pytest.raises(PathwayInvalid) as caught:
        load_pathways(tmp_path)
    assert "choose the current version with the pathway setting" in caught.value.detail
    assert load_pathways(tmp_path, current="brent-v1").current.id == "brent"


def test_an_unknown_version_is_refused(tmp_path: Path) -> None:
    pathways = load_pathways(None)
    with pytest.raises(UnknownPathway) as caught:
        pathways.get("pathway-v9")
    assert (
        caught.value.detail
        == "There is no pathway version called ‘pathway-v9’. Known versions: pathway-v1."
    )
    assert isinstance(caught.value, WorkflowError) and caught.value.code == "unknown_pathway"
    with pytest.raises(UnknownPathway):
        load_pathways(None, current="pathway-v9")


def test_a_file_must_be_named_after_its_version_and_a_version_is_used_once(tmp_path: Path) -> None:
    write(tmp_path, "our-pathway.toml", version(shipped_text(), 2))
    write(tmp_path, "pathway-v1.toml", shipped_text())
    with pytest.raises(PathwayInvalid) as caught:
        load_pathways(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "our-pathway.toml: its id and version make ‘pathway-v2’: call the file pathway-v2.toml",
        "pathway-v1.toml: version ‘pathway-v1’ is already defined by the shipped file: give this one a new version",
    ]


def test_every_files_problems_are_reported_together(tmp_path: Path) -> None:
    write(tmp_path, "pathway-v2.toml", version(changed(("weight = 0.25", "weight = -1")), 2))
    write(
        tmp_path,
        "pathway-v3.toml",
        version(changed(('from = "bronze"\nto = "silver"', 'from = "bronze"\nto = "platinum"')), 3),
    )
    with pytest.raises(PathwayInvalid) as caught:
        load_pathways(tmp_path)
    assert [p.file for p in caught.value.problems] == ["pathway-v2.toml", "pathway-v3.toml"]
    assert caught.value.detail.startswith(
        "The pathway definition cannot be used (2 problems):\n- pathway-v2.toml, line "
    )


def test_the_lifecycle_states_used_by_tasks_are_real_states() -> None:
    pathway = load_pathway(SHIPPED_FILE)
    states = {rule.when.subject for rule in pathway.tasks if rule.when.on.value == "state"}
    assert states <= {s.value for s in HouseholdState}
