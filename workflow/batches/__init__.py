"""Import batches: one delivered file each, its status on a state machine (``machine``,
pure), the moves that change it (``status``), and what the API and the flows read
(``views``).

Importing this package loads nothing else (so ``workflow.batches.machine`` stays pure):
its names are looked up in the submodule that defines them on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOME = {
    "STOPPED_PART_WAY": "status",
    "BatchChanged": "status",
    "BatchNotFound": "views",
    "BatchView": "views",
    "PendingUpload": "views",
    "get_batch": "views",
    "list_batches": "views",
    "pending_uploads": "views",
    "record_upload": "views",
    "report_path": "views",
}
__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'workflow.batches' has no attribute {name!r}")
    return getattr(importlib.import_module(f"workflow.batches.{module}"), name)
