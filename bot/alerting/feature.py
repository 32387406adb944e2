"""
The alerting part plugged into the bot: the webhook route, the alert buttons, the outbox worker.

`start_alerting(deps, …)` is called by bot/app/features.py when KLEPAAS_ALERTMANAGER_TOKEN
is set (without a token the route would refuse everything). It reads the routing
rules (KLEPAAS_ALERT_ROUTES, default channel SLACK_ALERT_CHANNEL_DEFAULT), starts
the outbox worker and registers a closer that stops it; the clients it needs are
built by the composition root.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import SecretStr
from slack_sdk.web.async_client import AsyncWebClient

from alerts import Alertmanager, Route, Router, ThreadRecord, WebhookCredentials
from bot.alerting.alert_graph import AlertGraph
from bot.alerting.buttons import AlertButtons
from bot.alerting.enrichment import Enricher
from bot.alerting.inbox import InboxConsumer
from bot.alerting.intake import AlertIntake
from bot.alerting.outbox import OutboxWorker
from bot.alerting.outbox_rows import OutboxRows
from bot.alerting.threads import AlertThreads
from bot.alerting.threads_store import PENDING_TS, DatabaseThreadStore
from bot.app.deps import Deps
from bot.graphs.prometheus import Prometheus
from bot.messages.uploads import Uploader

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


def load_router(deps: Deps) -> Router:
    """The routing rules; a Router with default_channel "" when no default channel is set."""
    settings = deps.settings
    default = settings.slack_alert_channel_default or ""
    if settings.alert_routes_path is None:
        return Router(rules=(), default_channel=default)
    rules = Router.from_yaml(settings.alert_routes_path, default_channel=default or "#unrouted").rules
    return Router(rules=rules, default_channel=default)


async def start_alerting(
    deps: Deps,
    *,
    outbox_slack: AsyncWebClient,
    alertmanager: Alertmanager | None,
    prometheus: Prometheus | None = None,
    poll_interval: float = 0.5,
    backoff_base: float = 1.0,
) -> Alerting:
    """Build the part and start its outbox worker (which resumes rows a previous run left pending).

    `outbox_slack` is a Slack client without 429 retries: the worker reschedules by Retry-After
    itself (outbox.py). The worker's closer is added to `deps.closers`.
    """
    settings = deps.settings
    if settings.alertmanager_token is None:
        raise ValueError("KLEPAAS_ALERTMANAGER_TOKEN is not set: the alert route would refuse every request")
    token = settings.alertmanager_token.get_secret_value()
    rows = OutboxRows(deps.db)
    worker = OutboxWorker(
        rows=rows,
        slack=outbox_slack,
        metrics=deps.metrics,
        poll_interval=poll_interval,
        backoff_base=backoff_base,
    )
    threads = AlertThreads(store=DatabaseThreadStore(deps.db), cache=deps.cache, wake=worker.wake)
    router = load_router(deps)
    enricher = None
    graph = None
    if prometheus is not None:

        async def parent_ts(thread_id: str) -> str | None:
            record = await threads.store.by_thread_id(thread_id)
            return record.parent_ts if record is not None and record.parent_ts != PENDING_TS else None

        graph = AlertGraph(
            prometheus=prometheus,
            uploader=Uploader(slack=deps.slack, metrics=deps.metrics),
            parent_ts=parent_ts,
            metrics=deps.metrics,
        )
    if deps.cluster is not None:
        enricher = Enricher(
            cluster=deps.cluster,
            db=deps.db,
            wake=worker.wake,
            metrics=deps.metrics,
            tasks=deps.tasks,
            window=dt.timedelta(minutes=settings.alert_cause_minutes),
            after=graph,
        )
    inbox = InboxConsumer(
        db=deps.db,
        threads=threads,
        cache=deps.cache,
        router=router,
        metrics=deps.metrics,
        poll_interval=poll_interval,
        on_new_thread=_on_new_thread(enricher, graph, deps),
    )
    intake = AlertIntake(
        credentials=WebhookCredentials(
            bearer_token=SecretStr(token), username=BASIC_AUTH_USER, password=SecretStr(token)
        ),
        router=router,
        db=deps.db,
        inbox=inbox,
        metrics=deps.metrics,
    )
    buttons = AlertButtons(
        threads=threads,
        alertmanager=alertmanager,
        slack=deps.slack,
        replier=deps.replier,
        recorder=deps.recorder,
        policy=deps.policy,
        tasks=deps.tasks,
    )
    worker.start()
    inbox.start()  # plans what a previous run stored but did not plan
    deps.closers.extend([worker.close, inbox.close])  # NB: closers run in reverse: the inbox stops first
    return Alerting(
        intake=intake, buttons=buttons, threads=threads, rows=rows, worker=worker, inbox=inbox, enricher=enricher
    )


def _on_new_thread(
    enricher: Enricher | None, graph: AlertGraph | None, deps: Deps
) -> Callable[[ThreadRecord, Route], None] | None:
    """What a new thread sets off: the likely cause (then the graph); the graph alone without a cluster."""
    if enricher is not None:
        return enricher.submit
    if graph is None:
        return None
    drawn = graph

    def draw(record: ThreadRecord, route: Route) -> None:
        deps.tasks.spawn(drawn(record), name=f"alerts.graph:{record.thread_id}")

    return draw
