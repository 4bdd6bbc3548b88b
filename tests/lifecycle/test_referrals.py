"""A referral puts its household in ``identified``; the screening that follows moves it
on. A household already in work is left as it is. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from tests.screening.builders import Borough
from tests.support import screen_households
from workflow.bootstrap import Container
from workflow.clock import FixedClock
from workflow.lifecycle.referrals import open_referred
from workflow.principal import Principal

D = dt.date
CLOCK = FixedClock(D(2026, 11, 23))


def _episodes(container: Container) -> list[tuple[str, int, str]]:
    with container.engine.connect() as connection:
        return [
            tuple(r)
            for r in connection.execute(
                text(
                    "SELECT h.household_ref, e.number, e.state FROM household_episodes e "
                    "JOIN households h ON h.id = e.household_id ORDER BY h.household_ref, e.number"
                )
            )
        ]


def test_a_referral_opens_an_identified_episode_and_screening_moves_it_on(
    container: Container, migrated_engine
) -> None:
    with container.engine.begin() as connection:
        b = Borough(connection)
        quiet = b.household("H1")
        b.person("P1", born=D(1980, 1, 1), lives_in=quiet)
        second = b.household("H2")
        b.person("P2", born=D(1981, 1, 1), lives_in=second)
        batch = b.batch("referrals")
        for household, ref in ((quiet, "R1"), (second, "R2"), (second, "R3")):
            b.fact(
                "referrals",
                household_id=household,
                on=D(2026, 6, 1),
                batch_id=batch,
                referral_ref=ref,
                referrer_agency="school",
                reason="attendance",
            )
    with container.engine.begin() as connection:
        opened = open_referred(connection, batch, actor=Principal.system("import"), at=CLOCK.now())
    assert opened == 2  # H2 referred twice: one episode
    assert _episodes(container) == [("H1", 1, "identified"), ("H2", 1, "identified")]
    with container.engine.begin() as connection:  # the same file again: nothing more opens
        assert (
            open_referred(connection, batch, actor=Principal.system("import"), at=CLOCK.now()) == 0
        )

    screen_households(container, as_of=D(2026, 7, 31), today=D(2026, 11, 23))
    assert _episodes(container) == [("H1", 1, "not_eligible"), ("H2", 1, "not_eligible")]
    with container.engine.connect() as connection:
        reasons = (
            connection.execute(
                text("SELECT reason FROM household_transitions WHERE to_state = 'identified'")
            )
            .scalars()
            .all()
        )
    assert reasons == ["referred by school", "referred by school"]
