"""The pathway diagram is drawn from the tier machine, so it shows every move, guard and tier."""

from __future__ import annotations

from pathlib import Path

from workflow.pathway import load_pathway, load_pathways, pathway_mermaid

from .helpers import changed, version, write


def test_the_diagram_shows_every_tier_start_move_and_guard() -> None:
    text = pathway_mermaid(load_pathways(None).current)
    assert text.startswith("stateDiagram-v2\n")
    for line in [
        "[*] --> bronze : periphery, no strand",
        "[*] --> silver : at risk",
        "[*] --> gold : gang member",
        "bronze : weight 0.25, review every 12 weeks",
        "silver : weight 0.5, review every 12 weeks, enforcement allowed",
        "gold : weight 1.0, review every 6 weeks, enforcement allowed",
        "intensive : weight 2.0, review every 4 weeks, enforcement allowed",
        "bronze --> silver : step_up",
        "silver --> gold : step_up",
        "gold --> intensive : step_up [manager_approved]",
        "bronze --> intensive : step_up [manager_approved]",
        "intensive --> gold : step_down [review_completed]",
        "gold --> silver : step_down [review_completed]",
        "silver --> bronze : step_down [review_completed]",
        "intensive --> bronze : step_down [review_completed]",
    ]:
        assert f"    {line}\n" in text, line
    assert text.count(" --> ") == 3 + 12  # three starts, twelve moves
    assert "intensive --> [*]" not in text  # no tier is final


def test_a_councils_renamed_tiers_and_guards_are_drawn(tmp_path: Path) -> None:
    text = version(
        changed(
            ('"silver"]\nto = "gold"\n', '"silver"]\nto = "gold"\nguards = ["manager_approved"]\n')
        ),
        2,
    )
    text = text.replace('"bronze"', '"universal"').replace("bronze", "universal")
    path = write(tmp_path, "pathway-v2.toml", text)
    drawn = pathway_mermaid(load_pathway(path))
    assert "    universal --> gold : step_up [manager_approved]\n" in drawn
    assert "    [*] --> universal : periphery, no strand\n" in drawn
    assert "bronze" not in drawn
