"""
The async database handle: engine, sessions, the batched row writer, migrations and the readiness probe.

SQLite (aiosqlite) by default, PostgreSQL (asyncpg) in production. SQLite runs
in WAL mode: readers never wait for the writer. Commits are synchronous=NORMAL
(they survive a crash of the process, not of the machine; no fsync per commit),
except the batched row writer's, which are FULL: the alert inbox answers 200 on
them, and the audit log is kept there (bot/storage/row_writer.py). A SQLite
connection is not pinged on checkout (there is no server to lose); a PostgreSQL
one is, since the server may have closed it while it sat in the pool.

Migrations are Alembic's, imported only when a migration runs: `klepaas serve`
checks the stored revision against `head_revision()` and, when behind, migrates
in a short child process, so the server's own heap never holds Alembic.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from bot.storage.migrations import head_revision
from bot.storage.row_writer import RowWriter

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_BUSY_TIMEOUT = 15  # seconds a writer waits for SQLite's lock


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    from bot.storage.migrations import VERSIONS

    config = Config()
    config.set_main_option("script_location", str(VERSIONS.parent))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@dataclass
class Database:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    writer: RowWriter = field(init=False)

    def __post_init__(self) -> None:
        self.writer = RowWriter(self.engine)

    @classmethod
    def connect(cls, url: str) -> Database:
        options: dict[str, object] = {}
        if url.startswith("sqlite"):
            options["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT}
        else:
            options["pool_pre_ping"] = True
        engine = create_async_engine(url, **options)
        if url.startswith("sqlite"):
            event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return cls(engine=engine, sessions=async_sessionmaker(engine, expire_on_commit=False))

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session inside a transaction: committed on success, rolled back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    async def upgrade(self, revision: str = "head") -> None:
        """Migrate in this process (the CLI's `db upgrade`, tests)."""
        from alembic import command

        def run(connection: Connection) -> None:
            config = alembic_config(str(self.engine.url))
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

        async with self.engine.begin() as connection:
            await connection.run_sync(run)

    async def revision(self) -> str | None:
        """The stored Alembic revision; None for a database never migrated."""
        try:
            async with self.engine.connect() as connection:
                return (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar()
        except SQLAlchemyError:
            return None

    async def upgrade_if_behind(self) -> bool:
        """Migrate to head in a child process when the stored revision is not head; True when it migrated."""
        if await self.revision() == head_revision():
            return False
        # NB: the URL goes through the environment, not argv, where `ps` would show its password.
        env = {**os.environ, "DATABASE_URL": self.engine.url.render_as_string(hide_password=False)}
        child = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.storage.migrate", env=env)
        if await child.wait() != 0:
            raise RuntimeError("the database migration failed; run `klepaas db upgrade` to see why")
        return True

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def close(self) -> None:
        """Write what the row writer still holds, then close every connection."""
        await self.writer.close()
        await self.engine.dispose()
