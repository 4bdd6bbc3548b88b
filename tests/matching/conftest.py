"""A fixed-seed synthetic borough, generated once, imported (people and the two police
lists) into each test's own database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from imports.loading.folder import delivery_plan
from synth import generate
from tests.support import import_file
from workflow.bootstrap import Container

TODAY = dt.date(2026, 9, 14)  # the generator's delivery date
HOUSEHOLDS, SEED = 3000, 21
KINDS = ("people", "gangs_matrix", "iom_cohort")


@pytest.fixture(scope="session")
def borough_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("matching") / "borough"
    generate(HOUSEHOLDS, SEED, folder)
    return folder


def import_kinds(container: Container, borough: Path, kinds: tuple[str, ...] = KINDS) -> None:
    plan, _ = delivery_plan(borough)
    for kind, path in plan:
        if kind in kinds:
            outcome = import_file(container, path, kind, today=TODAY)
            assert outcome.status == "accepted", (path.name, outcome.detail)


@pytest.fixture
def imported(container: Container, migrated_engine, borough_dir: Path) -> Container:
    """A migrated database holding the borough's register and police lists."""
    import_kinds(container, borough_dir)
    return container
