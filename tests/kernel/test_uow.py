"""The unit of work: one transaction per use case, joined by the services it calls."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, insert, select

from workflow.db.models import Locality
from workflow.uow import TransactionDoomed, UnitOfWork


def count(engine: Engine) -> int:
    with UnitOfWork(engine) as uow:
        return int(uow.connection.execute(select(func.count()).select_from(Locality)).scalar())


def add(uow: UnitOfWork, name: str) -> None:
    """A 'service': opens the unit of work, writes, commits."""
    with uow:
        uow.connection.execute(insert(Locality).values(name=name))
        uow.commit()


def test_leaving_without_commit_rolls_back(migrated_engine: Engine) -> None:
    with UnitOfWork(migrated_engine) as uow:
        uow.connection.execute(insert(Locality).values(name="North"))
    assert count(migrated_engine) == 0


def test_core_and_the_orm_share_one_transaction(migrated_engine: Engine) -> None:
    with UnitOfWork(migrated_engine) as uow:
        uow.connection.execute(insert(Locality).values(name="North"))
        uow.session.add(Locality(name="South"))
        uow.flush()
        seen = uow.connection.execute(select(func.count()).select_from(Locality)).scalar()
        assert seen == 2
        uow.commit()
    assert count(migrated_engine) == 2


def test_a_service_called_inside_another_joins_its_transaction(migrated_engine: Engine) -> None:
    uow = UnitOfWork(migrated_engine)
    with pytest.raises(RuntimeError, match="outer failed"), uow:
        add(uow, "North")  # its commit only marks its part done
        add(uow, "South")
        raise RuntimeError("outer failed")
    assert count(migrated_engine) == 0
    with uow:
        add(uow, "North")
        add(uow, "South")
        uow.commit()
    assert count(migrated_engine) == 2


def test_a_failed_inner_part_dooms_the_whole_use_case(migrated_engine: Engine) -> None:
    uow = UnitOfWork(migrated_engine)
    with uow:
        add(uow, "North")
        try:
            with uow:
                uow.connection.execute(insert(Locality).values(name="East"))
                raise ValueError("inner failed")
        except ValueError:
            pass  # the caller swallowed it, but the inner part did not happen whole
        with pytest.raises(TransactionDoomed, match="none of it was saved"):
            uow.commit()
    assert count(migrated_engine) == 0


def test_a_unit_of_work_serves_one_transaction_after_another(migrated_engine: Engine) -> None:
    uow = UnitOfWork(migrated_engine)
    add(uow, "North")  # e.g. an import's batch, committed so it can be seen
    with uow:
        uow.connection.execute(insert(Locality).values(name="South"))
        # and then its rows, which fail: the first transaction stays
    assert count(migrated_engine) == 1
    with pytest.raises(RuntimeError, match="outside"):
        uow.connection  # noqa: B018


def test_commit_outside_the_block_is_a_mistake(migrated_engine: Engine) -> None:
    with pytest.raises(RuntimeError, match="outside the unit of work"):
        UnitOfWork(migrated_engine).commit()
