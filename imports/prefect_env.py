"""Where Prefect keeps its state: inside the engine's data folder, never a user's ~/.prefect.

Call :func:`configure` **before** anything imports ``prefect`` (Prefect reads its settings
when it is imported). It leaves an explicitly set ``PREFECT_HOME`` or ``PREFECT_API_URL``
alone, so a council's real Prefect server is used when one is configured.
"""

from __future__ import annotations

import os
from pathlib import Path


def configure(data_dir: Path) -> Path:
    """Point Prefect at ``DATA_DIR/prefect`` (unless already set); returns the home used."""
    home = Path(os.environ.setdefault("PREFECT_HOME", str((data_dir / "prefect").resolve())))
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY", "false")
    # Flow-run logs go to the server's database; keep only ours (no personal data in them).
    os.environ.setdefault("PREFECT_LOGGING_LOG_PRINTS", "false")
    return home


def server_url() -> str | None:
    """The Prefect API URL in use, if a server is configured."""
    return os.environ.get("PREFECT_API_URL") or None
