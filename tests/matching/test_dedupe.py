"""Finding people who are in the register twice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from imports.linkage.dedupe import find_register_duplicates
from synth.extra_nominals import register_from_truth
from synth.noise import vary_names


def test_people_entered_twice_with_a_misspelling_are_found_and_nobody_else(
    borough_dir: Path,
) -> None:
    register = register_from_truth(borough_dir / "ground_truth")
    rng = np.random.default_rng(4)
    twice = register.sample(25, random_state=4).copy()
    twice["forename"], _ = vary_names(
        rng, twice["forename"].to_numpy(dtype=object), 0.5, "forename"
    )
    twice["surname"], _ = vary_names(rng, twice["surname"].to_numpy(dtype=object), 0.5, "surname")
    planted = {(ref, f"D{n:07d}") for n, ref in enumerate(twice["person_ref"])}
    twice["person_ref"] = [f"D{n:07d}" for n in range(len(twice))]
    twice["person_id"] = np.arange(10_000_000, 10_000_000 + len(twice))
    both = pd.concat([register, twice], ignore_index=True)
    found = find_register_duplicates(both)
    pairs = {
        tuple(sorted((a, b), key=lambda r: r.startswith("D")))
        for a, b in zip(found["person_ref_l"], found["person_ref_r"], strict=True)
    }
    assert len(pairs & planted) >= 24
    assert len(pairs - planted) <= 1


def test_an_em_session_that_counts_exact_agreement_against_one_person_is_thrown_away() -> None:
    from imports.linkage.dedupe import _sensible

    def settings(m: float, u: float) -> dict[str, object]:
        levels = [
            {"is_null_level": True},
            {"m_probability": m, "u_probability": u},
            {"m_probability": 0.1, "u_probability": 0.9},
        ]
        return {"comparisons": [{"comparison_levels": levels}]}

    assert _sensible(settings(0.9, 0.01)) is True
    # A register with few duplicates: "the same surname" learnt as rarer in matches.
    assert _sensible(settings(1.3e-8, 0.0058)) is False
