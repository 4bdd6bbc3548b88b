"""One small synthetic borough, generated once per test session and shared read-only."""

from __future__ import annotations

import pytest

from synth import generate
from tests.generator.helpers import HOUSEHOLDS, SEED, Generated


@pytest.fixture(scope="session")
def borough(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """1,500 households, seed 7, written once for every test that reads files."""
    out = tmp_path_factory.mktemp("borough")
    return Generated(generate(HOUSEHOLDS, SEED, out), out)
