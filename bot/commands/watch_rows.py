"""
Rollout watches as rows (rollout_watches), so a restart or a second replica resumes them.

A watch is created already leased to the replica that applied the change. Its
holder renews the lease while it follows the rollout; a holder that stops
(SIGTERM) releases it at once, one that dies lets it run out. Either way
`claim_orphans` hands the row to exactly one other replica: each claim is an
`UPDATE … WHERE id = ? AND state = 'watching' AND (lease_until IS NULL OR
lease_until <= now)`, and only one UPDATE can match (bot/storage/leased_rows.py). Settling (`close`) is done
only by the holder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from bot.infra.clock import utcnow
from bot.storage import Database
from bot.storage.change_models import RolloutWatchRow, WatchState
from bot.storage.cluster_json import applied_from_json, applied_to_json
from bot.storage.leased_rows import LeasedRows
from cluster import ChangeApplied
from intents.language import Language

__all__ = ["WatchRows", "Watched"]


@dataclass(frozen=True, slots=True)
class Watched:
    """One confirmed change being followed, and where its message is."""

    applied: ChangeApplied
    record_id: int  # deployment_history.id
    channel: str
    ts: str
    confirmed_by: str
    lang: Language
    started_at: dt.datetime
    deadline_at: dt.datetime  # past it, the watch gives up (timed out), or cannot be resumed (interrupted)
    pending_id: str | None = None
    row_id: int | None = None


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)  # NB: SQLite returns naive UTC


def _watched(row: RolloutWatchRow) -> Watched:
    return Watched(
        applied=applied_from_json(row.applied),
        record_id=row.record_id,
        channel=row.channel,
        ts=row.ts,
        confirmed_by=row.confirmed_by,
        lang=row.lang,  # type: ignore[arg-type]
        started_at=_aware(row.started_at),
        deadline_at=_aware(row.deadline_at),
        pending_id=row.pending_id,
        row_id=row.id,
    )


@dataclass(frozen=True)
class WatchRows:
    db: Database
    clock: Callable[[], dt.datetime] = utcnow

    async def add(self, w: Watched, *, owner: str, lease: dt.timedelta) -> int:
        row = RolloutWatchRow(
            record_id=w.record_id,
            pending_id=w.pending_id,
            app=w.applied.app,
            namespace=w.applied.namespace,
            generation=w.applied.generation,
            applied=applied_to_json(w.applied),
            channel=w.channel,
            ts=w.ts,
            confirmed_by=w.confirmed_by,
            lang=w.lang,
            started_at=w.started_at,
            deadline_at=w.deadline_at,
            state=WatchState.WATCHING.value,
            lease_owner=owner,
            lease_until=self.clock() + lease,
        )
        async with self.db.session() as session:
            session.add(row)
            await session.flush()
            return row.id

    @property
    def _leased(self) -> LeasedRows[RolloutWatchRow]:
        return LeasedRows(self.db, RolloutWatchRow, live=lambda: RolloutWatchRow.state == WatchState.WATCHING.value)

    async def claim_orphans(self, *, owner: str, lease: dt.timedelta, limit: int = 50) -> list[Watched]:
        """Unfinished watches nobody holds (released, or their holder's lease ran out), now held by `owner`."""
        rows = await self._leased.claim_orphans(
            owner=owner, lease=lease, now=self.clock(), order_by=RolloutWatchRow.id, limit=limit
        )
        return [_watched(row) for row in rows]

    async def renew(self, row_id: int, *, owner: str, lease: dt.timedelta) -> bool:
        """Extend the lease; False when `owner` no longer holds the row."""
        return await self._leased.renew(row_id, owner=owner, until=self.clock() + lease)

    async def release(self, row_id: int, *, owner: str) -> None:
        """Give the row up at once (shutting down): another replica may claim it now."""
        await self._leased.release(row_id, owner=owner)

    async def close(self, row_id: int, *, owner: str, state: WatchState) -> bool:
        return await self._leased.held(
            row_id, owner=owner, state=state.value, finished_at=self.clock(), lease_until=None
        )
