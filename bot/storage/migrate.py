"""
`python -m bot.storage.migrate`: migrate DATABASE_URL to head, then exit.

The server runs this as a child process when its database is behind
(Database.upgrade_if_behind), so Alembic is loaded there and not in the server.
"""

from __future__ import annotations

import asyncio
import os

from bot.storage.database import Database


async def upgrade(url: str) -> None:
    db = Database.connect(url)
    try:
        await db.upgrade()
    finally:
        await db.close()


if __name__ == "__main__":
    asyncio.run(upgrade(os.environ["DATABASE_URL"]))
