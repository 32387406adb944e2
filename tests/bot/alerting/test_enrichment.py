"""
The enricher without a cluster behind it: one reply per thread across replicas (the database claim),
a cluster that fails is said in one line, and alert text in the reply is escaped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from typing import Any

from prometheus_client import CollectorRegistry
from sqlalchemy import select

from alerts import Route, parse_webhook, plan_notification
from bot.alerting.enrichment import Enricher
from bot.alerting.outbox_rows import OutboxKind
from bot.infra.metrics import Metrics
from bot.infra.tasks import BackgroundTasks
from bot.storage import Database
from bot.storage.alerting_models import OutboxEntry
from cluster import Incident, errors
from tests.bot.alerting.conftest import pod_alert, webhook


class FakeCluster:
    """An IncidentSource that answers what it was given, and counts the questions."""

    def __init__(self, answer: Incident | Exception) -> None:
        self.answer = answer
        self.asked: list[Mapping[str, str]] = []

    @contextlib.contextmanager
    def deadline(self, seconds: float | None = None) -> Iterator[None]:
        yield None

    async def incident(self, labels: Mapping[str, str], *, until: dt.datetime, window: dt.timedelta) -> Incident:
        self.asked.append(labels)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def record_for(payload: dict[str, Any]):
    group = parse_webhook(json.dumps(payload))
    route = Route(channel="C0ALERTS1")
    return plan_notification(None, group, dt.datetime.now(dt.UTC), route=route).record, route


async def database(tmp_path) -> Database:
    db = Database.connect(f"sqlite+aiosqlite:///{tmp_path / 'e.db'}")
    await db.upgrade()
    return db


def enricher(db: Database, cluster: FakeCluster, woken: list[int]) -> Enricher:
    return Enricher(
        cluster=cluster,
        db=db,
        wake=lambda: woken.append(1),
        metrics=Metrics.create(CollectorRegistry()),
        tasks=BackgroundTasks(),
    )


async def replies(db: Database) -> list[OutboxEntry]:
    async with db.session() as session:
        return list((await session.execute(select(OutboxEntry))).scalars())


async def test_two_replicas_enriching_the_same_thread_queue_one_reply(tmp_path):
    db = await database(tmp_path)
    record, route = record_for(webhook(pod_alert("api-1")))
    nothing = Incident(since=dt.datetime.now(dt.UTC), until=dt.datetime.now(dt.UTC), workload=None)
    first, second = FakeCluster(nothing), FakeCluster(nothing)
    woken: list[int] = []
    try:
        outcomes = [
            await enricher(db, first, woken).enrich(record, route),
            await enricher(db, second, woken).enrich(record, route),
        ]
        assert outcomes == ["no_workload", "claimed_elsewhere"]
        assert len(first.asked) == 1 and second.asked == []  # the second replica asks nothing
        (row,) = await replies(db)
        assert (row.kind, row.thread_id, row.channel) == (str(OutboxKind.POST_REPLY), record.thread_id, "C0ALERTS1")
        assert first.asked[0]["pod"] == "api-1" and woken == [1]
    finally:
        await db.close()


async def test_a_cluster_that_does_not_answer_in_time_is_said_in_one_line(tmp_path):
    db = await database(tmp_path)
    record, route = record_for(webhook(pod_alert("api-1")))
    try:
        outcome = await enricher(db, FakeCluster(errors.Deadline(seconds=10.0)), []).enrich(record, route)
        assert outcome == "failed"
        (row,) = await replies(db)
        assert row.payload["text"].startswith("🔎 I could not check for recent changes (timeout)")
    finally:
        await db.close()


async def test_alert_labels_in_the_reply_are_escaped(tmp_path):
    db = await database(tmp_path)
    hostile = pod_alert("api-1")
    hostile["labels"]["team"] = "<!channel> & <https://evil.example|click>"
    record, route = record_for(webhook(hostile))
    nothing = Incident(since=dt.datetime.now(dt.UTC), until=dt.datetime.now(dt.UTC), workload=None)
    try:
        await enricher(db, FakeCluster(nothing), []).enrich(record, route)
        (row,) = await replies(db)
        text = json.dumps(row.payload)
        assert "<!channel>" not in text and "&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;" in text
    finally:
        await db.close()


async def test_a_claim_its_holder_never_settled_is_taken_over_once_it_is_stale(tmp_path):
    from sqlalchemy import update

    from bot.storage.alerting_models import AlertEnrichment

    db = await database(tmp_path)
    record, route = record_for(webhook(pod_alert("api-1")))
    nothing = Incident(since=dt.datetime.now(dt.UTC), until=dt.datetime.now(dt.UTC), workload=None)
    try:
        async with db.session() as session:  # a replica claimed it and died before queueing its reply
            session.add(AlertEnrichment(thread_id=record.thread_id, owner="gone", claimed_at=dt.datetime.now(dt.UTC)))
        assert await enricher(db, FakeCluster(nothing), []).enrich(record, route) == "claimed_elsewhere"
        async with db.session() as session:
            await session.execute(
                update(AlertEnrichment).values(claimed_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=3))
            )
        assert await enricher(db, FakeCluster(nothing), []).enrich(record, route) == "no_workload"
        assert len(await replies(db)) == 1
    finally:
        await db.close()


def test_the_thread_speaks_the_routing_rules_language_else_the_alerts_own():
    from bot.alerting.enrichment import channel_language

    english = parse_webhook(json.dumps(webhook(pod_alert("api-1"))))
    korean = parse_webhook(json.dumps(webhook(pod_alert("api-1", summary="api 파드가 계속 재시작돼요"))))
    assert channel_language(english, Route(channel="C0ALERTS1")) == "en"
    assert channel_language(korean, Route(channel="C0ALERTS1")) == "ko"
    assert channel_language(english, Route(channel="C0ALERTS1", lang="ko")) == "ko"
