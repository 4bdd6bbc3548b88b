"""Screening through the API: rule sets, screening runs, explanations and comparisons.

Dates in requests are ``dd/mm/yyyy`` (as users write them) or ISO ``yyyy-mm-dd``; a date
the engine cannot read, or outside 1900 to 2100, is a 422 naming the field. A screening
moves households along, so it cannot be dated after today: a comparison can.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from api.access import SIGNED_IN, area, family_or_area
from api.deps import (
    RULESET_ID_LENGTH,
    ActorDep,
    ContainerDep,
    HouseholdRef,
    RecordId,
    RulesetId,
    UowDep,
)
from api.errors import InField, RequestProblem, clip
from eligibility import Catalogue, RuleSet, UnknownRuleset, check_file
from eligibility.loading import MAX_FILE_BYTES
from workflow.access.scope import Area, Sight
from workflow.bootstrap import Container
from workflow.domain.vocabulary import RunTrigger
from workflow.principal import Principal
from workflow.screening.compare import compare_rulesets
from workflow.screening.explaining import HouseholdExplanation, explain_household
from workflow.screening.runs import get_run
from workflow.screening.service import ScreeningReport, load_rules, screen_households

router = APIRouter(tags=["screening"])

YEARS = range(1900, 2101)


def parse_date(text: str | None, field: str) -> dt.date | None:
    if text is None or not text.strip():
        return None
    for form in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            date = dt.datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
        if date.year not in YEARS:
            detail = f"‘{field}’ must be a date from 01/01/{YEARS[0]} to 31/12/{YEARS[-1]}."
            raise RequestProblem(422, "date_out_of_range", detail, field)
        return date
    detail = f"‘{field}’ must be a date written dd/mm/yyyy, not ‘{clip(text)}’."
    raise RequestProblem(422, "invalid_date", detail, field)


def known_rules(container: Container, ruleset_id: str | None) -> Catalogue:
    """The rule sets, having checked that one named in the request (not its path) is there."""
    rules = load_rules(container.settings)
    if ruleset_id:
        try:
            rules.get(ruleset_id)
        except UnknownRuleset as exc:
            raise InField(exc, "ruleset") from None
    return rules


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


@router.get("/rulesets", dependencies=[SIGNED_IN], summary="The rule sets the engine knows")
def list_rulesets(container: ContainerDep) -> dict[str, Any]:
    default = container.settings.ruleset
    return {
        "rulesets": [_ruleset_summary(r, default) for r in load_rules(container.settings).all()]
    }


@router.get(
    "/rulesets/{ruleset_id}",
    dependencies=[SIGNED_IN],
    summary="One rule set, with its criteria and sources",
)
def one_ruleset(ruleset_id: RulesetId, container: ContainerDep) -> dict[str, Any]:
    rules = load_rules(container.settings)
    return _ruleset_summary(rules.get(ruleset_id), container.settings.ruleset)


@router.post(
    "/rulesets/check",
    dependencies=[area(Area.SCREENING)],
    summary="Check a rule file: every problem listed at once",
)
async def check_rule_file(container: ContainerDep, file: UploadFile) -> dict[str, Any]:
    name = Path(file.filename or "rules.toml").name
    if not name.endswith(".toml"):
        raise RequestProblem(422, "not_a_rule_file", "Upload a .toml rule file.", "file")
    content = await file.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise RequestProblem(413, "too_large", "A rule file must be 256 KB or smaller.", "file")
    # Checking is CPU work: off the event loop, so /health and others answer meanwhile.
    ruleset = await run_in_threadpool(_check, container, name, content)
    return {"ok": True, "id": ruleset.id, "version": ruleset.version, "hash": ruleset.content_hash}


def _check(container: Container, name: str, content: bytes) -> RuleSet:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        return check_file(path, load_rules(container.settings))


@router.get(
    "/rulesets/{first}/compare/{second}",
    dependencies=[area(Area.SCREENING)],
    summary="Who each rule set finds, who flips",
)
async def compare(
    first: RulesetId,
    second: RulesetId,
    container: ContainerDep,
    actor: ActorDep,
    as_of: Annotated[str | None, Query(description="dd/mm/yyyy (default: today)")] = None,
) -> dict[str, Any]:
    date = parse_date(as_of, "as_of")
    result = await run_in_threadpool(
        compare_rulesets,
        first,
        second,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        catalogue=load_rules(container.settings),
        as_of=date,
    )
    return result.as_dict()


class ScreeningRequest(BaseModel):
    ruleset: str | None = Field(
        None, max_length=RULESET_ID_LENGTH, description="Rule set id (default: the engine's)"
    )
    as_of: str | None = Field(None, description="dd/mm/yyyy, today or earlier (default: today)")


def _screen(container: Container, request: ScreeningRequest, actor: Principal) -> ScreeningReport:
    date, today = parse_date(request.as_of, "as_of"), container.clock.today()
    if date is not None and date > today:
        detail = (
            f"A screening can’t be dated after today ({today:%d/%m/%Y}). To see what the "
            "rules would say on a later date, compare rule sets instead: "
            "GET /rulesets/{first}/compare/{second}?as_of=dd/mm/yyyy."
        )
        raise RequestProblem(422, "as_of_in_future", detail, "as_of")
    return screen_households(
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        catalogue=known_rules(container, request.ruleset),
        ruleset_id=request.ruleset or container.settings.ruleset,
        as_of=date,
        trigger=RunTrigger.API,
    )


@router.post(
    "/screenings",
    dependencies=[area(Area.SCREENING)],
    status_code=201,
    summary="Screen the borough under a rule set",
)
async def run_screening(
    request: ScreeningRequest, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    report = await run_in_threadpool(_screen, container, request, actor)
    return report.as_dict() | {"url": f"/screenings/{report.run_id}"}


@router.get(
    "/screenings/{run_id}",
    dependencies=[area(Area.SCREENING)],
    summary="One screening run: counts by criterion",
)
def screening_run(run_id: RecordId, uow: UowDep) -> dict[str, Any]:
    return get_run(uow, run_id)


def _explain(
    container: Container,
    household_ref: str,
    ruleset: str | None,
    date: dt.date | None,
    actor: Principal,
) -> HouseholdExplanation:
    return explain_household(
        household_ref,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        catalogue=known_rules(container, ruleset),
        default_ruleset=container.settings.ruleset,
        ruleset_id=ruleset,
        as_of=date,
    )


@router.get(
    "/households/{household_ref}/explanation",
    dependencies=[family_or_area(Sight.READ, Area.SCREENING)],
    summary="Why a household is (not) eligible",
)
async def explanation(
    household_ref: HouseholdRef,
    container: ContainerDep,
    actor: ActorDep,
    ruleset: Annotated[
        str | None, Query(max_length=RULESET_ID_LENGTH, description="Rule set id")
    ] = None,
    as_of: Annotated[str | None, Query(description="dd/mm/yyyy")] = None,
) -> dict[str, Any]:
    date = parse_date(as_of, "as_of")
    result = await run_in_threadpool(_explain, container, household_ref, ruleset, date, actor)
    return result.as_dict() | {"text": result.lines()}
