"""
One writer for rows that are only appended (audit log, command history, alert inbox): batched inserts.

A caller hands a row over and awaits its commit. While one batch commits, the
rows handed over meanwhile gather into the next one, so fifty concurrent
commands cost one or two Core transactions instead of a hundred ORM sessions.
`close()` (called by Database.close at shutdown) commits everything still
queued; a row handed over after that raises, so nothing is dropped silently.

On SQLite the writer's transactions are synchronous=FULL (on disk when the
commit returns, even across a power loss): the alert inbox answers 200 on it.
The bot's other transactions run with NORMAL (bot/storage/database.py), which
survives a crash of the process; WAL keeps both in commit order.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

import structlog
from sqlalchemy import Table
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = structlog.get_logger(__name__)

MAX_BATCH = 500  # rows per transaction


class WriterClosed(RuntimeError):
    """A row was handed over after shutdown began."""


class RowsNotWritten(RuntimeError):
    """The rows' commit was stopped (cancelled) before it finished."""


class RowWriter:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._sqlite = engine.dialect.name == "sqlite"
        self._queue: list[tuple[Table, dict[str, Any], asyncio.Future[None]]] = []
        self._task: asyncio.Task[None] | None = None
        self._closed = False

    def submit(self, table: Table, values: dict[str, Any]) -> asyncio.Future[None]:
        """Queue one row; the future resolves once it is committed (or fails with the commit's error).

        Every row of one table must carry the same keys (one executemany per table and batch).
        """
        if self._closed:
            raise WriterClosed(f"row for {table.name} after the writer closed")
        loop = asyncio.get_running_loop()
        committed: asyncio.Future[None] = loop.create_future()
        self._queue.append((table, values, committed))
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._drain(), name="storage.row_writer")
        return committed

    async def write(self, table: Table, values: dict[str, Any]) -> None:
        await self.submit(table, values)

    @property
    def queued(self) -> int:
        return len(self._queue)

    async def close(self) -> None:
        self._closed = True
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)

    async def _drain(self) -> None:
        await asyncio.sleep(0)  # NB: let the rows handed over in this loop iteration join the first batch
        while self._queue:
            batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
            await self._commit(batch)

    async def _commit(self, batch: list[tuple[Table, dict[str, Any], asyncio.Future[None]]]) -> None:
        rows: dict[Table, list[dict[str, Any]]] = defaultdict(list)
        for table, values, _ in batch:
            rows[table].append(values)
        failure: BaseException = RowsNotWritten("the writer stopped before the commit")
        written = False
        try:
            async with self._engine.connect() as connection:
                await self._synchronous(connection, "FULL")
                try:
                    async with connection.begin():
                        for table, table_rows in rows.items():
                            await connection.execute(table.insert(), table_rows)
                finally:
                    await self._synchronous(connection, "NORMAL")
            written = True
        except (SQLAlchemyError, OSError) as exc:
            log.error("rows.write_failed", rows=len(batch), tables=sorted(t.name for t in rows), exc_info=exc)
            failure = exc
        finally:  # NB: every waiter hears how its rows went, whatever stopped the commit
            for _, _, committed in batch:
                if not committed.done():
                    committed.set_result(None) if written else committed.set_exception(failure)

    async def _synchronous(self, connection: AsyncConnection, level: str) -> None:
        if self._sqlite:
            await connection.exec_driver_sql(f"PRAGMA synchronous={level}")
            await connection.commit()
