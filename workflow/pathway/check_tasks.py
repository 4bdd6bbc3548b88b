"""Checking a definition's task rules and strand rules: every problem reported with its
line. Part of ``workflow.pathway.loading``. Pure."""

from __future__ import annotations

from typing import Any

from eligibility.facts import FACTS
from workflow.domain.vocabulary import HouseholdState, Strand
from workflow.pathway.reading import At, Found
from workflow.pathway.strand import HARM_BANDS, StrandRules
from workflow.pathway.tasks import (
    NEEDS_SUBJECT,
    TIER_WEEKS,
    Assignee,
    RecordKind,
    TaskOn,
    TaskRule,
    When,
)
from workflow.pathway.values import names, one_of, shown, slug, text, whole

TASK_KEYS = {"when", "task", "title", "due_working_days", "every_weeks", "completed_by", "assignee"}
STRAND_KEYS = {"gang_member_harm_bands", "at_risk_facts", "periphery_facts", "default"}
MAX_WORKING_DAYS = 260  # about a year
MAX_WEEKS = 52
RECORD_KINDS = tuple(kind.value for kind in RecordKind)
WHEN_WORDS = "state:<lifecycle state>, tier:<tier>, record:<case record kind>, concern or flag"


def tasks(raw: Any, found: Found, tier_ids: tuple[str, ...]) -> list[TaskRule]:
    """The ``[[tasks]]`` (there may be none)."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        found.add("‘tasks’ must be written as [[tasks]] tables", At(""), "tasks")
        return []
    rules: list[TaskRule] = []
    seen: set[str] = set()
    for index, spec in enumerate(raw):
        at = At(f"task {index + 1}", "tasks", index)
        task = slug(found, spec, "task", at)
        if task is not None:
            at = At(f"task ‘{task}’", "tasks", index)
            if task in seen:
                found.add(
                    f"there are two tasks called ‘{task}’: a task's id must be unique", at, "task"
                )
            seen.add(task)
        found.unknown_keys(spec, TASK_KEYS, at)
        rule = _rule(spec, found, at, task, tier_ids)
        if rule is not None:
            rules.append(rule)
    return rules


def _rule(
    spec: dict[str, Any], found: Found, at: At, task: str | None, tier_ids: tuple[str, ...]
) -> TaskRule | None:
    problems = len(found.problems)
    when = _when(spec, found, at, tier_ids)
    title = text(found, spec, "title", at)
    assignee = one_of(
        found, spec, "assignee", at, known=[a.value for a in Assignee], what="who a task can go to"
    )
    completed_by = None
    if "completed_by" in spec:
        completed_by = one_of(
            found, spec, "completed_by", at, known=RECORD_KINDS, what="a kind of case record"
        )
    due = every = None
    tier_weeks = False
    if ("due_working_days" in spec) == ("every_weeks" in spec):
        found.add(
            f"{at.where} needs one of ‘due_working_days’ (a deadline) or ‘every_weeks’ "
            "(a repeating task), not both or neither",
            at,
        )
    elif "due_working_days" in spec:
        due = whole(found, spec, "due_working_days", at, low=1, high=MAX_WORKING_DAYS)
    elif spec["every_weeks"] == TIER_WEEKS:
        tier_weeks = True
    elif isinstance(spec["every_weeks"], str):
        found.add(
            f'{at.where}: ‘every_weeks’ must be a number of weeks or "tier" (the tier\'s '
            f"review_every_weeks), not {shown(spec['every_weeks'])}",
            at,
            "every_weeks",
        )
    else:
        every = whole(found, spec, "every_weeks", at, low=1, high=MAX_WEEKS)
    if len(found.problems) > problems or when is None:
        return None
    assert task and title and assignee
    return TaskRule(
        when=when,
        task=task,
        title=title,
        assignee=Assignee(assignee),
        due_working_days=due,
        every_weeks=every,
        every_tier_review=tier_weeks,
        completed_by=None if completed_by is None else RecordKind(completed_by),
    )


def _when(spec: dict[str, Any], found: Found, at: At, tier_ids: tuple[str, ...]) -> When | None:
    raw = text(found, spec, "when", at)
    if raw is None:
        return None
    kind, _, subject = raw.partition(":")
    if kind not in set(TaskOn):
        found.add(f"{at.where}: ‘when’ must be {WHEN_WORDS}, not {shown(raw)}", at, "when")
        return None
    on = TaskOn(kind)
    known: tuple[str, ...] = ()
    what = ""
    if on is TaskOn.STATE:
        known, what = tuple(s.value for s in HouseholdState), "a lifecycle state"
    elif on is TaskOn.TIER:
        known, what = tier_ids, "a tier"
    elif on is TaskOn.RECORD:
        known, what = RECORD_KINDS, "a kind of case record"
    if on in NEEDS_SUBJECT and subject not in known:
        found.add(
            f"{at.where}: ‘when’ is {shown(raw)}, but ‘{subject}’ is not {what} "
            f"(they are {', '.join(known)})",
            at,
            "when",
        )
        return None
    if on not in NEEDS_SUBJECT and subject:
        found.add(f"{at.where}: ‘when’ is {shown(raw)}: write just ‘{kind}’", at, "when")
        return None
    return When(on, subject or None)


def strands(raw: Any, found: Found) -> StrandRules:
    """The ``[strands]`` rules; what the table leaves out keeps its default."""
    defaults = StrandRules()
    if raw is None:
        return defaults
    at = At("‘[strands]’", "strands")
    if not isinstance(raw, dict):
        found.add("‘strands’ must be a table: [strands]", At(""), "strands")
        return defaults
    found.unknown_keys(raw, STRAND_KEYS, at)
    facts = tuple(FACTS)
    bands = names(found, raw, "gang_member_harm_bands", at, known=HARM_BANDS, what="a harm band")
    at_risk = names(found, raw, "at_risk_facts", at, known=facts, what="a screening fact")
    periphery = names(found, raw, "periphery_facts", at, known=facts, what="a screening fact")
    default = defaults.default
    if "default" in raw:
        chosen = one_of(found, raw, "default", at, known=[s.value for s in Strand], what="a strand")
        default = default if chosen is None else Strand(chosen)
    return StrandRules(
        gang_member_harm_bands=defaults.gang_member_harm_bands
        if bands is None or "gang_member_harm_bands" not in raw
        else bands,
        at_risk_facts=defaults.at_risk_facts
        if at_risk is None or "at_risk_facts" not in raw
        else at_risk,
        periphery_facts=defaults.periphery_facts
        if periphery is None or "periphery_facts" not in raw
        else periphery,
        default=default,
    )
