"""The pathway diagram is drawn from the machine, so it shows every trigger and state."""

from __future__ import annotations

from workflow.domain.vocabulary import HouseholdState as S
from workflow.lifecycle import OPEN_STATES, Trigger
from workflow.lifecycle.diagram import mermaid


def test_the_diagram_shows_every_trigger_state_and_guard() -> None:
    text = mermaid()
    assert text.startswith("stateDiagram-v2\n    [*] --> identified\n")
    for trigger in Trigger:
        assert f" : {trigger.value}" in text, trigger
    for state in S:
        assert f" {state.value} " in text or f" {state.value}\n" in text, state
    assert "eligible --> allocated : allocate [champion_assigned]" in text
    assert "assessment --> active : agree_plan [assessment_recorded, plan_recorded]" in text
    assert "active --> progress_evidenced : evidence_progress [progress_recorded]" in text
    assert "progress_evidenced --> claimed : claim [manager_approved]" in text
    assert "closed --> [*]" in text


def test_close_is_drawn_once_from_any_open_state_unless_unfolded() -> None:
    folded, unfolded = mermaid(), mermaid(fold=False)
    assert folded.count(" : close [closure_reason, plan_in_place]") == 1
    assert 'state "any open state" as any_open_state_close' in folded
    for state in OPEN_STATES:
        assert f"    {state.value} --> closed : close [closure_reason, plan_in_place]\n" in unfolded
    assert "any open state" not in unfolded
