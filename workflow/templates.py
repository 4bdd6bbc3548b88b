"""The canonical partner spreadsheet templates (``docs/partner-templates.md``, version 1).

This module is pure data: the synthetic generator writes files from it, the importer
reads and validates files against it, and the database model stores one table per kind
whose columns follow it. Change a template here and all three follow.

Each column has a canonical ``name`` (what the template document calls it), a ``type``,
whether it is ``required``, the ``codes`` a code column accepts, the built-in header
``aliases`` partners commonly use, where the database stores it under a provenance name,
its ``db_column`` (``start_date`` is stored as ``valid_from``), for a text column its
``max_length``: the width in characters of the database column it is stored in, and for a
number column its ``max_value`` and, for a decimal, its ``decimal_places``: the largest
value and the places after the point that column keeps (``Numeric(5, 1)``: 9999.9 and 1;
``INTEGER``: 2,147,483,647). The importer rounds a decimal to its places, as PostgreSQL
would, and rejects a longer text or a larger number rather than let the database refuse
the whole file; a test keeps these limits and the tables in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

TEMPLATE_VERSION = 2


class ColumnType(StrEnum):
    TEXT = "text"
    DATE = "date"
    INT = "int"
    DECIMAL = "decimal"
    FLAG = "flag"  # Y/N (yes/no, true/false, 1/0 also accepted)
    CODE = "code"  # one of a closed list of codes
    LIST = "list"  # ';' separated values


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType = ColumnType.TEXT
    required: bool = False
    codes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    db_column: str | None = None
    max_length: int | None = None
    max_value: Decimal | None = None
    decimal_places: int | None = None

    @property
    def stored_as(self) -> str:
        return self.db_column or self.name


@dataclass(frozen=True)
class Template:
    kind: str
    one_row_is: str
    columns: tuple[Column, ...]
    feeds: str
    person_level: bool = True
    # The column that says what part the person played (victim, perpetrator ...).
    role_column: str | None = None
    # Police-intelligence lists are kept apart from other facts (docs/product-model.md §8).
    police_intelligence: bool = False
    # A whole household, not a person, may be the subject (housing rows).
    household_level_allowed: bool = False
    # A row missing a forename, surname or date of birth, or with a date of birth that
    # cannot exist, is kept as a partial identity and reported as incomplete, not refused
    # (a gangs-matrix nominal with no date of birth may still be in a gang-affected family).
    partial_identities: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


T = ColumnType

# Widths of the text columns in characters, as the tables store them (workflow.db.models).
REF = 40  # the partners' own ids: person_ref, household_ref, nominal_ref, crime_ref ...
NAME = 100  # forenames, surnames, and short descriptions such as a crime category
LONG = 200  # addresses, school and provider names, reasons
POSTCODE = 10
UPRN = 20
NINO = 12
UPN = 16
URN = 20  # a school's unique reference number

# The largest whole number the tables store: INTEGER is 32 bits in PostgreSQL. Decimal
# columns give their NUMERIC(precision, scale) limits beside them.
WHOLE = Decimal(2_147_483_647)

SEX_CODES = ("female", "male", "other", "unknown")

# The common person columns every person-level feed carries (docs/partner-templates.md).
PERSON_COLUMNS: tuple[Column, ...] = (
    Column(
        "person_ref",
        aliases=("Person Ref", "Person ID", "Council ID", "Client ID"),
        max_length=REF,
    ),
    Column(
        "forename",
        required=True,
        aliases=("First Name", "Forename", "Given Name", "Pupil Forename", "Legal Forename"),
        max_length=NAME,
    ),
    Column(
        "surname",
        required=True,
        aliases=("Last Name", "Surname", "Family Name", "Pupil Surname", "Legal Surname"),
        max_length=NAME,
    ),
    Column(
        "date_of_birth",
        T.DATE,
        required=True,
        aliases=("DoB", "DOB", "Date of Birth", "Birth Date", "Birthdate"),
    ),
    Column("sex", T.CODE, codes=SEX_CODES, aliases=("Gender", "Sex")),
    Column(
        "postcode", aliases=("Post Code", "Postcode", "PostCode", "Post code"), max_length=POSTCODE
    ),
    Column(
        "address_line1",
        aliases=("Address", "Address Line 1", "Address 1", "Street"),
        max_length=LONG,
    ),
    Column("uprn", aliases=("UPRN",), max_length=UPRN),
    Column(
        "nino",
        aliases=("NI Number", "NINO", "National Insurance Number", "NI No"),
        max_length=NINO,
    ),
    Column("upn", aliases=("UPN", "Unique Pupil Number", "Pupil Number"), max_length=UPN),
)


_PERSON_REF_ALIASES = ("Person Ref", "Person ID", "Council ID", "Client ID")

# What a police list may carry of a nominal: names and a date of birth that may be missing
# (a partial identity), the date as written when it cannot be a date, and an address.
# The importer fills ``date_of_birth_as_written``; a sender need not.
LIST_IDENTITY: tuple[Column, ...] = (
    Column("forename", aliases=("First Name", "Forename", "Given Name"), max_length=NAME),
    Column("surname", aliases=("Surname", "Last Name", "Family Name"), max_length=NAME),
    Column("date_of_birth", T.DATE, aliases=("DoB", "DOB", "Date of Birth", "Birth Date")),
    Column("date_of_birth_as_written", max_length=NAME),
)
# Columns the importer fills itself: a sender's file need not have them.
FILLED_BY_IMPORTER = frozenset({"date_of_birth_as_written"})
LIST_ADDRESS: tuple[Column, ...] = (
    Column("house_number", aliases=("House Number", "House No", "Number", "No"), max_length=20),
    Column("street", aliases=("Street", "Street Name", "Road"), max_length=LONG),
    Column("address_line1", aliases=("Address", "Address Line 1", "Address 1"), max_length=LONG),
    Column("locality", aliases=("Locality", "Suburb", "Area", "Town"), max_length=NAME),
    Column("postcode", aliases=("Postcode", "Post Code", "PostCode"), max_length=POSTCODE),
)
_HOUSEHOLD_REF_ALIASES = ("Household Ref", "Household ID", "Family ID")


def _pick(*names: str) -> tuple[Column, ...]:
    by_name = {c.name: c for c in PERSON_COLUMNS}
    return tuple(by_name[n] for n in names)


def _person(*columns: Column, optional_people: bool = False) -> tuple[Column, ...]:
    people = PERSON_COLUMNS
    if optional_people:
        people = tuple(replace(c, required=False) for c in people)
    return people + columns


START = Column(
    "start_date",
    T.DATE,
    required=True,
    aliases=("Start Date", "Start", "From"),
    db_column="valid_from",
)
END = Column("end_date", T.DATE, aliases=("End Date", "End", "To"), db_column="valid_to")

TEMPLATES: dict[str, Template] = {
    t.kind: t
    for t in (
        Template(
            "people",
            "a person in a household",
            (
                Column("person_ref", required=True, aliases=_PERSON_REF_ALIASES, max_length=REF),
                Column(
                    "household_ref", required=True, aliases=_HOUSEHOLD_REF_ALIASES, max_length=REF
                ),
                *_pick("forename", "surname", "date_of_birth", "sex"),
                *(replace(c, required=True) for c in _pick("address_line1", "postcode")),
                *_pick("uprn", "nino", "upn"),
                Column(
                    "relationship",
                    T.CODE,
                    codes=("head", "partner", "child", "other"),
                    aliases=("Relationship",),
                ),
                Column("expecting_baby", T.FLAG, aliases=("Expecting Baby", "Pregnant")),
                Column(
                    "date_moved_in",
                    T.DATE,
                    aliases=("Date Moved In", "Moved In"),
                    db_column="valid_from",
                ),
            ),
            feeds="households and people",
        ),
        Template(
            "school_attendance",
            "one pupil, one term",
            _person(
                # No width: the loader rewrites a school year as 2025/26 or rejects it.
                Column(
                    "academic_year", required=True, aliases=("Academic Year", "Year", "School Year")
                ),
                Column(
                    "term",
                    T.CODE,
                    required=True,
                    codes=("autumn", "spring", "summer"),
                    aliases=("Term",),
                ),
                Column(
                    "sessions_possible",
                    T.INT,
                    required=True,
                    max_value=WHOLE,
                    aliases=("Sessions Possible", "Possible Sessions"),
                ),
                Column(
                    "sessions_authorised_absence",
                    T.INT,
                    required=True,
                    max_value=WHOLE,
                    aliases=("Authorised Absence", "Auth Absence", "Sessions Authorised Absence"),
                ),
                Column(
                    "sessions_unauthorised_absence",
                    T.INT,
                    required=True,
                    max_value=WHOLE,
                    aliases=(
                        "Unauthorised Absence",
                        "Unauth Absence",
                        "Sessions Unauthorised Absence",
                    ),
                ),
                Column("school_urn", aliases=("School URN", "URN"), max_length=URN),
                Column("school_name", aliases=("School Name", "School"), max_length=LONG),
            ),
            feeds="education: persistent absence",
        ),
        Template(
            "exclusions",
            "one exclusion",
            _person(
                Column(
                    "exclusion_type",
                    T.CODE,
                    required=True,
                    codes=("fixed_term", "suspension", "permanent"),
                    aliases=("Exclusion Type", "Type"),
                ),
                Column(
                    "start_date",
                    T.DATE,
                    required=True,
                    aliases=("Start Date", "Exclusion Date"),
                    db_column="valid_from",
                ),
                Column(
                    "days",
                    T.DECIMAL,
                    aliases=("Days", "Length (days)"),
                    max_value=Decimal("99999.9"),  # Numeric(6, 1)
                    decimal_places=1,
                ),
                Column("reason", aliases=("Reason",), max_length=LONG),
            ),
            feeds="education",
        ),
        Template(
            "alternative_provision",
            "one placement",
            _person(
                START,
                END,
                Column(
                    "reason",
                    T.CODE,
                    required=True,
                    codes=("behaviour", "exclusion", "medical", "other"),
                    aliases=("Reason", "Placement Reason"),
                ),
                Column("provider", aliases=("Provider", "AP Provider"), max_length=LONG),
            ),
            feeds="education",
        ),
        Template(
            "police_incidents",
            "one person in one incident",
            _person(
                Column(
                    "incident_date",
                    T.DATE,
                    required=True,
                    aliases=("Incident Date", "Date of Incident"),
                    db_column="valid_from",
                ),
                Column(
                    "incident_type",
                    T.CODE,
                    required=True,
                    codes=("offence", "asb_incident", "asb_intervention"),
                    aliases=("Incident Type", "Type"),
                ),
                Column(
                    "role",
                    T.CODE,
                    required=True,
                    codes=("perpetrator", "victim", "witness"),
                    aliases=("Role", "Involvement"),
                ),
                Column("category", aliases=("Category", "Crime Category"), max_length=NAME),
                Column("outcome", aliases=("Outcome",), max_length=NAME),
                Column("intervention", aliases=("Intervention",), max_length=NAME),
                Column(
                    "crime_ref", aliases=("Crime Ref", "Crime Reference", "CRIS"), max_length=REF
                ),
            ),
            feeds="crime/ASB; domestic abuse when category is domestic",
            role_column="role",
        ),
        Template(
            "youth_justice",
            "one proven offence or order of a young person",
            _person(
                Column(
                    "offence_date",
                    T.DATE,
                    required=True,
                    aliases=("Offence Date",),
                    db_column="valid_from",
                ),
                Column(
                    "outcome_date", T.DATE, required=True, aliases=("Outcome Date", "Disposal Date")
                ),
                Column(
                    "outcome",
                    T.CODE,
                    required=True,
                    codes=(
                        "caution",
                        "conditional_caution",
                        "referral_order",
                        "yro",
                        "custody",
                        "other",
                    ),
                    aliases=("Outcome", "Disposal"),
                ),
                Column(
                    "offence_category",
                    aliases=("Offence Category", "Offence Type"),
                    max_length=NAME,
                ),
            ),
            feeds="crime (youth offending)",
        ),
        Template(
            "domestic_abuse",
            "one person in one incident or MARAC case",
            _person(
                Column(
                    "incident_date",
                    T.DATE,
                    required=True,
                    aliases=("Incident Date", "Date"),
                    db_column="valid_from",
                ),
                Column(
                    "role",
                    T.CODE,
                    required=True,
                    codes=("victim", "perpetrator", "child_in_household"),
                    aliases=("Role",),
                ),
                Column("marac", T.FLAG, aliases=("MARAC", "Marac Case")),
                Column(
                    "risk_level",
                    T.CODE,
                    codes=("standard", "medium", "high"),
                    aliases=("Risk Level", "DASH Risk"),
                ),
            ),
            feeds="domestic abuse",
            role_column="role",
        ),
        Template(
            "benefits",
            "one benefit claim spell",
            _person(
                Column(
                    "benefit",
                    T.CODE,
                    required=True,
                    codes=("jsa", "esa", "is", "ib", "uc", "pip", "other"),
                    aliases=("Benefit", "Benefit Type"),
                ),
                Column(
                    "out_of_work",
                    T.FLAG,
                    required=True,
                    aliases=("Out of Work", "Out Of Work Benefit"),
                ),
                START,
                END,
            ),
            feeds="worklessness; continuous employment results",
        ),
        Template(
            "employment",
            "one spell of work",
            _person(
                START,
                END,
                Column(
                    "hours_per_week",
                    T.DECIMAL,
                    aliases=("Hours per Week", "Weekly Hours"),
                    max_value=Decimal("9999.9"),  # Numeric(5, 1)
                    decimal_places=1,
                ),
            ),
            feeds="continuous employment results",
        ),
        Template(
            "social_care",
            "one episode",
            _person(
                Column(
                    "status",
                    T.CODE,
                    required=True,
                    codes=(
                        "early_help",
                        "child_in_need",
                        "child_protection_plan",
                        "looked_after",
                        "s47_enquiry",
                    ),
                    aliases=("Status", "Episode Type"),
                ),
                START,
                END,
            ),
            feeds="children who need help; children safe from abuse",
        ),
        Template(
            "health",
            "one need recorded by a health partner",
            _person(
                Column(
                    "need",
                    T.CODE,
                    required=True,
                    codes=(
                        "mental_health",
                        "substance_misuse",
                        "alcohol",
                        "vulnerable_new_mother",
                        "physical_health",
                        "disability",
                    ),
                    aliases=("Need", "Health Need"),
                ),
                START,
                END,
                Column("in_treatment", T.FLAG, aliases=("In Treatment",)),
            ),
            feeds="health; substance use",
        ),
        Template(
            "housing",
            "one housing problem",
            _person(
                Column(
                    "household_ref",
                    aliases=(*_HOUSEHOLD_REF_ALIASES, "Tenancy Ref"),
                    max_length=REF,
                ),
                Column(
                    "issue",
                    T.CODE,
                    required=True,
                    codes=(
                        "rent_arrears",
                        "eviction_notice",
                        "homeless",
                        "temporary_accommodation",
                        "overcrowded",
                        "asb_tenancy_action",
                    ),
                    aliases=("Issue", "Housing Issue"),
                ),
                START,
                END,
                Column(
                    "amount",
                    T.DECIMAL,
                    aliases=("Amount", "Arrears (£)", "Arrears"),
                    max_value=Decimal("9999999999.99"),  # Numeric(12, 2)
                    decimal_places=2,
                ),
                optional_people=True,
            ),
            feeds="secure housing; financial stability",
            household_level_allowed=True,
        ),
        Template(
            "neet",
            "one young person not in education, employment or training",
            _person(START, END),
            feeds="worklessness (young people)",
        ),
        Template(
            "gangs_matrix",
            "one nominal (police gang list)",
            (
                Column(
                    "nominal_ref",
                    required=True,
                    aliases=("Nominal Ref", "Nominal ID", "Nominal"),
                    max_length=REF,
                ),
                *LIST_IDENTITY,
                Column("aliases", T.LIST, aliases=("Aliases", "AKA", "Nicknames")),
                *LIST_ADDRESS,
                Column("gang_name", aliases=("Gang Name", "Gang", "Group"), max_length=NAME),
                Column(
                    "harm_score", T.INT, required=True, aliases=("Harm Score",), max_value=WHOLE
                ),
                Column(
                    "harm_band",
                    T.CODE,
                    required=True,
                    codes=("red", "amber", "green", "zero"),
                    aliases=("Harm Band", "Harm RAG"),
                ),
                Column("victim_score", T.INT, aliases=("Victim Score",), max_value=WHOLE),
                Column(
                    "victim_band",
                    T.CODE,
                    required=True,
                    codes=("red", "amber", "green", "zero"),
                    aliases=("Victim Band", "Victim RAG"),
                ),
                Column(
                    "date_added",
                    T.DATE,
                    required=True,
                    aliases=("Date Added", "Added"),
                    db_column="valid_from",
                ),
                Column("last_reviewed", T.DATE, aliases=("Last Reviewed", "Review Date")),
            ),
            feeds="matching: gang-affected families, strand",
            person_level=False,
            police_intelligence=True,
            partial_identities=True,
        ),
        Template(
            "iom_cohort",
            "one offender on the Integrated Offender Management cohort",
            (
                Column(
                    "nominal_ref",
                    required=True,
                    aliases=("Nominal Ref", "Nominal ID", "nDelius CRN", "CRN"),
                    max_length=REF,
                ),
                *LIST_IDENTITY,
                *LIST_ADDRESS,
                Column(
                    "cohort",
                    T.CODE,
                    required=True,
                    codes=("fixed", "flex", "free"),
                    aliases=("Cohort", "IOM Cohort"),
                ),
                Column("offence_type", aliases=("Offence Type", "Index Offence"), max_length=NAME),
                Column("probation_status", aliases=("Probation Status", "Status"), max_length=NAME),
                Column("release_date", T.DATE, aliases=("Release Date",)),
                Column(
                    "needs",
                    T.LIST,
                    codes=(
                        "accommodation",
                        "ete",
                        "health",
                        "drugs_alcohol",
                        "finance_benefit_debt",
                        "children_families",
                        "attitudes_thinking_behaviour",
                        "women_abuse_dv",
                        "women_sex_work",
                    ),
                    aliases=("Needs", "Pathway Needs"),
                ),
            ),
            feeds="matching: offender families; crime criterion; intensive tier",
            person_level=False,
            police_intelligence=True,
            partial_identities=True,
        ),
        Template(
            "referrals",
            "one referral of a family",
            (
                Column(
                    "referral_ref",
                    required=True,
                    aliases=("Referral Ref", "Referral ID"),
                    max_length=REF,
                ),
                Column(
                    "referrer_agency",
                    T.CODE,
                    required=True,
                    codes=(
                        "school",
                        "police",
                        "social_care",
                        "health",
                        "housing",
                        "yos",
                        "probation",
                        "charity",
                        "multi_agency_panel",
                        "self",
                    ),
                    aliases=("Referrer Agency", "Referred By", "Agency"),
                ),
                Column(
                    "referral_date",
                    T.DATE,
                    required=True,
                    aliases=("Referral Date", "Date Referred"),
                    db_column="valid_from",
                ),
                Column(
                    "reason", required=True, aliases=("Reason", "Referral Reason"), max_length=500
                ),
                Column("forename", aliases=("First Name", "Forename"), max_length=NAME),
                Column("surname", aliases=("Surname", "Last Name"), max_length=NAME),
                Column("date_of_birth", T.DATE, aliases=("DoB", "DOB", "Date of Birth")),
                Column("postcode", aliases=("Postcode", "Post Code"), max_length=POSTCODE),
                Column("household_ref", aliases=_HOUSEHOLD_REF_ALIASES, max_length=REF),
                Column("consent", T.FLAG, aliases=("Consent", "Consent Given")),
            ),
            feeds="identified households",
            person_level=False,
        ),
        Template(
            "keyworkers",
            "one practitioner",
            (
                Column(
                    "staff_ref",
                    required=True,
                    aliases=("Staff Ref", "Staff ID", "Employee ID"),
                    max_length=REF,
                ),
                Column("name", required=True, aliases=("Name", "Full Name"), max_length=LONG),
                Column(
                    "email",
                    required=True,
                    aliases=("Email", "E-mail", "Email Address"),
                    max_length=254,
                ),
                Column("team", required=True, aliases=("Team",), max_length=NAME),
                Column("locality", aliases=("Locality", "Area"), max_length=NAME),
                Column(
                    "capacity_units",
                    T.DECIMAL,
                    aliases=("Capacity Units", "Capacity"),
                    max_value=Decimal("9999.99"),  # Numeric(6, 2)
                    decimal_places=2,
                ),
                Column(
                    "specialisms",
                    T.LIST,
                    codes=(
                        "gangs",
                        "domestic_abuse",
                        "youth_justice",
                        "substance_misuse",
                        "mental_health",
                        "send",
                        "early_years",
                    ),
                    aliases=("Specialisms", "Specialism"),
                ),
                Column("languages", T.LIST, aliases=("Languages",)),
            ),
            feeds="champion assignment",
            person_level=False,
        ),
    )
}

KINDS: tuple[str, ...] = tuple(TEMPLATES)
# The police lists (the gangs matrix and the IOM cohort): kept apart from other facts,
# matched to the register as nominals. Written once, here, from the templates.
POLICE_LIST_KINDS: tuple[str, ...] = tuple(
    kind for kind, t in TEMPLATES.items() if t.police_intelligence
)


def template(kind: str) -> Template:
    """The template for ``kind``; raises ``KeyError`` naming the known kinds."""
    try:
        return TEMPLATES[kind]
    except KeyError:
        raise KeyError(f"unknown kind {kind!r}; known kinds: {', '.join(KINDS)}") from None
