"""The ground truth: who every row is really about, who everyone really is, and which
problems and stories each household was generated with. CSV files plus ``manifest.json``
in ``out_dir/ground_truth/`` (described in docs/synthetic-borough.md).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from synth.borough import Borough
from synth.problems import Problems
from synth.text import numbered


def _iso(values: np.ndarray) -> np.ndarray:
    days = np.asarray(values, dtype="datetime64[D]")
    return np.where(np.isnat(days), "", days.astype(str)).astype(object)


def _yn(values: np.ndarray) -> np.ndarray:
    return np.where(values, "Y", "N").astype(object)


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write a truth table (plain CSV, ``\\n`` line endings, no index)."""
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


def people_table(b: Borough) -> pd.DataFrame:
    """Everyone in the register, as they truly are at the end of the span."""
    p = b.people
    reg = slice(0, p.registered)
    address = b.households.address[p.hh_end[reg]]
    a = b.places.addresses
    return pd.DataFrame(
        {
            "person_ref": p.ref[reg],
            "household_ref": b.households.ref[p.hh_end[reg]],
            "forename": p.forename[reg],
            "surname": p.surname[reg],
            "date_of_birth": _iso(p.dob[reg]),
            "sex": p.sex[reg],
            "nino": p.nino[reg],
            "upn": p.upn[reg],
            "postcode": a.postcode[address],
            "address_line1": a.line1[address],
            "expecting_baby": _yn(p.expecting[reg]),
        }
    )


def outsiders_table(b: Borough) -> pd.DataFrame:
    """People who appear in partner files but live outside the borough (not in the register)."""
    p = b.people
    out = slice(p.registered, len(p))
    n = len(p) - p.registered
    return pd.DataFrame(
        {
            "outsider_ref": numbered("X", n, 5),
            "forename": p.forename[out],
            "surname": p.surname[out],
            "date_of_birth": _iso(p.dob[out]),
            "sex": p.sex[out],
            "nino": p.nino[out],
            "postcode": p.postcode[out],
            "address_line1": p.line1[out],
        }
    )


def memberships_table(b: Borough) -> pd.DataFrame:
    """Who lived in which household, from when to when (``to`` blank: still there)."""
    p = b.people
    reg = p.registered
    moved = np.flatnonzero(~np.isnat(p.move_day[:reg]))
    h = b.households
    since = p.joined[:reg].copy()
    since[moved] = p.move_day[moved]
    current = pd.DataFrame(
        {
            "person_ref": p.ref[:reg],
            "household_ref": h.ref[p.hh_end[:reg]],
            "from": _iso(since),
            "to": "",
        }
    )
    earlier = pd.DataFrame(
        {
            "person_ref": p.ref[moved],
            "household_ref": h.ref[p.hh_start[moved]],
            "from": _iso(p.joined[moved]),
            "to": _iso(p.move_day[moved]),
        }
    )
    frame = pd.concat([earlier, current], ignore_index=True)
    return frame.sort_values(
        ["person_ref", "to"], key=_blank_last, kind="stable", ignore_index=True
    )


def _blank_last(column: pd.Series) -> pd.Series:
    return column.replace("", "9999-12-31") if column.name == "to" else column


def households_table(b: Borough, problems: Problems) -> pd.DataFrame:
    """Each household: type, size, address history, and whether it is a multi-problem family."""
    h = b.households
    a = b.places.addresses
    n = len(h)
    size = np.bincount(b.people.hh_end[: b.people.registered], minlength=n)
    stories = problems.stories.set_index("hh").reindex(np.arange(n))
    listed = (
        problems.episodes.drop_duplicates(["hh", "problem"]).groupby("hh")["problem"].agg(";".join)
    )
    moved = h.old_address >= 0
    old = np.maximum(h.old_address, 0)
    multi = stories["story"].notna().to_numpy()
    return pd.DataFrame(
        {
            "household_ref": h.ref,
            "type": h.type,
            "size_at_end": size,
            "locality": np.array(b.places.localities, dtype=object)[a.locality[h.address]],
            "address_line1": a.line1[h.address],
            "postcode": a.postcode[h.address],
            "uprn": a.uprn[h.address],
            "previous_address_line1": np.where(moved, a.line1[old], ""),
            "previous_postcode": np.where(moved, a.postcode[old], ""),
            "address_moved": _iso(h.address_move),
            "multi_problem": _yn(multi),
            "story": stories["story"].fillna("").to_numpy(dtype=object),
            "turning_point": _iso(stories["turn"].to_numpy(dtype="datetime64[D]")),
            "relapse_date": _iso(stories["relapse"].to_numpy(dtype="datetime64[D]")),
            "work_began": _iso(stories["work_began"].to_numpy(dtype="datetime64[D]")),
            "problems": listed.reindex(np.arange(n)).fillna("").to_numpy(dtype=object),
        }
    )


def problems_table(b: Borough, problems: Problems) -> pd.DataFrame:
    """One row per household, problem, period and member involved (and their part in it)."""
    e = problems.episodes
    story = problems.stories.set_index("hh")["story"]
    return pd.DataFrame(
        {
            "household_ref": b.households.ref[e["hh"].to_numpy()],
            "problem": e["problem"].to_numpy(dtype=object),
            "person_ref": b.people.ref[e["person"].to_numpy()],
            "role": e["role"].to_numpy(dtype=object),
            "from": _iso(e["start"].to_numpy(dtype="datetime64[D]")),
            "to": _iso(e["end"].to_numpy(dtype="datetime64[D]")),
            "period": e["episode"].to_numpy(),
            "multi_problem": _yn(e["multi"].to_numpy(dtype=bool)),
            "story": e["hh"].map(story).fillna("").to_numpy(dtype=object),
            "detail": e["detail"].to_numpy(dtype=object),
        }
    )


def sha256(path: Path) -> str:
    """The file's SHA-256, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(path: Path, manifest: dict[str, Any]) -> Path:
    """``manifest.json``: stable key order, no timings, so it is reproducible too."""
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return path
