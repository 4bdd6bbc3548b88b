"""Scoring matching against a synthetic borough's ground truth.

The truth files (``ground_truth/rows_gangs_matrix.csv``, ``rows_iom_cohort.csv``) give
each list row's true person_ref, or "not in register". A nominal counts as linked when
the importer linked it by an exact key or matching would link it now; precision is the
share of linked nominals linked to the right person, recall the share of nominals who
are in the register that are linked to the right person. Nominals matching cannot judge
(no date of birth, a duplicated ref) count as not linked.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from imports.linkage.decide import LINK, REVIEW, Remembered
from imports.linkage.errors import MatchingError
from imports.linkage.model import Thresholds, TrainedModel
from imports.linkage.pipeline import MatchResult, prepare_nominals, run
from imports.linkage.records import read_nominals, read_register
from imports.linkage.service import load_current_model
from workflow import audit
from workflow.principal import Principal
from workflow.templates import POLICE_LIST_KINDS
from workflow.uow import UnitOfWork

KINDS = POLICE_LIST_KINDS
NOT_IN_REGISTER = "not in register"


@dataclass
class Scores:
    nominals: int
    in_register: int
    linked: int
    correct: int
    to_review: int
    precision: float
    recall: float
    review_share: float


@dataclass
class Evaluation:
    upper: float
    lower: float
    model_version: int
    overall: Scores
    by_kind: dict[str, Scores]
    curve: list[dict[str, float]] = field(default_factory=list)
    curve_png: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_truth(truth_dir: Path) -> pd.DataFrame:
    """Each list row's true person_ref, keyed by kind, file and sheet row."""
    frames = []
    for kind in KINDS:
        path = truth_dir / f"rows_{kind}.csv"
        if not path.is_file():
            raise MatchingError(
                f"{path} is missing: --evaluate needs a synthetic borough's ground truth."
            )
        rows = pd.read_csv(path, dtype=str, keep_default_na=False)
        rows = rows[rows["deliberately_invalid"] != "Y"]
        frames.append(rows.assign(kind=kind)[["kind", "file", "row", "person_ref"]])
    truth = pd.concat(frames, ignore_index=True)
    return truth.astype({"row": int}).rename(columns={"person_ref": "true_ref"})


def _scores(frame: pd.DataFrame) -> Scores:
    in_register = frame["true_ref"] != NOT_IN_REGISTER
    linked = frame["linked_ref"].notna()
    correct = linked & (frame["linked_ref"] == frame["true_ref"])
    n_linked, n_correct, n_in = int(linked.sum()), int(correct.sum()), int(in_register.sum())
    review = int(frame["in_review"].sum())
    return Scores(
        nominals=len(frame),
        in_register=n_in,
        linked=n_linked,
        correct=n_correct,
        to_review=review,
        precision=round(n_correct / n_linked, 4) if n_linked else 1.0,
        recall=round(n_correct / n_in, 4) if n_in else 1.0,
        review_share=round(review / len(frame), 4) if len(frame) else 0.0,
    )


def outcomes(
    result: MatchResult, nominals: pd.DataFrame, register: pd.DataFrame, truth: pd.DataFrame
) -> pd.DataFrame:
    """One row per nominal: truth, link (exact or matched), review, best matching weight."""
    usable, _ = prepare_nominals(nominals)
    frame = nominals.merge(usable[["kind", "row_id", "uid"]], on=["kind", "row_id"], how="left")
    refs = register.set_index("person_id")["person_ref"]
    fixed = frame["person_id"].notna() & (frame["link_method"] != "probabilistic")
    frame["linked_ref"] = frame["person_id"].map(refs).where(fixed)
    frame["best_weight"] = np.where(fixed, math.inf, -math.inf)
    frame["best_ref"] = frame["linked_ref"]
    frame["in_review"] = False
    decided = result.decisions
    if not decided.empty:
        best = decided.sort_values("weight", ascending=False).drop_duplicates("nominal_uid")
        best = best.set_index("nominal_uid")
        is_open = ~fixed & frame["uid"].notna()
        matched = frame["uid"].map(best["person_ref"]).where(is_open)
        outcome = frame["uid"].map(best["outcome"]).where(is_open)
        frame.loc[outcome == LINK, "linked_ref"] = matched[outcome == LINK]
        frame["in_review"] = (outcome == REVIEW).to_numpy()
        frame.loc[is_open, "best_weight"] = frame.loc[is_open, "uid"].map(best["weight"])
        frame.loc[is_open, "best_ref"] = matched[is_open]
    frame["best_weight"] = frame["best_weight"].fillna(-math.inf)
    merged = frame.merge(
        truth, left_on=["kind", "file_name", "source_row"], right_on=["kind", "file", "row"]
    )
    if len(merged) != len(frame):
        raise MatchingError(
            "The police lists in the database are not the ones this ground truth describes: "
            "import the same synthetic borough first."
        )
    return merged


def curve(frame: pd.DataFrame) -> list[dict[str, float]]:
    """Precision and recall if the upper threshold were each weight from -5 to 25."""
    points = []
    in_register = int((frame["true_ref"] != NOT_IN_REGISTER).sum())
    for threshold in np.arange(-5.0, 25.5, 0.5):
        linked = frame["best_weight"] >= threshold
        correct = linked & (frame["best_ref"] == frame["true_ref"])
        n = int(linked.sum())
        points.append(
            {
                "threshold": float(threshold),
                "precision": round(int(correct.sum()) / n, 4) if n else 1.0,
                "recall": round(int(correct.sum()) / in_register, 4) if in_register else 1.0,
            }
        )
    return points


def plot_curve(points: list[dict[str, float]], upper: float, path: Path) -> Path:
    """Write the precision–recall curve as a PNG, marking the upper threshold."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path.parent.mkdir(parents=True, exist_ok=True)
    figure, axes = plt.subplots(figsize=(6, 4.5), dpi=100)
    axes.plot([p["recall"] for p in points], [p["precision"] for p in points], marker=".")
    chosen = min(points, key=lambda p: abs(p["threshold"] - upper))
    axes.scatter([chosen["recall"]], [chosen["precision"]], color="red", zorder=3,
                 label=f"upper threshold {upper:g}")  # fmt: skip
    lowest = min(p["precision"] for p in points)
    axes.set_xlim(0, 1.02)
    axes.set_ylim(min(0.9, lowest - 0.02), 1.01)
    axes.set_xlabel("Recall (nominals in the register linked to the right person)")
    axes.set_ylabel("Precision (links that are right)")
    axes.set_title("Matching police lists to the register")
    axes.grid(True, alpha=0.3)
    axes.legend(loc="lower left")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path


def evaluate_frames(
    nominals: pd.DataFrame,
    register: pd.DataFrame,
    truth: pd.DataFrame,
    *,
    model: TrainedModel | None,
    thresholds: Thresholds | None = None,
    png: Path | None = None,
) -> Evaluation:
    """Evaluate a fresh matching run (no decisions remembered, nothing stored)."""
    result, model = run(
        nominals, register, model=model, remembered=Remembered(), thresholds=thresholds
    )
    limits = thresholds or model.thresholds
    frame = outcomes(result, nominals, register, truth)
    evaluation = Evaluation(
        upper=limits.upper,
        lower=limits.lower,
        model_version=model.version,
        overall=_scores(frame),
        by_kind={kind: _scores(frame[frame["kind"] == kind]) for kind in KINDS},
        curve=curve(frame),
    )
    if png is not None:
        evaluation.curve_png = str(plot_curve(evaluation.curve, limits.upper, png))
    return evaluation


@dataclass
class PartnerRowScores:
    """How matching did on the partner feeds' rows the importer could not link."""

    open_rows: int  # rows the importer left unlinked (now linked by matching, or not)
    in_register: int  # of which the truth says are about someone in the register
    linked: int
    correct: int
    precision: float
    recall: float
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def score_partner_rows(uow: UnitOfWork, truth_dir: Path) -> PartnerRowScores:
    """Score the stored links of the partner feeds' open rows against the ground truth
    (``rows_<kind>.csv``: each row's true person_ref, or "not in register")."""
    from workflow.db.frames import read_frame
    from workflow.db.models.facts import FACT_MODELS
    from workflow.matching.subjects import MATCHED_METHODS

    matched = ", ".join(repr(m) for m in MATCHED_METHODS)
    frames = []
    with uow:
        connection = uow.connection
        for kind, model in FACT_MODELS.items():
            path = truth_dir / f"rows_{kind}.csv"
            if not path.is_file():
                continue
            truth = pd.read_csv(path, dtype=str, keep_default_na=False)
            truth = truth[
                (truth["deliberately_invalid"] != "Y") & (truth["subject"] != "household")
            ]
            stored = read_frame(
                connection,
                "SELECT b.file_name, f.source_row, p.person_ref "
                f"FROM {model.__tablename__} f JOIN import_batches b ON b.id = f.batch_id "
                "LEFT JOIN people p ON p.id = f.person_id "
                f"WHERE f.person_id IS NULL OR f.link_method IN ({matched})",
                ["file", "row", "linked"],
            )
            merged = stored.astype({"row": int}).merge(
                truth.astype({"row": int})[["file", "row", "person_ref"]], on=["file", "row"]
            )
            frames.append(merged.assign(kind=kind))
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if rows.empty:
        return PartnerRowScores(0, 0, 0, 0, 1.0, 1.0)
    in_register = rows["person_ref"] != NOT_IN_REGISTER
    linked = rows["linked"].notna()
    correct = linked & (rows["linked"] == rows["person_ref"])
    by_kind = {
        str(kind): {
            "open_rows": len(group),
            "linked": int(group["linked"].notna().sum()),
            "correct": int((group["linked"] == group["person_ref"]).sum()),
        }
        for kind, group in rows.groupby("kind")
    }
    n_linked, n_correct, n_in = int(linked.sum()), int(correct.sum()), int(in_register.sum())
    return PartnerRowScores(
        open_rows=len(rows),
        in_register=n_in,
        linked=n_linked,
        correct=n_correct,
        precision=round(n_correct / n_linked, 4) if n_linked else 1.0,
        recall=round(n_correct / n_in, 4) if n_in else 1.0,
        by_kind=by_kind,
    )


def score_matching(
    truth_dir: Path,
    *,
    uow: UnitOfWork,
    actor: Principal,
    model_dir: Path,
    png: Path | None = None,
    thresholds: Thresholds | None = None,
) -> Any:
    """Score matching against a synthetic borough's ground truth (nothing is stored but the
    audit of the read).

    Uses the newest saved model (training one first if there is none)."""
    truth = read_truth(truth_dir)
    with uow:
        connection = uow.connection
        nominals = read_nominals(connection)
        register = read_register(connection)
        audit.record(
            connection,
            actor=actor,
            action="read",
            entity_type="police_lists",
            purpose="evaluating matching",
            detail={"nominals": len(nominals)},
        )
        uow.commit()
    if nominals.empty:
        raise MatchingError("There are no police lists to evaluate: import the borough first.")
    model = load_current_model(uow, model_dir)
    return evaluate_frames(nominals, register, truth, model=model, thresholds=thresholds, png=png)
