"""The clock says what day it is in England; a principal says who is acting."""

from __future__ import annotations

import datetime as dt

import pytest

from workflow.clock import FixedClock
from workflow.domain.vocabulary import StaffRole
from workflow.principal import Principal


def test_a_fixed_clock_on_a_date_is_nine_in_the_morning_in_england() -> None:
    summer = FixedClock(dt.date(2026, 7, 1))
    assert summer.today() == dt.date(2026, 7, 1)
    assert summer.now() == dt.datetime(2026, 7, 1, 8, 0, tzinfo=dt.UTC)  # 09:00 BST
    winter = FixedClock(dt.date(2026, 12, 1))
    assert winter.now() == dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def test_just_after_midnight_in_summer_it_is_already_tomorrow_in_england() -> None:
    clock = FixedClock(dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC))  # 00:30 BST on the 2nd
    assert clock.today() == dt.date(2026, 7, 2)


def test_a_fixed_clock_moves_only_when_told() -> None:
    clock = FixedClock(dt.date(2026, 11, 23))
    clock.advance(dt.timedelta(days=2))
    assert clock.today() == dt.date(2026, 11, 25)
    clock.set(dt.date(2027, 1, 4))
    assert clock.today() == dt.date(2027, 1, 4)
    with pytest.raises(ValueError, match="timezone-aware"):
        FixedClock(dt.datetime(2026, 1, 1, 9, 0))


def test_a_member_of_staff_and_a_system_job() -> None:
    manager = Principal.staff("S0042", StaffRole.MANAGER, "keyworker", teams=["North"])
    assert (manager.ref, manager.role_names, manager.teams) == (
        "S0042",
        "keyworker,manager",
        frozenset({"North"}),
    )
    assert manager.has(StaffRole.MANAGER) and not manager.has(StaffRole.FINANCE)
    job = Principal.system("import")
    assert (job.ref, job.is_system, job.role_names, job.has(StaffRole.MANAGER)) == (
        "import",
        True,
        "system",
        False,
    )


def test_a_flow_parameter_names_a_system_job_or_a_member_of_staff() -> None:
    assert Principal.acting("demo").is_system
    assert not Principal.acting("S7").is_system


@pytest.mark.parametrize("ref", ["", " S1", "S" * 81, "a\nb", "<script>"])
def test_a_reference_that_could_not_be_a_staff_ref_is_refused(ref: str) -> None:
    with pytest.raises(ValueError, match="not a staff reference"):
        Principal.staff(ref)
