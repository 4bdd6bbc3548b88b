"""Staff and their roles: a manager gives roles and records leavers; a leaver can't be
given families, and the keyworker register sent again keeps the roles given here."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.heart.conftest import CLOCK, KEYWORKER, MANAGER, PATHWAYS, TODAY, Heart
from workflow.access.policy import NotAllowed
from workflow.allocation.assignments import AssignmentRefused, assign_champion
from workflow.db.models import Staff
from workflow.staff import (
    StaffNotFound,
    StaffRefused,
    add_staff,
    leave,
    list_staff,
    principal_for,
)


def test_a_manager_adds_a_finance_officer_and_makes_a_keyworker_a_manager(heart: Heart) -> None:
    uow = heart.container.uow
    added = add_staff(
        "FIN1",
        name="Fay Nance",
        email="fay@example.invalid",
        roles=["finance"],
        team=None,
        uow=uow(),
        actor=MANAGER,
    )
    assert (added.staff_ref, added.roles, added.capacity_units) == ("FIN1", ("finance",), 0.0)
    changed = add_staff(
        "KW1",
        name="KW1 Worker",
        email="kw1@example.invalid",
        roles=["keyworker", "manager"],
        team="North",
        uow=uow(),
        actor=MANAGER,
    )
    assert changed.roles == ("keyworker", "manager")
    assert changed.capacity_units == 12.0  # their caseload capacity is kept
    assert sorted(principal_for(uow(), "KW1").role_names.split(",")) == ["keyworker", "manager"]


def test_only_a_manager_or_admin_gives_roles(heart: Heart) -> None:
    with pytest.raises(NotAllowed, match="Only a"):
        add_staff(
            "X1",
            name="X",
            email="x@example.invalid",
            roles=["manager"],
            team=None,
            uow=heart.container.uow(),
            actor=KEYWORKER,
        )


@pytest.mark.parametrize(
    ("roles", "email", "message"),
    [
        (["wizard"], "w@example.invalid", "‘wizard’ is not a role"),
        ([], "w@example.invalid", "Give at least one role"),
        (["finance"], "not-an-address", "is not an email address"),
        (["finance"], "kw2@example.invalid", "is already KW2's email address"),
    ],
)
def test_bad_staff_details_are_refused_and_nothing_is_added(
    heart: Heart, roles: list[str], email: str, message: str
) -> None:
    with pytest.raises(StaffRefused, match=message):
        add_staff(
            "NEW1",
            name="New",
            email=email,
            roles=roles,
            team=None,
            uow=heart.container.uow(),
            actor=MANAGER,
        )
    with heart.container.engine.connect() as connection:
        assert connection.execute(select(Staff.id).where(Staff.staff_ref == "NEW1")).first() is None


def test_a_leaver_keeps_their_families_until_rebalanced_and_gets_no_more(heart: Heart) -> None:
    uow = heart.container.uow
    assign_champion(
        "H1", "KW1", uow=uow(), clock=CLOCK, actor=MANAGER, reason="first", pathways=PATHWAYS
    )
    member, families = leave("KW1", reason="new job", uow=uow(), clock=CLOCK, actor=MANAGER)
    assert (member.active, member.left_on, families) == (False, TODAY, 1)
    assert [m.staff_ref for m in list_staff(uow=uow())] == ["KW2", "MGR1", "MGR2"]
    assert "KW1" in [m.staff_ref for m in list_staff(uow=uow(), everyone=True)]
    with pytest.raises(StaffNotFound, match="in post"):
        principal_for(uow(), "KW1")
    with pytest.raises(AssignmentRefused, match="KW1 has left"):
        assign_champion(
            "H2", "KW1", uow=uow(), clock=CLOCK, actor=MANAGER, reason="x", pathways=PATHWAYS
        )
    with pytest.raises(StaffRefused, match="already left"):
        leave("KW1", reason="twice", uow=uow(), clock=CLOCK, actor=MANAGER)


def test_the_register_sent_again_keeps_roles_given_in_the_engine(heart: Heart) -> None:
    import pandas as pd

    from imports.loading.register import load_keyworkers

    add_staff(
        "KW1",
        name="KW1 Worker",
        email="kw1@example.invalid",
        roles=["keyworker", "manager"],
        team="North",
        uow=heart.container.uow(),
        actor=MANAGER,
    )
    frame = pd.DataFrame(
        {
            "staff_ref": ["KW1", "KW9"],
            "name": ["KW1 Worker", "Nine"],
            "email": ["kw1@example.invalid", "kw9@example.invalid"],
            "team": ["North", "North"],
            "locality": [None, None],
            "capacity_units": [12.0, 10.0],
            "specialisms": [[], []],
            "languages": [[], []],
            "source_row": [2, 3],
        }
    )
    uow = heart.container.uow()
    with uow:
        load_keyworkers(uow.connection, frame, batch_id=None, now=CLOCK.now())  # type: ignore[arg-type]
        uow.commit()
    with heart.container.engine.connect() as connection:
        roles = dict(connection.execute(select(Staff.staff_ref, Staff.role)).all())
    assert roles["KW1"] == "keyworker,manager"
    assert roles["KW9"] == "keyworker"
