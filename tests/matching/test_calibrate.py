"""Thresholds chosen from held-out pairs whose truth is known (issue #13)."""

from __future__ import annotations

import numpy as np

from imports.linkage.calibrate import choose_thresholds


def test_the_upper_threshold_is_the_lowest_weight_where_precision_holds_above_it() -> None:
    weights = np.array([30.0, 25.0, 20.0, 15.0, 12.0, 9.0, 6.0, 4.0, 1.0, -2.0])
    correct = np.array([True, True, True, True, True, False, True, False, False, True])
    chosen = choose_thresholds(weights, correct, precision=0.99, keep=0.8)
    # linking from 12 keeps all five right; from 9, one in six is wrong (0.83)
    assert chosen.upper == 12.0
    # seven right people: the lowest 20% (one of them, at -2) lies below the lower threshold
    assert chosen.lower == 6.0


def test_a_wrong_strongest_pair_means_no_weight_is_safe_to_link() -> None:
    chosen = choose_thresholds(np.array([20.0, 10.0]), np.array([False, True]))
    assert chosen.upper == 21.0
