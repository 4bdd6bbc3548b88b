"""The inbox flow: import whatever arrives in a watched folder, on a schedule."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from prefect import flow

from imports.flows.importing import import_partner_file
from imports.loading.folder import delivery_plan


@flow(name="watch-inbox", persist_result=False, log_prints=False)
def watch_inbox(inbox: str) -> list[dict[str, Any]]:
    """Import what has arrived in an inbox folder, then file it under done/ or not-loaded/.

    Run on a schedule (``imports.deployments``). A file whose kind can't be told from its
    name is moved to not-loaded/ with nothing imported.
    """
    folder = Path(inbox)
    done, refused = folder / "done", folder / "not-loaded"
    done.mkdir(parents=True, exist_ok=True)
    refused.mkdir(parents=True, exist_ok=True)
    plan, unknown = delivery_plan(folder)
    summaries = []
    for kind, path in plan:
        summary = import_partner_file(str(path), kind, source=None)
        shutil.move(path, (done if summary["accepted"] else refused) / path.name)
        summaries.append(summary)
    for path in unknown:
        shutil.move(path, refused / path.name)
    return summaries
