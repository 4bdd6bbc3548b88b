"""Reading episodes and writing the lifecycle history, in bulk, with SQLAlchemy Core.

Every function takes the caller's ``connection`` (the unit of work's) and neither commits
nor rolls back: the history rows and the episode updates go in with the rest of the use
case, or not at all. Screening moves thousands of households at once, so reads take ids
in chunks and writes are one ``executemany`` per statement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from workflow.db.models import Household, HouseholdEpisode, HouseholdTransition
from workflow.domain.vocabulary import HouseholdState
from workflow.lifecycle.errors import EpisodesChanged, TransitionRefused
from workflow.lifecycle.records import Episode, Transition
from workflow.lifecycle.rules import OPENED, START, reason_problems
from workflow.principal import Principal

CHUNK = 5000  # ids per IN list: well under SQLite's 32,766 bound values

E = HouseholdEpisode
H = Household
T = HouseholdTransition


def open_episodes(
    connection: Connection, household_ids: Iterable[int] | None = None
) -> dict[int, Episode]:
    """The open episode of each listed household that has one (``None``: every household)."""
    query = (
        select(
            E.id,
            E.household_id,
            E.number,
            E.state,
            E.flag,
            E.last_decision_id,
            H.household_ref,
        )
        .join(H, H.id == E.household_id)
        .where(E.closed_at.is_(None))
    )
    if household_ids is None:
        rows = list(connection.execute(query))
    else:
        rows = [
            row
            for chunk in _chunks(household_ids)
            for row in connection.execute(query.where(E.household_id.in_(chunk)))
        ]
    return {
        row.household_id: Episode(
            id=row.id,
            household_id=row.household_id,
            number=row.number,
            state=HouseholdState(row.state),
            household_ref=row.household_ref,
            flag=row.flag,
            last_decision_id=row.last_decision_id,
        )
        for row in rows
    }


def open_episode(
    connection: Connection,
    household_id: int,
    *,
    actor: Principal,
    reason: str,
    detail: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> Episode:
    """Open the household's next episode in ``identified`` and record that in the history.

    A household referred again after closure gets episode n+1; its old episodes stay.

    Raises:
        TransitionRefused: the household has an open episode already, or does not exist.
    """
    opened = open_new_episodes(
        connection, [household_id], actor=actor, reason=reason, detail=detail, at=at
    )
    return opened[household_id]


def open_new_episodes(
    connection: Connection,
    household_ids: Iterable[int],
    *,
    actor: Principal,
    reason: str,
    detail: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> dict[int, Episode]:
    """``open_episode`` for many households at once (a screening run's newly identified).

    Raises:
        TransitionRefused: some household has an open episode or does not exist; then
            nothing is opened.
    """
    ids = sorted(set(household_ids))
    if not ids:
        return {}
    at = at or dt.datetime.now(dt.UTC)
    refs, numbers = _refs_and_last_numbers(connection, ids)
    problems = reason_problems(reason)
    missing = [str(i) for i in ids if i not in refs]
    if missing:
        problems.append("there is no household with id " + _some(missing))
    already = [
        f"household {episode.label} has episode {episode.number} open ('{episode.state.value}')"
        for episode in open_episodes(connection, ids).values()
    ]
    if already:
        problems.append(_some(already, separator="; "))
    if problems:
        raise TransitionRefused(
            "Cannot open a new episode: " + "; ".join(problems) + ".", reasons=problems
        )
    created = connection.execute(
        insert(E).returning(E.id, E.household_id, sort_by_parameter_order=True),
        [
            {
                "household_id": i,
                "number": numbers.get(i, 0) + 1,
                "state": START.value,
                "opened_at": at,
            }
            for i in ids
        ],
    ).all()
    episodes = {
        row.household_id: Episode(
            id=row.id,
            household_id=row.household_id,
            number=numbers.get(row.household_id, 0) + 1,
            state=START,
            household_ref=refs[row.household_id],
        )
        for row in created
    }
    _insert_history(
        connection,
        [
            Transition(
                household_id=episode.household_id,
                episode_id=episode.id,
                episode_number=episode.number,
                from_state=None,
                to_state=START,
                trigger=OPENED,
                actor=actor.ref,
                actor_roles=actor.role_names,
                at=at,
                reason=reason,
                detail=dict(detail or {}),
            )
            for episode in episodes.values()
        ],
    )
    return episodes


def record_transitions(connection: Connection, transitions: Sequence[Transition]) -> None:
    """Append ``transitions`` to the history and move their episodes' ``state``, in bulk.

    Several transitions of one episode (``screen`` then ``meets_criteria``) must come in
    order; the episode ends in the last one's state. A ``close`` also sets ``closed_at``
    and ``closure_reason``. Each update only applies if the episode is still in the
    state the first transition started from.

    Raises:
        EpisodesChanged: some episode was moved by someone else meanwhile; the caller's
            transaction must be rolled back (the unit of work does that).
    """
    if not transitions:
        return
    journeys = _journeys(transitions)
    _insert_history(connection, transitions)
    moving = [
        {"e_id": e_id, "e_from": first.value, "e_to": last.to_state.value}
        for e_id, (first, last) in journeys.items()
        if last.to_state is not HouseholdState.CLOSED
    ]
    closing = [
        {
            "e_id": e_id,
            "e_from": first.value,
            "e_to": last.to_state.value,
            "e_at": last.at,
            "e_reason": last.reason,  # a ClosureReason value (the close guard)
        }
        for e_id, (first, last) in journeys.items()
        if last.to_state is HouseholdState.CLOSED
    ]
    # By primary key and expected state only: adding "closed_at IS NULL" (implied, as no
    # move starts from closed) lets PostgreSQL's generic plan scan the partial index of
    # open episodes instead, 1 ms a row on a freshly loaded table.
    where = (E.id == bindparam("e_id"), E.state == bindparam("e_from"))
    changed = 0
    if moving:
        changed += connection.execute(
            update(E).where(*where).values(state=bindparam("e_to")), moving
        ).rowcount
    if closing:
        changed += connection.execute(
            update(E)
            .where(*where)
            .values(
                state=bindparam("e_to"),
                closed_at=bindparam("e_at"),
                closure_reason=bindparam("e_reason"),
            ),
            closing,
        ).rowcount
    if changed != len(journeys):
        raise EpisodesChanged(
            f"{len(journeys) - changed} of {len(journeys)} episodes were changed by someone "
            "else while these moves were prepared; nothing was recorded. Try again."
        )


LIFECYCLE_LOCK = 0x7466_6531  # "tfe1": the advisory lock that serialises bulk moves


def hold_lifecycle(connection: Connection) -> None:
    """Make other bulk movers (screenings, re-screenings) wait until this transaction ends.

    Call it before reading the episodes a bulk move plans from. On PostgreSQL it takes an
    advisory lock held until commit or rollback. SQLite lets one writer in at a time
    already (a transaction's first write takes the database's write lock), so there it
    does nothing: the caller must write before it reads the episodes.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(LIFECYCLE_LOCK)))


def history(connection: Connection, household_id: int) -> list[Transition]:
    """Every transition of every episode of the household, in the order recorded."""
    rows = connection.execute(
        select(
            T.id,
            T.household_id,
            T.episode_id,
            E.number,
            T.from_state,
            T.to_state,
            T.trigger,
            T.actor,
            T.at,
            T.reason,
            T.detail,
            T.actor_roles,
            T.effective_on,
        )
        .join(E, E.id == T.episode_id)
        .where(T.household_id == household_id)
        .order_by(T.id)
    )
    return [
        Transition(
            id=row.id,
            household_id=row.household_id,
            episode_id=row.episode_id,
            episode_number=row.number,
            from_state=None if row.from_state is None else HouseholdState(row.from_state),
            to_state=HouseholdState(row.to_state),
            trigger=row.trigger,
            actor=row.actor,
            at=row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC),  # SQLite: naive UTC
            reason=row.reason,
            detail=row.detail,
            actor_roles=row.actor_roles,
            effective_on=row.effective_on,
        )
        for row in rows
    ]


def _insert_history(connection: Connection, transitions: Sequence[Transition]) -> None:
    connection.execute(
        insert(T),
        [
            {
                "household_id": t.household_id,
                "episode_id": t.episode_id,
                "from_state": None if t.from_state is None else t.from_state.value,
                "to_state": t.to_state.value,
                "trigger": t.trigger,
                "actor": t.actor,
                "actor_roles": t.actor_roles,
                "at": t.at,
                "effective_on": t.effective_on,
                "reason": t.reason,
                "detail": dict(t.detail),
            }
            for t in transitions
        ],
    )


def _journeys(
    transitions: Sequence[Transition],
) -> dict[int, tuple[HouseholdState, Transition]]:
    """Each episode's starting state and last transition; the moves must chain."""
    journeys: dict[int, tuple[HouseholdState, Transition]] = {}
    for t in transitions:
        if t.from_state is None:
            raise ValueError("an opening row is written by open_episode, not record_transitions")
        if t.episode_id in journeys:
            first, last = journeys[t.episode_id]
            if t.from_state is not last.to_state:
                raise ValueError(
                    f"episode {t.episode_id}: {t.trigger} starts from '{t.from_state}' but "
                    f"the previous move ended in '{last.to_state}'"
                )
            journeys[t.episode_id] = (first, t)
        else:
            journeys[t.episode_id] = (t.from_state, t)
    return journeys


def _refs_and_last_numbers(
    connection: Connection, ids: Sequence[int]
) -> tuple[dict[int, str], dict[int, int]]:
    refs: dict[int, str] = {}
    numbers: dict[int, int] = {}
    for chunk in _chunks(ids):
        query = select(H.id, H.household_ref).where(H.id.in_(chunk))
        refs.update({row.id: row.household_ref for row in connection.execute(query)})
        last = (
            select(E.household_id, func.max(E.number).label("number"))
            .where(E.household_id.in_(chunk))
            .group_by(E.household_id)
        )
        numbers.update({row.household_id: row.number for row in connection.execute(last)})
    return refs, numbers


def _some(items: Sequence[str], *, separator: str = ", ", shown: int = 10) -> str:
    """The first ``shown`` items, and how many more there are."""
    more = f" (and {len(items) - shown} more)" if len(items) > shown else ""
    return separator.join(items[:shown]) + more


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    chunk: list[int] = []
    for i in ids:
        chunk.append(i)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
