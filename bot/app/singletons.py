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
from dataclasses import dataclass, field

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]
from sqlalchemy.exc import SQLAlchemyError

from bot.app.deps import Deps
from bot.app.features import Features
from bot.app.housekeeping import Housekeeping
from bot.app.leader import DatabaseLease, KubernetesLease, LeaderElection, LeaseStore
from bot.infra.identity import replica_id
from cluster import where

log = structlog.get_logger(__name__)

__all__ = ["Singletons", "build_leader"]

RESUME_EVERY = 2.0  # seconds between sweeps for rollout watches nobody holds


def lease_store(deps: Deps) -> LeaseStore:
    """A coordination.k8s.io Lease in the Pod's namespace inside a cluster; the database's row otherwise."""
    namespace = deps.settings.lease_namespace
    if deps.cluster is not None and namespace and where.in_cluster():
        return KubernetesLease(deps.cluster, namespace=namespace)
    return DatabaseLease(deps.db)


def build_leader(deps: Deps) -> LeaderElection:
    return LeaderElection(
        lease_store(deps), holder=replica_id(), duration=deps.settings.leader_lease_seconds, metrics=deps.metrics
    )


@dataclass
class Singletons:
    deps: Deps
    features: Features
    leader: LeaderElection
    resume_every: float = RESUME_EVERY
    scheduler: AsyncIOScheduler = field(default_factory=AsyncIOScheduler)

    def start(self) -> None:
        tasks = self.deps.tasks
        tasks.spawn(self.leader.run(), name="leader", daemon=True)
        tasks.spawn(self._resume(), name="rollouts.resume", daemon=True)
        if self.features.alerting is not None:
            self.features.alerting.worker.leading = lambda: self.leader.is_leader
        logging.getLogger("apscheduler").setLevel(logging.WARNING)  # NB: it logs every run at info
        Housekeeping(self.deps, leading=lambda: self.leader.is_leader).schedule(self.scheduler)
        self.scheduler.start()
        self.deps.closers.append(self.close)
        log.info("singletons.started", holder=self.leader.holder, lease=type(self.leader.store).__name__)

    async def _resume(self) -> None:
        while True:
            if self.leader.is_leader:
                try:
                    await self.features.rollouts.resume()
                except SQLAlchemyError as exc:
                    log.error("rollouts.resume_failed", error=type(exc).__name__)
            await asyncio.sleep(self.resume_every)

    async def close(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
