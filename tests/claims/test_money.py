"""Amounts tables in exact pence: the shipped figures and bad tables refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from workflow.claims.money import (
    AmountsInvalid,
    amounts_document,
    amounts_from,
    financial_year,
    pounds,
    shipped_amounts,
)

TF2012 = ("continuous_employment", "crime_asb_education")


def test_the_2012_amounts_are_the_framework_s_by_year_of_attachment() -> None:
    amounts = shipped_amounts("troubled-families-2012", TF2012, dt.date(2015, 3, 31))
    # §2.3, §2.4: £3,200 + £700 = £3,900 in 2012/13; £4,000 with employment.
    attached = dt.date(2013, 2, 1)
    assert amounts.attachment(attached) == Decimal("3200.00")
    assert amounts.result("crime_asb_education", attached) == Decimal("700.00")
    assert amounts.result("continuous_employment", attached) == Decimal("800.00")
    # 2013/14: 60% attachment, £2,400; 2014/15: 40%, £1,600.
    assert amounts.attachment(dt.date(2013, 4, 1)) == Decimal("2400.00")
    assert amounts.attachment(dt.date(2015, 3, 31)) == Decimal("1600.00")
    assert amounts.result("crime_asb_education", dt.date(2014, 6, 1)) == Decimal("2300.00")


def test_the_2015_amounts_are_1000_and_800() -> None:
    outcomes = ("sustained_progress", "continuous_employment")
    amounts = shipped_amounts("troubled-families-2015", outcomes, dt.date(2020, 3, 31))
    assert amounts.attachment(dt.date(2017, 5, 1)) == Decimal("1000.00")
    assert amounts.result("sustained_progress", dt.date(2017, 5, 1)) == Decimal("800.00")


def test_financial_years_and_pounds() -> None:
    assert financial_year(dt.date(2014, 3, 31)) == "2013/14"
    assert financial_year(dt.date(2014, 4, 1)) == "2014/15"
    assert pounds(Decimal("1234.5")) == "£1,234.50"
    assert pounds(Decimal("0.1") + Decimal("0.2")) == "£0.30"


def test_a_missing_year_and_a_negative_amount_are_both_refused() -> None:
    document = amounts_document("troubled-families-2015")
    del document["years"]["2016/17"]
    document["years"]["2017/18"] = {**document["years"]["2017/18"], "attachment": "-1.00"}
    outcomes = ("sustained_progress", "continuous_employment")
    with pytest.raises(AmountsInvalid) as refused:
        amounts_from("troubled-families-2015", document, outcomes, dt.date(2020, 3, 31))
    assert str(refused.value) == (
        "The amounts table for troubled-families-2015 cannot be used: the year 2016/17 is "
        "missing; 2017/18: ‘attachment’ is -£1.00: an amount cannot be negative."
    )


def test_a_float_or_fractional_pence_is_not_money_and_the_cap_holds() -> None:
    document = amounts_document("troubled-families-2012")
    document["years"]["2012/13"] = {
        "attachment": 3200.0,
        "crime_asb_education": "700.005",
        "continuous_employment": "900.00",
    }
    with pytest.raises(AmountsInvalid) as refused:
        amounts_from("troubled-families-2012", document, TF2012, dt.date(2015, 3, 31))
    text = str(refused.value)
    assert '‘attachment’ must be pounds and pence as text, like "800.00", not 3200.0' in text
    assert "‘crime_asb_education’ must be pounds and pence" in text
    document["years"]["2012/13"] = {
        "attachment": "3200.00",
        "crime_asb_education": "700.00",
        "continuous_employment": "900.00",
    }
    with pytest.raises(AmountsInvalid, match="come to £4,100.00, more than the £4,000.00"):
        amounts_from("troubled-families-2012", document, TF2012, dt.date(2015, 3, 31))


def test_supporting_families_needs_years_up_to_the_window_s_close() -> None:
    amounts = shipped_amounts(
        "supporting-families-2022", ("outcomes_sustained",), dt.date(2026, 8, 31)
    )
    assert sorted(amounts.years) == ["2022/23", "2023/24", "2024/25", "2025/26", "2026/27"]
