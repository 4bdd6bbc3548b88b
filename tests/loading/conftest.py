from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.loading.builders import a_borough
from tests.support import import_file
from workflow.bootstrap import Container

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def borough(container: Container, migrated_engine, tmp_path: Path) -> Container:
    """A migrated database holding the two-household register of ``a_borough``."""
    outcome = import_file(container, a_borough(tmp_path / "people.xlsx"), "people", today=TODAY)
    assert outcome.status == "accepted", outcome
    return container
