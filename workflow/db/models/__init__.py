"""Every table of the engine. Importing this package registers them all on ``Base.metadata``."""

from workflow.db.models.accounts import ApiToken, UserAccount, WebSession
from workflow.db.models.allocation import AllocationProposal, AllocationProposalItem
from workflow.db.models.audit import AuditEvent
from workflow.db.models.batches import ImportBatch
from workflow.db.models.casework import (
    Approval,
    CaseRecord,
    ChampionAssignment,
    EnforcementOverlay,
)
from workflow.db.models.claims import Claim, ClaimBaseline, ClaimTransition, ClaimWindow
from workflow.db.models.facts import (
    FACT_MODELS,
    AlternativeProvision,
    BenefitSpell,
    DomesticAbuseRecord,
    EmploymentSpell,
    Exclusion,
    HealthNeed,
    HousingIssue,
    NeetSpell,
    PoliceIncident,
    Referral,
    SchoolAttendance,
    SocialCareEpisode,
    YouthJusticeOutcome,
)
from workflow.db.models.households import Household, HouseholdEpisode, HouseholdMembership, Person
from workflow.db.models.intelligence import INTEL_MODELS, GangNominal, IomNominal
from workflow.db.models.keys import DeploymentKey
from workflow.db.models.lifecycle import BatchTransition, HouseholdTransition, TierTransition
from workflow.db.models.matching import (
    HouseholdIntelFlag,
    MatchDecision,
    MatchLink,
    MatchModel,
    MatchReview,
    MatchRun,
)
from workflow.db.models.screening import RulesetVersion, ScreeningDecision, ScreeningRun
from workflow.db.models.staff import Locality, Staff, Team
from workflow.db.models.tasks import KeyworkerTask

__all__ = [
    "Claim",
    "ClaimBaseline",
    "ClaimTransition",
    "ClaimWindow",
    "ApiToken",
    "UserAccount",
    "WebSession",
    "FACT_MODELS",
    "INTEL_MODELS",
    "AllocationProposal",
    "AllocationProposalItem",
    "AlternativeProvision",
    "Approval",
    "AuditEvent",
    "BatchTransition",
    "BenefitSpell",
    "CaseRecord",
    "ChampionAssignment",
    "DeploymentKey",
    "DomesticAbuseRecord",
    "EnforcementOverlay",
    "EmploymentSpell",
    "Exclusion",
    "GangNominal",
    "HealthNeed",
    "Household",
    "HouseholdEpisode",
    "HouseholdIntelFlag",
    "HouseholdMembership",
    "HouseholdTransition",
    "HousingIssue",
    "ImportBatch",
    "IomNominal",
    "KeyworkerTask",
    "Locality",
    "MatchDecision",
    "MatchLink",
    "MatchModel",
    "MatchReview",
    "MatchRun",
    "NeetSpell",
    "Person",
    "PoliceIncident",
    "Referral",
    "RulesetVersion",
    "SchoolAttendance",
    "ScreeningDecision",
    "ScreeningRun",
    "SocialCareEpisode",
    "Staff",
    "Team",
    "TierTransition",
    "YouthJusticeOutcome",
]
