"""A ceiling on one import process's memory, so a file that makes a reader ask for
gigabytes ends that process (marked failed by the reaper), never the machine or the web app.

The web app never imports in its own process: ``tfe serve`` hands each upload to its
Prefect worker, which runs every flow in a process of its own, and the upload flow sets
this ceiling there first (``TFE_IMPORT_MEMORY_MB``, default 4,096 MB; 0 for none). On
Linux it is the address-space limit (``RLIMIT_AS``): an allocation past it fails with
``MemoryError`` in Python, or ends the process if a native reader asks.
"""

from __future__ import annotations

import os

DEFAULT_MB = 4096


def ceiling_mb() -> int:
    text = os.environ.get("TFE_IMPORT_MEMORY_MB", "").strip()
    try:
        return int(text) if text else DEFAULT_MB
    except ValueError:
        return DEFAULT_MB


def limit_memory(megabytes: int | None = None) -> int | None:
    """Cap this process's address space at ``megabytes`` (default: the setting); the cap
    set, or None where the platform can't (or the setting is 0)."""
    wanted = ceiling_mb() if megabytes is None else megabytes
    if wanted <= 0:
        return None
    try:
        import resource
    except ImportError:  # not a Unix
        return None
    limit = wanted * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    return wanted
