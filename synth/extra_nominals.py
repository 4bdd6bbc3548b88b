"""Extra nominals made from a synthetic borough's register, for the benchmark and tests.

A generated borough has about five nominals per thousand households and the importer
links most of them exactly, which is too few to measure matching. This makes as many
as asked, the way police lists misspell people: the generator's own name and date
noise (``synth.noise``) at a heavier rate than the lists use, old addresses for
people who moved, missing postcodes, aliases, and about 5% people from outside the
borough. The register comes from the ground truth with its address history (old
households from ``memberships.csv``, a household's ``previous_postcode``), as a
council's register would hold it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from synth.noise import swap_day_month, vary_names

STREET_ALIASES = ("Tiny", "Shorty", "Ghost", "Smokey", "Tricky", "Blade", "Ace", "Kid", "Nitro")
NICKNAMES = {"Robert": "Bob", "William": "Bill", "Michael": "Mike", "Daniel": "Danny",
             "Thomas": "Tom", "James": "Jim", "Anthony": "Tony", "Joseph": "Joe"}  # fmt: skip


def _read(truth: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(truth / name, dtype=str, keep_default_na=False)


def register_from_truth(truth: Path) -> pd.DataFrame:
    """The register (``records.read_register``'s shape) from a borough's ground truth."""
    people = _read(truth, "people.csv")
    households = _read(truth, "households.csv")
    memberships = _read(truth, "memberships.csv")
    person_id = people["person_ref"].str.slice(1).astype("int64")
    household_number = people["household_ref"].str.slice(1).astype("int64")
    register = pd.DataFrame(
        {
            "person_id": person_id,
            "person_ref": people["person_ref"],
            "forename": people["forename"],
            "surname": people["surname"],
            "date_of_birth": pd.to_datetime(people["date_of_birth"]),
            "sex": people["sex"],
            "postcode": people["postcode"],
            "household_id": household_number.astype("Int64"),
        }
    )
    postcode_of = households.set_index("household_ref")["postcode"]
    old = memberships[memberships["to"] != ""]
    moved = pd.DataFrame(
        {
            "person_id": old["person_ref"].str.slice(1).astype("int64"),
            "postcode": old["household_ref"].map(postcode_of),
            "last_seen": pd.to_datetime(old["to"]),
        }
    )
    previous = households[households["previous_postcode"] != ""]
    lived = people.merge(previous, on="household_ref")
    before = pd.DataFrame(
        {
            "person_id": lived["person_ref"].str.slice(1).astype("int64"),
            "postcode": lived["previous_postcode"],
            "last_seen": pd.to_datetime(lived["address_moved"]),
        }
    )
    from imports.linkage.records import with_history

    return with_history(register, pd.concat([moved, before], ignore_index=True))


def extra_nominals(
    truth: Path, count: int, seed: int, *, kind: str = "gangs_matrix"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``count`` noisy nominals (``records.read_nominals``'s shape) and their truth."""
    rng = np.random.default_rng([seed, 5])
    people = _read(truth, "people.csv")
    outsiders = _read(truth, "out_of_borough.csv")
    households = _read(truth, "households.csv").set_index("household_ref")
    memberships = _read(truth, "memberships.csv")
    inside = rng.random(count) >= 0.05
    chosen = people.iloc[rng.integers(0, len(people), count)].reset_index(drop=True)
    strangers = outsiders.iloc[rng.integers(0, len(outsiders), count)].reset_index(drop=True)
    columns = ["forename", "surname", "date_of_birth", "postcode"]
    rows = chosen[columns].where(
        np.repeat(inside[:, None], len(columns), axis=1), strangers[columns]
    )
    true_ref = np.where(inside, chosen["person_ref"], "not in register")
    postcode = rows["postcode"].to_numpy(dtype=object)
    old_home = memberships[memberships["to"] != ""].set_index("person_ref")["household_ref"]
    old_code = chosen["person_ref"].map(old_home).map(households["postcode"])
    previous = chosen["household_ref"].map(households["previous_postcode"]).replace("", np.nan)
    use_old = inside & (rng.random(count) < 0.6)
    postcode = np.where(use_old & old_code.notna(), old_code, postcode)
    postcode = np.where(use_old & previous.notna() & old_code.isna(), previous, postcode)
    postcode = postcode.astype(object)
    postcode[rng.random(count) < 0.05] = None
    squash = rng.random(count) < 0.05
    postcode = np.array(
        [p.replace(" ", "").lower() if s and isinstance(p, str) else p
         for p, s in zip(postcode, squash, strict=True)], dtype=object,
    )  # fmt: skip
    forename, _ = vary_names(rng, rows["forename"].to_numpy(dtype=object), 0.3, "forename")
    surname, _ = vary_names(rng, rows["surname"].to_numpy(dtype=object), 0.3, "surname")
    dob = pd.to_datetime(rows["date_of_birth"]).to_numpy().astype("datetime64[D]")
    dob, _ = swap_day_month(rng, dob, 0.05)
    typo = rng.random(count) < 0.02
    dob = np.where(typo, dob + np.where(rng.random(count) < 0.5, 1, -1), dob)
    aliases = [
        [str(rng.choice(STREET_ALIASES))]
        + ([NICKNAMES[f]] if f in NICKNAMES and rng.random() < 0.5 else [])
        if rng.random() < 0.6 else []
        for f in rows["forename"]
    ]  # fmt: skip
    seen = pd.Timestamp(2026, 8, 31) - pd.to_timedelta(rng.integers(0, 700, count), unit="D")
    refs = [f"X{n:06d}" for n in range(1, count + 1)]
    nominals = pd.DataFrame(
        {
            "kind": kind,
            "row_id": np.arange(1, count + 1),
            "nominal_ref": refs,
            "batch_id": 1,
            "source_row": np.arange(2, count + 2),
            "forename": forename,
            "surname": surname,
            "date_of_birth": pd.to_datetime(dob),
            "postcode": postcode,
            "aliases": aliases,
            "seen_on": pd.to_datetime(seen),
            "person_id": pd.array([pd.NA] * count, dtype="Int64"),
            "household_id": pd.array([pd.NA] * count, dtype="Int64"),
            "link_method": None,
            "file_name": f"extra_{kind}.xlsx",
        }
    )
    truth_rows = pd.DataFrame(
        {
            "kind": kind,
            "file": f"extra_{kind}.xlsx",
            "row": nominals["source_row"],
            "true_ref": true_ref,
        }  # fmt: skip
    )
    return nominals, truth_rows
