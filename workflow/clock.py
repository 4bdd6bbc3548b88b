"""The clock: what day and time it is, injected wherever a service needs the date.

Services never call ``date.today()`` themselves; they are given a ``Clock``. The engine's
composition root builds a :class:`SystemClock`; tests build a :class:`FixedClock`, so a
test about "overdue tomorrow" says which day today is. Pure: no database, no framework.

``today()`` is the date in England (Europe/London), not in UTC: at 00:30 on a summer
morning it is already tomorrow for a keyworker, though UTC is still on yesterday.
``now()`` is timezone-aware UTC, as every timestamp the engine stores is.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class Clock(Protocol):
    """Today's date in England, and the current moment in UTC."""

    def today(self) -> dt.date: ...

    def now(self) -> dt.datetime: ...


class SystemClock:
    """The real clock."""

    def today(self) -> dt.date:
        return dt.datetime.now(LONDON).date()

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def __repr__(self) -> str:
        return "SystemClock()"


class FixedClock:
    """A clock that shows one moment until it is moved on (for tests and back-dated work).

    ``FixedClock(dt.date(2026, 11, 23))`` is 09:00 in England that day.
    """

    def __init__(self, moment: dt.date | dt.datetime) -> None:
        self._now = self._utc(moment)

    @staticmethod
    def _utc(moment: dt.date | dt.datetime) -> dt.datetime:
        if isinstance(moment, dt.datetime):
            if moment.tzinfo is None:
                raise ValueError("FixedClock needs a timezone-aware datetime, or a date")
            return moment.astimezone(dt.UTC)
        return dt.datetime.combine(moment, dt.time(9, 0), LONDON).astimezone(dt.UTC)

    def today(self) -> dt.date:
        return self._now.astimezone(LONDON).date()

    def now(self) -> dt.datetime:
        return self._now

    def set(self, moment: dt.date | dt.datetime) -> None:
        """Show another moment from now on."""
        self._now = self._utc(moment)

    def advance(self, delta: dt.timedelta) -> None:
        self._now += delta

    def __repr__(self) -> str:
        return f"FixedClock({self._now.isoformat()})"
