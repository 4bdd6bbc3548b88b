"""The lifecycle in the database: episodes, the append-only history and bulk moves.

Runs on SQLite and, with TFE_TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine, func, insert, select, text
from sqlalchemy.exc import DBAPIError

from workflow.db.models import Household, HouseholdEpisode, HouseholdTransition
from workflow.domain.vocabulary import ClosureReason
from workflow.domain.vocabulary import HouseholdState as S
from workflow.lifecycle import (
    OPENED,
    EpisodesChanged,
    TransitionRefused,
    Trigger,
    fire,
    history,
    open_episode,
    open_episodes,
    open_new_episodes,
    record_transitions,
)
from workflow.principal import Principal

P = Principal.acting
AT = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
SCREENING = {"ruleset": "supporting-families-2022", "version": 1, "hash": "ab12", "decision_id": 9}


@pytest.fixture
def connection(migrated_engine: Engine) -> Iterator[Connection]:
    with migrated_engine.begin() as connection:
        yield connection


def households(connection: Connection, count: int, start: int = 1) -> list[int]:
    return list(
        connection.execute(
            insert(Household).returning(Household.id, sort_by_parameter_order=True),
            [{"household_ref": f"H{n:06d}"} for n in range(start, start + count)],
        ).scalars()
    )


def states(connection: Connection) -> dict[int, str]:
    return {
        row.id: row.state
        for row in connection.execute(select(HouseholdEpisode.id, HouseholdEpisode.state))
    }


def history_count(connection: Connection) -> int:
    return connection.execute(select(func.count()).select_from(HouseholdTransition)).scalar_one()


def test_opening_an_episode_records_where_it_started(connection: Connection) -> None:
    [household] = households(connection, 1)
    episode = open_episode(
        connection, household, actor=P("kw1"), reason="referred by school", at=AT
    )
    assert (episode.number, episode.state, episode.household_ref) == (1, S.IDENTIFIED, "H000001")
    [opened] = history(connection, household)
    assert (opened.from_state, opened.to_state, opened.trigger) == (None, S.IDENTIFIED, OPENED)
    assert (opened.actor, opened.at, opened.reason, opened.episode_number) == (
        "kw1",
        AT,
        "referred by school",
        1,
    )
    assert open_episodes(connection, [household]) == {household: episode}


def test_moves_are_recorded_with_who_when_why_and_the_rule_set(connection: Connection) -> None:
    [household] = households(connection, 1)
    episode = open_episode(connection, household, actor=P("system"), reason="screening run 1")
    moves = [
        fire(episode, Trigger.SCREEN, actor=P("system"), reason="screening run 1", at=AT),
        fire(
            episode,
            Trigger.MEETS_CRITERIA,
            actor=P("system"),
            reason="meets supporting-families-2022 v1",
            detail=SCREENING,
            at=AT,
        ),
    ]
    record_transitions(connection, moves)
    assert open_episodes(connection, [household])[household].state is S.ELIGIBLE
    steps = [(t.from_state, t.to_state, t.trigger) for t in history(connection, household)]
    assert steps == [
        (None, S.IDENTIFIED, "open_episode"),
        (S.IDENTIFIED, S.SCREENED, "screen"),
        (S.SCREENED, S.ELIGIBLE, "meets_criteria"),
    ]
    assert history(connection, household)[-1].detail == SCREENING


def test_a_refused_trigger_leaves_the_household_and_its_history_untouched(
    connection: Connection,
) -> None:
    [household] = households(connection, 1)
    episode = open_episode(connection, household, actor=P("system"), reason="referral")
    record_transitions(
        connection,
        [
            fire(episode, Trigger.SCREEN, actor=P("system"), reason="run"),
            fire(episode, Trigger.MEETS_CRITERIA, actor=P("system"), reason="run"),
        ],
    )
    before = (states(connection), history(connection, household))
    with pytest.raises(TransitionRefused, match="champion not assigned"):
        fire(episode, Trigger.ALLOCATE, actor=P("mgr1"), reason="allocate to kw1")
    assert episode.state is S.ELIGIBLE
    assert (states(connection), history(connection, household)) == before


def test_closing_and_re_referral_open_episode_two_and_keep_episode_one(
    connection: Connection,
) -> None:
    [household] = households(connection, 1)
    first = open_episode(connection, household, actor=P("kw1"), reason="referral")
    with pytest.raises(TransitionRefused, match="has episode 1 open \\('identified'\\)"):
        open_episode(connection, household, actor=P("kw1"), reason="referred again")
    record_transitions(
        connection,
        [fire(first, Trigger.CLOSE, actor=P("mgr1"), reason=ClosureReason.DECLINED_CONSENT, at=AT)],
    )
    assert open_episodes(connection, [household]) == {}

    second = open_episode(connection, household, actor=P("kw2"), reason="re-referred by police")
    assert (second.number, second.state) == (2, S.IDENTIFIED)
    rows = connection.execute(
        select(
            HouseholdEpisode.number,
            HouseholdEpisode.state,
            HouseholdEpisode.closure_reason,
            HouseholdEpisode.closed_at.is_not(None),
        ).order_by(HouseholdEpisode.number)
    ).all()
    assert [tuple(r) for r in rows] == [
        (1, "closed", "declined_consent", True),
        (2, "identified", None, False),
    ]
    assert [(t.episode_number, t.to_state) for t in history(connection, household)] == [
        (1, S.IDENTIFIED),
        (1, S.CLOSED),
        (2, S.IDENTIFIED),
    ]


def test_opening_refuses_households_that_do_not_exist(connection: Connection) -> None:
    with pytest.raises(TransitionRefused, match="there is no household with id 999"):
        open_new_episodes(connection, [999], actor=P("system"), reason="run")
    assert history_count(connection) == 0


def test_a_bulk_opening_refuses_whole_and_says_how_many_were_open(connection: Connection) -> None:
    ids = households(connection, 12)
    open_new_episodes(connection, ids, actor=P("system"), reason="run 1")
    with pytest.raises(TransitionRefused) as caught:
        open_new_episodes(connection, ids, actor=P("system"), reason="run 2")
    assert caught.value.detail.startswith(
        "Cannot open a new episode: household H000001 has episode 1 open ('identified'); "
    )
    assert caught.value.detail.endswith(" (and 2 more).")
    assert history_count(connection) == 12


def test_screening_moves_thousands_of_households_in_bulk(connection: Connection) -> None:
    ids = households(connection, 3000)
    episodes = open_new_episodes(
        connection, ids, actor=P("system"), reason="screening run 1", at=AT
    )
    assert len(episodes) == 3000 and {e.number for e in episodes.values()} == {1}
    eligible = set(ids[::3])
    moves = []
    for household, episode in open_episodes(connection, ids).items():
        moves.append(fire(episode, Trigger.SCREEN, actor=P("system"), reason="run 1", at=AT))
        last = Trigger.MEETS_CRITERIA if household in eligible else Trigger.DOES_NOT_MEET
        moves.append(
            fire(episode, last, actor=P("system"), reason="run 1", detail=SCREENING, at=AT)
        )
    record_transitions(connection, moves)

    by_state = select(HouseholdEpisode.state, func.count()).group_by(HouseholdEpisode.state)
    counts = dict(connection.execute(by_state).all())
    assert counts == {"eligible": 1000, "not_eligible": 2000}
    assert history_count(connection) == 3000 * 3
    assert {e.state for e in open_episodes(connection).values()} == {S.ELIGIBLE, S.NOT_ELIGIBLE}


def test_moves_prepared_on_a_stale_episode_are_not_recorded(connection: Connection) -> None:
    [household] = households(connection, 1)
    open_episode(connection, household, actor=P("system"), reason="referral")
    mine = open_episodes(connection, [household])[household]
    theirs = open_episodes(connection, [household])[household]
    record_transitions(connection, [fire(theirs, Trigger.SCREEN, actor=P("a"), reason="run")])
    stale = fire(mine, Trigger.SCREEN, actor=P("b"), reason="run")
    with pytest.raises(EpisodesChanged, match="1 of 1 episodes were changed by someone else"):
        record_transitions(connection, [stale])


def test_moves_of_one_episode_must_chain(connection: Connection) -> None:
    [household] = households(connection, 1)
    episode = open_episode(connection, household, actor=P("system"), reason="referral")
    screen = fire(episode, Trigger.SCREEN, actor=P("system"), reason="run")
    with pytest.raises(ValueError, match="starts from 'identified'"):
        record_transitions(connection, [screen, screen])


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE household_transitions SET actor = 'someone else'",
        "DELETE FROM household_transitions",
    ],
)
def test_the_history_is_append_only(migrated_engine: Engine, statement: str) -> None:
    with migrated_engine.begin() as connection:
        [household] = households(connection, 1)
        open_episode(connection, household, actor=P("kw1"), reason="referral")
    with pytest.raises(DBAPIError, match="append-only"), migrated_engine.begin() as connection:
        connection.execute(text(statement))
    with migrated_engine.connect() as connection:
        assert [t.actor for t in history(connection, household)] == ["kw1"]


def test_guards_read_their_facts_from_the_store(connection: Connection) -> None:
    """A champion, an assessment and an approval count only once the database holds them."""
    from workflow.db.models import Approval, CaseRecord, ChampionAssignment, Staff
    from workflow.lifecycle import StoredFacts

    [household] = households(connection, 1)
    episode = open_episode(connection, household, actor=P("system"), reason="referral")
    for trigger in (Trigger.SCREEN, Trigger.MEETS_CRITERIA):
        record_transitions(connection, [fire(episode, trigger, actor=P("system"), reason="run")])
    facts = StoredFacts(connection, episode)
    with pytest.raises(TransitionRefused, match="champion not assigned"):
        fire(episode, Trigger.ALLOCATE, actor=P("mgr1"), reason="to kw1", facts=facts)

    staff = connection.execute(
        insert(Staff).values(staff_ref="KW1", name="K Worker", email="kw1@example.invalid")
    ).inserted_primary_key[0]
    champion = connection.execute(
        insert(ChampionAssignment).values(
            household_id=household,
            episode_id=episode.id,
            staff_id=staff,
            started_on=dt.date(2026, 11, 2),
            ended_on=dt.date(2026, 11, 20),
            assigned_by="mgr1",
            recorded_at=AT,
        )
    ).inserted_primary_key[0]
    with pytest.raises(TransitionRefused, match="champion not assigned"):  # that one ended
        fire(episode, Trigger.ALLOCATE, actor=P("mgr1"), reason="to kw1", facts=facts)
    connection.execute(
        insert(ChampionAssignment).values(
            household_id=household,
            episode_id=episode.id,
            staff_id=staff,
            started_on=dt.date(2026, 11, 21),
            assigned_by="mgr1",
            recorded_at=AT,
        )
    )
    assert champion is not None
    record_transitions(
        connection,
        [fire(episode, Trigger.ALLOCATE, actor=P("mgr1"), reason="to kw1", facts=facts)],
    )
    record_transitions(
        connection,
        [fire(episode, Trigger.START_ASSESSMENT, actor=P("kw1"), reason="first visit")],
    )
    with pytest.raises(TransitionRefused, match="no whole-family assessment recorded"):
        fire(episode, Trigger.AGREE_PLAN, actor=P("kw1"), reason="plan", facts=facts)
    connection.execute(
        insert(CaseRecord).values(
            household_id=household,
            episode_id=episode.id,
            kind="assessment",
            effective_on=dt.date(2026, 11, 23),
            detail={},
            recorded_by="kw1",
            recorded_at=AT,
        )
    )
    with pytest.raises(TransitionRefused, match="no family plan recorded"):
        fire(episode, Trigger.AGREE_PLAN, actor=P("kw1"), reason="plan", facts=facts)
    for kind in ("plan", "outcome_evidence"):
        connection.execute(
            insert(CaseRecord).values(
                household_id=household,
                episode_id=episode.id,
                kind=kind,
                effective_on=dt.date(2026, 11, 23),
                detail={},
                recorded_by="kw1",
                recorded_at=AT,
            )
        )
    record_transitions(
        connection,
        [fire(episode, Trigger.AGREE_PLAN, actor=P("kw1"), reason="plan", facts=facts)],
    )
    record_transitions(
        connection,
        [fire(episode, Trigger.EVIDENCE_PROGRESS, actor=P("kw1"), reason="school", facts=facts)],
    )
    approval = {
        "household_id": household,
        "episode_id": episode.id,
        "action": "claim",
        "requested_by": "kw1",
        "requested_at": AT,
        "request_reason": "results met",
        "detail": {},
    }
    connection.execute(insert(Approval).values(**approval, status="pending"))
    with pytest.raises(TransitionRefused, match="manager approval needed"):  # not yet decided
        fire(episode, Trigger.CLAIM, actor=P("mgr1"), reason="claim", facts=facts)
    connection.execute(insert(Approval).values(**approval, status="approved", decided_by="mgr1"))
    moved = fire(episode, Trigger.CLAIM, actor=P("mgr1"), reason="claim", facts=facts)
    assert moved.to_state is S.CLAIMED


def test_the_database_refuses_two_active_champions_and_self_approval(
    connection: Connection,
) -> None:
    from workflow.db.models import Approval, ChampionAssignment, Staff

    [household] = households(connection, 1)
    episode = open_episode(connection, household, actor=P("system"), reason="referral")
    staff = connection.execute(
        insert(Staff).values(staff_ref="KW1", name="K Worker", email="kw1@example.invalid")
    ).inserted_primary_key[0]
    active = {
        "household_id": household,
        "episode_id": episode.id,
        "staff_id": staff,
        "started_on": dt.date(2026, 11, 2),
        "assigned_by": "mgr1",
        "recorded_at": AT,
    }
    connection.execute(insert(ChampionAssignment).values(**active))
    with pytest.raises(DBAPIError), connection.begin_nested():
        connection.execute(insert(ChampionAssignment).values(**active))
    with pytest.raises(DBAPIError), connection.begin_nested():
        connection.execute(
            insert(Approval).values(
                household_id=household,
                episode_id=episode.id,
                action="step_up:intensive",
                status="approved",
                requested_by="mgr1",
                requested_at=AT,
                request_reason="gang exit",
                detail={},
                decided_by="mgr1",
            )
        )
