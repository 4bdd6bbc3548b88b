"""Migrating a household from one version of the pathway to another, on purpose. No database."""

from __future__ import annotations

from pathlib import Path

import pytest

from workflow.pathway import PathwayDefinition, load_pathways, migrate
from workflow.statemachine.errors import TransitionRefused

from .helpers import changed, shipped_text, version, write

Versions = tuple[PathwayDefinition, PathwayDefinition]


@pytest.fixture
def versions(tmp_path: Path) -> Versions:
    renamed = changed(('id = "silver"', 'id = "amber"'), text=version(shipped_text(), 2))
    renamed = renamed.replace('"silver"', '"amber"').replace(
        'at_risk = "silver"', 'at_risk = "amber"'
    )
    write(tmp_path, "pathway-v2.toml", renamed)
    pathways = load_pathways(tmp_path)
    return pathways.get("pathway-v1"), pathways.get("pathway-v2")


def test_migrating_keeps_a_tier_of_the_same_id(versions: Versions) -> None:
    old, new = versions
    change = migrate(old, new, "gold", reason="Moving everyone to v2", label="household H000123")
    assert (change.from_tier, change.to_tier, change.trigger) == ("gold", "gold", "migrate")
    assert (change.from_pathway, change.pathway, change.content_hash) == (
        "pathway-v1",
        "pathway-v2",
        new.content_hash,
    )
    unplaced = migrate(old, new, None, reason="Moving everyone to v2", label="household H000124")
    assert (unplaced.from_tier, unplaced.to_tier) == (None, None)


def test_migrating_from_a_tier_the_new_version_lacks_needs_the_tier_named(
    versions: Versions,
) -> None:
    old, new = versions
    with pytest.raises(TransitionRefused) as caught:
        migrate(old, new, "silver", reason="v2", label="household H000123", subject_id=9)
    assert caught.value.detail == (
        "Cannot move household H000123 to pathway-v2: pathway-v2 has no tier 'silver': say which "
        "of its tiers the household moves to (bronze, amber, gold, intensive)."
    )
    assert caught.value.subject_id == 9
    assert migrate(old, new, "silver", to="amber", reason="v2", label="h").to_tier == "amber"


def test_migrating_is_refused_without_a_reason_to_the_same_version_or_to_an_unknown_tier(
    versions: tuple,
) -> None:
    old, new = versions
    with pytest.raises(TransitionRefused) as caught:
        migrate(old, old, "gold", reason="", label="household H000123", to="platinum")
    assert caught.value.reasons == (
        "a reason is needed",
        "it is on pathway-v1 already",
        "there is no tier 'platinum' in pathway-v1 (the tiers are bronze, silver, gold, intensive)",
    )
    with pytest.raises(TransitionRefused) as caught:
        migrate(old, new, None, to="gold", reason="v2", label="household H000123")
    assert caught.value.reasons == (
        "it is not on a tier yet: it is placed on one when its plan is agreed",
    )
