"""
The deploy runs table: one row per deploy asked for, moved between states by atomic updates.

A state change is `UPDATE … WHERE id = ? AND state IN (…)`: the one caller whose
update touches the row wins, so a double click, a Slack retry or a second
replica cannot approve, reject or expire the same run twice.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from bot.infra.clock import utcnow
from bot.storage import Database
from bot.storage.deploy_models import DeployRun, RunState
from deploys import DeployRequest

__all__ = ["DeployRuns", "new_run_id"]


def new_run_id() -> str:
    return "d" + secrets.token_hex(8)


@dataclass(frozen=True)
class DeployRuns:
    db: Database

    async def create(self, request: DeployRequest, *, namespace: str, channel: str | None) -> DeployRun:
        run = DeployRun(
            id=new_run_id(),
            state=RunState.ROLLING_OUT.value,
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
        return run

    async def get(self, run_id: str) -> DeployRun | None:
        async with self.db.session() as session:
            return await session.get(DeployRun, run_id[:32])

    async def set(self, run_id: str, **values: Any) -> None:
        async with self.db.session() as session:
            await session.execute(update(DeployRun).where(DeployRun.id == run_id).values(updated_at=utcnow(), **values))

    async def move(self, run_id: str, *, to: RunState, frm: Iterable[RunState], **values: Any) -> bool:
        """Move the run to `to` if it is in one of `frm`; True for the one caller that did."""
        async with self.db.session() as session:
            result = await session.execute(
                update(DeployRun)
                .where(DeployRun.id == run_id, DeployRun.state.in_([s.value for s in frm]))
                .values(state=to.value, updated_at=utcnow(), **values)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def due_for_expiry(self, now: dt.datetime | None = None) -> list[DeployRun]:
        """Runs still waiting for an approval whose time is up."""
        now = now or utcnow()
        async with self.db.session() as session:
            found = await session.execute(
                select(DeployRun).where(
                    DeployRun.state == RunState.AWAITING_APPROVAL.value, DeployRun.expires_at <= now
                )
            )
            return list(found.scalars())
