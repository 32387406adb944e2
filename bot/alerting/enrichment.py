"""
The likely-cause reply of a new alert thread: what changed in the cluster before the alert started.

When the inbox consumer opens a thread (Decision.NEW_THREAD), it hands the
record here and goes on; the parent message is already queued in the outbox,
so the enrichment can never hold up the alert. In a task the app owns:

1. Claim the thread in `alert_enrichments` (an INSERT on the primary key): the
   replica whose insert commits does the work, once per thread, however many
   replicas plan or re-plan that group. A claim left unsettled for STALE (its
   holder died between claim and reply) may be taken over by an UPDATE that
   only one replica can win.
2. Ask the cluster, read-only and within the command deadline, what happened
   to the alert's workload in the window before `startsAt` (cluster.incident).
3. Queue the reply (bot/alerting/likely_cause.py) as a POST_REPLY outbox row in
   the same transaction that settles the claim, and wake the outbox worker: the
   worker sends it right after the parent, in order, like every other reply.

Afterwards, with PROMETHEUS_URL set, the alert's graph follows (a `grapher`,
bot/alerting/alert_graph.py). Who made a revision comes from the bot's own
deploy history when the bot made it (a person's Slack ID), else the cluster's
change-cause or field manager.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractContextManager
from typing import Any, Protocol

import structlog
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from alerts import AlertGroup, Route, ThreadRecord
from bot.alerting.likely_cause import likely_cause_message
from bot.alerting.outbox_rows import OutboxKind, enqueue
from bot.infra.clock import utcnow
from bot.infra.identity import replica_id
from bot.infra.metrics import Metrics
from bot.infra.tasks import BackgroundTasks
from bot.messages.builders import notice
from bot.messages.catalog import say
from bot.storage import Database
from bot.storage.alerting_models import AlertEnrichment
from bot.storage.change_models import DeploymentRecord
from bot.storage.dml import execute_dml
from cluster import Incident, errors
from intents.language import Language, detect_language
from templates import Message

log = structlog.get_logger(__name__)

__all__ = ["DEFAULT_WINDOW", "Enricher", "alert_labels", "alert_start"]

DEFAULT_WINDOW = dt.timedelta(minutes=30)
STALE = dt.timedelta(minutes=2)  # far beyond the command deadline: the holder of an older open claim is gone


class IncidentSource(Protocol):
    """What the enricher asks of the cluster (cluster.Cluster has it)."""

    def deadline(self, seconds: float | None = None) -> AbstractContextManager[Any]: ...

    def incident(
        self, labels: Mapping[str, str], *, until: dt.datetime, window: dt.timedelta
    ) -> Awaitable[Incident]: ...


def alert_labels(group: AlertGroup) -> dict[str, str]:
    """The first firing alert's labels under the group's own: `pod` and the like live on the alert."""
    first = next(iter(group.firing or group.alerts), None)
    return {**(first.labels if first is not None else {}), **group.labels}


def alert_start(group: AlertGroup) -> dt.datetime:
    """When the group's trouble started: the earliest startsAt of its firing alerts."""
    return min(alert.starts_at for alert in (group.firing or group.alerts))


def channel_language(group: AlertGroup, route: Route) -> Language:
    """The routing rule's language, else the language of the alert's own summary."""
    if route.lang is not None:
        return route.lang
    text = " ".join(group.common_annotations.get(k, "") for k in ("summary", "description", "message"))
    first = next(iter(group.alerts), None)
    if not text.strip() and first is not None:
        text = " ".join(first.annotations.values())
    return detect_language(text)


class Enricher:
    """Queues one likely-cause reply per new alert thread; `submit` returns at once."""

    def __init__(
        self,
        *,
        cluster: IncidentSource,
        db: Database,
        wake: Callable[[], None],
        metrics: Metrics,
        tasks: BackgroundTasks,
        window: dt.timedelta = DEFAULT_WINDOW,
        after: Callable[[ThreadRecord, Incident | None], Awaitable[object]] | None = None,
        owner: str | None = None,
    ) -> None:
        self._cluster = cluster
        self._db = db
        self._wake = wake
        self._metrics = metrics
        self._tasks = tasks
        self._window = window
        self._after = after
        self._owner = owner or replica_id()

    def submit(self, record: ThreadRecord, route: Route) -> None:
        """Enrich `record`'s thread in the background (the caller holds locks; it must not wait)."""
        self._tasks.spawn(self.enrich(record, route), name=f"alerts.enrich:{record.thread_id}")

    async def enrich(self, record: ThreadRecord, route: Route) -> str:
        """Claim, gather, queue; returns the outcome (also counted in klepaas_alert_enrichments_total)."""
        started = asyncio.get_running_loop().time()
        if not await self._claim(record.thread_id):
            self._metrics.enrichments.labels(outcome="claimed_elsewhere").inc()
            return "claimed_elsewhere"
        lang = channel_language(record.group, route)
        labels = alert_labels(record.group)
        incident: Incident | None = None
        try:
            with self._cluster.deadline():
                incident = await self._cluster.incident(labels, until=alert_start(record.group), window=self._window)
            who = await self._who(incident)
            message = likely_cause_message(incident, who=who, lang=lang, labels=labels)
            outcome = "no_workload" if incident.workload is None else ("found" if incident.found else "nothing")
        except errors.ClusterError as exc:
            log.warning("alert.enrich_failed", thread_id=record.thread_id, error=type(exc).__name__)
            message = self._failed(exc, labels, lang)
            outcome = "failed"
        await self._queue(record, message, outcome)
        elapsed = asyncio.get_running_loop().time() - started
        self._metrics.enrichments.labels(outcome=outcome).inc()
        self._metrics.enrichment_seconds.labels(outcome=outcome).observe(elapsed)
        log.info("alert.enriched", thread_id=record.thread_id, outcome=outcome, seconds=round(elapsed, 3))
        if self._after is not None:
            await self._after(record, incident)
        return outcome

    async def _claim(self, thread_id: str) -> bool:
        now = utcnow()
        try:
            async with self._db.session() as session:
                session.add(AlertEnrichment(thread_id=thread_id, owner=self._owner, claimed_at=now))
            return True
        except IntegrityError:
            pass
        async with self._db.session() as session:
            taken = await execute_dml(
                session,
                update(AlertEnrichment)
                .where(
                    AlertEnrichment.thread_id == thread_id,
                    AlertEnrichment.outcome.is_(None),
                    AlertEnrichment.claimed_at < now - STALE,
                )
                .values(owner=self._owner, claimed_at=now),
            )
        if taken.rowcount == 1:
            log.warning("alert.enrich_reclaimed", thread_id=thread_id, note="its holder never settled the claim")
        return taken.rowcount == 1

    async def _queue(self, record: ThreadRecord, message: Message, outcome: str) -> None:
        async with self._db.session() as session:
            enqueue(
                session,
                kind=OutboxKind.POST_REPLY,
                channel=record.channel,
                thread_id=record.thread_id,
                text=message.text,
                blocks=message.blocks,
            )
            await session.execute(
                update(AlertEnrichment).where(AlertEnrichment.thread_id == record.thread_id).values(outcome=outcome)
            )
        self._wake()

    async def _who(self, incident: Incident) -> dict[int, str]:
        """revision -> the Slack user who confirmed it, for revisions the bot itself made."""
        workload = incident.workload
        if workload is None or not incident.rollouts:
            return {}
        async with self._db.session() as session:
            rows = await session.execute(
                select(DeploymentRecord.revision_after, DeploymentRecord.user_id).where(
                    DeploymentRecord.app == workload.app,
                    DeploymentRecord.namespace == workload.namespace,
                    DeploymentRecord.revision_after.in_([r.revision for r in incident.rollouts]),
                )
            )
            return {after: user for after, user in rows if after is not None and user}

    @staticmethod
    def _failed(exc: errors.ClusterError, labels: Mapping[str, str], lang: Language) -> Message:
        reason = "timeout" if isinstance(exc, errors.Timeout) else type(exc).__name__
        app = labels.get("deployment") or labels.get("app") or "<app>"
        return notice(say("cause.read_failed", lang, reason=reason, app=app))
