"""The saved model: a versioned JSON file that refuses to be used by another version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imports.linkage.errors import ModelFileInvalid
from imports.linkage.frames import nominal_table, register_table
from imports.linkage.model import load_model, train
from imports.linkage.pipeline import prepare_nominals
from synth.extra_nominals import extra_nominals, register_from_truth
from synth.scoring.matching import read_truth


@pytest.fixture(scope="module")
def saved(borough_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    truth = borough_dir / "ground_truth"
    nominals, _ = extra_nominals(truth, 200, seed=3)
    usable, _ = prepare_nominals(nominals)
    model = train(nominal_table(usable), register_table(register_from_truth(truth)), version=4)
    path, digest = model.save(tmp_path_factory.mktemp("model"))
    assert len(digest) == 64
    return path


def test_a_trained_model_is_saved_with_its_version_and_reloads(saved: Path) -> None:
    assert saved.name == "model-v4.json"
    document = json.loads(saved.read_text())
    assert document["tfe"]["model_version"] == 4
    assert document["tfe"]["em_trained"] is True
    assert {c["output_column_name"] for c in document["splink"]["comparisons"]} == {
        "forename",
        "surname",
        "date_of_birth",
        "postcode",
        "address",
        "sex",
    }
    model = load_model(saved)
    assert model.version == 4 and model.thresholds.upper > model.thresholds.lower


def test_a_model_file_from_another_version_is_refused_with_a_one_line_message(
    saved: Path, tmp_path: Path
) -> None:
    document = json.loads(saved.read_text())
    document["tfe"]["levels_version"] = 99
    other = tmp_path / "model-v9.json"
    other.write_text(json.dumps(document))
    with pytest.raises(ModelFileInvalid, match="made by another version of tfe") as caught:
        load_model(other)
    assert "tfe match --retrain" in caught.value.detail and "\n" not in caught.value.detail


@pytest.mark.parametrize("content", [None, "not json", '{"splink": {}}'])
def test_a_missing_or_foreign_file_is_refused(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "model-v1.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ModelFileInvalid):
        load_model(path)


def test_the_truth_reader_names_a_missing_file(tmp_path: Path) -> None:
    from imports.linkage.errors import MatchingError

    with pytest.raises(MatchingError, match="rows_gangs_matrix.csv is missing"):
        read_truth(tmp_path)


def test_when_expectation_maximisation_fails_the_starting_values_are_kept(
    borough_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from splink.internals.linker_components.training import LinkerTraining

    def degenerate(*_args: object, **_kwargs: object) -> None:
        raise ValueError("m_probability value 0.0 is below the minimum allowed value")

    monkeypatch.setattr(
        LinkerTraining, "estimate_parameters_using_expectation_maximisation", degenerate
    )
    truth = borough_dir / "ground_truth"
    nominals, _ = extra_nominals(truth, 200, seed=3)
    usable, _ = prepare_nominals(nominals)
    model = train(nominal_table(usable), register_table(register_from_truth(truth)), version=1)
    assert model.em_trained is False
    levels = [
        level
        for comparison in model.settings["comparisons"]
        for level in comparison["comparison_levels"]
        if "m_probability" in level
    ]
    assert levels and all(0 < level["m_probability"] < 1 for level in levels)


def test_sex_has_fixed_weights_with_u_from_the_registers_own_mix(saved: Path) -> None:
    document = json.loads(saved.read_text())
    sex = next(c for c in document["splink"]["comparisons"] if c["output_column_name"] == "sex")
    same, different = sex["comparison_levels"][1:]
    assert same["m_probability"] == 0.97 and round(different["m_probability"], 2) == 0.03
    assert 0.45 < same["u_probability"] < 0.55  # about half of random pairs share a sex
    assert round(same["u_probability"] + different["u_probability"], 6) == 1.0


def test_sex_as_partners_write_it() -> None:
    import pandas as pd

    from imports.linkage.frames import sex_key

    written = pd.Series(["M", " female", "Boy", "unknown", None, "X"])
    assert sex_key(written).tolist() == ["m", "f", "m", None, None, None]
