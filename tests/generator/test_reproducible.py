"""The same arguments give byte-identical files; a different seed gives a different borough."""

from __future__ import annotations

from pathlib import Path

from synth import generate
from tests.generator.helpers import HOUSEHOLDS, SEED, Generated, checksums


def test_same_seed_same_bytes(borough: Generated, tmp_path: Path) -> None:
    generate(HOUSEHOLDS, SEED, tmp_path)
    first, second = checksums(borough.out_dir), checksums(tmp_path)
    assert first.keys() == second.keys()
    assert first == second


def test_different_seed_different_files(tmp_path: Path) -> None:
    generate(300, 1, tmp_path / "a")
    generate(300, 2, tmp_path / "b")
    a, b = checksums(tmp_path / "a"), checksums(tmp_path / "b")
    assert a.keys() == b.keys()
    assert all(a[name] != b[name] for name in a if name.endswith(".xlsx"))


def test_document_dates_are_fixed_not_today(borough: Generated) -> None:
    import zipfile

    with zipfile.ZipFile(borough.workbook("people")) as archive:
        core = archive.read("docProps/core.xml").decode()
        stamps = {info.date_time for info in archive.infolist()}
    assert "2026-09-14T09:00:00Z" in core
    assert stamps == {(1980, 1, 1, 0, 0, 0)}
