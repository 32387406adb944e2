"""
The audit log and the command history: every attempt to act, and every parse, is written here.

Rows go through the database's one batched writer (bot/storage/row_writer.py).
Every method returns once its rows are committed, so a caller that goes on to
say "done" (or to apply a change) knows the attempt is on record; the writer is
drained when the database closes, so a shutdown loses none of them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, cast

import structlog
from sqlalchemy import Table

from bot.infra import acting
from bot.messages.invocation import Invocation
from bot.storage import AuditEntry, CommandRecord, Database
from bot.storage.outcome import Outcome
from intents import Parsed

log = structlog.get_logger(__name__)

# Declarative maps each model to a Table; SQLAlchemy types __table__ as any FromClause.
AUDIT = cast(Table, AuditEntry.__table__)
HISTORY = cast(Table, CommandRecord.__table__)


@dataclass(frozen=True)
class Recorder:
    db: Database

    async def audit(
        self,
        who: Invocation,
        *,
        action: str,
        outcome: Outcome,
        target: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        await self.db.writer.submit(AUDIT, _audit_row(who, action, outcome, target, detail))
        log.info("audit.recorded", action=action, target=target, outcome=outcome)

    async def history(self, who: Invocation, parsed: Parsed, *, outcome: Outcome) -> None:
        await self.db.writer.submit(HISTORY, _history_row(who, parsed, outcome))

    async def command(
        self,
        who: Invocation,
        parsed: Parsed,
        *,
        outcome: Outcome,
        target: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """A command's history row and its audit row, handed over together (usually one commit)."""
        action = parsed.command.intent.value
        await asyncio.gather(
            self.db.writer.submit(HISTORY, _history_row(who, parsed, outcome)),
            self.db.writer.submit(AUDIT, _audit_row(who, action, outcome, target, detail)),
        )
        log.info("audit.recorded", action=action, target=target, outcome=outcome)


def _audit_row(
    who: Invocation, action: str, outcome: Outcome, target: str | None, detail: dict[str, Any] | None
) -> dict[str, Any]:
    if (identity := acting.current()) is not None:  # with impersonation: whom the cluster saw (bot/infra/acting.py)
        detail = {**(detail or {}), "identity": identity}
    return {
        "team_id": who.team_id,
        "user_id": who.user_id,
        "channel_id": who.channel_id,
        "source": who.source,
        "action": action,
        "target": target,
        "outcome": outcome,
        "detail": detail,
    }


def _history_row(who: Invocation, parsed: Parsed, outcome: Outcome) -> dict[str, Any]:
    return {
        "team_id": who.team_id,
        "user_id": who.user_id,
        "channel_id": who.channel_id,
        "text": who.text,
        "command": parsed.command.frame(),
        "intent": parsed.command.intent.value,
        "provider": parsed.provider,
        "latency_ms": round(parsed.latency_ms, 3),
        "outcome": outcome,
    }
