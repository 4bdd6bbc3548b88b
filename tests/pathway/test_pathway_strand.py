"""Working out the strand from matching's flags and screening's facts, case by case, as
docs/product-model.md §4 says: a gang perpetrator with a red or amber harm band is a gang
member; a gang victim, someone linked to a nominal or someone with signs of risk is at
risk; anti-social behaviour only is the periphery. Written out by hand. No database."""

from __future__ import annotations

import pytest

from workflow.domain.vocabulary import Strand
from workflow.pathway import MemberFlag, StrandFacts, StrandRules, derive_strand

AMBER_PERPETRATOR = MemberFlag("gang_perpetrator", harm_band="amber")
ASB = {"members_with_asb_incident": 2}

CASES = [
    (
        "amber perpetrator",
        StrandFacts(flags=(AMBER_PERPETRATOR,)),
        Strand.GANG_MEMBER,
        ["a member is on the gangs matrix as a perpetrator with an amber harm band"],
    ),
    (
        "red perpetrator and victim, written in capitals",
        StrandFacts(
            flags=(
                MemberFlag("gang_perpetrator_and_victim", harm_band="Red ", victim_band="green"),
            )
        ),
        Strand.GANG_MEMBER,
        ["a member is on the gangs matrix as a perpetrator with a red harm band"],
    ),
    (
        "two amber perpetrators and a victim: the gang member reasons only",
        StrandFacts(
            flags=(
                AMBER_PERPETRATOR,
                AMBER_PERPETRATOR,
                MemberFlag("gang_victim", victim_band="red"),
            )
        ),
        Strand.GANG_MEMBER,
        ["2 members are on the gangs matrix as perpetrators with an amber harm band"],
    ),
    (
        "green perpetrator: linked to a nominal",
        StrandFacts(flags=(MemberFlag("gang_perpetrator", harm_band="green"),)),
        Strand.AT_RISK,
        ["a member is on the gangs matrix as a perpetrator with a green harm band"],
    ),
    (
        "gang victim",
        StrandFacts(flags=(MemberFlag("gang_victim", victim_band="red"),)),
        Strand.AT_RISK,
        ["a member is on the gangs matrix as a victim with a red victim band"],
    ),
    (
        "IOM cohort, with ASB as well",
        StrandFacts(flags=(MemberFlag("iom_offender"),), facts=ASB),
        Strand.AT_RISK,
        ["a member is on the IOM offender cohort"],
    ),
    (
        "a recent proven offence from matching",
        StrandFacts(flags=(MemberFlag("proven_offender"),)),
        Strand.AT_RISK,
        ["a member has a proven offence in the last 12 months"],
    ),
    (
        "a permanent exclusion found by screening, with ASB",
        StrandFacts(facts={"children_permanently_excluded": 1, **ASB}),
        Strand.AT_RISK,
        ["screening found children of compulsory school age permanently excluded: 1"],
    ),
    (
        "a child with a proven offence and a victim",
        StrandFacts(
            flags=(MemberFlag("gang_victim", victim_band="amber"),),
            facts={"children_with_proven_offence": 2},
        ),
        Strand.AT_RISK,
        [
            "a member is on the gangs matrix as a victim with an amber victim band",
            "screening found children (under 18 at the time) with a proven offence: 2",
        ],
    ),
    (
        "ASB only",
        StrandFacts(facts={"members_with_asb_intervention": 1, "highest_absence_pct": 40}),
        Strand.PERIPHERY,
        [
            "screening found members given an anti-social behaviour intervention (ASBO, injunction, ABC or housing action): 1",
            "anti-social behaviour only, with no gang involvement, offending or other sign of risk",
        ],
    ),
    (
        "nothing at all",
        StrandFacts(facts={"children_permanently_excluded": 0, "members_with_asb_incident": None}),
        Strand.PERIPHERY,
        [
            "no gang involvement, offending, sign of risk or anti-social behaviour was found, so the family is on the periphery strand"
        ],
    ),
    (
        "a flag with no band (the matrix's zero)",
        StrandFacts(flags=(MemberFlag("gang_perpetrator", harm_band="none"),)),
        Strand.PERIPHERY,
        [
            "no gang involvement, offending, sign of risk or anti-social behaviour was found, so the family is on the periphery strand"
        ],
    ),
]


@pytest.mark.parametrize(("case", "facts", "strand", "reasons"), CASES, ids=[c[0] for c in CASES])
def test_the_strand_and_its_reasons(
    case: str, facts: StrandFacts, strand: Strand, reasons: list[str]
) -> None:
    assert derive_strand(facts) == (strand, reasons)


def test_a_councils_rules_change_the_bands_and_facts() -> None:
    rules = StrandRules(
        gang_member_harm_bands=("red",),
        at_risk_facts=("young_people_neet",),
        periphery_facts=(),
        default=Strand.AT_RISK,
    )
    assert derive_strand(StrandFacts(flags=(AMBER_PERPETRATOR,)), rules)[0] is Strand.AT_RISK
    assert derive_strand(StrandFacts(facts={"young_people_neet": 1}), rules) == (
        Strand.AT_RISK,
        ["screening found young people not in education, employment or training: 1"],
    )
    assert derive_strand(StrandFacts(facts={"children_permanently_excluded": 1}), rules) == (
        Strand.AT_RISK,
        [
            "no gang involvement, offending, sign of risk or anti-social behaviour was found, so the family is on the at risk strand"
        ],
    )
