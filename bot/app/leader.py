"""
Leader election: which replica runs the singleton work (resuming rollout watches,
draining the alert outbox, housekeeping).

The lease lives in a coordination.k8s.io/v1 Lease when the bot runs in a
cluster (cluster/leases.py; the chart's Role allows exactly that), and in the
database's leader_leases row otherwise (every replica shares the database). A
replica is leader only while its last successful renewal is younger than the
lease duration, counted from before the renewal was sent, so a replica that
cannot reach the store stops acting as leader before anyone else can take
over. Correctness never rests on this alone: outbox rows, confirmations and
rollout watches carry their own leases in the database (fencing); the leader
only keeps the work from being done by every replica at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import structlog
from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.infra.clock import utcnow
from bot.infra.metrics import Metrics
from bot.storage import Database
from bot.storage.dml import execute_dml
from bot.storage.lease_models import LeaderLease
from cluster.errors import ClusterError

if TYPE_CHECKING:
    from cluster import Cluster

log = structlog.get_logger(__name__)

__all__ = ["DatabaseLease", "KubernetesLease", "LeaderElection", "LeaseStore"]

LEASE_NAME = "klepaas-leader"


class LeaseStore(Protocol):
    async def hold(self, *, holder: str, seconds: float) -> bool: ...
    async def release(self, *, holder: str) -> None: ...


@dataclass(frozen=True)
class DatabaseLease:
    """The lease as one row: taken when free or expired, renewed by its holder (one UPDATE either way)."""

    db: Database
    name: str = LEASE_NAME
    clock: Callable[[], dt.datetime] = utcnow

    async def hold(self, *, holder: str, seconds: float) -> bool:
        now = self.clock()
        until = now + dt.timedelta(seconds=seconds)
        async with self.db.session() as session:
            taken = await execute_dml(
                session,
                update(LeaderLease)
                .where(LeaderLease.name == self.name, or_(LeaderLease.holder == holder, LeaderLease.expires_at <= now))
                .values(holder=holder, renewed_at=now, expires_at=until)
                .execution_options(synchronize_session=False),
            )
            if taken.rowcount == 1:
                return True
        try:
            async with self.db.session() as session:
                session.add(
                    LeaderLease(name=self.name, holder=holder, acquired_at=now, renewed_at=now, expires_at=until)
                )
        except IntegrityError:
            return False  # someone holds it (the row exists, live)
        return True

    async def release(self, *, holder: str) -> None:
        async with self.db.session() as session:
            await session.execute(
                update(LeaderLease)
                .where(LeaderLease.name == self.name, LeaderLease.holder == holder)
                .values(expires_at=self.clock())
                .execution_options(synchronize_session=False)
            )


@dataclass(frozen=True)
class KubernetesLease:
    cluster: Cluster
    namespace: str
    name: str = LEASE_NAME

    async def hold(self, *, holder: str, seconds: float) -> bool:
        return await self.cluster.hold_lease(
            self.name, namespace=self.namespace, holder=holder, seconds=max(1, round(seconds))
        )

    async def release(self, *, holder: str) -> None:
        await self.cluster.release_lease(self.name, namespace=self.namespace, holder=holder)


class LeaderElection:
    """Hold the lease while running; `is_leader` says whether this replica may do singleton work now."""

    def __init__(
        self,
        store: LeaseStore,
        *,
        holder: str,
        duration: float,
        metrics: Metrics,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.holder = holder
        self.duration = duration
        self._metrics = metrics
        self._clock = clock
        self._valid_until = 0.0
        self._was_leader = False
        self.elected_at: float | None = None

    @property
    def is_leader(self) -> bool:
        return self._clock() < self._valid_until

    async def step(self) -> bool:
        """One attempt to take or renew the lease; returns is_leader."""
        asked = self._clock()
        try:
            held = await self.store.hold(holder=self.holder, seconds=self.duration)
        except (SQLAlchemyError, OSError, ClusterError) as exc:
            log.warning("leader.renew_failed", error=type(exc).__name__)
            held = False
        if held:
            self._valid_until = asked + self.duration
        leader = self.is_leader
        if leader != self._was_leader:
            self.elected_at = self._clock() if leader else None
            log.info("leader.elected" if leader else "leader.lost", holder=self.holder)
            self._metrics.leader.set(1 if leader else 0)
            self._was_leader = leader
        return leader

    async def run(self) -> None:
        """Renew every third of the lease until cancelled; then give the lease up for the next replica."""
        try:
            while True:
                await self.step()
                await asyncio.sleep(self.duration / 3)
        finally:
            if self._was_leader:
                self._valid_until = 0.0
                self._metrics.leader.set(0)
                with contextlib.suppress(Exception):
                    await asyncio.shield(self.store.release(holder=self.holder))
                log.info("leader.released", holder=self.holder)
