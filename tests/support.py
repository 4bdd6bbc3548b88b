"""Calling the engine's use cases from tests in one line.

Each helper wires what the real entry points wire (a fresh unit of work, a clock showing
the test's date, the acting principal, the rule sets and the data folder's paths) from the
test's container, and calls the real service: nothing here decides anything itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eligibility.catalogue import Catalogue
from workflow.bootstrap import Container
from workflow.clock import Clock, FixedClock
from workflow.principal import Principal
from workflow.screening.service import load_rules


def clock(container: Container, today: dt.date | None) -> Clock:
    return container.clock if today is None else FixedClock(today)


def acting(ref: str | Principal) -> Principal:
    return ref if isinstance(ref, Principal) else Principal.acting(ref)


def rules(container: Container) -> Catalogue:
    return load_rules(container.settings)


def import_file(
    container: Container,
    path: Path,
    kind: str,
    *,
    today: dt.date | None = None,
    submitted_by: str = "system",
    **options: Any,
) -> Any:
    from imports.loading import import_file as service

    return service(
        path,
        kind,
        uow=container.uow(),
        clock=clock(container, today),
        actor=acting(submitted_by),
        reports_dir=container.settings.reports_dir,
        **options,
    )


def screen_households(
    container: Container,
    *,
    ruleset_id: str | None = None,
    as_of: dt.date | None = None,
    actor: str | Principal = "system",
    household_ids: Sequence[int] | None = None,
    today: dt.date | None = None,
    **options: Any,
) -> Any:
    from workflow.screening.service import screen_households as service

    return service(
        uow=container.uow(),
        clock=clock(container, today),
        actor=acting(actor),
        catalogue=options.pop("catalogue", None) or rules(container),
        ruleset_id=ruleset_id or container.settings.ruleset,
        as_of=as_of,
        household_ids=household_ids,
        **options,
    )


def match_lists(
    container: Container,
    *,
    actor: str | Principal = "system",
    today: dt.date | None = None,
    **options: Any,
) -> Any:
    from imports.linkage import match_lists as service

    return service(
        uow=container.uow(),
        clock=clock(container, today),
        actor=acting(actor),
        catalogue=rules(container),
        model_dir=container.settings.model_dir,
        **options,
    )


def decide_pair(
    container: Container,
    review_id: int,
    decision: str,
    *,
    actor: str | Principal,
    reason: str | None = None,
    today: dt.date | None = None,
) -> Any:
    from workflow.matching.decisions import decide_pair as service

    return service(
        review_id,
        decision,
        uow=container.uow(),
        clock=clock(container, today),
        actor=acting(actor),
        catalogue=rules(container),
        reason=reason,
    )


def undo_link(
    container: Container,
    link_id: int,
    *,
    actor: str | Principal,
    reason: str,
    today: dt.date | None = None,
) -> Any:
    from workflow.matching.decisions import undo_link as service

    return service(
        link_id,
        uow=container.uow(),
        clock=clock(container, today),
        actor=acting(actor),
        catalogue=rules(container),
        reason=reason,
    )


def review_queue(
    container: Container, *, actor: str | Principal, limit: int | None = None
) -> list[dict[str, Any]]:
    from workflow.matching.review import review_queue as service

    return service(uow=container.uow(), actor=acting(actor), limit=limit)


def household_links(
    container: Container, household_ref: str, *, actor: str | Principal
) -> dict[str, Any]:
    from workflow.matching.review import household_links as service

    return service(household_ref, uow=container.uow(), actor=acting(actor))


def explain_household(
    container: Container,
    household_ref: str,
    *,
    actor: str | Principal = "system",
    ruleset_id: str | None = None,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
) -> Any:
    from workflow.screening.explaining import explain_household as service

    return service(
        household_ref,
        uow=container.uow(),
        clock=clock(container, today),
        actor=acting(actor),
        catalogue=rules(container),
        default_ruleset=container.settings.ruleset,
        ruleset_id=ruleset_id,
        as_of=as_of,
    )


def compare_rulesets(
    container: Container,
    first: str,
    second: str,
    *,
    as_of: dt.date | None = None,
    actor: str | Principal = "system",
) -> Any:
    from workflow.screening.compare import compare_rulesets as service

    return service(
        first,
        second,
        uow=container.uow(),
        clock=container.clock,
        actor=acting(actor),
        catalogue=rules(container),
        as_of=as_of,
    )


def evaluate_screening(container: Container, truth_dir: Path, as_of: dt.date) -> Any:
    from synth.scoring import evaluate_borough

    return evaluate_borough(truth_dir, as_of, uow=container.uow(), catalogue=rules(container))


def score_matching(container: Container, truth_dir: Path, **options: Any) -> Any:
    from synth.scoring.matching import score_matching as service

    return service(
        truth_dir,
        uow=container.uow(),
        actor=acting("system"),
        model_dir=container.settings.model_dir,
        **options,
    )


def score_partner_rows(container: Container, truth_dir: Path) -> Any:
    from synth.scoring.matching import score_partner_rows as service

    return service(container.uow(), truth_dir)


def rescreen_after_import(
    container: Container,
    batch_id: int,
    *,
    today: dt.date | None = None,
    actor: str | Principal = "system",
) -> Any:
    from workflow.screening.rescreen import rescreen_after_import as service

    return service(
        batch_id,
        uow=container.uow(),
        clock=clock(container, today),
        actor=acting(actor),
        catalogue=rules(container),
    )


def signed_in(
    container: Container, ref: str, *roles: str, scope: str = "read write"
) -> dict[str, str]:
    """The ``Authorization`` header of an API token for ``ref``: the account of the member
    of staff with that reference (roles and team from the register), made if need be; for a
    reference the register doesn't hold, an account of its own with ``roles`` (maybe none).
    Issued through the real service, as ``tfe users token`` does."""
    from sqlalchemy import insert, select

    from workflow.accounts.service import issue_token
    from workflow.db.models import Staff, UserAccount
    from workflow.principal import SYSTEM

    with container.uow() as uow:
        c = uow.connection
        if c.execute(select(UserAccount.id).where(UserAccount.username == ref)).first() is None:
            staff = c.execute(select(Staff.id).where(Staff.staff_ref == ref)).first()
            c.execute(
                insert(UserAccount).values(
                    username=ref,
                    display_name=ref,
                    staff_ref=ref if staff is not None else None,
                    roles=",".join(roles),
                    active=True,
                    failed_attempts=0,
                    must_change_password=False,
                )
            )
        uow.commit()
    issued = issue_token(
        ref, name="tests", scope=scope, uow=container.uow(), clock=container.clock, actor=SYSTEM
    )
    return {"Authorization": f"Bearer {issued.token}"}


class Tokens:
    """``who["KW1"]``: the ``Authorization`` header for ``KW1`` (see ``signed_in``), issued
    on first use and kept for the test."""

    def __init__(self, container: Container, *roles: str) -> None:
        self.container, self.roles = container, roles
        self._issued: dict[str, dict[str, str]] = {}

    def __getitem__(self, ref: str) -> dict[str, str]:
        if ref not in self._issued:
            self._issued[ref] = signed_in(self.container, ref, *self.roles)
        return self._issued[ref]
