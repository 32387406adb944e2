"""
The deploy runs table: one row per deploy asked for, moved between states by atomic updates.

A state change is `UPDATE … WHERE id = ? AND state IN (…)`: the one caller whose
update touches the row wins, so a double click, a Slack retry or a second
replica cannot approve, reject or expire the same run twice.

A run that is being worked on (queued, approving, rolling out) is leased to the
replica doing it, like a rollout watch (bot/commands/watch_rows.py): the holder
renews the lease while it follows the rollout and releases it on SIGTERM; one
that dies lets it run out. `claim_orphans` then hands each such run to exactly
one replica (one UPDATE can match), and only the holder settles it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from bot.deploying.run import Run
from bot.infra.clock import utcnow
from bot.storage import Database
from bot.storage.deploy_models import UNFINISHED, DeployRun, RunState
from bot.storage.leased_rows import LeasedRows, write_if
from deploys import DeployRequest

__all__ = ["DeployRuns", "new_run_id"]


def new_run_id() -> str:
    return "d" + secrets.token_hex(8)


@dataclass(frozen=True)
class DeployRuns:
    db: Database

    async def create(
        self, request: DeployRequest, *, namespace: str, channel: str | None, owner: str, lease: dt.timedelta
    ) -> Run:
        """The run, queued and leased to `owner` (the replica that will plan and apply it)."""
        run = DeployRun(
            id=new_run_id(),
            state=RunState.QUEUED.value,
            lease_owner=owner,
            lease_until=utcnow() + lease,
            source=request.source.value,
            actor=request.actor[:255],
            repo=request.repo,
            app=request.app,
            namespace=namespace,
            container=request.container,
            image=request.image,
            channel=channel,
            commit=request.commit,
            author=(request.author or "")[:255] or None,
            author_slack=request.author_slack,
            url=request.url,
            message=request.message,
            approval=request.approval.value,
            two_person=request.two_person,
        )
        async with self.db.session() as session:
            session.add(run)
            await session.flush()
            return Run.of(run)

    async def get(self, run_id: str) -> Run | None:
        async with self.db.session() as session:
            row = await session.get(DeployRun, run_id[:32])
            return Run.of(row) if row is not None else None

    async def set(self, run_id: str, **values: Any) -> None:
        async with self.db.session() as session:
            await session.execute(update(DeployRun).where(DeployRun.id == run_id).values(updated_at=utcnow(), **values))

    async def move(self, run_id: str, *, to: RunState, frm: Iterable[RunState], **values: Any) -> bool:
        """Move the run to `to` if it is in one of `frm`; True for the one caller that did."""
        async with self.db.session() as session:
            return await write_if(
                session,
                DeployRun,
                run_id,
                DeployRun.state.in_([s.value for s in frm]),
                state=to.value,
                updated_at=utcnow(),
                **values,
            )

    async def due_for_expiry(self, now: dt.datetime | None = None) -> list[Run]:
        """Runs still waiting for an approval whose time is up."""
        now = now or utcnow()
        async with self.db.session() as session:
            found = await session.execute(
                select(DeployRun).where(
                    DeployRun.state == RunState.AWAITING_APPROVAL.value, DeployRun.expires_at <= now
                )
            )
            return [Run.of(row) for row in found.scalars()]

    # --- leases ------------------------------------------------------------------------------

    @property
    def _leased(self) -> LeasedRows[DeployRun]:
        return LeasedRows(
            self.db,
            DeployRun,
            live=lambda: DeployRun.state.in_([s.value for s in UNFINISHED]),
            touch=lambda: {"updated_at": utcnow()},
        )

    async def claim_orphans(self, *, owner: str, lease: dt.timedelta, limit: int = 50) -> list[Run]:
        """Unfinished runs nobody holds (released, or their holder's lease ran out), now held by `owner`."""
        rows = await self._leased.claim_orphans(
            owner=owner, lease=lease, now=utcnow(), order_by=DeployRun.created_at, limit=limit
        )
        return [Run.of(row) for row in rows]

    async def renew(self, run_id: str, *, owner: str, lease: dt.timedelta) -> bool:
        """Extend the lease; False when `owner` no longer holds the run (or it is finished)."""
        return await self._leased.renew(run_id, owner=owner, until=utcnow() + lease)

    async def release(self, run_id: str, *, owner: str) -> None:
        """Give the run up at once (shutting down): another replica may claim it now."""
        await self._leased.release(run_id, owner=owner)

    async def held(self, run_id: str, *, owner: str, **values: Any) -> bool:
        """Write `values` only while `owner` holds the unfinished run; False otherwise."""
        return await self._leased.held(run_id, owner=owner, **values)
