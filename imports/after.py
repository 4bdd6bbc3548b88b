"""What follows an import: the one sequence the command line and the flows share.

1. A referrals file opens an ``identified`` episode for each referred household with none
   open (``workflow.lifecycle.referrals``). Each accepted file's households are screened
   again (``rescreen``), under the rule set of the latest screening run, as at the
   import's date; a family with a champion whose rows bring a new concern (a police
   incident, an exclusion, a domestic-abuse record) gets a task for its champion.
2. Matching runs once, after the file, or after the last file of a delivery, when any
   accepted file was a police list, an offence feed (offences make offender-family flags),
   or left rows the importer could not link (``wants_matching``, ``match``).

Each step is its own use case and transaction: a file stays imported whether or not
re-screening or matching after it succeeds, and a problem with matching (a model file
from another version, say) is reported and leaves the import as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eligibility.catalogue import Catalogue
from imports.linkage import MatchingError, MatchReport, match_lists
from workflow.clock import Clock
from workflow.domain.vocabulary import BatchStatus, RunTrigger
from workflow.lifecycle.referrals import open_referred
from workflow.pathway.catalogue import PathwayCatalogue, shipped_pathways
from workflow.principal import Principal
from workflow.screening.rescreen import rescreen_after_import
from workflow.screening.service import ScreeningReport
from workflow.tasks.triggers import concern_tasks
from workflow.templates import POLICE_LIST_KINDS
from workflow.uow import UnitOfWork

# Offences make offender-family flags, so their imports refresh matching's flags too.
OFFENCE_KINDS = frozenset({"youth_justice", "police_incidents"})
MATCHED_KINDS = frozenset(POLICE_LIST_KINDS) | OFFENCE_KINDS


def wants_matching(summary: Mapping[str, Any]) -> bool:
    """Whether matching should run after this import (from the import's summary: an
    accepted police list, offence feed, or file that left rows unlinked)."""
    if summary.get("status") != BatchStatus.ACCEPTED.value or summary.get("batch_id") is None:
        return False
    return summary["kind"] in MATCHED_KINDS or bool(summary.get("rows_unlinked"))


def rescreen(
    batch_id: int,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    catalogue: Catalogue,
    pathways: PathwayCatalogue | None = None,
) -> ScreeningReport | None:
    """Screen again the households an accepted batch touched (None: nothing to do), and
    give the champion of each family its rows bring a new concern for a task."""
    pathways = pathways or shipped_pathways()
    with uow:  # a referral puts its household in ``identified``, for the screening to move on
        open_referred(uow.connection, batch_id, actor=actor, at=clock.now())
        uow.commit()
    report = rescreen_after_import(
        batch_id, uow=uow, clock=clock, actor=actor, catalogue=catalogue, pathways=pathways
    )
    with uow:
        concern_tasks(uow.connection, batch_id, actor=actor, today=clock.today(), pathways=pathways)
        uow.commit()
    return report


@dataclass(frozen=True)
class MatchAfter:
    report: MatchReport | None
    note: str | None  # why matching did not run, in plain words


def match(
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    catalogue: Catalogue,
    model_dir: Path,
    batch_id: int | None,
) -> MatchAfter:
    """Run matching after an import; a refusal (no lists yet, a model from another version)
    comes back as a note rather than an error."""
    try:
        report = match_lists(
            uow=uow,
            clock=clock,
            actor=actor,
            catalogue=catalogue,
            model_dir=model_dir,
            trigger=RunTrigger.IMPORT if batch_id else RunTrigger.COMMAND,
            batch_id=batch_id,
        )
    except MatchingError as exc:
        return MatchAfter(None, exc.detail)
    return MatchAfter(report, None)
