"""The demo's heart: staff for the synthetic borough, its backlog allocated by one reviewed
proposal, and its families moved along their pathways on the dates their stories say.

A council starting with the engine already has families in work, so the demo loads them
as a council would from its previous system: each family's work is back-dated to the day
the borough's ground truth says it began (``work_began``), then moved along on working
days from there: first contact, the whole-family assessment, the plan (which puts the
family on the tier its strand starts on), progress at its turning point, a step up for a
relapse or into intensive (asked by one manager, approved by another), a step down after
a review, and closures. Every step goes through the same services a manager would use,
dated as it happened; nothing is written behind their back.

Which families go how far is decided from each family's reference, so a run is the same
every time. A few families are left at each step on purpose, so every state and tier has
households in it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workflow.calendar import WorkingDays
from workflow.principal import Principal
from workflow.staff import add_staff, principal_for

if TYPE_CHECKING:
    from tfe.commands.demo import DemoRun

SENIOR = "SM001"
OTHERS = (  # (ref, name, role, team)
    (SENIOR, "Sam Okafor", "senior_manager", None),
    ("FIN001", "Farah Iqbal", "finance", None),
    ("DO001", "Dan Morgan", "data_officer", None),
    ("AUD001", "Alex Byrne", "auditor", None),
    ("ADM001", "Ada Lowe", "admin", None),
)
HELD_BACK = 0.05  # of the backlog, left waiting for the next allocation meeting


def _share(ref: str, salt: str) -> float:
    """A number in [0, 1) that depends only on the household and what it is for."""
    digest = hashlib.sha256(f"{salt}:{ref}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass(frozen=True)
class Story:
    story: str  # improves, improves_then_relapses, no_change ('' outside the truth)
    began: dt.date | None
    turn: dt.date | None
    relapse: dt.date | None


def _stories(truth: Path) -> dict[str, Story]:
    def day(text: str) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    found = {}
    with (truth / "households.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row.get("multi_problem") == "Y":
                found[row["household_ref"]] = Story(
                    row["story"],
                    day(row.get("work_began", "")),
                    day(row["turning_point"]),
                    day(row["relapse_date"]),
                )
    return found


# --- staff ----------------------------------------------------------------------------


def _staff(run: DemoRun, actor: Principal) -> dict[str, str]:
    """A manager for every team (the demo names them), and one of each other role;
    returns each team's manager."""
    from workflow.db.models import Team

    uow = run.container.uow
    with uow() as u:
        teams = [
            str(t) for t in u.connection.execute(select(Team.name).order_by(Team.name)).scalars()
        ]
    managers = {}
    for n, team in enumerate(teams, 1):
        ref = f"M{n:03d}"
        add_staff(
            ref,
            name=f"{team.split(' ')[0]} Manager",
            email=f"manager{n}@demo.invalid",
            roles=["manager"],
            team=team,
            uow=uow(),
            actor=actor,
        )
        managers[team] = ref
    for other, name, role, other_team in OTHERS:
        add_staff(
            other,
            name=name,
            email=f"{other.lower()}@demo.invalid",
            roles=[role],
            team=other_team,
            uow=uow(),
            actor=actor,
        )
    return managers


# --- allocation -----------------------------------------------------------------------


def allocate(run: DemoRun) -> dict[str, Any]:
    """Managers and other staff, then one proposal for the whole backlog, reviewed (a few
    families held back for next time) and applied, each family's work back-dated."""
    from tfe.commands.demo import DEMO
    from workflow.allocation.proposals import ProposalRefused, apply_proposal, make_proposal
    from workflow.households.lookup import find
    from workflow.localities import load_localities
    from workflow.pathway.catalogue import council_pathways

    settings, container = run.settings, run.container
    reference = run.borough_dir / "reference" / "localities.csv"
    target = settings.effective_localities_file
    if reference.is_file() and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(reference, target)
    localities = load_localities(target)
    pathways = council_pathways(settings)
    managers = _staff(run, DEMO)
    lead = principal_for(container.uow(), next(iter(sorted(managers.values())), SENIOR))
    try:
        proposal = make_proposal(
            uow=container.uow(),
            clock=container.clock,
            actor=lead,
            pathways=pathways,
            localities=localities,
        )
    except ProposalRefused:  # nobody waiting: the borough was allocated by an earlier run
        return {
            "proposal": None,
            "summary": [],
            "applied": None,
            "held_back": [],
            "managers": managers,
            "localities": len(localities.areas),
            "effective": {},
        }
    stories = _stories(run.borough_dir / "ground_truth")
    today = container.clock.today()
    refs = [item.household_ref for item in proposal.items if item.staff_ref is not None]
    held = {ref for ref in refs if _share(ref, "held") < HELD_BACK}
    effective: dict[str, dt.date] = {}
    with container.uow() as u:
        for ref in refs:
            known = find(u.connection, ref).known_from
            began = _began(ref, stories.get(ref), today)
            effective[ref] = min(max(began, known), today)
    changes: dict[str, str | None] = dict.fromkeys(held)
    applied = apply_proposal(
        proposal.id,
        uow=container.uow(),
        clock=container.clock,
        actor=lead,
        pathways=pathways,
        localities=localities,
        changes=changes,
        effective_on=effective,
        reason="allocated at the first allocation meeting",
    )
    return {
        "proposal": proposal.as_dict() | {"items": None},
        "summary": proposal.summary(),
        "applied": applied.as_dict(),
        "held_back": sorted(held),
        "managers": managers,
        "localities": len(localities.areas),
        "effective": {ref: day.isoformat() for ref, day in effective.items() if ref not in held},
    }


def _began(ref: str, story: Story | None, today: dt.date) -> dt.date:
    """When work with the family began: its story's day, or (for a family the truth does
    not call multi-problem) a day in the last six months. A few start this fortnight."""
    share = _share(ref, "fate")
    if share < 0.14:  # new allocations, still at the start: this fortnight
        return today - dt.timedelta(days=int(share * 100))
    if story is not None and story.began is not None:
        return story.began
    return today - dt.timedelta(days=30 + int(_share(ref, "began") * 150))


# --- moving families along --------------------------------------------------------------


@dataclass
class _Family:
    ref: str
    champion: str
    team_manager: str
    began: dt.date
    story: Story | None


def move_along(run: DemoRun) -> dict[str, Any]:
    """Every family allocated by this run moves as far as its story and dates allow."""
    from workflow.pathway.catalogue import council_pathways

    allocation = run.results.get("allocate", {})
    effective = {
        ref: dt.date.fromisoformat(day) for ref, day in allocation.get("effective", {}).items()
    }
    if not effective:
        return {"families": 0, "steps": {}, "states": {}, "tiers": {}}
    container = run.container
    pathways = council_pathways(run.settings)
    stories = _stories(run.borough_dir / "ground_truth")
    managers = allocation["managers"]
    families = _families(run, effective, stories, managers)
    steps: Counter[str] = Counter()
    senior = principal_for(container.uow(), SENIOR)
    principals: dict[str, Principal] = {}

    def who(ref: str) -> Principal:
        if ref not in principals:
            principals[ref] = principal_for(container.uow(), ref)
        return principals[ref]

    days = WorkingDays()
    today = container.clock.today()
    for n, family in enumerate(families):
        run.progress("Moving families along their pathways", n, len(families))
        manager = who(family.team_manager)
        _one(family, manager, senior, days, today, container, pathways, steps)
        _reviews(family, manager, today, container, pathways, steps)
    run.progress("Moving families along their pathways", len(families), len(families))
    states, tiers = _counts(run)
    return {"families": len(families), "steps": dict(steps), "states": states, "tiers": tiers}


def _families(
    run: DemoRun, effective: dict[str, dt.date], stories: dict[str, Story], managers: dict[str, str]
) -> list[_Family]:
    from workflow.db.models import ChampionAssignment, Household, Staff, Team

    with run.container.uow() as u:
        rows = u.connection.execute(
            select(Household.household_ref, Staff.staff_ref, Team.name)
            .join(ChampionAssignment, ChampionAssignment.household_id == Household.id)
            .join(Staff, Staff.id == ChampionAssignment.staff_id)
            .outerjoin(Team, Team.id == Staff.team_id)
            .where(
                ChampionAssignment.ended_on.is_(None), Household.household_ref.in_(list(effective))
            )
            .order_by(Household.household_ref)
        ).all()
    fallback = next(iter(sorted(managers.values())), SENIOR)
    return [
        _Family(
            str(ref),
            str(staff),
            managers.get(str(team), fallback),
            effective[str(ref)],
            stories.get(str(ref)),
        )
        for ref, staff, team in rows
    ]


def _one(
    family: _Family,
    manager: Principal,
    senior: Principal,
    days: WorkingDays,
    today: dt.date,
    container: Any,
    pathways: Any,
    steps: Counter[str],
) -> None:
    """Move one family as far as its dates allow; each step dated the day it happened,
    recorded by the team's manager loading the caseload from the previous system."""
    from workflow.casework.approvals import decide_approval, request_approval
    from workflow.casework.records import record_case
    from workflow.lifecycle.service import move_household
    from workflow.statemachine.errors import TransitionRefused
    from workflow.tiers.service import step_tier

    ref, share = family.ref, _share(family.ref, "fate")
    story = family.story
    last = family.began

    def on(day: dt.date) -> dt.date | None:
        """The day a step took effect (never before the last, never after today), or None
        when it is still to come."""
        nonlocal last
        if day > today:
            return None
        last = max(last, day)
        return last

    common = {"uow": None, "clock": container.clock, "pathways": pathways}

    def record(kind: str, day: dt.date, summary: str) -> bool:
        when = on(day)
        if when is None:
            return False
        record_case(
            ref,
            kind,
            summary=summary,
            effective_on=when,
            actor=manager,
            **(common | {"uow": container.uow()}),
        )
        steps[kind] += 1
        return True

    def move(trigger: str, day: dt.date, reason: str) -> bool:
        when = on(day)
        if when is None:
            return False
        move_household(
            ref,
            trigger,
            reason=reason,
            effective_on=when,
            actor=manager,
            **(common | {"uow": container.uow()}),
        )
        steps[trigger] += 1
        return True

    def tier(trigger: str, day: dt.date, reason: str, to: str | None = None) -> bool:
        when = on(day)
        if when is None:
            return False
        try:
            moved = step_tier(
                ref,
                trigger,
                reason=reason,
                to=to,
                effective_on=when,
                actor=manager,
                **(common | {"uow": container.uow()}),
            )
        except TransitionRefused:  # gold's next step is intensive: that needs an approval
            return False
        steps[f"{trigger} to {moved.to_tier}"] += 1
        return True

    began = family.began
    if share < 0.04:
        return  # allocated this week: the first contact is still to be made
    if not record("contact", days.add(began, 3), "First visit: met the family at home."):
        return
    if not move("start_assessment", days.add(began, 3), "First contact made"):
        return
    if share < 0.10:
        return  # the assessment is under way
    if not record("assessment", days.add(began, 15), "Whole-family assessment completed."):
        return
    if not record("plan", days.add(began, 22), "Family plan agreed with every member."):
        return
    if not move("agree_plan", days.add(began, 22), "Plan agreed with the family"):
        return
    plan_day = last
    improving = story is not None and story.story != "no_change" and story.turn is not None
    if not improving:
        if share < 0.30:
            move("close", plan_day + dt.timedelta(days=70), "disengaged")
        elif share < 0.45:
            tier(
                "step_up", plan_day + dt.timedelta(days=42), "Little progress: more contact needed"
            )
        return
    assert story is not None and story.turn is not None
    strand_gang = _share(ref, "intensive") < 0.35
    if strand_gang and share > 0.5:
        asked = request_approval(
            ref,
            "step_up_to_intensive",
            uow=container.uow(),
            clock=container.clock,
            actor=manager,
            reason="Risk of serious harm: daily contact needed",
        )
        decide_approval(
            asked.approval_id,
            True,
            uow=container.uow(),
            clock=container.clock,
            actor=senior,
            reason="Agreed: intensive for twelve weeks",
        )
        if tier(
            "step_up", plan_day + dt.timedelta(days=14), "Risk of serious harm", to="intensive"
        ):
            steps["intensive approved"] += 1
    turn = max(story.turn, plan_day + dt.timedelta(days=28))
    if not record("outcome_evidence", turn, "Attendance and work outcomes evidenced."):
        return
    if not move("evidence_progress", turn, "Progress against the plan evidenced"):
        return
    if story.relapse is not None and story.relapse > turn:
        tier("step_up", story.relapse, "Relapse: the family needs more support again")
        return
    review = turn + dt.timedelta(days=21)
    reviewed = share > 0.8 and record("review", review, "Plan reviewed: less support needed.")
    if reviewed and tier("step_down", review, "Goals met: less support needed"):
        return
    if share > 0.92:
        move("close", turn + dt.timedelta(days=60), "plan_completed")


def _reviews(
    family: _Family,
    manager: Principal,
    today: dt.date,
    container: Any,
    pathways: Any,
    steps: Counter[str],
) -> None:
    """The plan reviews held since the plan was agreed, each on the day it fell due; one
    family in six has its latest review overdue, as real caseloads do."""
    from workflow.casework.records import record_case
    from workflow.db.models import Household, KeyworkerTask

    late = _share(family.ref, "late") < 1 / 6
    for _ in range(200):  # a review every four weeks or more: far fewer than 200 to today
        with container.uow() as u:
            due = u.connection.execute(
                select(KeyworkerTask.due_on)
                .join(Household, Household.id == KeyworkerTask.household_id)
                .where(
                    Household.household_ref == family.ref,
                    KeyworkerTask.status == "open",
                    KeyworkerTask.task == "plan_review",
                )
                .order_by(KeyworkerTask.due_on)
                .limit(1)
            ).scalar()
        if due is None or due > today:
            return
        if late and due + dt.timedelta(days=84) > today:
            return  # this one is overdue
        record_case(
            family.ref,
            "review",
            summary="Plan reviewed with the family.",
            effective_on=due,
            actor=manager,
            uow=container.uow(),
            clock=container.clock,
            pathways=pathways,
        )
        steps["review"] += 1


def _counts(run: DemoRun) -> tuple[dict[str, int], dict[str, int]]:
    from sqlalchemy import func

    from workflow.db.models import HouseholdEpisode as E

    with run.container.uow() as u:
        states = dict(u.connection.execute(select(E.state, func.count()).group_by(E.state)).all())
        tiers = dict(
            u.connection.execute(
                select(E.tier, func.count())
                .where(E.closed_at.is_(None), E.tier.is_not(None))
                .group_by(E.tier)
            ).all()
        )
    return {str(k): int(v) for k, v in states.items()}, {str(k): int(v) for k, v in tiers.items()}


def examples(run: DemoRun) -> list[tuple[str, str]]:
    """(user, command) pairs with real references: a keyworker with open tasks and one of
    their families, a manager, the proposal, a person for the information governance
    officer."""
    from sqlalchemy import func

    from workflow.db.models import Household, KeyworkerTask, Person, Staff

    allocation = run.results.get("allocate") or {}
    found: list[tuple[str, str]] = []
    data = f" --data-dir {run.settings.data_dir}" if run.settings.data_dir != Path("data") else ""
    with run.container.uow() as u:
        c = u.connection
        busy = c.execute(
            select(Staff.staff_ref, func.count())
            .join(KeyworkerTask, KeyworkerTask.assignee_staff_id == Staff.id)
            .where(KeyworkerTask.status == "open")
            .group_by(Staff.staff_ref)
            .order_by(func.count().desc(), Staff.staff_ref)
            .limit(1)
        ).first()
        family = None
        if busy is not None:
            family = c.execute(
                select(Household.household_ref)
                .join(KeyworkerTask, KeyworkerTask.household_id == Household.id)
                .join(Staff, Staff.id == KeyworkerTask.assignee_staff_id)
                .where(Staff.staff_ref == busy[0], KeyworkerTask.status == "open")
                .order_by(KeyworkerTask.due_on)
                .limit(1)
            ).scalar()
        person = c.execute(select(Person.person_ref).order_by(Person.id).limit(1)).scalar()
    managers = allocation.get("managers") or {}
    manager = next(iter(sorted(managers.values())), None)
    if busy is not None and family is not None:
        found.append(("Keyworker", f"tfe tasks --worker {busy[0]}{data}"))
        found.append(("Keyworker", f"tfe household show {family} --as {busy[0]}{data}"))
    if manager is not None:
        found.append(("Early help manager", f"tfe households --unallocated --as {manager}{data}"))
        if allocation.get("proposal"):
            number = allocation["proposal"]["id"]
            found.append(("Early help manager", f"tfe allocate show {number} --as {manager}{data}"))
        held = allocation.get("held_back") or []
        if held:
            found.append(
                ("Early help manager", f"tfe allocate suggest {held[0]} --as {manager}{data}")
            )
    found.append(("Data officer", f"tfe match review{data}"))
    if person is not None:
        found.append(
            ("Information governance officer", f'tfe person export {person} --reason "SAR 1"{data}')
        )
    return found
