"""School terms and look-back windows: pure date arithmetic, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from eligibility.terms import Term, last_complete_terms, lookback_start

D = dt.date


def test_a_term_has_the_dates_the_importer_stores() -> None:
    assert Term.of("2025/26", "autumn") == Term("2025/26", "autumn", D(2025, 9, 1), D(2025, 12, 31))
    assert Term.of("2025/26", "spring") == Term("2025/26", "spring", D(2026, 1, 1), D(2026, 3, 31))
    assert Term.of("2025-2026", "summer") == Term(
        "2025/26", "summer", D(2026, 4, 1), D(2026, 7, 31)
    )
    assert str(Term.of("2099/00", "autumn")) == "autumn 2099/00"


@pytest.mark.parametrize(
    ("year", "name"), [("2025/27", "autumn"), ("25/26", "spring"), ("2025/26", "easter")]
)
def test_a_term_that_does_not_exist_is_refused(year: str, name: str) -> None:
    with pytest.raises(ValueError, match="not a"):
        Term.of(year, name)


def names(terms: tuple[Term, ...]) -> list[str]:
    return [str(t) for t in terms]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # The last day of the summer term: summer is not yet complete.
        (D(2026, 7, 31), ["summer 2024/25", "autumn 2025/26", "spring 2025/26"]),
        # The day after: it is.
        (D(2026, 8, 1), ["autumn 2025/26", "spring 2025/26", "summer 2025/26"]),
        (D(2026, 9, 1), ["autumn 2025/26", "spring 2025/26", "summer 2025/26"]),
        (D(2026, 1, 1), ["spring 2024/25", "summer 2024/25", "autumn 2025/26"]),
        (D(2025, 12, 31), ["autumn 2024/25", "spring 2024/25", "summer 2024/25"]),
        (D(2026, 4, 1), ["summer 2024/25", "autumn 2025/26", "spring 2025/26"]),
    ],
)
def test_the_last_complete_terms_end_before_the_as_of_date(
    as_of: dt.date, expected: list[str]
) -> None:
    terms = last_complete_terms(as_of, 3)
    assert names(terms) == expected
    assert all(t.end < as_of for t in terms)
    assert [t.start for t in terms] == sorted(t.start for t in terms)


def test_more_or_fewer_terms_can_be_asked_for() -> None:
    assert names(last_complete_terms(D(2026, 8, 1), 1)) == ["summer 2025/26"]
    six = last_complete_terms(D(2026, 8, 1), 6)
    assert names(six)[0] == "autumn 2024/25"
    assert six[-1].end == D(2026, 7, 31)
    with pytest.raises(ValueError):
        last_complete_terms(D(2026, 8, 1), 0)


@pytest.mark.parametrize(
    ("as_of", "months", "start"),
    [
        (D(2026, 7, 31), 12, D(2025, 7, 31)),
        (D(2026, 5, 31), 3, D(2026, 2, 28)),
        (D(2024, 5, 31), 3, D(2024, 2, 29)),
        (D(2026, 3, 15), 6, D(2025, 9, 15)),
        (D(2026, 1, 31), 1, D(2025, 12, 31)),
        (D(2024, 2, 29), 12, D(2023, 2, 28)),
        (D(2026, 7, 31), 0, D(2026, 7, 31)),
        (D(2026, 7, 31), 30, D(2024, 1, 31)),
    ],
)
def test_a_lookback_starts_the_same_day_months_earlier(
    as_of: dt.date, months: int, start: dt.date
) -> None:
    assert lookback_start(as_of, months) == start


def test_a_twelve_month_lookback_is_365_days_in_a_non_leap_year() -> None:
    as_of = D(2026, 7, 31)
    assert (as_of - lookback_start(as_of, 12)).days == 365
    with pytest.raises(ValueError):
        lookback_start(as_of, -1)
