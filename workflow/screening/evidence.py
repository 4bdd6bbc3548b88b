"""Evidence: the rows behind each household's facts, each with a short plain-English detail.

Details name what the row says and when ("offence on 03/02/2026, outcome proven"), never a
name or a date of birth: the person is identified by ``person_ref`` beside it.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

EVIDENCE_COLUMNS = (
    "household_id",
    "fact",
    "person_id",
    "person_ref",
    "kind",
    "row_id",
    "batch_id",
    "file_name",
    "sheet",
    "source_row",
    "date",
    "detail",
)


def day(dates: pd.Series) -> pd.Series:
    """dd/mm/yyyy, or an empty string for no date."""
    text: pd.Series = dates.dt.strftime("%d/%m/%Y").astype("string").fillna("")
    return text


def words(codes: pd.Series) -> pd.Series:
    """A code as words: ``child_in_need`` -> ``child in need``, ``asb_...`` -> ``ASB ...``."""
    text = codes.astype("string").fillna("").str.replace("_", " ")
    return text.str.replace(r"^asb\b", "ASB", regex=True)


def _period(rows: pd.DataFrame) -> pd.Series:
    """'from 01/02/2026 to 31/03/2026', or 'from 01/02/2026, still open'."""
    start = "from " + day(rows["valid_from"])
    end = day(rows["valid_to"])
    return start + end.where(end == "", " to " + end).where(end != "", ", still open")


def _police(rows: pd.DataFrame) -> pd.Series:
    kind = rows["incident_type"].map(
        {
            "offence": "offence",
            "asb_incident": "ASB incident",
            "asb_intervention": "ASB intervention",
        }
    )
    text = kind.astype("string").fillna("incident") + " on " + day(rows["valid_from"])
    category = rows["category"].astype("string").fillna("")
    text = text + category.where(category == "", " (" + category + ")")
    text = text + ", " + words(rows["role"])
    outcome = rows["outcome"].astype("string").fillna("")
    text = text + outcome.where(outcome == "", ", outcome " + outcome)
    intervention = rows["intervention"].astype("string").fillna("")
    return text + intervention.where(intervention == "", ", intervention " + intervention)


def _youth_justice(rows: pd.DataFrame) -> pd.Series:
    age = rows["age_then"].astype("Int64").astype("string").fillna("?")
    return (
        "offence on " + day(rows["valid_from"]) + " at age " + age
        + ", outcome " + words(rows["outcome"])
    )  # fmt: skip


def _domestic_abuse(rows: pd.DataFrame) -> pd.Series:
    text = words(rows["role"]) + " in domestic abuse on " + day(rows["valid_from"])
    risk = rows["risk_level"].astype("string").fillna("")
    text = text + risk.where(risk == "", ", " + risk + " risk")
    marac = rows["marac"].astype("boolean").fillna(False).astype(bool)
    return text.where(~marac, text + ", MARAC case")


EXCLUSIONS = {
    "permanent": "permanent exclusion",
    "fixed_term": "fixed-term exclusion",
    "suspension": "suspension",
}


def _exclusions(rows: pd.DataFrame) -> pd.Series:
    what = rows["exclusion_type"].map(EXCLUSIONS).astype("string").fillna("exclusion")
    return what + " on " + day(rows["valid_from"])


def _attendance(rows: pd.DataFrame) -> pd.Series:
    possible = rows["sessions_possible"].astype("Int64").astype("string")
    authorised = rows["sessions_authorised_absence"].astype("Int64")
    unauthorised = rows["sessions_unauthorised_absence"].astype("Int64")
    missed = (authorised + unauthorised).astype("string")
    return (
        rows["term"].astype("string") + " " + rows["academic_year"].astype("string") + ": "
        + missed + " of " + possible + " sessions missed, "
        + unauthorised.astype("string") + " unauthorised"
    )  # fmt: skip


def _spell(what: Callable[[pd.DataFrame], pd.Series]) -> Callable[[pd.DataFrame], pd.Series]:
    def detail(rows: pd.DataFrame) -> pd.Series:
        return what(rows) + " " + _period(rows)

    return detail


def _housing(rows: pd.DataFrame) -> pd.Series:
    text = words(rows["issue"]) + " " + _period(rows)
    household = rows["person_id"].isna()
    return text.where(~household, text + " (a household record)")


def _gangs(rows: pd.DataFrame) -> pd.Series:
    return (
        "on the gangs matrix since " + day(rows["valid_from"])
        + ", harm band " + words(rows["harm_band"])
        + ", victim band " + words(rows["victim_band"])
    )  # fmt: skip


DETAILS: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "police_incidents": _police,
    "youth_justice": _youth_justice,
    "domestic_abuse": _domestic_abuse,
    "exclusions": _exclusions,
    "alternative_provision": _spell(lambda r: "alternative provision for " + words(r["reason"])),
    "school_attendance": _attendance,
    "benefits": _spell(
        lambda r: "out-of-work benefit " + r["benefit"].astype("string").str.upper()
    ),
    "neet": _spell(lambda r: pd.Series("not in education, employment or training", index=r.index)),
    "housing": _housing,
    "social_care": _spell(lambda r: words(r["status"])),
    "health": _spell(lambda r: words(r["need"]) + " need"),
    "gangs_matrix": _gangs,
    "iom_cohort": lambda r: (
        "on the IOM cohort (" + words(r["cohort"]) + ") since " + day(r["valid_from"])
    ),
}


def detail(kind: str, rows: pd.DataFrame) -> pd.Series:
    """The plain-English detail of each of ``rows`` (rows of one ``kind``)."""
    if rows.empty:
        return pd.Series([], index=rows.index, dtype="string")
    return DETAILS[kind](rows).astype("string")
