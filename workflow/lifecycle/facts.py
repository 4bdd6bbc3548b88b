"""The lifecycle's guards' facts, read from the store for one episode.

``StoredFacts(connection, episode)`` answers the questions of ``rules.EpisodeFacts`` with a
query each, asked only when a guard needs it (a screening run fires ``screen`` for
thousands of households, whose moves have no guards, and asks nothing). Services build it
from their unit of work's connection; no caller tells a guard the answer.
"""

from __future__ import annotations

from sqlalchemy import Connection, exists, select

from workflow.db.models import Approval, CaseRecord, ChampionAssignment, Claim, ClaimBaseline
from workflow.domain.vocabulary import CaseRecordKind
from workflow.lifecycle.records import Episode

APPROVED = "approved"
CLAIM = "claim"
CLAIM_APPROVED = ("approved", "submitted", "paid")


class StoredFacts:
    """An episode's facts as the database holds them now."""

    __slots__ = ("_connection", "_episode")

    def __init__(self, connection: Connection, episode: Episode) -> None:
        self._connection = connection
        self._episode = episode

    def champion_assigned(self) -> bool:
        a = ChampionAssignment
        query = select(
            exists().where(a.household_id == self._episode.household_id, a.ended_on.is_(None))
        )
        return bool(self._connection.execute(query).scalar())

    def assessment_recorded(self) -> bool:
        return self._recorded(CaseRecordKind.ASSESSMENT)

    def plan_recorded(self) -> bool:
        return self._recorded(CaseRecordKind.PLAN)

    def progress_recorded(self) -> bool:
        return self._recorded(CaseRecordKind.OUTCOME_EVIDENCE)

    def _recorded(self, kind: CaseRecordKind) -> bool:
        r = CaseRecord
        query = select(exists().where(r.episode_id == self._episode.id, r.kind == kind.value))
        return bool(self._connection.execute(query).scalar())

    def approved(self, action: str) -> bool:
        """A manager's approval of ``action``; for ``claim``, also a results claim of this
        episode approved by finance or internal audit (the claim machine's maker-checker)."""
        a = Approval
        query = select(
            exists().where(
                a.episode_id == self._episode.id, a.action == action, a.status == APPROVED
            )
        )
        if self._connection.execute(query).scalar():
            return True
        if action != CLAIM:
            return False
        c, b = Claim, ClaimBaseline
        claimed = select(
            exists().where(
                c.baseline_id == b.id,
                b.episode_id == self._episode.id,
                c.kind == "result",
                c.state.in_(CLAIM_APPROVED),
            )
        )
        return bool(self._connection.execute(claimed).scalar())
