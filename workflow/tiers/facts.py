"""What the tier machine's guards ask, answered from the store for one episode."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, exists, func, select

from workflow.db.models import Approval, CaseRecord, TierTransition
from workflow.domain.vocabulary import CaseRecordKind
from workflow.lifecycle.records import Episode


def last_tier_change(connection: Connection, episode_id: int) -> tuple[dt.date, dt.datetime] | None:
    """When the episode's tier last changed (or was placed): (effective day, recorded)."""
    row = connection.execute(
        select(TierTransition.effective_on, TierTransition.at)
        .where(TierTransition.episode_id == episode_id)
        .order_by(TierTransition.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    at: dt.datetime = row[1]
    return (row[0] or at.date()), at


class StoredTierFacts:
    """``workflow.pathway.rules.TierFacts`` from the database."""

    __slots__ = ("_connection", "_episode")

    def __init__(self, connection: Connection, episode: Episode) -> None:
        self._connection = connection
        self._episode = episode

    def manager_approved(self, to_tier: str) -> bool:
        """A manager (never the requester: a check constraint) approved stepping up into
        ``to_tier`` since the tier last changed, so an old approval does not count again."""
        a = Approval
        since = last_tier_change(self._connection, self._episode.id)
        query = exists().where(
            a.episode_id == self._episode.id,
            a.action == f"step_up_to_{to_tier}",
            a.status == "approved",
        )
        if since is not None:
            query = query.where(a.decided_at >= since[1])
        return bool(self._connection.execute(select(query)).scalar())

    def review_completed(self) -> bool:
        """A review is recorded on or after the day the tier last changed."""
        r = CaseRecord
        since = last_tier_change(self._connection, self._episode.id)
        query = select(func.count()).where(
            r.episode_id == self._episode.id, r.kind == CaseRecordKind.REVIEW.value
        )
        if since is not None:
            query = query.where(r.effective_on >= since[0])
        return bool(self._connection.execute(query).scalar())
