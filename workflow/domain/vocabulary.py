"""The words the engine uses for states, tiers, strands, roles and batch statuses.

Pure: no database, no framework. The database stores these as their string values so
that a council's pathway definition file can rename or add tiers without a migration.
"""

from __future__ import annotations

from enum import StrEnum


class HouseholdState(StrEnum):
    """Where a household's current episode is in the lifecycle (docs/product-model.md §3)."""

    IDENTIFIED = "identified"
    SCREENED = "screened"
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    ALLOCATED = "allocated"
    ASSESSMENT = "assessment"
    ACTIVE = "active"
    PROGRESS_EVIDENCED = "progress_evidenced"
    CLAIMED = "claimed"
    CLOSED = "closed"


class ClosureReason(StrEnum):
    """Why an episode closed: the fixed list a closure gives one of (docs/product-model.md §3)."""

    DECLINED_CONSENT = "declined_consent"
    DISENGAGED = "disengaged"
    MOVED_OUT_OF_AREA = "moved_out_of_area"
    STEPPED_UP_TO_SOCIAL_CARE = "stepped_up_to_social_care"  # statutory social care
    NO_LONGER_ELIGIBLE = "no_longer_eligible"
    PLAN_COMPLETED = "plan_completed"  # stepped down to universal services
    CLAIMED_AND_CLOSED = "claimed_and_closed"


class Tier(StrEnum):
    """Pathway tiers of increasing intensity (docs/product-model.md §4)."""

    BRONZE = "bronze"
    SILVER = "silver"
    GOLD = "gold"
    INTENSIVE = "intensive"


class Strand(StrEnum):
    """The cohort strand beside the tier, derived from matching and screening."""

    PERIPHERY = "periphery"
    AT_RISK = "at_risk"
    GANG_MEMBER = "gang_member"


class StaffRole(StrEnum):
    """What a member of staff does with the engine (docs/product-model.md §1). A person can hold
    several (a manager who is also a data officer)."""

    KEYWORKER = "keyworker"
    MANAGER = "manager"  # an early help manager: allocates, approves step-ups and closures
    SENIOR_MANAGER = "senior_manager"  # approves "equivalent progress" overrides
    FINANCE = "finance"
    DATA_OFFICER = "data_officer"
    AUDITOR = "auditor"  # internal audit: read-only, and signs off claims
    ADMIN = "admin"  # accounts and access; sees who read a family record


class BatchStatus(StrEnum):
    """An import batch's progress."""

    PENDING = "pending"
    RUNNING = "running"
    ACCEPTED = "accepted"  # its good rows are loaded
    REJECTED = "rejected"  # the file as a whole was wrong: nothing loaded
    SUPERSEDED = "superseded"  # a corrected re-send for the same period replaced it
    UNCHANGED = "unchanged"  # the same file as an accepted batch: nothing loaded or changed
    FAILED = "failed"  # stopped before finishing: nothing was loaded; run it again


class LinkMethod(StrEnum):
    """How a partner row was linked to a person in the register."""

    PERSON_REF = "person_ref"
    NINO = "nino"
    UPN = "upn"
    NAME_DOB_POSTCODE = "name_dob_postcode"
    PROBABILISTIC = "probabilistic"
    REVIEWED = "reviewed"


class ReviewDecision(StrEnum):
    """A data officer's decision on a pair in the matching review queue."""

    ACCEPT = "accept"
    REJECT = "reject"


class ReviewStatus(StrEnum):
    """Where a pair in the review queue is."""

    OPEN = "open"  # waiting for a data officer
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"  # a later matching run or a re-import replaced it


class RunTrigger(StrEnum):
    """What started a screening or matching run (kept with the run)."""

    COMMAND = "command"  # the command line
    API = "api"
    IMPORT = "import"  # after an accepted import
    MATCH = "match"  # after matching changed links
    DEMO = "demo"
    SCHEDULE = "schedule"


class CaseRecordKind(StrEnum):
    """What a keyworker records about a family's work; each completes the tasks that wait
    for it and satisfies the guard that needs it."""

    CONTACT = "contact"
    ASSESSMENT = "assessment"  # a whole-family assessment
    PLAN = "plan"  # the family plan, agreed
    REVIEW = "review"  # a review of the plan
    OUTCOME_EVIDENCE = "outcome_evidence"  # evidence of progress


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"
