"""A two-household borough for screening tests: H1 meets Supporting Families 2022."""

from __future__ import annotations

import datetime as dt

import pytest

from workflow.bootstrap import Container

from .builders import Borough

D = dt.date
AS_OF = D(2026, 7, 31)
SF = "supporting-families-2022"


@pytest.fixture
def borough(container: Container, migrated_engine) -> dict[str, int]:
    """H1 meets Supporting Families 2022 (a child; three headlines); H2 meets one only."""
    with container.engine.begin() as connection:
        b = Borough(connection)
        h1, h2 = b.household("H1"), b.household("H2")
        mum = b.person("P1", born=D(1985, 1, 1), lives_in=h1)
        b.person("P2", born=D(2014, 1, 1), lives_in=h1)
        b.fact("benefits", mum, on=D(2025, 1, 1), benefit="uc", out_of_work=True)
        b.fact("health", mum, on=D(2025, 9, 1), need="mental_health")
        b.fact("domestic_abuse", mum, on=D(2026, 2, 1), role="victim")
        dad = b.person("P3", born=D(1980, 1, 1), lives_in=h2)
        b.person("P4", born=D(2015, 1, 1), lives_in=h2)
        b.fact("health", dad, on=D(2025, 9, 1), need="mental_health")
        ids = {"H1": h1, "H2": h2, "mum": mum, "health_batch": b.batches["health"]}
    return ids
