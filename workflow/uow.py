"""The unit of work: the one place a database transaction begins and commits.

    with container.uow() as uow:
        uow.connection.execute(...)      # Core statements, fast frame readers, COPY ...
        uow.session.add(...)             # the ORM, on the same connection
        uow.commit()

It is connection-first: the block holds one connection with one transaction open, and the
ORM session (made on first use) is bound to that connection, so Core inserts, the fast
frame readers (``workflow.db.frames``) and ORM objects all go in the same transaction.
Leaving the block without ``commit()``, or by an exception, rolls everything back, so a
use case happens whole or not at all. Nothing outside this module and ``workflow/db``
begins or commits a transaction (``./dev test`` checks it).

**One use case, one transaction.** A service takes ``uow`` and opens it with ``with uow:``.
When a service is called from inside another's block (a review decision re-screens the
households it changed), entering the open unit of work *joins* its transaction: the inner
``commit()`` only says the inner part is complete, and the outermost ``commit()`` commits
it all. An exception that leaves an inner block dooms the whole transaction, even if the
outer code catches it: the outer ``commit()`` then refuses.

A unit of work can be used again after its block ends, for the next transaction (an
import records its batch as running, so the data officer sees it, then stores its rows).
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine, RootTransaction
from sqlalchemy.orm import Session


class TransactionDoomed(RuntimeError):
    """``commit()`` after an inner part of the use case failed: everything is rolled back."""


class UnitOfWork:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None
        self._transaction: RootTransaction | None = None
        self._session: Session | None = None
        self._depth = 0
        self._doomed = False

    @property
    def engine(self) -> Engine:
        """The engine, for what must run outside any transaction (nothing in services)."""
        return self._engine

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._engine.dialect.name

    @property
    def active(self) -> bool:
        return self._depth > 0

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("The unit of work is used outside its 'with' block.")
        return self._connection

    @property
    def session(self) -> Session:
        """An ORM session on the unit of work's connection and transaction."""
        if self._session is None:
            self._session = Session(
                bind=self.connection,
                join_transaction_mode="rollback_only",
                expire_on_commit=False,
                autoflush=True,
            )
        return self._session

    def __enter__(self) -> UnitOfWork:
        if self._depth == 0:
            self._connection = self._engine.connect()
            self._transaction = self._connection.begin()
            self._doomed = False
        self._depth += 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._depth -= 1
        if exc_type is not None:
            self._doomed = True
        if self._depth > 0:
            return
        try:
            if self._transaction is not None and self._transaction.is_active:
                self._transaction.rollback()
        finally:
            if self._session is not None:
                self._session.close()
            if self._connection is not None:
                self._connection.close()
            self._session = self._transaction = self._connection = None

    def commit(self) -> None:
        """Commit the use case (inside a joined block: mark this part complete)."""
        if self._depth == 0 or self._transaction is None:
            raise RuntimeError("commit() outside the unit of work's 'with' block.")
        if self._session is not None:
            self._session.flush()
        if self._depth > 1:
            return
        if self._doomed:
            raise TransactionDoomed(
                "Part of this change failed, so none of it was saved: try again."
            )
        if self._session is not None:  # its objects stay readable, detached
            self._session.close()
            self._session = None
        self._transaction.commit()
        # Whatever the block does after committing is a new transaction of its own.
        self._transaction = self.connection.begin()

    def flush(self) -> None:
        """Send the session's pending changes (ids for new objects) without committing."""
        if self._session is not None:
            self._session.flush()
