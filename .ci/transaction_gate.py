"""The transaction gate: only the unit of work begins or commits a database transaction.

    python .ci/transaction_gate.py        (./dev test runs it; exit 1 lists each offence)

Outside ``workflow/uow.py`` and ``workflow/db/``, no code may call ``<engine>.begin()`` or
``<engine>.connect()``, commit or roll back anything but a unit of work (``uow.commit()``),
or make its own ORM session. Tests may (they set up and inspect databases directly).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("workflow", "eligibility", "imports", "api", "tfe", "synth", "bench")
ALLOWED = ("workflow/uow.py", "workflow/db/")
SESSION_MAKERS = {"Session", "sessionmaker", "scoped_session"}


def _receiver(node: ast.expr) -> str:
    """The dotted text of what a method is called on: ``container.engine``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_receiver(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return _receiver(node.func) + "()"
    return "?"


def offences(source: str, name: str = "<source>") -> Iterator[str]:
    """Each place in ``source`` that begins, commits or rolls back outside the unit of work."""
    for node in ast.walk(ast.parse(source, name)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            receiver = _receiver(func.value)
            last = receiver.rsplit(".", 1)[-1].removesuffix("()")
            if func.attr in ("begin", "connect") and last.endswith("engine"):
                yield f"{name}:{node.lineno}: {receiver}.{func.attr}() opens its own transaction"
            elif func.attr in ("commit", "rollback") and not last.endswith("uow"):
                yield f"{name}:{node.lineno}: {receiver}.{func.attr}() outside the unit of work"
        elif isinstance(func, ast.Name) and func.id in SESSION_MAKERS:
            yield f"{name}:{node.lineno}: {func.id}(...) makes a session of its own"


def scan(root: Path = ROOT) -> list[str]:
    found: list[str] = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if relative.startswith(ALLOWED):
                continue
            found.extend(offences(path.read_text(encoding="utf-8"), relative))
    return found


def main() -> int:
    found = scan()
    for offence in found:
        print(offence)
    if found:
        print(
            f"{len(found)} place(s) begin or commit a transaction outside the unit of work "
            "(workflow/uow.py): take a `uow` and use `with uow:` ... `uow.commit()`."
        )
        return 1
    print("Transactions: only the unit of work begins and commits them.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
