"""Partner-file uploads: ``POST /imports`` records a pending batch; the import flow runs it.

The response says where to follow the batch (``GET /imports/{id}``) and, once rows were
rejected, where to fetch the sender's error report (``GET /imports/{id}/report``).
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from starlette.datastructures import UploadFile as StarletteUpload

from api.deps import ActorDep, ContainerDep, Limit, RecordId, checked_text
from api.errors import RequestProblem, clip
from workflow.batches import get_batch, list_batches, record_upload, report_path
from workflow.bootstrap import Container
from workflow.principal import Principal
from workflow.templates import KINDS

router = APIRouter(prefix="/imports", tags=["imports"])

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
TOO_LARGE = "The file is larger than 200 MB: split it, e.g. one file per term."
CHUNK = 1 << 20
ALLOWED_SUFFIXES = (".xlsx", ".csv")
ZIP_SIGNATURE = b"PK\x03\x04"  # every .xlsx workbook is a zip archive
NOT_A_WORKBOOK = (
    "‘{name}’ is not an Excel workbook, though its name ends .xlsx: it may be another kind of "
    "file renamed, an old .xls file or protected with a password. Open it in Excel and save "
    "it as an Excel Workbook (.xlsx) without a password, or send the data as a CSV file."
)


def _links(batch_id: int, has_report: bool) -> dict[str, str | None]:
    return {
        "status_url": f"/imports/{batch_id}",
        "report_url": f"/imports/{batch_id}/report" if has_report else None,
    }


def _stored_name(name: str) -> str:
    """The name an upload is stored under: ``upload`` and its suffix. Not the sender's
    name, which can name a family; that is kept in the batch record only."""
    return "upload." + name.rpartition(".")[2].lower()


async def _save(file: StarletteUpload, first: bytes, target: Path) -> str | None:
    """Write the upload to ``target``; its checksum, or None if it is too large."""
    digest, size, chunk = hashlib.sha256(), 0, first
    with target.open("wb") as out:
        while chunk:
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                return None
            digest.update(chunk)
            out.write(chunk)
            chunk = await file.read(CHUNK)
    return digest.hexdigest()


async def accept_upload(
    container: Container,
    actor: Principal,
    kind: str,
    file: StarletteUpload,
    source: str | None,
    files: int = 1,
) -> int:
    """Check an uploaded partner file and record it as a pending batch (its id), or raise
    the ``RequestProblem`` that says what is wrong, with nothing left behind. The API and
    the data officer's upload page both come here."""
    if files > 1:
        raise RequestProblem(422, "one_file", "Upload one file at a time.", "file")
    kind = checked_text(kind, "kind", 40)
    if kind not in KINDS:
        raise RequestProblem(
            422,
            "unknown_kind",
            f"‘{clip(kind)}’ is not a kind of partner file. Known kinds: {', '.join(KINDS)}.",
            "kind",
        )
    source = checked_text(source, "source", 100) if source else None
    name = checked_text(file.filename or "upload", "file", 260, "The file’s name")
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise RequestProblem(422, "not_a_spreadsheet", "Upload an .xlsx or .csv file.", "file")
    first = await file.read(CHUNK)
    if not first:
        raise RequestProblem(422, "empty", "The uploaded file is empty.", "file")
    if name.lower().endswith(".xlsx") and not first.startswith(ZIP_SIGNATURE):
        detail = NOT_A_WORKBOOK.format(name=clip(name))
        raise RequestProblem(422, "not_a_workbook", detail, "file")
    folder = container.settings.uploads_dir / uuid.uuid4().hex
    folder.mkdir(parents=True)
    target = folder / _stored_name(name)
    try:  # nothing is left behind unless the batch is recorded
        checksum = await _save(file, first, target)
        if checksum is None:
            shutil.rmtree(folder)
            raise RequestProblem(413, "too_large", TOO_LARGE, "file")
        batch_id: int = record_upload(
            uow=container.uow(),
            kind=kind,
            file_name=name,
            stored_path=str(target),
            checksum=checksum,
            source=source,
            actor=actor,
        )
    except BaseException:  # a database error, or the caller went away
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return batch_id


@router.post("", status_code=202, summary="Upload a partner file to import")
async def upload(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    kind: Annotated[str, Form(description="The kind of partner file, e.g. police_incidents")],
    file: UploadFile,
    source: Annotated[str | None, Form(description="Who sent it (default: the kind)")] = None,
) -> JSONResponse:
    files = len((await request.form()).getlist("file"))
    batch_id = await accept_upload(container, actor, kind, file, source, files)
    body = {"batch_id": batch_id, "status": "pending", **_links(batch_id, False)}
    return JSONResponse(body, status_code=202)


@router.get("/{batch_id}", summary="An import batch's status and counts")
def status(batch_id: RecordId, container: ContainerDep) -> dict[str, Any]:
    view = get_batch(uow=container.uow(), batch_id=batch_id)
    return asdict(view) | _links(view.id, view.has_report)


@router.get("", summary="Recent import batches")
def recent(container: ContainerDep, limit: Limit = 50) -> list[dict[str, Any]]:
    views = list_batches(uow=container.uow(), limit=limit)
    return [asdict(v) | _links(v.id, v.has_report) for v in views]


@router.get("/{batch_id}/report", summary="The sender's error report (rejected rows, with reasons)")
def report(batch_id: RecordId, container: ContainerDep, actor: ActorDep) -> FileResponse:
    path = report_path(uow=container.uow(), batch_id=batch_id, actor=actor)
    return FileResponse(
        path,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=f"import-{batch_id}-rejected-rows.xlsx",
    )
