"""Who may do what: one pure policy, applied alike by the API, the pages and the CLI. Pure.

An action is allowed when the acting principal holds one of the roles listed for it. A
named system job (the import flow, the demo, the command line run on the server) acts with
the engine's own authority and may do everything.
"""

from __future__ import annotations

from enum import StrEnum

from workflow.domain.vocabulary import StaffRole as R
from workflow.errors import WorkflowError
from workflow.principal import Principal


class Action(StrEnum):
    RECORD_CASEWORK = "record_casework"  # contacts, assessments, plans, reviews, evidence
    MOVE_HOUSEHOLD = "move_household"  # lifecycle triggers
    CLOSE_HOUSEHOLD = "close_household"
    REQUEST_APPROVAL = "request_approval"
    DECIDE_APPROVAL = "decide_approval"
    ASSIGN_CHAMPION = "assign_champion"
    OVERRIDE_CAPACITY = "override_capacity"
    PROPOSE_ALLOCATION = "propose_allocation"
    APPLY_ALLOCATION = "apply_allocation"
    CHANGE_TIER = "change_tier"
    OVERRIDE_STRAND = "override_strand"
    MIGRATE_PATHWAY = "migrate_pathway"
    MANAGE_TASKS = "manage_tasks"  # reassign, cancel
    BACKDATE = "backdate"  # record a change with an earlier effective date
    MANAGE_STAFF = "manage_staff"  # give roles, mark leavers
    OPEN_CLAIM_WINDOW = "open_claim_window"
    PREPARE_CLAIMS = "prepare_claims"  # baselines, building a window, one family's claim
    APPROVE_CLAIMS = "approve_claims"  # the checker: never the preparer (the claim machine)
    SUBMIT_CLAIMS = "submit_claims"
    RECORD_CLAIM_PAYMENT = "record_claim_payment"  # payments and clawbacks
    OVERRIDE_PROGRESS = "override_progress"  # "equivalent progress", with a reason
    READ_CLAIMS = "read_claims"  # lists, explanations, exports, forecasts, samples
    MANAGE_ACCOUNTS = "manage_accounts"  # sign-in accounts, API tokens
    SEE_READERS = "see_readers"  # who read a family's record


KEYWORK = frozenset({R.KEYWORKER, R.MANAGER, R.SENIOR_MANAGER})
MANAGERS = frozenset({R.MANAGER, R.SENIOR_MANAGER})

ALLOWED: dict[Action, frozenset[R]] = {
    Action.RECORD_CASEWORK: KEYWORK,
    Action.MOVE_HOUSEHOLD: KEYWORK,
    Action.CLOSE_HOUSEHOLD: MANAGERS,
    Action.REQUEST_APPROVAL: KEYWORK,
    Action.DECIDE_APPROVAL: MANAGERS,
    Action.ASSIGN_CHAMPION: MANAGERS,
    Action.OVERRIDE_CAPACITY: MANAGERS,
    Action.PROPOSE_ALLOCATION: MANAGERS,
    Action.APPLY_ALLOCATION: MANAGERS,
    Action.CHANGE_TIER: KEYWORK,
    Action.OVERRIDE_STRAND: MANAGERS,
    Action.MIGRATE_PATHWAY: MANAGERS,
    Action.MANAGE_TASKS: MANAGERS,
    Action.BACKDATE: frozenset({R.MANAGER, R.SENIOR_MANAGER, R.DATA_OFFICER}),
    Action.MANAGE_STAFF: frozenset({R.MANAGER, R.SENIOR_MANAGER, R.ADMIN}),
    Action.OPEN_CLAIM_WINDOW: frozenset({R.FINANCE, R.SENIOR_MANAGER}),
    Action.PREPARE_CLAIMS: frozenset({R.MANAGER, R.SENIOR_MANAGER, R.DATA_OFFICER, R.FINANCE}),
    Action.APPROVE_CLAIMS: frozenset({R.FINANCE, R.AUDITOR}),
    Action.SUBMIT_CLAIMS: frozenset({R.FINANCE}),
    Action.RECORD_CLAIM_PAYMENT: frozenset({R.FINANCE}),
    Action.OVERRIDE_PROGRESS: frozenset({R.SENIOR_MANAGER}),
    Action.READ_CLAIMS: frozenset(
        {R.MANAGER, R.SENIOR_MANAGER, R.FINANCE, R.AUDITOR, R.DATA_OFFICER, R.KEYWORKER}
    ),
    Action.MANAGE_ACCOUNTS: frozenset({R.ADMIN}),
    Action.SEE_READERS: frozenset({R.ADMIN, R.AUDITOR}),
}

PHRASES: dict[Action, str] = {
    Action.RECORD_CASEWORK: "record casework",
    Action.MOVE_HOUSEHOLD: "move a household along its pathway",
    Action.CLOSE_HOUSEHOLD: "close a household's episode",
    Action.REQUEST_APPROVAL: "ask for a manager's approval",
    Action.DECIDE_APPROVAL: "approve or refuse a request",
    Action.ASSIGN_CHAMPION: "assign a champion",
    Action.OVERRIDE_CAPACITY: "assign a worker past their capacity",
    Action.PROPOSE_ALLOCATION: "propose an allocation",
    Action.APPLY_ALLOCATION: "apply an allocation",
    Action.CHANGE_TIER: "change a household's tier",
    Action.OVERRIDE_STRAND: "override a household's strand",
    Action.MIGRATE_PATHWAY: "move a household to a new pathway version",
    Action.MANAGE_TASKS: "reassign or cancel tasks",
    Action.BACKDATE: "record a change with an earlier effective date",
    Action.MANAGE_STAFF: "give staff their roles or record a leaver",
    Action.OPEN_CLAIM_WINDOW: "open a claim window",
    Action.PREPARE_CLAIMS: "prepare claims",
    Action.APPROVE_CLAIMS: "approve or reject claims",
    Action.SUBMIT_CLAIMS: "submit a claim window",
    Action.RECORD_CLAIM_PAYMENT: "record a payment or a clawback",
    Action.OVERRIDE_PROGRESS: "claim equivalent progress",
    Action.READ_CLAIMS: "see claims",
    Action.MANAGE_ACCOUNTS: "manage sign-in accounts and API tokens",
    Action.SEE_READERS: "see who read a family's record",
}


class NotAllowed(WorkflowError):
    code = "not_allowed"


def may(actor: Principal, action: Action) -> bool:
    return actor.is_system or actor.has(*ALLOWED[action])


def require(actor: Principal, action: Action) -> None:
    """Refuse, in plain words, an action the principal's roles don't allow."""
    if not may(actor, action):
        needed = " or ".join(sorted(r.value.replace("_", " ") for r in ALLOWED[action]))
        raise NotAllowed(f"Only a {needed} can {PHRASES[action]}.")
