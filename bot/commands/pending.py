"""
Confirmations waiting for a click, kept server-side in the database.

The Confirm and Cancel buttons carry only the pending change's id; the plan
itself never travels through Slack. A Confirm click claims the change with one
`UPDATE … SET state='applying', lease_owner=…, lease_until=… WHERE state =
'pending' AND expires_at > now`, so double clicks, Slack retries and several bot
replicas run a change once. The change is `confirmed` only once its holder has
applied it (`finish`). If the holder dies in between (SIGKILL, eviction), the
change stays `applying` until its lease runs out and is then clickable again: the
next click claims it with `reclaimed=True`, and the caller checks the Deployment
before applying (it may have been applied before the crash). So a click never
hears "already done" about a change nobody applied.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.infra.clock import utcnow
from bot.messages.invocation import Invocation
from bot.storage import Database
from bot.storage.change_models import PendingChange, PendingState
from bot.storage.cluster_json import plan_to_json
from bot.storage.leased_rows import LeasedRows, write_if
from cluster import ChangePlan
from intents import Command

__all__ = ["APPLY_LEASE", "Claim", "PendingChanges"]

APPLY_LEASE = dt.timedelta(seconds=60)  # a holder applies within this (the cluster's deadline is shorter)


@dataclass(frozen=True, slots=True)
class Claim:
    """What a click on Confirm or Cancel found: `won` only for the one click that counts."""

    won: bool
    state: PendingState | None  # the state after the click; None when no such change exists
    change: PendingChange | None = None
    reclaimed: bool = False  # won from a holder whose lease ran out: it may have applied the change

    @property
    def decided_by(self) -> str | None:
        return self.change.decided_by if self.change else None


@dataclass(frozen=True)
class PendingChanges:
    db: Database
    ttl: dt.timedelta
    clock: Callable[[], dt.datetime] = utcnow

    @property
    def _applying(self) -> LeasedRows[PendingChange]:
        """Confirmed changes being applied, each leased to the replica applying it."""
        return LeasedRows(self.db, PendingChange, live=lambda: PendingChange.state == PendingState.APPLYING.value)

    def _new(self, plan: ChangePlan, *, command: dict[str, Any], asked_by: PendingChange | Invocation) -> PendingChange:
        """A pending row for `plan`, asked by a person (or carried over from an earlier row)."""
        now = self.clock()
        return PendingChange(
            id=secrets.token_hex(8),
            created_at=now,
            expires_at=now + self.ttl,
            state=PendingState.PENDING.value,
            team_id=asked_by.team_id,
            user_id=asked_by.user_id,
            channel_id=asked_by.channel_id,
            lang=asked_by.lang,
            intent=plan.intent.value,
            app=plan.app,
            namespace=plan.namespace,
            command=command,
            plan=plan_to_json(plan),
        )

    async def create(self, who: Invocation, command: Command, plan: ChangePlan) -> PendingChange:
        change = self._new(plan, command=command.model_dump(mode="json"), asked_by=who)
        async with self.db.session() as session:
            session.add(change)
        return change

    async def attach_message(self, change_id: str, *, channel: str, ts: str) -> None:
        """Remember where the confirmation was posted, so it can be edited after the click."""
        async with self.db.session() as session:
            await session.execute(
                update(PendingChange)
                .where(PendingChange.id == change_id)
                .values(message_channel=channel, message_ts=ts)
            )

    async def get(self, change_id: str) -> PendingChange | None:
        async with self.db.session() as session:
            return await session.get(PendingChange, change_id)

    async def confirm(self, change_id: str, *, user_id: str, owner: str, lease: dt.timedelta = APPLY_LEASE) -> Claim:
        """Claim the change for applying, leased to `owner` (see the module docstring)."""
        now = self.clock()
        async with self.db.session() as session:
            before = await session.get(PendingChange, change_id)
            was_applying = before is not None and before.state == PendingState.APPLYING.value
            won = await write_if(
                session,
                PendingChange,
                change_id,
                ((PendingChange.state == PendingState.PENDING.value) & (PendingChange.expires_at > now))
                | ((PendingChange.state == PendingState.APPLYING.value) & (PendingChange.lease_until <= now)),
                state=PendingState.APPLYING.value,
                decided_by=user_id,
                decided_at=now,
                lease_owner=owner,
                lease_until=now + lease,
            )
            if not won:
                await self._lapse(session, change_id, now)
            change = await self._reread(session, change_id)
        state = PendingState(change.state) if change else None
        return Claim(won=won, state=state, change=change, reclaimed=won and was_applying)

    async def finish(self, change_id: str, *, owner: str) -> bool:
        """Mark an applied change confirmed; False when `owner` no longer held it (its lease ran out)."""
        return await self._applying.held(
            change_id, owner=owner, state=PendingState.CONFIRMED.value, lease_owner=None, lease_until=None
        )

    async def supersede(self, change: PendingChange, plan: ChangePlan, *, owner: str) -> PendingChange | None:
        """Replace a claimed change whose Deployment moved on by a new pending one with `plan` (same message).

        None when `owner` no longer held the change.
        """
        fresh = self._new(plan, command=change.command, asked_by=change)
        fresh.message_channel, fresh.message_ts = change.message_channel, change.message_ts
        async with self.db.session() as session:
            won = await write_if(
                session,
                PendingChange,
                change.id,
                PendingChange.state == PendingState.APPLYING.value,
                PendingChange.lease_owner == owner,
                state=PendingState.SUPERSEDED.value,
                lease_owner=None,
                lease_until=None,
            )
            if not won:
                return None
            session.add(fresh)
        return fresh

    async def expire_due(self) -> list[PendingChange]:
        """Mark every pending change past its expiry expired; returns those this call expired."""
        now = self.clock()
        expired: list[PendingChange] = []
        async with self.db.session() as session:
            due = (
                (
                    await session.execute(
                        select(PendingChange)
                        .where(PendingChange.state == PendingState.PENDING.value, PendingChange.expires_at <= now)
                        .limit(500)
                    )
                )
                .scalars()
                .all()
            )
            for change in due:
                if await self._lapse(session, change.id, now):
                    expired.append(change)
        return expired

    @staticmethod
    async def _lapse(session: AsyncSession, change_id: str, now: dt.datetime) -> bool:
        """Too late: mark a lapsed confirmation expired, so the next look says so at once."""
        return await write_if(
            session,
            PendingChange,
            change_id,
            PendingChange.state == PendingState.PENDING.value,
            PendingChange.expires_at <= now,
            state=PendingState.EXPIRED.value,
        )

    @staticmethod
    async def _reread(session: AsyncSession, change_id: str) -> PendingChange | None:
        session.expire_all()
        return (await session.execute(select(PendingChange).where(PendingChange.id == change_id))).scalar_one_or_none()

    async def cancel(self, change_id: str, *, user_id: str) -> Claim:
        return await self._decide(change_id, user_id=user_id, to=PendingState.CANCELLED)

    async def _decide(self, change_id: str, *, user_id: str, to: PendingState) -> Claim:
        now = self.clock()
        async with self.db.session() as session:
            won = await write_if(
                session,
                PendingChange,
                change_id,
                PendingChange.state == PendingState.PENDING.value,
                PendingChange.expires_at > now,
                state=to.value,
                decided_by=user_id,
                decided_at=now,
            )
            if not won:
                await self._lapse(session, change_id, now)
            change = await self._reread(session, change_id)
        return Claim(won=won, state=PendingState(change.state) if change else None, change=change)
