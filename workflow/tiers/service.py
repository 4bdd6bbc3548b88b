"""A household's tier and strand: placed when its plan is agreed, stepped up or down with
the tier machine's guards reading the store, a strand worked out from matching and
screening (or a manager's override, with a reason), a move to a new pathway version on
purpose, and enforcement carried alongside.

Every change is one transaction with its history row (``tier_transitions``: who, when it
was recorded, the day it took effect, why, and the pathway version and move it relied on),
the tasks the new tier calls for, the open review re-timed to the new tier's interval, and
the audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from workflow import audit
from workflow.access.policy import Action, require
from workflow.clock import Clock
from workflow.db.models import (
    EnforcementOverlay,
    HouseholdEpisode,
    HouseholdIntelFlag,
    ScreeningDecision,
    TierTransition,
)
from workflow.domain.vocabulary import HouseholdState, Strand
from workflow.errors import WorkflowError
from workflow.households.lookup import effective_date, find, pathway_of
from workflow.lifecycle.records import Episode
from workflow.pathway.catalogue import PathwayCatalogue
from workflow.pathway.definition import PathwayDefinition
from workflow.pathway.enforcement import check_enforcement
from workflow.pathway.machine import TierChange, migrate, place, tier_machine
from workflow.pathway.strand import MemberFlag, StrandFacts, derive_strand
from workflow.pathway.tasks import When
from workflow.principal import Principal
from workflow.statemachine.definition import reason_problems
from workflow.tasks.store import make_tasks, retime_reviews
from workflow.tiers.facts import StoredTierFacts
from workflow.uow import UnitOfWork

E = HouseholdEpisode
ON_A_TIER = (HouseholdState.ACTIVE, HouseholdState.PROGRESS_EVIDENCED)


class TierRefused(WorkflowError):
    code = "tier_refused"


@dataclass(frozen=True)
class TierMoved:
    household_ref: str
    from_tier: str | None
    to_tier: str | None
    trigger: str
    pathway: str
    effective_on: dt.date

    def as_dict(self) -> dict[str, Any]:
        return {**vars(self), "effective_on": self.effective_on.isoformat()}


def strand_facts(connection: Connection, household_id: int) -> StrandFacts:
    """Matching's flags on the household's members and its latest screening facts."""
    f = HouseholdIntelFlag
    flags = tuple(
        MemberFlag(str(role), harm, victim)
        for role, harm, victim in connection.execute(
            select(f.role, f.harm_band, f.victim_band).where(f.household_id == household_id)
        )
    )
    latest = connection.execute(
        select(ScreeningDecision.facts)
        .where(ScreeningDecision.household_id == household_id)
        .order_by(ScreeningDecision.as_of.desc(), ScreeningDecision.id.desc())
        .limit(1)
    ).scalar()
    return StrandFacts(flags=flags, facts=dict(latest or {}))


def place_in(
    connection: Connection,
    episode: Episode,
    pathway: PathwayDefinition,
    *,
    on: dt.date,
    actor: Principal,
    clock: Clock,
) -> TierChange:
    """Put a household on its first tier (its plan is agreed), deriving its strand unless
    a manager set one; in the caller's transaction."""
    strand, strand_reason, set_by = connection.execute(
        select(E.strand, E.strand_reason, E.strand_set_by).where(E.id == episode.id)
    ).one()
    if strand is None or set_by is None:
        derived, reasons = derive_strand(
            strand_facts(connection, episode.household_id), pathway.strands
        )
        strand, strand_reason = derived.value, "; ".join(reasons)[:500]
    change = place(pathway, Strand(strand))
    _record(
        connection,
        episode,
        change,
        on=on,
        actor=actor,
        clock=clock,
        pathway=pathway,
        values={"strand": strand, "strand_reason": strand_reason},
    )
    return change


def step_tier(
    household_ref: str,
    trigger: str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    pathways: PathwayCatalogue,
    reason: str,
    to: str | None = None,
    effective_on: dt.date | None = None,
) -> TierMoved:
    """Step a household up or down (``step_up`` / ``step_down``), to the next tier or ``to``."""
    require(actor, Action.CHANGE_TIER)
    with uow:
        connection = uow.connection
        found = find(connection, household_ref)
        episode = found.open_episode()
        if episode.state not in ON_A_TIER:
            raise TierRefused(
                f"Household {found.household_ref} is '{episode.state.value}': it goes on a "
                "tier when its plan is agreed, and changes tier while its plan is active."
            )
        on = effective_date(found, effective_on, today=clock.today(), actor=actor)
        pathway = pathway_of(connection, episode, pathways)
        tier = connection.execute(select(E.tier).where(E.id == episode.id)).scalar()
        change = tier_machine(pathway).fire(
            tier,
            trigger,
            reason=reason,
            label=f"household {found.household_ref}",
            facts=StoredTierFacts(connection, episode),
            to=to,
            subject_id=found.household_id,
        )
        _record(connection, episode, change, on=on, actor=actor, clock=clock, pathway=pathway)
        _audit(connection, actor, found.household_ref, change)
        uow.commit()
    return TierMoved(
        found.household_ref, change.from_tier, change.to_tier, change.trigger, change.pathway, on
    )


def migrate_pathway(
    household_ref: str,
    version: str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    pathways: PathwayCatalogue,
    reason: str,
    to: str | None = None,
) -> TierMoved:
    """Move a household to another pathway version, on purpose (a manager)."""
    require(actor, Action.MIGRATE_PATHWAY)
    with uow:
        connection = uow.connection
        found = find(connection, household_ref)
        episode = found.open_episode()
        source = pathway_of(connection, episode, pathways)
        target = pathways.get(version)
        tier = connection.execute(select(E.tier).where(E.id == episode.id)).scalar()
        change = migrate(
            source,
            target,
            tier,
            reason=reason,
            label=f"household {found.household_ref}",
            to=to,
            subject_id=found.household_id,
        )
        _record(
            connection,
            episode,
            change,
            on=clock.today(),
            actor=actor,
            clock=clock,
            pathway=target,
            values={"pathway_version": target.version_id},
        )
        _audit(connection, actor, found.household_ref, change)
        uow.commit()
    return TierMoved(
        found.household_ref,
        change.from_tier,
        change.to_tier,
        change.trigger,
        change.pathway,
        clock.today(),
    )


def override_strand(
    household_ref: str,
    strand: Strand | str,
    *,
    uow: UnitOfWork,
    actor: Principal,
    reason: str,
) -> str:
    """A manager sets a household's strand, saying why; it stays until changed again."""
    require(actor, Action.OVERRIDE_STRAND)
    problems = reason_problems(reason)
    try:
        chosen = Strand(strand)
    except ValueError:
        problems.append(f"‘{str(strand)[:40]}’ is not a strand (periphery, at_risk, gang_member)")
    if problems:
        raise TierRefused("Cannot set the strand: " + "; ".join(problems) + ".")
    with uow:
        connection = uow.connection
        found = find(connection, household_ref)
        episode = found.open_episode()
        connection.execute(
            update(E)
            .where(E.id == episode.id)
            .values(
                strand=chosen.value,
                strand_reason=f"set by a manager: {reason}"[:500],
                strand_set_by=actor.ref,
            )
        )
        audit.record(
            connection,
            actor=actor,
            action="override_strand",
            entity_type="household",
            entity_id=found.household_ref,
            purpose="casework",
            detail={"strand": chosen.value},
        )
        uow.commit()
    return chosen.value


def add_enforcement(
    household_ref: str,
    agency: str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    pathways: PathwayCatalogue,
    reason: str,
) -> int:
    """Record enforcement alongside a household's support (silver and above)."""
    require(actor, Action.CHANGE_TIER)
    problems = reason_problems(reason)
    if problems:
        raise TierRefused(f"Cannot record enforcement: {problems[0]}.")
    with uow:
        connection = uow.connection
        found = find(connection, household_ref)
        episode = found.open_episode()
        tier = connection.execute(select(E.tier).where(E.id == episode.id)).scalar()
        chosen = check_enforcement(
            pathway_of(connection, episode, pathways),
            tier,
            agency,
            label=f"household {found.household_ref}",
        )
        overlay = int(
            connection.execute(
                insert(EnforcementOverlay)
                .values(
                    household_id=found.household_id,
                    episode_id=episode.id,
                    agency=chosen.value,
                    started_on=clock.today(),
                    reason=reason,
                    recorded_by=actor.ref,
                    recorded_at=clock.now(),
                )
                .returning(EnforcementOverlay.id)
            ).scalar_one()
        )
        audit.record(
            connection,
            actor=actor,
            action="add_enforcement",
            entity_type="household",
            entity_id=found.household_ref,
            purpose="casework",
            detail={"agency": chosen.value},
        )
        uow.commit()
    return overlay


def _record(
    connection: Connection,
    episode: Episode,
    change: TierChange,
    *,
    on: dt.date,
    actor: Principal,
    clock: Clock,
    pathway: PathwayDefinition,
    values: dict[str, Any] | None = None,
) -> None:
    changed = connection.execute(
        update(E)
        .where(E.id == episode.id, _tier_is(change.from_tier))
        .values(tier=change.to_tier, pathway_version=change.pathway, **(values or {}))
    ).rowcount
    if changed != 1:
        raise TierRefused("The household's tier was changed by someone else meanwhile: try again.")
    connection.execute(
        insert(TierTransition).values(
            household_id=episode.household_id,
            episode_id=episode.id,
            from_state=change.from_tier,
            to_state=change.to_tier or "",
            trigger=change.trigger,
            actor=actor.ref,
            actor_roles=actor.role_names,
            at=clock.now(),
            effective_on=on,
            reason=change.reason[:500],
            detail={
                "pathway": change.pathway,
                "hash": change.content_hash,
                "move": change.move,
                "guards": list(change.guards),
                "from_pathway": change.from_pathway,
            },
        )
    )
    if change.to_tier is not None:
        retime_reviews(connection, episode, pathway=pathway, tier=change.to_tier, start=on)
        make_tasks(
            connection,
            episode,
            When.tier(change.to_tier),
            start=on,
            actor=actor,
            pathway=pathway,
            tier=change.to_tier,
        )


def _tier_is(tier: str | None) -> Any:
    return E.tier.is_(None) if tier is None else E.tier == tier


def _audit(connection: Connection, actor: Principal, ref: str, change: TierChange) -> None:
    audit.record(
        connection,
        actor=actor,
        action=f"tier_{change.trigger}",
        entity_type="household",
        entity_id=ref,
        purpose="casework",
        detail={"from": change.from_tier, "to": change.to_tier, "pathway": change.pathway},
    )
