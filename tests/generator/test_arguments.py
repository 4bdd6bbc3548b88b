"""Bad arguments are refused with a plain message naming the option, and nothing is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from synth import generate
from synth.errors import SynthInvalid


@pytest.mark.parametrize(
    ("households", "option"),
    [(0, "--households"), (-3, "--households"), (5_000_001, "--households"), (2.5, "--households")],
)
def test_households_out_of_range(tmp_path: Path, households: object, option: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(SynthInvalid) as raised:
        generate(households, 1, out)  # type: ignore[arg-type]
    assert option in raised.value.detail and str(households) in raised.value.detail
    assert "\n" not in raised.value.detail
    assert not out.exists()


def test_the_example_message_reads_well(tmp_path: Path) -> None:
    with pytest.raises(SynthInvalid, match=r"^--households must be a whole number above 0"):
        generate(-3, 1, tmp_path / "out")


@pytest.mark.parametrize(
    ("kwargs", "option"),
    [
        ({"start": dt.date(2026, 8, 31), "until": dt.date(2026, 8, 31)}, "--start"),
        ({"start": dt.date(2026, 1, 1), "until": dt.date(2025, 1, 1)}, "--start"),
        ({"start": dt.date(2023, 9, 1), "until": dt.date(2025, 8, 31)}, "three whole school years"),
        ({"max_rows_per_file": 0}, "--max-rows-per-file"),
        ({"max_rows_per_file": 1_048_576}, "--max-rows-per-file"),
    ],
)
def test_bad_span_or_limits(tmp_path: Path, kwargs: dict[str, object], option: str) -> None:
    out = tmp_path / "out"
    with pytest.raises(SynthInvalid) as raised:
        generate(300, 1, out, **kwargs)  # type: ignore[arg-type]
    assert option in raised.value.detail
    assert raised.value.code == "synth_invalid"
    assert not out.exists()


def test_negative_seed(tmp_path: Path) -> None:
    with pytest.raises(SynthInvalid, match="--seed"):
        generate(300, -1, tmp_path / "out")


def test_out_dir_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "borough.xlsx"
    target.write_text("not a folder")
    with pytest.raises(SynthInvalid, match="--out .*is a file"):
        generate(300, 1, target)
    assert target.read_text() == "not a folder"


def test_out_dir_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(SynthInvalid, match="can't be created"):
        generate(300, 1, blocker / "inside")


def test_out_dir_without_write_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("synth.options.os.access", lambda *_: False)
    with pytest.raises(SynthInvalid, match="can't be written"):
        generate(300, 1, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []
