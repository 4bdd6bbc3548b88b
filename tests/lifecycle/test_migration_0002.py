"""Migration 0002 on a database that already holds households and episodes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from workflow.db.migrate import current_revision, downgrade, upgrade

NEW_TABLES = {"ruleset_versions", "screening_runs", "screening_decisions", "household_transitions"}
NEW_COLUMNS = {"flag", "flagged_at", "last_decision_id"}
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def _episode_columns(engine: Engine) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns("household_episodes")}


def _episodes(engine: Engine) -> list[tuple]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT household_id, number, state FROM household_episodes ORDER BY id")
        )
        return [tuple(row) for row in rows]


def _second_open_episode(engine: Engine) -> None:
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO household_episodes (household_id, number, state, opened_at) "
                "VALUES (1, 9, 'identified', :now)"
            ),
            {"now": NOW},
        )


def test_0002_keeps_episodes_and_their_rules_and_downgrades_to_0001(engine: Engine) -> None:
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO households (id, household_ref, created_at) VALUES (1, 'H1', :now)"),
            {"now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO household_episodes (household_id, number, state, opened_at, closed_at)"
                " VALUES (1, 1, 'closed', :now, :now), (1, 2, 'eligible', :now, NULL)"
            ),
            {"now": NOW},
        )
    before = _episodes(engine)

    upgrade(engine, "0002")
    assert set(inspect(engine).get_table_names()) >= NEW_TABLES
    assert _episode_columns(engine) >= NEW_COLUMNS
    assert _episodes(engine) == before
    _second_open_episode(engine)  # still at most one open episode per household
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE household_episodes SET last_decision_id = 999"))

    downgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    assert not NEW_TABLES & set(inspect(engine).get_table_names())
    assert not NEW_COLUMNS & _episode_columns(engine)
    assert _episodes(engine) == before
    _second_open_episode(engine)
