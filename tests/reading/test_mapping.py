"""Column-mapping files (TOML)."""

from __future__ import annotations

from pathlib import Path

import pytest

from imports.reading import MappingInvalid, load_mapping


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_mapping_file_reads_in_order(tmp_path: Path) -> None:
    path = write(
        tmp_path / "hillside.toml",
        '# Hillside Academy\n"Pupil Surname" = "surname"\nDoB = "date_of_birth"\n',
    )

    assert load_mapping(path) == {"Pupil Surname": "surname", "DoB": "date_of_birth"}


def test_an_unknown_canonical_name_is_named_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path / "m.toml", '"Birthday" = "date_of_brith"\n')

    with pytest.raises(MappingInvalid) as invalid:
        load_mapping(path)

    assert invalid.value.code == "bad_mapping"
    assert "‘Birthday’ is mapped to ‘date_of_brith’" in invalid.value.detail
    assert "‘date_of_birth’" in invalid.value.detail


def test_bad_toml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "m.toml", '"Surname" = "surname"\nPupil Name = "forename"\n')

    with pytest.raises(MappingInvalid) as invalid:
        load_mapping(path)

    assert "line 2" in invalid.value.detail


def test_a_value_that_is_not_a_name(tmp_path: Path) -> None:
    path = write(tmp_path / "m.toml", "[surname]\nx = 1\n")

    with pytest.raises(MappingInvalid) as invalid:
        load_mapping(path)

    assert "‘surname’" in invalid.value.detail


def test_a_missing_mapping_file(tmp_path: Path) -> None:
    with pytest.raises(MappingInvalid):
        load_mapping(tmp_path / "none.toml")
