"""The Splink model: settings, training, the versioned model file and scoring.

The model links nominals (left) to the register (right) on DuckDB in memory. Training
estimates ``u`` by sampling random pairs of the register and nominals, then ``m`` by
expectation maximisation on pairs blocked on date of birth and, separately, on postcode
— each session learns the fields it does not block on (surname blocking would make tens
of millions of pairs of common surnames in a large borough). With few nominals (a small
borough) EM has too little to learn from, so the starting values are kept and the model
file says so.

The file is the Splink settings with a ``tfe`` section: the model version, the version
of the comparison levels, how it was trained and the thresholds. A file made with other
levels is refused with a message to retrain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from imports.linkage.comparisons import (
    LEVELS_VERSION,
    TRAINED_COMPARISONS,
    sex_comparison,
)
from imports.linkage.errors import ModelFileInvalid, ModelFromOtherVersion
from imports.linkage.frames import MODEL_COLUMNS

logger = logging.getLogger(__name__)

FORMAT = "tfe-matching-model"
MIN_NOMINALS_FOR_EM = 150
SEED = 20260901
# Pairs scoring below this are not worth keeping even as evidence for a reviewer.
KEEP_ABOVE_WEIGHT = -6.0
BLOCKING_RULES = (
    "l.dob = r.dob",
    "l.dob_swapped = r.dob",
    "l.surname = r.surname AND l.yob = r.yob",
    "l.forename = r.forename AND l.yob = r.yob",
    "l.postcode = r.postcode",
    # A partial identity (no date of birth) and names in each other's columns.
    "l.forename = r.forename AND l.surname = r.surname",
    "l.forename = r.surname AND l.surname = r.forename",
    "l.address = r.address AND l.house_number IS NOT NULL",
    # A date of birth wrong and a postcode a digit out: a name in the same sector.
    "l.surname = r.surname AND l.sector = r.sector",
    "l.forename = r.forename AND l.sector = r.sector",
)
# Expectation maximisation sessions: blocked on one field, each learns the others.
EM_SESSIONS = (("dob", "date_of_birth"), ("postcode", "postcode"))
FIELD_COLUMNS = {
    "forename": "forename",
    "surname": "surname",
    "date_of_birth": "dob",
    "postcode": "postcode",
    "address": "street",
}
FIELD_WORDS = {
    "forename": "forename",
    "surname": "surname",
    "date_of_birth": "date of birth",
    "postcode": "postcode",
    "address": "address",
}


@dataclass(frozen=True)
class Thresholds:
    """Match weights (log2 odds): at or above ``upper`` link; below ``lower`` no link."""

    upper: float = 10.0
    lower: float = 2.0


@dataclass
class TrainedModel:
    settings: dict[str, Any]
    version: int
    trained_at: dt.datetime
    em_trained: bool
    nominals: int
    register: int
    thresholds: Thresholds
    # Fields training could not estimate (their starting values are used), and why.
    not_estimated: tuple[str, ...] = ()
    training_notes: tuple[str, ...] = ()

    def document(self) -> dict[str, Any]:
        return {
            "tfe": {
                "format": FORMAT,
                "levels_version": LEVELS_VERSION,
                "model_version": self.version,
                "trained_at": self.trained_at.isoformat(),
                "em_trained": self.em_trained,
                "nominals": self.nominals,
                "register_people": self.register,
                "upper_threshold": self.thresholds.upper,
                "lower_threshold": self.thresholds.lower,
                "not_estimated": list(self.not_estimated),
                "training_notes": list(self.training_notes),
                "splink_version": _splink_version(),
            },
            "splink": self.settings,
        }

    def save(self, folder: Path) -> tuple[Path, str]:
        """Write ``model-vN.json``; returns the path and the content's SHA-256."""
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.document(), indent=2, sort_keys=True)
        path = folder / f"model-v{self.version}.json"
        path.write_text(text, encoding="utf-8")
        return path, hashlib.sha256(text.encode()).hexdigest()


def _splink_version() -> str:
    import splink

    return str(splink.__version__)


def load_model(path: Path) -> TrainedModel:
    """Read a saved model, refusing files from another version of matching."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFileInvalid(
            f"The matching model file {path} is missing: run 'tfe match --retrain'."
        ) from None
    except (OSError, ValueError):
        raise ModelFileInvalid(
            f"The matching model file {path} cannot be read as JSON: run 'tfe match --retrain'."
        ) from None
    meta = document.get("tfe") if isinstance(document, dict) else None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelFileInvalid(f"{path} is not a tfe matching model file.")
    if meta.get("levels_version") != LEVELS_VERSION:
        raise ModelFromOtherVersion(
            f"The matching model file {path.name} was made by another version of tfe "
            f"(comparison levels {meta.get('levels_version')}, this version uses "
            f"{LEVELS_VERSION}): run 'tfe match --retrain'."
        )
    return TrainedModel(
        settings=document["splink"],
        version=int(meta["model_version"]),
        trained_at=dt.datetime.fromisoformat(meta["trained_at"]),
        em_trained=bool(meta["em_trained"]),
        nominals=int(meta["nominals"]),
        register=int(meta["register_people"]),
        thresholds=Thresholds(float(meta["upper_threshold"]), float(meta["lower_threshold"])),
        not_estimated=tuple(meta.get("not_estimated", ())),
        training_notes=tuple(meta.get("training_notes", ())),
    )


def _settings(register_size: int) -> Any:
    from splink import SettingsCreator
    from splink.internals.comparison_library import CustomComparison

    # Nearly every nominal lives in the borough: about one true pair per nominal.
    prior = min(0.5, 0.95 / max(register_size, 1))
    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=prior,
        comparisons=[CustomComparison(**c) for c in TRAINED_COMPARISONS],  # type: ignore[arg-type]
        blocking_rules_to_generate_predictions=list(BLOCKING_RULES),  # type: ignore[arg-type]
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
        additional_columns_to_retain=[],
    )


def _linker(nominals: pd.DataFrame, register: pd.DataFrame, settings: Any) -> Any:
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI()
    left = db_api.register(nominals[MODEL_COLUMNS], table_name="nominals")
    right = db_api.register(register[MODEL_COLUMNS], table_name="register")
    return Linker([left, right], settings, log_level=logging.ERROR)


def train(
    nominals: pd.DataFrame,
    register: pd.DataFrame,
    *,
    version: int,
    thresholds: Thresholds | None = None,
) -> TrainedModel:
    """Train a model on the model tables of nominals and the register.

    Each expectation-maximisation session is tried on its own: one that cannot run (no
    pairs share a postcode because the list's postcode column is empty, or the nominals
    are too uniform to learn from) is skipped, the others carry on, and the model says
    which fields kept their starting values and why.
    """
    from splink import block_on
    from splink.internals.exceptions import SplinkException

    settings = _settings(len(register))
    linker = _linker(nominals, register, settings)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=SEED)
    current = linker.misc.save_model_to_json()
    notes: list[str] = []
    learnt: set[str] = set()
    fields = {str(c["output_column_name"]) for c in TRAINED_COMPARISONS}
    if len(nominals) < MIN_NOMINALS_FOR_EM:
        notes.append(
            f"only {len(nominals)} nominals (fewer than {MIN_NOMINALS_FOR_EM}): "
            "the starting values were kept"
        )
    else:
        for column, field in EM_SESSIONS:
            if nominals[column].notna().sum() == 0:
                notes.append(f"no nominal has a {FIELD_WORDS[field]}: no pairs to learn from")
                continue
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    block_on(column), fix_probability_two_random_records_match=True
                )
            except (SplinkException, ValueError) as exc:  # no pairs, or a level's m went
                # to 0 (Splink refuses it): carry on with what the other sessions learn.
                logger.warning(
                    "Expectation maximisation blocked on %s did not run (%s)",
                    column,
                    type(exc).__name__,
                )
                notes.append(
                    f"pairs sharing a {FIELD_WORDS[field]} could not be trained on "
                    f"({type(exc).__name__})"
                )
                linker = _linker(nominals, register, current)
                continue
            current = linker.misc.save_model_to_json()
            learnt |= fields - {field}
    given = {f for f, column in FIELD_COLUMNS.items() if nominals[column].notna().any()}
    learnt &= given  # a field no nominal gives teaches nothing
    not_estimated = tuple(sorted(fields - learnt))
    if not_estimated and learnt:
        notes.append(
            "kept starting values for: " + ", ".join(FIELD_WORDS[f] for f in not_estimated)
        )
    current["comparisons"].append(sex_comparison(_same_sex_share(register)))
    return TrainedModel(
        settings=_bounded(current),
        version=version,
        trained_at=dt.datetime.now(dt.UTC),
        em_trained=bool(learnt),
        nominals=len(nominals),
        register=len(register),
        thresholds=thresholds or Thresholds(),
        not_estimated=not_estimated,
        training_notes=tuple(notes),
    )


def _same_sex_share(register: pd.DataFrame) -> float:
    """How often two people of the register picked at random share a recorded sex."""
    shares = register["sex"].dropna().value_counts(normalize=True)
    return float((shares**2).sum()) if len(shares) else 0.5


def _bounded(settings: dict[str, Any]) -> dict[str, Any]:
    """Keep m and u inside (0, 1): a level never seen in training must not weigh infinitely."""
    for comparison in settings.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            for key in ("m_probability", "u_probability"):
                if key in level and level[key] is not None:
                    level[key] = min(max(float(level[key]), 1e-5), 1 - 1e-5)
    return settings


def score(model: TrainedModel, nominals: pd.DataFrame, register: pd.DataFrame) -> pd.DataFrame:
    """Every blocked pair above ``KEEP_ABOVE_WEIGHT`` with its match weight and each field's
    level and weight: columns ``nominal_uid``, ``person_uid``, ``match_weight``,
    ``gamma_<field>`` and ``bf_<field>``."""
    settings = dict(model.settings)
    settings["probability_two_random_records_match"] = min(0.5, 0.95 / max(len(register), 1))
    linker = _linker(nominals, register, settings)
    pairs = linker.inference.predict(threshold_match_weight=KEEP_ABOVE_WEIGHT)
    frame: pd.DataFrame = pairs.as_pandas_dataframe()
    left_is_nominal = frame["unique_id_l"].astype(str).str.startswith("n:")
    frame["nominal_uid"] = frame["unique_id_l"].where(left_is_nominal, frame["unique_id_r"])
    frame["person_uid"] = frame["unique_id_r"].where(left_is_nominal, frame["unique_id_l"])
    keep = ["nominal_uid", "person_uid", "match_weight"] + [
        c for c in frame.columns if c.startswith("mw_")
    ]
    out = frame[keep].copy()
    for column in keep[2:]:
        out[column] = out[column].astype(float)
    for name, weights in level_weights(model).items():
        out[f"level_{name}"] = _nearest_label(out[f"mw_{name}"], weights)
    return out


def level_weights(model: TrainedModel) -> dict[str, list[tuple[float, str]]]:
    """Field -> (weight, label) of each level: log2(m/u), 0 for "missing on one side"."""
    found: dict[str, list[tuple[float, str]]] = {}
    for comparison in model.settings["comparisons"]:
        levels = []
        for level in comparison["comparison_levels"]:
            label = str(level.get("label_for_charts", ""))
            if level.get("is_null_level"):
                levels.append((0.0, label))
                continue
            m, u = float(level["m_probability"]), float(level["u_probability"])
            levels.append((math.log2(m / u), label))
        found[comparison["output_column_name"]] = levels
    return found


def _nearest_label(weights: pd.Series, levels: list[tuple[float, str]]) -> pd.Series:
    """Splink reports each field's weight, not its level: find the level with that weight."""
    import numpy as np

    known = np.array([w for w, _ in levels])
    labels = np.array([label for _, label in levels], dtype=object)
    at = np.abs(weights.to_numpy()[:, None] - known[None, :]).argmin(axis=1)
    return pd.Series(labels[at], index=weights.index, dtype=object)
