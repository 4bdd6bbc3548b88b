"""Partner-file uploads: ``POST /imports`` records a pending batch; the import flow runs it.

The response says where to follow the batch (``GET /imports/{id}``) and, once rows were
rejected, where to fetch the sender's error report (``GET /imports/{id}/report``).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Form, UploadFile
from fastapi.responses import FileResponse, JSONResponse

from api.deps import ActorDep, ContainerDep
from api.errors import problem
from workflow.batches import get_batch, list_batches, record_upload, report_path
from workflow.templates import KINDS

router = APIRouter(prefix="/imports", tags=["imports"])

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
ALLOWED_SUFFIXES = (".xlsx", ".csv")


def _links(batch_id: int, has_report: bool) -> dict[str, str | None]:
    return {
        "status_url": f"/imports/{batch_id}",
        "report_url": f"/imports/{batch_id}/report" if has_report else None,
    }


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._ -]+", "_", name).strip(" .") or "upload"
    return cleaned[:200]


@router.post("", status_code=202, summary="Upload a partner file to import")
async def upload(
    container: ContainerDep,
    actor: ActorDep,
    kind: Annotated[str, Form(description="The kind of partner file, e.g. police_incidents")],
    file: UploadFile,
    source: Annotated[str | None, Form(description="Who sent it (default: the kind)")] = None,
) -> JSONResponse:
    if kind not in KINDS:
        return problem(
            422,
            "unknown_kind",
            f"‘{kind}’ is not a kind of partner file. Known kinds: {', '.join(KINDS)}.",
            "kind",
        )
    name = file.filename or "upload"
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        return problem(422, "not_a_spreadsheet", "Upload an .xlsx or .csv file.", "file")
    folder = container.settings.data_dir / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / _safe_name(name)
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        while chunk := await file.read(1 << 20):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                out.close()
                target.unlink()
                folder.rmdir()
                return problem(
                    413,
                    "too_large",
                    "The file is larger than 200 MB: split it, e.g. one file per term.",
                    "file",
                )
            digest.update(chunk)
            out.write(chunk)
    if size == 0:
        target.unlink()
        folder.rmdir()
        return problem(422, "empty", "The uploaded file is empty.", "file")
    batch_id = record_upload(
        uow=container.uow(),
        kind=kind,
        file_name=name,
        stored_path=str(target),
        checksum=digest.hexdigest(),
        source=source,
        submitted_by=actor,
    )
    body = {"batch_id": batch_id, "status": "pending", **_links(batch_id, False)}
    return JSONResponse(body, status_code=202)


@router.get("/{batch_id}", summary="An import batch's status and counts")
def status(batch_id: int, container: ContainerDep) -> dict[str, Any]:
    view = get_batch(uow=container.uow(), batch_id=batch_id)
    return asdict(view) | _links(view.id, view.has_report)


@router.get("", summary="Recent import batches")
def recent(container: ContainerDep, limit: int = 50) -> list[dict[str, Any]]:
    views = list_batches(uow=container.uow(), limit=max(1, min(limit, 500)))
    return [asdict(v) | _links(v.id, v.has_report) for v in views]


@router.get("/{batch_id}/report", summary="The sender's error report (rejected rows, with reasons)")
def report(batch_id: int, container: ContainerDep, actor: ActorDep) -> FileResponse:
    path = report_path(uow=container.uow(), batch_id=batch_id, actor=actor)
    return FileResponse(
        path,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=f"import-{batch_id}-rejected-rows.xlsx",
    )
