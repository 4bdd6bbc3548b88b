"""Screening through the API: rule sets, screening runs, explanations and comparisons.

Dates in requests are ``dd/mm/yyyy`` (as users write them) or ISO ``yyyy-mm-dd``; a date
the engine cannot read is a 422 naming the field.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from api.deps import ActorDep, ContainerDep
from api.errors import RequestProblem
from eligibility import RuleSet, check_file
from workflow.screening.compare import compare_rulesets
from workflow.screening.explaining import explain_household
from workflow.screening.runs import get_run
from workflow.screening.service import load_rules, screen_households

router = APIRouter(tags=["screening"])


def parse_date(text: str | None, field: str) -> dt.date | None:
    if text is None or not text.strip():
        return None
    for form in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    raise RequestProblem(
        422, "invalid_date", f"{field} must be a date written dd/mm/yyyy, not ‘{text}’.", field
    )


def _ruleset_summary(ruleset: RuleSet, default: str) -> dict[str, Any]:
    return {
        "id": ruleset.id,
        "version": ruleset.version,
        "title": ruleset.title,
        "programme": ruleset.programme,
        "summary": ruleset.summary,
        "source": ruleset.source,
        "effective_from": ruleset.effective_from.isoformat(),
        "effective_to": ruleset.effective_to.isoformat() if ruleset.effective_to else None,
        "hash": ruleset.content_hash,
        "files": list(ruleset.files),
        "default": ruleset.id == default,
        "parameters": {
            p.name: {
                "value": p.value,
                "description": p.description,
                "source": p.source,
                "confirmed": p.confirmed,
                "changed_by": p.overridden_by,
            }
            for p in ruleset.parameters.values()
        },
        "criteria": [
            {
                "id": c.id,
                "title": c.title,
                "group": c.group,
                "headline": c.headline,
                "source": c.source,
                "any_of": [condition.text for condition in c.any_of],
            }
            for c in ruleset.criteria
        ],
    }


@router.get("/rulesets", summary="The rule sets the engine knows")
def list_rulesets(container: ContainerDep) -> dict[str, Any]:
    default = container.settings.ruleset
    return {"rulesets": [_ruleset_summary(r, default) for r in load_rules(container).all()]}


@router.get("/rulesets/{ruleset_id}", summary="One rule set, with its criteria and sources")
def one_ruleset(ruleset_id: str, container: ContainerDep) -> dict[str, Any]:
    return _ruleset_summary(load_rules(container).get(ruleset_id), container.settings.ruleset)


@router.post("/rulesets/check", summary="Check a rule file: every problem listed at once")
async def check_rule_file(container: ContainerDep, file: UploadFile) -> dict[str, Any]:
    name = Path(file.filename or "rules.toml").name
    if not name.endswith(".toml"):
        raise RequestProblem(422, "not_a_rule_file", "Upload a .toml rule file.", "file")
    content = await file.read(1_000_001)
    if len(content) > 1_000_000:
        raise RequestProblem(413, "too_large", "A rule file must be under 1 MB.", "file")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        ruleset = check_file(path, load_rules(container))
    return {"ok": True, "id": ruleset.id, "version": ruleset.version, "hash": ruleset.content_hash}


@router.get("/rulesets/{first}/compare/{second}", summary="Who each rule set finds, who flips")
async def compare(
    first: str,
    second: str,
    container: ContainerDep,
    actor: ActorDep,
    as_of: Annotated[str | None, Query(description="dd/mm/yyyy (default: today)")] = None,
) -> dict[str, Any]:
    date = parse_date(as_of, "as_of")
    result = await run_in_threadpool(
        compare_rulesets, container, first, second, as_of=date, actor=actor
    )
    return result.as_dict()


class ScreeningRequest(BaseModel):
    ruleset: str | None = Field(None, description="Rule set id (default: the engine's)")
    as_of: str | None = Field(None, description="dd/mm/yyyy (default: today)")


@router.post("/screenings", status_code=201, summary="Screen the borough under a rule set")
async def run_screening(
    request: ScreeningRequest, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    date = parse_date(request.as_of, "as_of")
    report = await run_in_threadpool(
        screen_households,
        container,
        ruleset_id=request.ruleset,
        as_of=date,
        actor=actor,
        trigger="api",
    )
    return report.as_dict() | {"url": f"/screenings/{report.run_id}"}


@router.get("/screenings/{run_id}", summary="One screening run: counts by criterion")
def screening_run(run_id: int, container: ContainerDep) -> dict[str, Any]:
    return get_run(container, run_id)


@router.get("/households/{household_ref}/explanation", summary="Why a household is (not) eligible")
async def explanation(
    household_ref: str,
    container: ContainerDep,
    actor: ActorDep,
    ruleset: Annotated[str | None, Query(description="Rule set id")] = None,
    as_of: Annotated[str | None, Query(description="dd/mm/yyyy")] = None,
) -> dict[str, Any]:
    date = parse_date(as_of, "as_of")
    result = await run_in_threadpool(
        explain_household, container, household_ref, ruleset_id=ruleset, as_of=date, actor=actor
    )
    return result.as_dict() | {"text": result.lines()}
