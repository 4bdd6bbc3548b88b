"""The quality goals: at the upper threshold precision >= 0.995 and recall >= 0.97 for
gangs-matrix and IOM nominals, with no more than 5% of nominals sent to review."""

from __future__ import annotations

from pathlib import Path

from synth.extra_nominals import extra_nominals, register_from_truth
from synth.scoring.matching import evaluate_frames
from tests.support import score_matching
from workflow.bootstrap import Container

PRECISION, RECALL, REVIEW = 0.995, 0.97, 0.05


def test_the_imported_borough_meets_the_goals_and_the_curve_is_drawn(
    imported: Container, tmp_path: Path, borough_dir: Path
) -> None:
    png = tmp_path / "curve.png"
    evaluation = score_matching(imported, borough_dir / "ground_truth", png=png)
    for kind, scores in evaluation.by_kind.items():
        assert scores.nominals > 0, kind
        assert scores.precision >= PRECISION, (kind, scores)
        assert scores.recall >= RECALL, (kind, scores)
        assert scores.review_share <= REVIEW, (kind, scores)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert evaluation.curve[0]["threshold"] < evaluation.upper < evaluation.curve[-1]["threshold"]


def test_many_noisy_nominals_made_from_the_register_meet_the_goals(borough_dir: Path) -> None:
    truth_dir = borough_dir / "ground_truth"
    register = register_from_truth(truth_dir)
    for kind, seed in (("gangs_matrix", 11), ("iom_cohort", 12)):
        nominals, truth = extra_nominals(truth_dir, 600, seed, kind=kind)
        scores = evaluate_frames(nominals, register, truth, model=None).overall
        assert scores.precision >= PRECISION, (kind, scores)
        assert scores.recall >= RECALL, (kind, scores)
        assert scores.review_share <= REVIEW, (kind, scores)
