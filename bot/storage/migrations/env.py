"""Alembic environment: runs on the connection the bot hands over, or opens its own."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage import alerting_models, change_models, deploy_models, lease_models  # noqa: F401 - their tables join Base.metadata
from bot.storage.models import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.config.get_main_option("sqlalchemy.url")
    if url is None:  # NB: alembic_config() always sets it; a hand-written alembic.ini might not
        raise RuntimeError("sqlalchemy.url is not set in the Alembic configuration")
    asyncio.run(_run_async(url))
