"""
Rows one replica at a time holds: each has a `lease_owner` and a `lease_until`.

Rollout watches, deploy runs, confirmations being applied and alert outbox rows are all
such rows. Whoever holds a row renews its lease while it works, writes its result only
while it still holds it, and gives it up on shutdown; a row whose lease ran out (or was
given up) is claimed by the next replica that looks. Every one of those steps is one
`UPDATE … WHERE id = ? AND <held or lapsed>`: the matched-row count says who won, so two
replicas can never both act on one row.

    rows = LeasedRows(db, RolloutWatchRow, live=lambda: RolloutWatchRow.state == "watching")
    claimed = await rows.claim_orphans(owner=me, lease=span, now=utcnow(), order_by=RolloutWatchRow.id)
    if not await rows.renew(row_id, owner=me, until=utcnow() + span): ...  # lost it: stop, write nothing
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.database import Database
from bot.storage.dml import execute_dml

__all__ = ["LeasedRows", "lapsed", "write_if"]

M = TypeVar("M")


def lapsed(model: Any, now: dt.datetime) -> ColumnElement[bool]:
    """Nobody holds the row: never leased, given up, or its holder's lease ran out."""
    return or_(model.lease_until.is_(None), model.lease_until <= now)


async def write_if(session: AsyncSession, model: Any, row_id: object, *conditions: Any, **values: Any) -> bool:
    """`UPDATE model SET values WHERE id = row_id AND conditions`; True when that row matched."""
    result = await execute_dml(
        session,
        update(model)
        .where(model.id == row_id, *conditions)
        .values(**values)
        .execution_options(synchronize_session=False),
    )
    return result.rowcount == 1


@dataclass(frozen=True)
class LeasedRows(Generic[M]):
    """The leased rows of one table; `live` says which rows are still worked on (unfinished)."""

    db: Database
    model: type[M]
    live: Callable[[], ColumnElement[bool]]
    touch: Callable[[], dict[str, Any]] = dict  # columns every held write also sets (e.g. updated_at)

    async def claim_orphans(
        self, *, owner: str, lease: dt.timedelta, now: dt.datetime, order_by: Any, limit: int = 50
    ) -> list[M]:
        """Live rows nobody holds, now held by `owner` (one UPDATE each: a row another replica took is skipped)."""
        model: Any = self.model
        async with self.db.session() as session:
            found = await session.execute(
                select(model.id).where(self.live(), lapsed(model, now)).order_by(order_by).limit(limit)
            )
            ids = list(found.scalars())
        claimed: list[M] = []
        for row_id in ids:
            async with self.db.session() as session:
                won = await write_if(
                    session,
                    model,
                    row_id,
                    self.live(),
                    lapsed(model, now),
                    lease_owner=owner,
                    lease_until=now + lease,
                )
                row = await session.get(model, row_id) if won else None
                if row is not None:
                    claimed.append(row)
        return claimed

    async def held(self, row_id: object, *, owner: str, **values: Any) -> bool:
        """Write `values` only while `owner` holds the live row; False when it does not (any more)."""
        model: Any = self.model
        async with self.db.session() as session:
            return await write_if(
                session, model, row_id, self.live(), model.lease_owner == owner, **self.touch(), **values
            )

    async def renew(self, row_id: object, *, owner: str, until: dt.datetime) -> bool:
        """Extend the lease; False when `owner` no longer holds the row."""
        return await self.held(row_id, owner=owner, lease_until=until)

    async def release(self, row_id: object, *, owner: str) -> bool:
        """Give the row up at once (shutting down): another replica may claim it now."""
        return await self.held(row_id, owner=owner, lease_owner=None, lease_until=None)
