"""
The alerting part plugged into the bot: the webhook route, the alert buttons, the outbox worker.

`start_alerting(…)` is called by bot/app/features.py when KLEPAAS_ALERTMANAGER_TOKEN
is set (without a token the route would refuse everything), with the routing rules
(KLEPAAS_ALERT_ROUTES, default channel SLACK_ALERT_CHANNEL_DEFAULT: `load_router`) and
the clients the composition root built. It starts the outbox worker and the inbox;
`Alerting.close` stops them. With a cluster, every new thread gets its likely cause
(bot/alerting/enrichment.py); with Prometheus, its graph (bot/alerting/alert_graph.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr
from slack_sdk.web.async_client import AsyncWebClient

from alerts import Alertmanager, Route, Router, ThreadRecord, WebhookCredentials
from bot.alerting.alert_graph import AlertGraph
from bot.alerting.buttons import AlertButtons
from bot.alerting.enrichment import DEFAULT_WINDOW, Enricher, IncidentSource
from bot.alerting.inbox import InboxConsumer
from bot.alerting.intake import AlertIntake
from bot.alerting.outbox import OutboxWorker
from bot.alerting.outbox_rows import OutboxRows
from bot.alerting.threads import AlertThreads
from bot.alerting.threads_store import PENDING_TS, DatabaseThreadStore
from bot.graphs.prometheus import Prometheus
from bot.infra.cache import Cache
from bot.infra.metrics import Metrics
from bot.infra.tasks import BackgroundTasks
from bot.messages.replies import Replier
from bot.messages.uploads import Uploader
from bot.policy.rules import Policy
from bot.storage import Database
from bot.storage.audit import Recorder

BASIC_AUTH_USER = "alertmanager"  # basic auth: this username, the token as password


@dataclass(frozen=True)
class Alerting:
    """What start_alerting built (tests and `klepaas check` look at it)."""

    intake: AlertIntake
    buttons: AlertButtons
    threads: AlertThreads
    rows: OutboxRows
    worker: OutboxWorker
    inbox: InboxConsumer
    enricher: Enricher | None = None  # None without a cluster

    async def close(self) -> None:
        await self.inbox.close()  # NB: the inbox first: it feeds the worker
        await self.worker.close()


def load_router(*, routes: Path | None, default_channel: str | None) -> Router:
    """The routing rules; a Router with default_channel "" when no default channel is set."""
    default = default_channel or ""
    if routes is None:
        return Router(rules=(), default_channel=default)
    rules = Router.from_yaml(routes, default_channel=default or "#unrouted").rules
    return Router(rules=rules, default_channel=default)


async def start_alerting(
    *,
    token: SecretStr,
    router: Router,
    db: Database,
    cache: Cache,
    metrics: Metrics,
    slack: AsyncWebClient,
    outbox_slack: AsyncWebClient,
    replier: Replier,
    recorder: Recorder,
    policy: Policy,
    alertmanager: Alertmanager | None,
    tasks: BackgroundTasks,
    cluster: IncidentSource | None = None,
    prometheus: Prometheus | None = None,
    cause_window: dt.timedelta = DEFAULT_WINDOW,
    poll_interval: float = 0.5,
    backoff_base: float = 1.0,
    groups_of: Callable[[str], Awaitable[frozenset[str]]] | None = None,
) -> Alerting:
    """Build the part and start its outbox worker (which resumes rows a previous run left pending).

    `outbox_slack` is a Slack client without 429 retries: the worker reschedules by Retry-After
    itself (outbox.py); `slack` looks up a clicker's name for a silence's createdBy.
    """
    rows = OutboxRows(db)
    worker = OutboxWorker(
        rows=rows, slack=outbox_slack, metrics=metrics, poll_interval=poll_interval, backoff_base=backoff_base
    )
    threads = AlertThreads(store=DatabaseThreadStore(db), cache=cache, wake=worker.wake)
    graph = None
    if prometheus is not None:

        async def parent_ts(thread_id: str) -> str | None:
            record = await threads.store.by_thread_id(thread_id)
            return record.parent_ts if record is not None and record.parent_ts != PENDING_TS else None

        graph = AlertGraph(
            prometheus=prometheus, uploader=Uploader(slack=slack, metrics=metrics), parent_ts=parent_ts, metrics=metrics
        )
    enricher = None
    if cluster is not None:
        enricher = Enricher(
            cluster=cluster, db=db, wake=worker.wake, metrics=metrics, tasks=tasks, window=cause_window, after=graph
        )
    inbox = InboxConsumer(
        db=db,
        threads=threads,
        cache=cache,
        router=router,
        metrics=metrics,
        poll_interval=poll_interval,
        on_new_thread=_on_new_thread(enricher, graph, tasks),
    )
    intake = AlertIntake(
        credentials=WebhookCredentials(bearer_token=token, username=BASIC_AUTH_USER, password=token),
        router=router,
        db=db,
        inbox=inbox,
        metrics=metrics,
    )
    buttons = AlertButtons(
        threads=threads,
        alertmanager=alertmanager,
        slack=slack,
        replier=replier,
        recorder=recorder,
        policy=policy,
        groups_of=groups_of,
    )
    worker.start()
    inbox.start()  # plans what a previous run stored but did not plan
    return Alerting(
        intake=intake, buttons=buttons, threads=threads, rows=rows, worker=worker, inbox=inbox, enricher=enricher
    )


def _on_new_thread(
    enricher: Enricher | None, graph: AlertGraph | None, tasks: BackgroundTasks
) -> Callable[[ThreadRecord, Route], None] | None:
    """What a new thread sets off: the likely cause (then the graph); the graph alone without a cluster."""
    if enricher is not None:
        return enricher.submit
    if graph is None:
        return None
    drawn = graph

    def draw(record: ThreadRecord, route: Route) -> None:
        tasks.spawn(drawn(record), name=f"alerts.graph:{record.thread_id}")

    return draw
