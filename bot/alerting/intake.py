"""
POST /alerts/alertmanager: Alertmanager's webhook, answered once the notification is durable.

Answers (Alertmanager retries 5xx, not 4xx; PROTOCOLS.md §7):

- 401 when the Authorization header carries neither the bearer token
  (KLEPAAS_ALERTMANAGER_TOKEN) nor basic auth with that token as the password;
  nothing is read or stored.
- 400 when the body is not an Alertmanager payload v4; the problems are listed.
- 200 {"status": "accepted"} once the raw notification is committed to the
  alert inbox (bot/alerting/inbox.py). That is all 200 promises: the notification
  will be planned into its thread, even across a crash or restart, by the inbox
  consumer shortly after; what it changed (new thread, update, duplicate, …) is
  logged as `alert.planned` and counted in klepaas_alert_notifications_total.
  Re-sends are stored too and recognised there, not here.
- 200 {"status": "unroutable"} when no routing rule claims the group and there
  is no SLACK_ALERT_CHANNEL_DEFAULT: retrying would not help, so the group is
  logged and counted (klepaas_alert_notifications_total{outcome="unroutable"})
  rather than refused; nothing is stored.
- 5xx only when storing failed, so Alertmanager tries again.
"""

from __future__ import annotations

from dataclasses import dataclass

import structlog
from aiohttp import web

from alerts import Router, WebhookCredentials, errors, parse_webhook
from bot.alerting import inbox
from bot.alerting.inbox import InboxConsumer
from bot.infra.metrics import Metrics
from bot.storage import Database

log = structlog.get_logger(__name__)

PATH = "/alerts/alertmanager"


@dataclass(frozen=True)
class AlertIntake:
    credentials: WebhookCredentials
    router: Router  # default_channel "" means: no default channel configured
    db: Database
    inbox: InboxConsumer
    metrics: Metrics

    def routes(self) -> list[web.RouteDef]:
        return [web.post(PATH, self.receive)]

    async def receive(self, request: web.Request) -> web.Response:
        if not self.credentials.accepts(request.headers.get("Authorization")):
            self._count("unauthorized")
            log.warning("alert.unauthorized", remote=request.remote)
            return web.json_response(
                {"error": "unauthorized"}, status=401, headers={"WWW-Authenticate": 'Bearer realm="klepaas"'}
            )
        with self.inbox.receiving():
            body = await request.read()
            try:
                group = parse_webhook(body)
            except errors.InvalidPayload as exc:
                self._count("invalid")
                log.warning("alert.invalid", problems=exc.problems)
                return web.json_response({"error": "invalid payload", "problems": exc.problems}, status=400)
            route = self.router.route(group)
            if not route.channel:
                self._count("unroutable")
                log.warning("alert.unroutable", group_key=group.group_key, labels=dict(group.labels))
                return web.json_response({"status": "unroutable"})
            await inbox.store(self.db, body)
        self.inbox.wake()
        self._count("accepted")
        return web.json_response({"status": "accepted"})

    def _count(self, outcome: str) -> None:
        self.metrics.alerts.labels(outcome=outcome).inc()
