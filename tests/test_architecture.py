"""The house rules that hold the architecture up, checked on the code itself:

- only the unit of work begins and commits transactions (the transaction gate);
- the modules declared pure really are pure: imported alone, in a fresh interpreter, they
  load no framework, database or state-machine library (import-linter reads imports, but
  not what a package's ``__init__`` drags in at run time).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = ("fastapi", "starlette", "prefect", "sqlalchemy", "alembic", "transitions", "openpyxl")
PURE = (
    "eligibility",
    "workflow.templates",
    "workflow.domain.vocabulary",
    "workflow.lifecycle.rules",
    "workflow.lifecycle.records",
    "workflow.statemachine.definition",
    "workflow.batches.machine",
    "workflow.claims.results",
    "workflow.claims.loading",
    "workflow.claims.money",
    "workflow.claims.machine",
    "workflow.clock",
    "workflow.calendar",
    "workflow.principal",
    "workflow.pathway",
    "workflow.pathway.errors",
    "workflow.pathway.definition",
    "workflow.pathway.reading",
    "workflow.pathway.values",
    "workflow.pathway.check_tiers",
    "workflow.pathway.check_tasks",
    "workflow.pathway.loading",
    "workflow.pathway.catalogue",
    "workflow.pathway.tasks",
    "workflow.pathway.strand",
    "workflow.pathway.enforcement",
    "workflow.pathway.rules",
)


def _gate():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "transaction_gate", ROOT / ".ci/transaction_gate.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_only_the_unit_of_work_begins_and_commits_transactions() -> None:
    assert _gate().scan() == []


@pytest.mark.parametrize(
    ("source", "offence"),
    [
        (
            "with container.engine.begin() as c: pass",
            "container.engine.begin() opens its own transaction",
        ),
        ("with engine.connect() as c: pass", "engine.connect() opens its own transaction"),
        ("session.commit()", "session.commit() outside the unit of work"),
        ("connection.rollback()", "connection.rollback() outside the unit of work"),
        ("s = Session(bind=engine)", "Session(...) makes a session of its own"),
    ],
)
def test_the_gate_catches_each_way_round_the_unit_of_work(source: str, offence: str) -> None:
    assert [o.split(": ", 1)[1] for o in _gate().offences(source)] == [offence]


def test_the_gate_lets_the_unit_of_work_through() -> None:
    ok = "with uow:\n    uow.connection.execute(x)\n    uow.commit()\ncontainer.uow().commit()\n"
    assert list(_gate().offences(ok)) == []


@pytest.mark.parametrize("module", PURE)
def test_a_pure_module_loads_no_framework(module: str) -> None:
    probe = (
        f"import json, sys; import {module}; "
        f"print(json.dumps(sorted(m for m in {FRAMEWORKS!r} if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == [], f"importing {module} loaded {result.stdout.strip()}"
