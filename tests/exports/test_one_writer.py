"""Every workbook and CSV file the engine writes goes through workflow.exports.

The synthetic borough (``synth``) is tooling that writes partner files as partners would,
and production code never imports it, so it is not held to this.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = ("workflow", "eligibility", "imports", "api", "tfe")
WRITER = ROOT / "workflow" / "exports"
SPREADSHEET_LIBRARIES = {"xlsxwriter", "openpyxl"}
WRITING_CALLS = {"to_csv", "to_excel", "writer", "DictWriter", "write_csv"}


def writers_outside_exports() -> list[str]:
    found = []
    for package in PRODUCTION:
        for path in sorted((ROOT / package).rglob("*.py")):
            if WRITER in path.parents:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            where = path.relative_to(ROOT)
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = {node.module.split(".")[0]}
                else:
                    names = set()
                found += [f"{where}: imports {n}" for n in names & SPREADSHEET_LIBRARIES]
                if isinstance(node, ast.Attribute) and node.attr in WRITING_CALLS:
                    owner = ast.unparse(node.value)
                    if node.attr in {"to_csv", "to_excel"} or owner in {"csv", "pa_csv"}:
                        found.append(f"{where}: {owner}.{node.attr}")
    return found


def test_only_workflow_exports_writes_spreadsheets() -> None:
    assert writers_outside_exports() == [
        # PostgreSQL's COPY reads the rows the loader stores as CSV: no person opens it.
        "imports/loading/bulk.py: pa_csv.write_csv",
    ]
