"""Choosing the two thresholds from held-out data rather than by hand.

Given each nominal's best candidate on data whose truth is known (a fixed-seed synthetic
borough, or pairs a data officer decided) — its weight and whether it is the right
person — the **upper** threshold is the lowest weight at which every link above it is
still right at least ``precision`` of the time, and the **lower** threshold the weight
above which ``keep`` of the right people lie (below it a reviewer would rarely find
one). The data used here must not be the data the thresholds are then measured on.
"""

from __future__ import annotations

import numpy as np

from imports.linkage.model import Thresholds


def choose_thresholds(
    weights: np.ndarray, correct: np.ndarray, *, precision: float = 0.999, keep: float = 0.999
) -> Thresholds:
    """Thresholds from best-candidate ``weights`` and whether each is ``correct``."""
    weights = np.asarray(weights, dtype=float)
    correct = np.asarray(correct, dtype=bool)
    if len(weights) == 0 or not correct.any():
        return Thresholds()
    order = np.argsort(-weights, kind="stable")
    w, right = weights[order], correct[order]
    # precision of "link everything at or above w[i]", for each i; the upper threshold is
    # the lowest weight from which precision holds for every higher threshold too.
    shown = np.cumsum(right) / np.arange(1, len(w) + 1)
    failing = np.flatnonzero(shown < precision)
    if len(failing) == 0:
        upper = float(w[-1])
    elif failing[0] == 0:
        upper = float(w[0]) + 1.0  # even the strongest is wrong: link nothing
    else:
        upper = float(w[failing[0] - 1])
    right_weights = np.sort(weights[correct])
    lower = float(right_weights[int(np.floor((1 - keep) * len(right_weights)))])
    return Thresholds(upper=round(upper, 2), lower=round(min(lower, upper), 2))
