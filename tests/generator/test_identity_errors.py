"""The synthetic police lists carry the identity errors real lists do (issue #13)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth.identity_errors import add_identity_errors, address_columns


def test_each_kind_of_identity_error_appears_in_about_its_share() -> None:
    n = 20_000
    rng = np.random.default_rng(1)
    columns = {
        "forename": np.full(n, "Joshua", dtype=object),
        "surname": np.full(n, "Wardle", dtype=object),
        "date_of_birth": np.full(n, np.datetime64("1996-03-14"), dtype=object),
        "postcode": np.full(n, "QX1 1AA", dtype=object),
    }
    errors = add_identity_errors(rng, columns, np.array(["QX9 9ZZ"], dtype=object))
    shares = pd.Series(errors.tags).value_counts() / n
    expected = {
        "names:swapped": 0.03,
        "forename:missing": 0.01,
        "surname:missing": 0.005,
        "date_of_birth:missing": 0.04,
        "date_of_birth:impossible": 0.015,
        "date_of_birth:replaced": 0.015,
        "postcode:moved": 0.03,
    }
    for tag, share in expected.items():
        assert abs(shares[tag] - share) < 0.004, tag
    swapped = errors.tags == "names:swapped"
    assert set(errors.columns["forename"][swapped]) == {"Wardle"}
    impossible = errors.written_dates[errors.tags == "date_of_birth:impossible"]
    assert all(w.startswith("1996039") or w.endswith("/03/1996") for w in impossible)
    assert set(errors.columns["postcode"][errors.tags == "postcode:moved"]) == {"QX9 9ZZ"}


def test_about_six_rows_in_ten_give_a_house_number_and_street() -> None:
    rng = np.random.default_rng(2)
    lines = np.array(["12 Acacia Road", "Flat 3, Kestrel House"] * 5_000, dtype=object)
    given = address_columns(rng, lines, np.full(10_000, "Millbrook", dtype=object))
    numbered = given["house_number"][0::2]
    assert 0.57 < np.mean(pd.notna(numbered)) < 0.63
    assert set(given["street"][0::2][pd.notna(numbered)]) == {"Acacia Road"}
    assert set(given["address_line1"][1::2][pd.notna(given["address_line1"][1::2])]) == {
        "Flat 3, Kestrel House"
    }
