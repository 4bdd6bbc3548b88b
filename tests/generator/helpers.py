"""Helpers for the synthetic borough tests: the shared borough's files and ground truth."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from synth import SynthSummary

HOUSEHOLDS = 1500
SEED = 7


@dataclass(frozen=True, eq=False)  # hashed by identity, so methods can be cached
class Generated:
    """A generated borough and easy access to its files and ground truth."""

    summary: SynthSummary
    out_dir: Path

    def workbook(self, kind: str) -> Path:
        """The single workbook of ``kind`` (the shared borough is never split)."""
        return self.out_dir / f"{kind}.xlsx"

    @functools.cache  # noqa: B019 (the instance lives for the whole session)
    def sheet(self, kind: str) -> pd.DataFrame:
        """The whole sheet as calamine reads it, no header, row i is sheet row i + 1."""
        return pd.read_excel(self.workbook(kind), engine="calamine", header=None, dtype=object)

    @functools.cache  # noqa: B019
    def truth(self, name: str) -> pd.DataFrame:
        """A ground-truth CSV (``rows_police_incidents``, ``people`` ...) as strings."""
        path = self.summary.ground_truth_dir / f"{name}.csv"
        return pd.read_csv(path, dtype=str, keep_default_na=False)

    def header_row(self, kind: str) -> int:
        """The 1-based sheet row that holds the header."""
        return int(self.truth(f"rows_{kind}")["row"].astype(int).min()) - 1

    def headers(self, kind: str) -> list[str]:
        """The header texts as written."""
        return [str(h) for h in self.sheet(kind).iloc[self.header_row(kind) - 1].tolist()]


def checksums(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
