"""Asking a manager to approve a step (a claim, a step-up into intensive, a closure), and
the manager's decision. The approver is never the person who asked (the database's check
constraint holds it too), and must be a manager.

A request makes a task for the managers of the champion's team; a decision completes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update

from workflow import audit
from workflow.access.policy import Action, require
from workflow.clock import Clock
from workflow.db.models import Approval, Household
from workflow.errors import WorkflowError
from workflow.households.lookup import find
from workflow.pathway.tasks import Assignee, TaskRule, When
from workflow.principal import Principal
from workflow.statemachine.definition import reason_problems
from workflow.tasks.store import add_tasks, finish_approval_tasks
from workflow.uow import UnitOfWork

PENDING, APPROVED, REFUSED = "pending", "approved", "refused"
APPROVE_WITHIN = 2  # working days: a request's task for the managers


class ApprovalRefused(WorkflowError):
    code = "approval_refused"


@dataclass(frozen=True)
class ApprovalView:
    approval_id: int
    household_ref: str
    action: str
    status: str
    requested_by: str
    decided_by: str | None

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def request_approval(
    household_ref: str,
    action: str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    reason: str,
) -> ApprovalView:
    """Ask for a manager's approval of ``action`` (``claim``, ``step_up:intensive`` …)."""
    require(actor, Action.REQUEST_APPROVAL)
    problems = reason_problems(reason)
    if problems:
        raise ApprovalRefused(f"Cannot ask for approval: {problems[0]}.")
    with uow:
        connection = uow.connection
        found = find(connection, household_ref)
        episode = found.open_episode()
        waiting = connection.execute(
            select(Approval.id).where(
                Approval.episode_id == episode.id,
                Approval.action == action,
                Approval.status == PENDING,
            )
        ).first()
        if waiting is not None:
            raise ApprovalRefused(
                f"Household {found.household_ref} already has a request for approval of "
                f"{action.replace('_', ' ')} waiting (approval {waiting[0]})."
            )
        approval_id = int(
            connection.execute(
                insert(Approval)
                .values(
                    household_id=found.household_id,
                    episode_id=episode.id,
                    action=action,
                    status=PENDING,
                    requested_by=actor.ref,
                    requested_at=clock.now(),
                    request_reason=reason,
                    detail={},
                )
                .returning(Approval.id)
            ).scalar_one()
        )
        title = f"Approve or refuse: {action.replace('_', ' ').replace(':', ' into ')}"
        rule = TaskRule(
            When.flag(),
            f"approve_{approval_id}",
            title[:200],
            Assignee.MANAGER,
            due_working_days=APPROVE_WITHIN,
        )
        add_tasks(
            connection,
            episode,
            (rule,),
            start=clock.today(),
            actor=actor,
            pathway=None,
            source="approval",
            detail={"approval_id": approval_id},
        )
        audit.record(
            connection,
            actor=actor,
            action="request_approval",
            entity_type="household",
            entity_id=found.household_ref,
            purpose="casework",
            detail={"approval_id": approval_id, "action": action},
        )
        uow.commit()
    return ApprovalView(approval_id, found.household_ref, action, PENDING, actor.ref, None)


def decide_approval(
    approval_id: int,
    approve: bool,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    reason: str,
) -> ApprovalView:
    """Approve or refuse a waiting request (once: two managers at once get one decision)."""
    require(actor, Action.DECIDE_APPROVAL)
    with uow:
        connection = uow.connection
        request = (
            connection.execute(select(Approval).where(Approval.id == approval_id))
            .mappings()
            .first()
        )
        if request is None:
            raise ApprovalRefused(f"There is no request for approval {approval_id}.")
        if request["requested_by"] == actor.ref:
            raise ApprovalRefused(
                "A manager can't approve or refuse their own request: another manager must."
            )
        decided = connection.execute(
            update(Approval)
            .where(Approval.id == approval_id, Approval.status == PENDING)
            .values(
                status=APPROVED if approve else REFUSED,
                decided_by=actor.ref,
                decided_at=clock.now(),
                decision_reason=reason[:500] or None,
            )
        ).rowcount
        if decided != 1:
            raise ApprovalRefused(f"Request {approval_id} has already been decided.")
        finish_approval_tasks(connection, approval_id, actor=actor)
        household_ref = connection.execute(
            select(Household.household_ref).where(Household.id == request["household_id"])
        ).scalar_one()
        audit.record(
            connection,
            actor=actor,
            action="approve" if approve else "refuse_approval",
            entity_type="approval",
            entity_id=approval_id,
            purpose="casework",
            detail={"action": request["action"], "household_ref": household_ref},
        )
        uow.commit()
    return ApprovalView(
        approval_id,
        str(household_ref),
        request["action"],
        APPROVED if approve else REFUSED,
        request["requested_by"],
        actor.ref,
    )
