"""The strand beside the tier, worked out from matching and screening (docs/product-model.md §4).

    facts = StrandFacts(flags=(MemberFlag("gang_perpetrator", harm_band="amber"),))
    strand, reasons = derive_strand(facts)
    # Strand.GANG_MEMBER,
    # ["a member is on the gangs matrix as a perpetrator with an amber harm band"]

The first strand that applies, in this order:

1. **gang member**: a member on the gangs matrix as a perpetrator with a red or amber harm
   band (``gang_member_harm_bands``);
2. **at risk**: a member on the gangs matrix as a victim, or linked to a nominal (on the
   matrix with a lower harm band, or on the IOM offender cohort), or with signs of risk: a
   proven offence in the last 12 months (matching's ``proven_offender`` flag) or a
   screening fact in ``at_risk_facts`` (proven offences, permanent exclusion, alternative
   provision, a child protection plan by default);
3. **periphery**: anti-social behaviour only (a screening fact in ``periphery_facts``);
4. otherwise ``default`` (periphery): nothing above was found.

The reasons are plain English, name no one, and list everything that put the household
in its strand. The rules are the pathway definition's ``[strands]`` (``StrandRules()``
holds the defaults, which the shipped file repeats). A manager can override the strand
with a reason; the service records that. Pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from eligibility.facts import FACTS
from workflow.domain.vocabulary import Strand

STRAND_WORDS: dict[Strand, str] = {
    Strand.PERIPHERY: "periphery",
    Strand.AT_RISK: "at risk",
    Strand.GANG_MEMBER: "gang member",
}
HARM_BANDS = ("red", "amber", "green")


class FlagRole(StrEnum):
    """A household member's role in a police-list flag (``intel_household_flags.role``)."""

    GANG_PERPETRATOR = "gang_perpetrator"
    GANG_VICTIM = "gang_victim"
    GANG_PERPETRATOR_AND_VICTIM = "gang_perpetrator_and_victim"
    IOM_OFFENDER = "iom_offender"
    PROVEN_OFFENDER = "proven_offender"


PERPETRATOR_ROLES = frozenset({FlagRole.GANG_PERPETRATOR, FlagRole.GANG_PERPETRATOR_AND_VICTIM})
VICTIM_ROLES = frozenset({FlagRole.GANG_VICTIM, FlagRole.GANG_PERPETRATOR_AND_VICTIM})


@dataclass(frozen=True, slots=True)
class MemberFlag:
    """One member's flag from matching: their role and the bands the gangs matrix gives."""

    role: str  # a FlagRole value
    harm_band: str | None = None
    victim_band: str | None = None


@dataclass(frozen=True, slots=True)
class StrandFacts:
    """What matching and screening know about a household.

    ``flags``: its members' police-list flags (one per member and list). ``facts``: the
    screening decision's facts (``eligibility.facts`` names: counts of members with a
    proven offence, with an ASB intervention, …). Facts rather than the criteria met,
    because criterion ids differ between rule sets and "ASB only" needs ASB told apart
    from offending, which only the facts do.
    """

    flags: tuple[MemberFlag, ...] = ()
    facts: Mapping[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StrandRules:
    """How a pathway works out the strand (its ``[strands]``); the defaults are the shipped ones."""

    gang_member_harm_bands: tuple[str, ...] = ("red", "amber")
    at_risk_facts: tuple[str, ...] = (
        "children_with_proven_offence",
        "adults_with_proven_offence",
        "children_permanently_excluded",
        "children_in_alternative_provision",
        "children_on_protection_plan",
    )
    periphery_facts: tuple[str, ...] = (
        "members_with_asb_intervention",
        "members_with_asb_incident",
    )
    default: Strand = Strand.PERIPHERY


DEFAULT_RULES = StrandRules()


def derive_strand(
    facts: StrandFacts, rules: StrandRules = DEFAULT_RULES
) -> tuple[Strand, list[str]]:
    """The household's strand and the plain-English reasons for it."""
    gang: list[tuple[str, str]] = []
    risk: list[tuple[str, str]] = []
    for flag in facts.flags:
        role, harm, victim = flag.role, _band(flag.harm_band), _band(flag.victim_band)
        if role in PERPETRATOR_ROLES and harm:
            said = (
                f"is on the gangs matrix as a perpetrator with {_an(harm)} {harm} harm band",
                f"are on the gangs matrix as perpetrators with {_an(harm)} {harm} harm band",
            )
            (gang if harm in rules.gang_member_harm_bands else risk).append(said)
        if role in VICTIM_ROLES and victim:
            band = f"with {_an(victim)} {victim} victim band"
            risk.append(
                (
                    f"is on the gangs matrix as a victim {band}",
                    f"are on the gangs matrix as victims {band}",
                )
            )
        if role == FlagRole.IOM_OFFENDER:
            risk.append(("is on the IOM offender cohort", "are on the IOM offender cohort"))
        if role == FlagRole.PROVEN_OFFENDER:
            risk.append(
                (
                    "has a proven offence in the last 12 months",
                    "have a proven offence in the last 12 months",
                )
            )
    if gang:
        return Strand.GANG_MEMBER, _members(gang)
    risk_reasons = _members(risk) + _found(facts.facts, rules.at_risk_facts)
    if risk_reasons:
        return Strand.AT_RISK, risk_reasons
    asb = _found(facts.facts, rules.periphery_facts)
    if asb:
        return Strand.PERIPHERY, [
            *asb,
            "anti-social behaviour only, with no gang involvement, offending or other sign of risk",
        ]
    return rules.default, [
        "no gang involvement, offending, sign of risk or anti-social behaviour was found, so "
        f"the family is on the {STRAND_WORDS[rules.default]} strand"
    ]


def _band(band: str | None) -> str | None:
    value = (band or "").strip().lower()
    return value if value in HARM_BANDS else None


def _an(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _members(said: list[tuple[str, str]]) -> list[str]:
    """'a member is …', or '2 members are …' when several members share a reason."""
    counts = Counter(said)
    return [
        f"a member {one}" if count == 1 else f"{count} members {several}"
        for (one, several), count in counts.items()
    ]


def _found(facts: Mapping[str, float | None], names: tuple[str, ...]) -> list[str]:
    reasons = []
    for name in names:
        value = facts.get(name)
        if value is not None and value >= 1:
            reasons.append(f"screening found {FACTS[name].label}: {value:g}")
    return reasons
