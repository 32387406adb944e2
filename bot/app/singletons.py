"""
The work one replica does for all: resuming rollout watches, draining the alert
outbox, housekeeping. Every replica runs the leader election; only the leader
acts (bot/app/leader.py). A replica that takes over resumes what the old
leader left within one sweep, since the watches, the outbox rows and the
confirmations are rows with their own leases.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]
from sqlalchemy.exc import SQLAlchemyError

from bot.alerting import Alerting
from bot.app.features import Features
from bot.app.housekeeping import Housekeeping
from bot.app.leader import DatabaseLease, KubernetesLease, LeaderElection, LeaseStore
from bot.app.wiring import Clients
from bot.commands.rollout_watch import RolloutWatch
from bot.infra.identity import replica_id
from bot.infra.tasks import BackgroundTasks
from cluster import where

log = structlog.get_logger(__name__)

__all__ = ["Singletons", "build_housekeeping", "build_leader"]

RESUME_EVERY = 2.0  # seconds between sweeps for rollout watches nobody holds


def lease_store(clients: Clients) -> LeaseStore:
    """A coordination.k8s.io Lease in the Pod's namespace inside a cluster; the database's row otherwise."""
    namespace = clients.settings.lease_namespace
    if clients.cluster is not None and namespace and where.in_cluster():
        return KubernetesLease(clients.cluster, namespace=namespace)
    return DatabaseLease(clients.db)


def build_leader(clients: Clients) -> LeaderElection:
    return LeaderElection(
        lease_store(clients),
        holder=replica_id(),
        duration=clients.settings.leader_lease_seconds,
        metrics=clients.metrics,
    )


def build_housekeeping(clients: Clients, features: Features, *, leading: Callable[[], bool]) -> Housekeeping:
    return Housekeeping(
        pending=features.pending,
        replier=clients.replier,
        db=clients.db,
        cache=clients.cache,
        tasks=clients.tasks,
        retention_days=clients.settings.retention_days,
        reminder_minutes=clients.settings.alert_reminder_minutes,
        leading=leading,
    )


@dataclass
class Singletons:
    leader: LeaderElection
    tasks: BackgroundTasks
    rollouts: RolloutWatch
    housekeeping: Housekeeping
    alerting: Alerting | None = None
    resume_every: float = RESUME_EVERY
    scheduler: AsyncIOScheduler = field(default_factory=AsyncIOScheduler)

    def start(self) -> None:
        """Start the election, the sweeps and the scheduler; `close` stops the scheduler."""
        self.tasks.spawn(self.leader.run(), name="leader", daemon=True)
        self.tasks.spawn(self._resume(), name="rollouts.resume", daemon=True)
        if self.alerting is not None:
            self.alerting.worker.leading = lambda: self.leader.is_leader
        logging.getLogger("apscheduler").setLevel(logging.WARNING)  # NB: it logs every run at info
        self.housekeeping.schedule(self.scheduler)
        self.scheduler.start()
        log.info("singletons.started", holder=self.leader.holder, lease=type(self.leader.store).__name__)

    async def _resume(self) -> None:
        while True:
            if self.leader.is_leader:
                try:
                    await self.rollouts.resume()
                except SQLAlchemyError as exc:
                    log.error("rollouts.resume_failed", error=type(exc).__name__)
            await asyncio.sleep(self.resume_every)

    async def close(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
