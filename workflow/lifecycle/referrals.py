"""A referral opens the household's episode: importing a referrals file puts each referred
household with no open episode in ``identified`` (a new episode if an earlier one closed),
so the screening that follows the import moves it on to ``eligible`` or ``not_eligible``.

The history says who sent the file and which agency referred the family, never the
referral's own text (it can hold sensitive detail).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select

from workflow.db.models.facts import Referral
from workflow.lifecycle.store import open_episode, open_episodes
from workflow.principal import Principal


def open_referred(
    connection: Connection, batch_id: int, *, actor: Principal, at: dt.datetime
) -> int:
    """Open an ``identified`` episode for each household batch ``batch_id`` referred that
    has none open; returns how many were opened."""
    referred: dict[int, str] = {}
    for household_id, agency in connection.execute(
        select(Referral.household_id, Referral.referrer_agency)
        .where(Referral.batch_id == batch_id, Referral.household_id.is_not(None))
        .order_by(Referral.valid_from, Referral.id)
    ):
        if household_id is not None:
            referred.setdefault(int(household_id), str(agency))
    already = open_episodes(connection, list(referred))
    opened = 0
    for household_id, agency in referred.items():
        if household_id in already:
            continue
        open_episode(connection, household_id, actor=actor, at=at,
                     reason=f"referred by {agency.replace('_', ' ')}"[:200],
                     detail={"batch_id": batch_id})  # fmt: skip
        opened += 1
    return opened
