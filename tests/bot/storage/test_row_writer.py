"""The one writer of audit and history rows: batched commits, awaited by callers, drained on close."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import event, func, select, text

from bot.messages.invocation import Invocation
from bot.storage import AuditEntry, CommandRecord, Database
from bot.storage.audit import AUDIT, Recorder
from bot.storage.row_writer import WriterClosed
from intents import Command, Intent, Parsed
from tests.support.services import postgres_server

WHO = Invocation(
    source="slash",
    team_id="T0ACME001",
    user_id="U0ALICE01",
    channel_id="C0OPS0001",
    text="help",
    lang="en",
    response_url=None,
)


def audit_row(i: int) -> dict[str, object]:
    return {
        "team_id": "T1",
        "user_id": f"U{i}",
        "channel_id": "C1",
        "source": "slash",
        "action": "help",
        "target": None,
        "outcome": "ok",
        "detail": {"i": i},
    }


async def count(db: Database, model: type) -> int:
    async with db.session() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


@pytest.fixture(scope="module")
def postgres_url():
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request, tmp_path) -> AsyncIterator[Database]:
    url = (
        f"sqlite+aiosqlite:///{tmp_path / 'rows.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    database = Database.connect(url)
    await database.upgrade()
    async with database.engine.begin() as connection:  # the PostgreSQL cluster is shared by the module
        await connection.execute(text("DELETE FROM audit_log"))
        await connection.execute(text("DELETE FROM command_history"))
    yield database
    await database.close()


async def test_a_hundred_concurrent_commands_are_recorded_in_a_few_commits(db: Database):
    commits = []
    event.listen(db.engine.sync_engine, "commit", lambda _: commits.append(1))
    recorder = Recorder(db)
    parsed = Parsed(Command(intent=Intent.HELP), "builtin", 0.4)
    await asyncio.gather(*(recorder.command(WHO, parsed, outcome="ok", detail={"n": n}) for n in range(100)))
    assert await count(db, AuditEntry) == 100 and await count(db, CommandRecord) == 100
    assert len(commits) <= 5
    async with db.session() as session:
        row = (await session.execute(select(AuditEntry).limit(1))).scalar_one()
    assert (row.user_id, row.action, row.outcome, row.source, row.at is not None) == (
        "U0ALICE01",
        "help",
        "ok",
        "slash",
        True,
    )


async def test_close_writes_every_row_handed_over_and_refuses_later_ones(db: Database):
    pending = [db.writer.submit(AUDIT, audit_row(i)) for i in range(30)]  # nobody waits for these
    await db.writer.close()
    assert all(future.done() and future.exception() is None for future in pending)
    assert await count(db, AuditEntry) == 30
    with pytest.raises(WriterClosed):
        db.writer.submit(AUDIT, audit_row(31))


async def test_a_batch_that_cannot_be_stored_fails_every_caller_waiting_on_it(db: Database):
    async with db.engine.begin() as connection:
        await connection.execute(text("DROP TABLE audit_log"))
    results = await asyncio.gather(*(db.writer.write(AUDIT, audit_row(i)) for i in range(3)), return_exceptions=True)
    assert len(results) == 3 and all(isinstance(result, Exception) for result in results)


async def test_sqlite_runs_in_wal_with_normal_sync_and_no_checkout_ping(tmp_path):
    database = Database.connect(f"sqlite+aiosqlite:///{tmp_path / 'wal.db'}")
    try:
        async with database.engine.connect() as connection:
            mode = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
            sync = (await connection.exec_driver_sql("PRAGMA synchronous")).scalar()
        assert (mode, sync) == ("wal", 1)  # 1 = NORMAL; the row writer switches to FULL for its own commits
        assert database.engine.pool._pre_ping is False
    finally:
        await database.close()
