"""Migrations build the same schema on an empty SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select

from bot.storage import AuditEntry, Base, Database
from tests.support.services import postgres_server


async def _tables(db: Database) -> set[str]:
    async with db.engine.connect() as connection:
        return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))


async def _roundtrip(url: str) -> set[str]:
    db = Database.connect(url)
    try:
        await db.upgrade()
        await db.upgrade()  # a second run is a no-op
        async with db.session() as session:
            session.add(
                AuditEntry(user_id="U1", source="slash", action="scale", outcome="denied", detail={"why": "policy"})
            )
        async with db.session() as session:
            row = (await session.execute(select(AuditEntry))).scalar_one()
        assert (row.user_id, row.action, row.outcome, row.detail) == ("U1", "scale", "denied", {"why": "policy"})
        return await _tables(db)
    finally:
        await db.close()


async def test_migrations_on_empty_sqlite(tmp_path):
    tables = await _roundtrip(f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}")
    assert set(Base.metadata.tables) <= tables


@pytest.fixture(scope="module")
def postgres_url():
    with postgres_server() as url:
        yield url


async def test_migrations_on_postgresql(postgres_url):
    tables = await _roundtrip(postgres_url)
    assert set(Base.metadata.tables) <= tables
