"""What a screening run does to each household's lifecycle (docs/product-model.md §3).

Pure planning: given who is eligible now and where each household's open episode stands,
say which triggers to fire and which episodes to flag. The service applies the plan.

- eligible, no open episode: open one (``identified``), then ``screen`` and
  ``meets_criteria`` → ``eligible``;
- eligible, ``identified`` → ``screen``, ``meets_criteria``; ``screened`` → ``meets_criteria``;
  ``not_eligible`` → ``rescreen_eligible``;
- not eligible, ``identified`` → ``screen``, ``does_not_meet``; ``screened`` → ``does_not_meet``;
- not eligible, already ``eligible`` or further along: **flagged, never closed** — a manager
  decides what happens; eligible again later: the flag is cleared;
- not eligible and no open episode: nothing moves (the decision is still stored).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from workflow.domain.vocabulary import HouseholdState as S
from workflow.lifecycle import Episode

FURTHER_ALONG = {
    S.ELIGIBLE,
    S.ALLOCATED,
    S.ASSESSMENT,
    S.ACTIVE,
    S.PROGRESS_EVIDENCED,
    S.CLAIMED,
}
WHEN_ELIGIBLE: dict[S, tuple[str, ...]] = {
    S.IDENTIFIED: ("screen", "meets_criteria"),
    S.SCREENED: ("meets_criteria",),
    S.NOT_ELIGIBLE: ("rescreen_eligible",),
}
WHEN_NOT: dict[S, tuple[str, ...]] = {
    S.IDENTIFIED: ("screen", "does_not_meet"),
    S.SCREENED: ("does_not_meet",),
}


@dataclass
class Plan:
    open_new: list[int] = field(default_factory=list)  # households needing an episode
    fire: dict[int, tuple[str, ...]] = field(default_factory=dict)  # household -> triggers
    flag: list[int] = field(default_factory=list)  # episode ids: no longer meeting
    unflag: list[int] = field(default_factory=list)  # episode ids: meeting again

    @property
    def newly_eligible(self) -> int:
        return sum(1 for triggers in self.fire.values() if triggers[-1] != "does_not_meet")


def plan_moves(decisions: Iterable[tuple[int, bool]], episodes: Mapping[int, Episode]) -> Plan:
    """The lifecycle moves for ``(household_id, eligible)`` decisions."""
    plan = Plan()
    for household_id, eligible in decisions:
        episode = episodes.get(household_id)
        if episode is None:
            if eligible:
                plan.open_new.append(household_id)
                plan.fire[household_id] = WHEN_ELIGIBLE[S.IDENTIFIED]
            continue
        table = WHEN_ELIGIBLE if eligible else WHEN_NOT
        if episode.state in table:
            plan.fire[household_id] = table[episode.state]
        elif episode.state in FURTHER_ALONG:
            if not eligible and episode.flag is None:
                plan.flag.append(episode.id)
            elif eligible and episode.flag is not None:
                plan.unflag.append(episode.id)
    return plan
