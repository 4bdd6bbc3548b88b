"""A claim's status as a state machine, on the state-machine kit. Pure.

    candidate ──check_evidence──> evidence_checked ──approve──> approved ──submit──> submitted
    submitted ──record_payment──> paid
    candidate | evidence_checked | approved | submitted ──reject──> rejected
    submitted | paid ──claw_back──> clawed_back              (after a spot check)

Maker-checker: ``approve`` needs the finance or internal-audit role, and the approver is
never the person who prepared the claim. A person must say why they reject or claw back
a claim; the other moves record what they relied on. Every move is kept in
``claim_transitions`` with who, when, as which roles and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from workflow.domain.vocabulary import StaffRole
from workflow.statemachine.definition import Definition, Guard, Move, Request


class ClaimState(StrEnum):
    CANDIDATE = "candidate"
    EVIDENCE_CHECKED = "evidence_checked"
    APPROVED = "approved"
    SUBMITTED = "submitted"
    PAID = "paid"
    REJECTED = "rejected"
    CLAWED_BACK = "clawed_back"


class ClaimTrigger(StrEnum):
    CHECK_EVIDENCE = "check_evidence"
    APPROVE = "approve"
    SUBMIT = "submit"
    RECORD_PAYMENT = "record_payment"
    REJECT = "reject"
    CLAW_BACK = "claw_back"


APPROVERS = frozenset({StaffRole.FINANCE, StaffRole.AUDITOR})


@dataclass(frozen=True)
class ClaimFacts:
    """What the claim's guards judge, read from the store (never told by the caller)."""

    prepared_by: str
    actor: str
    actor_roles: frozenset[StaffRole]
    actor_is_system: bool


def _facts(request: Request) -> ClaimFacts:
    assert isinstance(request.facts, ClaimFacts)
    return request.facts


NOT_THE_PREPARER = Guard(
    "not_the_preparer",
    "the person who prepared a claim cannot approve it (maker-checker)",
    lambda request: _facts(request).actor != _facts(request).prepared_by,
)
APPROVER_ROLE = Guard(
    "approver_role",
    "approving a claim needs the finance or internal audit role",
    lambda request: not _facts(request).actor_roles.isdisjoint(APPROVERS),
)

C = ClaimState
DEFINITION: Definition[ClaimState, ClaimTrigger] = Definition(
    name="claim status",
    noun="claim",
    states=ClaimState,
    triggers=ClaimTrigger,
    start=C.CANDIDATE,
    moves=(
        Move(
            ClaimTrigger.CHECK_EVIDENCE,
            (C.CANDIDATE,),
            C.EVIDENCE_CHECKED,
            "check the evidence of",
            reason_needed=False,
        ),
        Move(
            ClaimTrigger.APPROVE,
            (C.EVIDENCE_CHECKED,),
            C.APPROVED,
            "approve",
            (NOT_THE_PREPARER, APPROVER_ROLE),
            reason_needed=False,
        ),
        Move(ClaimTrigger.SUBMIT, (C.APPROVED,), C.SUBMITTED, "submit", reason_needed=False),
        Move(
            ClaimTrigger.RECORD_PAYMENT,
            (C.SUBMITTED,),
            C.PAID,
            "record a payment for",
            reason_needed=False,
        ),
        Move(
            ClaimTrigger.REJECT,
            (C.CANDIDATE, C.EVIDENCE_CHECKED, C.APPROVED, C.SUBMITTED),
            C.REJECTED,
            "reject",
        ),
        Move(ClaimTrigger.CLAW_BACK, (C.SUBMITTED, C.PAID), C.CLAWED_BACK, "claw back"),
    ),
    final_words={
        C.REJECTED: "it was rejected, and a rejected claim does not change again",
        C.CLAWED_BACK: "it was clawed back, and a clawed-back claim does not change again",
    },
)
