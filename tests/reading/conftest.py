"""Fixtures for the reader tests: a reader bound to today's test date."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from imports.reading import ReadResult, read_partner_file
from tests.reading.builders import TODAY

Read = Callable[..., ReadResult]


@pytest.fixture
def read() -> Read:
    """``read(path, kind, **options)`` with ``today`` fixed to the tests' date."""

    def reader(path: Path, kind: str = "school_attendance", **options: Any) -> ReadResult:
        return read_partner_file(path, kind, today=TODAY, **options)

    return reader
