"""
The alerting part plugged into the bot: the webhook route, the alert buttons, the outbox worker.

`install_alerting(deps)` is called by bot/features.py when KLEPAAS_ALERTMANAGER_TOKEN
is set (without a token the route would refuse everything). It reads the routing
rules (KLEPAAS_ALERT_ROUTES, default channel SLACK_ALERT_CHANNEL_DEFAULT), builds
the Alertmanager client when ALERTMANAGER_URL is set, starts the outbox worker
(which resumes rows a previous run left pending) and registers a closer that
stops it. What it builds is kept in deps.extras["alerting"].
"""
from __future__ import annotations

from dataclasses import dataclass

import aiohttp
from pydantic import SecretStr

from alerts import Alertmanager, Router, WebhookCredentials
from bot.alerting.buttons import AlertButtons
from bot.alerting.intake import AlertIntake
from bot.alerting.outbox import OutboxWorker
from bot.alerting.outbox_rows import OutboxRows
from bot.alerting.threads import AlertThreads
from bot.alerting.threads_store import DatabaseThreadStore
from bot.app.deps import Deps
from bot.app.slack_client import build_slack_client

BASIC_AUTH_USER = "alertmanager"  # basic auth: this username, the token as password


@dataclass(frozen=True)
class Alerting:
    """What install_alerting built (tests and `klepaas check` look at it)."""

    intake: AlertIntake
    buttons: AlertButtons
    threads: AlertThreads
    rows: OutboxRows
    worker: OutboxWorker


def load_router(deps: Deps) -> Router:
    """The routing rules; a Router with default_channel "" when no default channel is set."""
    settings = deps.settings
    default = settings.slack_alert_channel_default or ""
    if settings.alert_routes_path is None:
        return Router(rules=(), default_channel=default)
    rules = Router.from_yaml(settings.alert_routes_path, default_channel=default or "#unrouted").rules
    return Router(rules=rules, default_channel=default)


async def install_alerting(deps: Deps, *, poll_interval: float = 0.5, backoff_base: float = 1.0) -> Alerting:
    if isinstance(existing := deps.extras.get("alerting"), Alerting):
        return existing  # installed already (e.g. by a test before bot/features.py runs)
    settings = deps.settings
    if settings.alertmanager_token is None:
        raise ValueError("KLEPAAS_ALERTMANAGER_TOKEN is not set: the alert route would refuse every request")
    token = settings.alertmanager_token.get_secret_value()
    rows = OutboxRows(deps.db)
    worker = OutboxWorker(
        rows=rows,
        # NB: no 429 retries inside the client; the worker reschedules by Retry-After (outbox.py).
        slack=build_slack_client(
            token=settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else "",
            base_url=settings.slack_api_url, metrics=deps.metrics, rate_limit_retries=0,
        ),
        cache=deps.cache, metrics=deps.metrics, poll_interval=poll_interval, backoff_base=backoff_base,
    )
    threads = AlertThreads(store=DatabaseThreadStore(deps.db), cache=deps.cache, wake=worker.wake)
    intake = AlertIntake(
        credentials=WebhookCredentials(bearer_token=SecretStr(token), username=BASIC_AUTH_USER,
                                       password=SecretStr(token)),
        router=load_router(deps), threads=threads, metrics=deps.metrics,
    )
    session = aiohttp.ClientSession() if settings.alertmanager_url else None
    alertmanager = Alertmanager(session, settings.alertmanager_url) if session and settings.alertmanager_url else None
    buttons = AlertButtons(threads=threads, alertmanager=alertmanager, slack=deps.slack, replier=deps.replier,
                           recorder=deps.recorder, extras=deps.extras)
    deps.extras.setdefault("routes", []).extend(intake.routes())
    deps.extras.setdefault("listeners", []).append(buttons.register)
    worker.start()
    deps.closers.append(worker.close)
    if session is not None:
        deps.closers.append(session.close)
    alerting = Alerting(intake=intake, buttons=buttons, threads=threads, rows=rows, worker=worker)
    deps.extras["alerting"] = alerting
    return alerting
