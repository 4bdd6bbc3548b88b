"""One builder per template kind: ``BUILDERS[kind](context) -> Feed``."""

from __future__ import annotations

from collections.abc import Callable

from synth.feeds.abuse import domestic_abuse
from synth.feeds.base import Feed
from synth.feeds.care import health, housing, social_care
from synth.feeds.context import Context
from synth.feeds.crime import police_incidents, youth_justice
from synth.feeds.education import alternative_provision, exclusions, school_attendance
from synth.feeds.intel import gangs_matrix, iom_cohort
from synth.feeds.register import keyworkers, people, referrals
from synth.feeds.work import benefits, employment, neet

BUILDERS: dict[str, Callable[[Context], Feed]] = {
    "people": people,
    "school_attendance": school_attendance,
    "exclusions": exclusions,
    "alternative_provision": alternative_provision,
    "police_incidents": police_incidents,
    "youth_justice": youth_justice,
    "domestic_abuse": domestic_abuse,
    "benefits": benefits,
    "employment": employment,
    "social_care": social_care,
    "health": health,
    "housing": housing,
    "neet": neet,
    "gangs_matrix": gangs_matrix,
    "iom_cohort": iom_cohort,
    "referrals": referrals,
    "keyworkers": keyworkers,
}

__all__ = ["BUILDERS", "Context", "Feed"]
