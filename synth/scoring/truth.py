"""The generator's ground truth, read once: who lives where, who had which problem, when."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from synth.errors import TruthUnreadable


def read_csv(path: Path) -> pd.DataFrame:
    """A truth CSV as text, blanks as empty strings (as docs/synthetic-borough.md says)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def dates(column: pd.Series) -> pd.Series:
    """``yyyy-mm-dd`` text as ``datetime64``; blank is ``NaT``."""
    return pd.to_datetime(column.replace("", None), format="ISO8601")


@dataclass(frozen=True, eq=False)
class Truth:
    """The ground-truth folder of a generated borough (``out_dir/ground_truth``)."""

    folder: Path

    @classmethod
    def at(cls, folder: Path) -> Truth:
        """The truth in ``folder`` (or in its ``ground_truth`` subfolder)."""
        if (folder / "ground_truth" / "manifest.json").is_file():
            folder = folder / "ground_truth"
        if not (folder / "manifest.json").is_file():
            raise TruthUnreadable(
                f"{folder} holds no generated ground truth (no manifest.json).",
                code="truth_missing",
            )
        return cls(folder)

    @cached_property
    def span(self) -> tuple[dt.date, dt.date]:
        manifest = json.loads((self.folder / "manifest.json").read_text(encoding="utf-8"))
        span = manifest["span"]
        return dt.date.fromisoformat(span["start"]), dt.date.fromisoformat(span["until"])

    @cached_property
    def problems(self) -> pd.DataFrame:
        frame = read_csv(self.folder / "household_problems.csv")
        if "detail" not in frame:
            frame["detail"] = ""
        return frame.assign(start=dates(frame["from"]), end=dates(frame["to"]))

    @cached_property
    def people(self) -> pd.DataFrame:
        frame = read_csv(self.folder / "people.csv")
        return frame.assign(born=dates(frame["date_of_birth"]))

    @cached_property
    def memberships(self) -> pd.DataFrame:
        frame = read_csv(self.folder / "memberships.csv")
        return frame.assign(start=dates(frame["from"]), end=dates(frame["to"]))

    @cached_property
    def households(self) -> pd.Series:
        return read_csv(self.folder / "households.csv")["household_ref"]

    def rows(self, kind: str) -> pd.DataFrame:
        """Who each data row of ``kind`` is really about (``rows_<kind>.csv``)."""
        return read_csv(self.folder / f"rows_{kind}.csv")

    def living(self, as_of: dt.date) -> pd.DataFrame:
        """Who lives where on ``as_of``: person_ref, household_ref, born, expecting_baby."""
        m = self.memberships
        day = pd.Timestamp(as_of)
        now = m[(m["start"].isna() | (m["start"] <= day)) & (m["end"].isna() | (m["end"] > day))]
        now = now.drop_duplicates("person_ref", keep="last")[["person_ref", "household_ref"]]
        people = self.people[["person_ref", "born", "expecting_baby"]]
        return now.merge(people, on="person_ref", how="left")
