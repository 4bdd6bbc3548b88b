"""The allocation engine is pure: imported alone, in a fresh interpreter, no module of it
loads a framework or the database; and suggestions load no solver."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS = ("fastapi", "starlette", "prefect", "sqlalchemy", "alembic", "transitions", "openpyxl")
MODULES = sorted(f"workflow.champions.{p.stem}" for p in (ROOT / "workflow/champions").glob("*.py"))


def loaded(module: str, watch: tuple[str, ...]) -> list[str]:
    probe = (
        f"import json, sys; import {module}; "
        f"print(json.dumps(sorted(m for m in {watch!r} if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return list(json.loads(result.stdout))


@pytest.mark.parametrize("module", MODULES)
def test_no_module_of_the_engine_loads_a_framework(module: str) -> None:
    assert loaded(module, FRAMEWORKS) == []


def test_suggestions_load_no_solver() -> None:
    assert loaded("workflow.champions.scoring", ("scipy", "ortools")) == []
