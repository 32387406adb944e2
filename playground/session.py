"""
One playground session: the local "Slack" a bot is started against, and the page to use it.

It generates the secrets a Slack app would have (bot token, signing secret) and the alert
webhook token, serves the Web API stand-in, the Alertmanager silences stand-in and the page
on one loopback port, and says which settings the bot must run with to talk to them
(`environment()`, by variable name). Every request to that port passes the page's guard
(playground/guard.py). The bot itself is started by `klepaas playground` (playground/launch.py),
which also picks the cluster: the DEMO, or a kube context only when one is asked for.
"""

from __future__ import annotations

import errno
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web

from playground.alerts import AlertDrill, SilencesStandIn
from playground.guard import PageGuard
from playground.page import CHANNEL, USER, ChannelPage
from playground.slack_api import SlackWebApi

if TYPE_CHECKING:
    from playground.cluster.shop import DemoCluster

__all__ = ["POLICY", "Playground", "first_free_port"]

# The playground's person may change things (the demo is for trying changes); everyone else reads.
POLICY = f"""\
roles:
  playground:
    users: [{USER}]
    allow: [restart, scale, rollback, deploy]
"""


def first_free_port(host: str = "127.0.0.1", start: int = 3000, tries: int = 100) -> int:
    """`start`, or the next port after it that nobody listens on."""
    for port in range(start, start + tries):
        with socket.socket() as probe:
            try:
                probe.bind((host, port))
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE:
                    raise
                continue
            return port
    raise OSError(errno.EADDRINUSE, f"no free port in {start}-{start + tries - 1}")


@dataclass
class Playground:
    port: int  # the page and the stand-ins
    bot_port: int  # the bot's own server (/slack/events, /readyz, /alerts/alertmanager)
    workdir: Path  # the policy file and the database live here, for this session only
    slack: SlackWebApi = field(
        default_factory=lambda: SlackWebApi(
            token=f"xoxb-playground-{secrets.token_hex(12)}", epoch=None, opened_hooks_only=True
        )
    )
    signing_secret: str = field(default_factory=lambda: secrets.token_hex(16))
    alert_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    silences: SilencesStandIn = field(default_factory=SilencesStandIn)
    page: ChannelPage | None = None
    demo: DemoCluster | None = None  # the DEMO cluster, when it is the one the bot drives
    _runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/playground"

    @property
    def bot_url(self) -> str:
        return f"http://127.0.0.1:{self.bot_port}"

    def environment(self) -> dict[str, str]:
        """The bot's settings for this session, by variable name (README's table)."""
        policy = self.workdir / "policy.yaml"
        policy.write_text(POLICY, encoding="utf-8")
        base = f"http://127.0.0.1:{self.port}"
        return {
            "SLACK_BOT_TOKEN": self.slack.token,
            "SLACK_SIGNING_SECRET": self.signing_secret,
            "SLACK_API_URL": f"{base}/api/",
            "SLACK_ALERT_CHANNEL_DEFAULT": CHANNEL,
            "KLEPAAS_ALERTMANAGER_TOKEN": self.alert_token,
            "ALERTMANAGER_URL": f"{base}{self.silences.prefix}",
            "KLEPAAS_POLICY": str(policy),
            "DATABASE_URL": f"sqlite+aiosqlite:///{self.workdir / 'playground.db'}",
            "KLEPAAS_HOST": "127.0.0.1",
            "PORT": str(self.bot_port),
        }

    async def start(self, *, cluster_label: str) -> None:
        """Serve the stand-ins and the page; `cluster_label` is shown on the page ("DEMO" or a context)."""
        self.page = ChannelPage(
            slack=self.slack,
            events_url=f"{self.bot_url}/slack/events",
            signing_secret=self.signing_secret,
            drill=AlertDrill(url=f"{self.bot_url}/alerts/alertmanager", token=self.alert_token),
            cluster_label=cluster_label,
        )
        app = web.Application(middlewares=[PageGuard(port=self.port, token=self.page.token).middleware])
        app.router.add_routes([*self.slack.routes(), *self.silences.routes(), *self.page.routes()])
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        self.slack.port = self.port
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self.slack.wake()  # NB: or cleanup() waits for every page's long poll to time out
            await self._runner.cleanup()
