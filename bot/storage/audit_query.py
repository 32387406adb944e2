"""
Reading the audit log back: for `/klepaas audit` and `klepaas audit export`.

Each row says who tried what, where, when, with what outcome, and as whom the cluster saw it: the
person's Kubernetes user with impersonation, else the bot's ServiceAccount.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select

from bot.infra.acting import SERVICE_ACCOUNT
from bot.storage import AuditEntry, Database

__all__ = ["AuditRow", "export_rows", "recent"]

EXPORT_BATCH = 500


@dataclass(frozen=True, slots=True)
class AuditRow:
    at: dt.datetime
    user_id: str | None
    team_id: str | None
    channel_id: str | None
    source: str
    action: str
    target: str | None
    outcome: str
    identity: str
    detail: dict[str, Any] | None

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditRow:
        at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=dt.UTC)  # SQLite keeps no zone
        identity = (entry.detail or {}).get("identity") or SERVICE_ACCOUNT
        return cls(at, entry.user_id, entry.team_id, entry.channel_id, entry.source, entry.action,
                   entry.target, entry.outcome, str(identity), entry.detail)  # fmt: skip

    def json(self) -> dict[str, Any]:
        """One line of the export, for a SIEM."""
        return {
            "at": self.at.isoformat(),
            "user_id": self.user_id,
            "team_id": self.team_id,
            "channel_id": self.channel_id,
            "source": self.source,
            "action": self.action,
            "target": self.target,
            "outcome": self.outcome,
            "identity": self.identity,
            "detail": self.detail,
        }


def _where(since: dt.datetime, app: str | None, users: frozenset[str] | None) -> list[Any]:
    conditions: list[Any] = [AuditEntry.at >= since]
    if app:
        conditions.append(or_(AuditEntry.target == app, AuditEntry.target.like(f"%/{app}")))
    if users is not None:
        conditions.append(AuditEntry.user_id.in_(sorted(users)))
    return conditions


async def recent(
    db: Database, *, since: dt.datetime, app: str | None = None, users: frozenset[str] | None = None, limit: int = 200
) -> list[AuditRow]:
    """The newest rows first, at most `limit`."""
    statement = select(AuditEntry).where(*_where(since, app, users)).order_by(AuditEntry.id.desc()).limit(limit)
    async with db.session() as session:
        return [AuditRow.of(e) for e in (await session.execute(statement)).scalars()]


async def export_rows(db: Database, *, since: dt.datetime) -> AsyncIterator[AuditRow]:
    """Every row since `since`, oldest first, read in batches."""
    last = 0
    while True:
        statement = (
            select(AuditEntry)
            .where(*_where(since, None, None), AuditEntry.id > last)
            .order_by(AuditEntry.id)
            .limit(EXPORT_BATCH)
        )
        async with db.session() as session:
            batch = list((await session.execute(statement)).scalars())
        for entry in batch:
            yield AuditRow.of(entry)
        if len(batch) < EXPORT_BATCH:
            return
        last = batch[-1].id
