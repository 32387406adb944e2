"""
Confirmations waiting for a click, kept server-side in the database.

The Confirm and Cancel buttons carry only the pending change's id; the plan
itself never travels through Slack. A click claims the change with one
`UPDATE … WHERE state = 'pending' AND expires_at > now`, so double clicks,
Slack retries and several bot replicas run a change exactly once.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from bot.messages.invocation import Invocation
from bot.storage import Database
from bot.storage.change_models import PendingChange, PendingState
from bot.storage.models import utcnow
from cluster import ChangePlan
from intents import Command, Intent

__all__ = ["Claim", "PendingChanges", "plan_from_json", "plan_to_json"]


def plan_to_json(plan: ChangePlan) -> dict[str, Any]:
    return {**dataclasses.asdict(plan), "intent": plan.intent.value}


def plan_from_json(raw: dict[str, Any]) -> ChangePlan:
    return ChangePlan(**{**raw, "intent": Intent(raw["intent"])})


@dataclass(frozen=True, slots=True)
class Claim:
    """What a click on Confirm or Cancel found: `won` only for the one click that counts."""

    won: bool
    state: PendingState | None  # the state after the click; None when no such change exists
    change: PendingChange | None = None

    @property
    def decided_by(self) -> str | None:
        return self.change.decided_by if self.change else None


@dataclass(frozen=True)
class PendingChanges:
    db: Database
    ttl: dt.timedelta
    clock: Callable[[], dt.datetime] = utcnow

    async def create(self, who: Invocation, command: Command, plan: ChangePlan) -> PendingChange:
        now = self.clock()
        change = PendingChange(
            id=secrets.token_hex(8), created_at=now, expires_at=now + self.ttl, state=PendingState.PENDING.value,
            team_id=who.team_id, user_id=who.user_id, channel_id=who.channel_id, lang=who.lang,
            intent=plan.intent.value, app=plan.app, namespace=plan.namespace,
            command=command.model_dump(mode="json"), plan=plan_to_json(plan),
        )
        async with self.db.session() as session:
            session.add(change)
        return change

    async def attach_message(self, change_id: str, *, channel: str, ts: str) -> None:
        """Remember where the confirmation was posted, so it can be edited after the click."""
        async with self.db.session() as session:
            await session.execute(
                update(PendingChange).where(PendingChange.id == change_id).values(message_channel=channel, message_ts=ts)
            )

    async def get(self, change_id: str) -> PendingChange | None:
        async with self.db.session() as session:
            return await session.get(PendingChange, change_id)

    async def confirm(self, change_id: str, *, user_id: str) -> Claim:
        return await self._decide(change_id, user_id=user_id, to=PendingState.CONFIRMED)

    async def cancel(self, change_id: str, *, user_id: str) -> Claim:
        return await self._decide(change_id, user_id=user_id, to=PendingState.CANCELLED)

    async def _decide(self, change_id: str, *, user_id: str, to: PendingState) -> Claim:
        now = self.clock()
        async with self.db.session() as session:
            result = await session.execute(
                update(PendingChange)
                .where(PendingChange.id == change_id, PendingChange.state == PendingState.PENDING.value,
                       PendingChange.expires_at > now)
                .values(state=to.value, decided_by=user_id, decided_at=now)
            )
            won = result.rowcount == 1
            if not won:
                # Too late: mark a lapsed confirmation expired so the next look says so at once.
                await session.execute(
                    update(PendingChange)
                    .where(PendingChange.id == change_id, PendingChange.state == PendingState.PENDING.value,
                           PendingChange.expires_at <= now)
                    .values(state=PendingState.EXPIRED.value)
                )
            change = (await session.execute(select(PendingChange).where(PendingChange.id == change_id))).scalar_one_or_none()
        return Claim(won=won, state=PendingState(change.state) if change else None, change=change)
