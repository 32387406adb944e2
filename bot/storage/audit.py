"""The audit log and the command history: every attempt to act, and every parse, is written here."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import structlog

from bot.messages.invocation import Invocation
from bot.storage import AuditEntry, CommandRecord, Database
from intents import Parsed

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Recorder:
    db: Database

    async def audit(
        self, who: Invocation, *, action: str, outcome: str, target: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        async with self.db.session() as session:
            session.add(AuditEntry(
                team_id=who.team_id, user_id=who.user_id, channel_id=who.channel_id, source=who.source,
                action=action, target=target, outcome=outcome, detail=detail,
            ))
        log.info("audit.recorded", action=action, target=target, outcome=outcome)

    async def history(self, who: Invocation, parsed: Parsed, *, outcome: str) -> None:
        async with self.db.session() as session:
            session.add(CommandRecord(
                team_id=who.team_id, user_id=who.user_id, channel_id=who.channel_id, text=who.text,
                command=parsed.command.frame(), intent=parsed.command.intent.value, provider=parsed.provider,
                latency_ms=round(parsed.latency_ms, 3), outcome=outcome,
            ))
