"""
The health of each part the bot uses, one sentence each: for `/readyz` and `klepaas check`.

A part can answer and still be unusable: a PostgreSQL database nobody migrated accepts
connections, then every command fails. `NotReady` carries what to do about it; any other
exception from a probe means the part did not answer, and its type names why.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.infra.cache import Cache
from bot.infra.settings import Settings
from bot.storage import Database
from bot.storage.migrations import head_revision
from cluster.errors import ClusterError

if TYPE_CHECKING:  # NB: cluster.Cluster loads the kubernetes client; a bot without a cluster never needs it
    from cluster import Cluster

__all__ = ["NO_CLUSTER", "NOT_MIGRATED", "PROBE_FAILURES", "Line", "NotReady", "database", "report"]

NOT_MIGRATED = "database not migrated: run `klepaas db upgrade`"
NO_CLUSTER = "no cluster configured: set KUBECONFIG (and KLEPAAS_KUBE_CONTEXT), or run the bot in a cluster"
PROBE_SECONDS = 5.0


class NotReady(Exception):
    """A part answers but cannot be used; the message says what to do."""


# How a probed part fails: it says why (NotReady), or it does not answer (a timeout is an OSError;
# so is bot.infra.cache.CacheUnavailable).
PROBE_FAILURES = (NotReady, OSError, SQLAlchemyError, ClusterError, SlackClientError, aiohttp.ClientError)


async def database(db: Database) -> str:
    """Reachable and migrated to head; returns the revision."""
    await db.ping()
    revision = await db.revision()
    if revision is None:
        raise NotReady(NOT_MIGRATED)
    if revision != (head := head_revision()):
        raise NotReady(f"database at revision {revision}, behind {head}: run `klepaas db upgrade`")
    return f"migrated (revision {revision})"


@dataclass(frozen=True, slots=True)
class Line:
    name: str
    status: str  # "ok", "FAIL", or "skip" for a part that is not configured and not needed
    detail: str

    def __str__(self) -> str:
        return f"{self.status:<5} {self.name}: {self.detail}"


async def _probe(name: str, probe: Callable[[], Awaitable[str]]) -> Line:
    try:
        async with asyncio.timeout(PROBE_SECONDS):
            return Line(name, "ok", await probe())
    except NotReady as exc:
        return Line(name, "FAIL", str(exc))
    except SlackApiError as exc:
        return Line(name, "FAIL", f"Slack answered {exc.response.get('error')!r}: check SLACK_BOT_TOKEN")
    except TimeoutError:
        return Line(name, "FAIL", f"no answer within {PROBE_SECONDS:.0f} s")
    except PROBE_FAILURES as exc:  # a check reports a failure by its type and goes on to the next part
        return Line(name, "FAIL", f"did not answer ({type(exc).__name__})")


async def report(
    settings: Settings, *, slack: AsyncWebClient, cluster: Cluster | None, db: Database, cache: Cache
) -> list[Line]:
    """One line per part: Slack auth, Kubernetes, database, Redis, Alertmanager, LLM keys."""
    lines: list[Line] = []

    async def authenticated() -> str:
        answer = await slack.auth_test()
        return f"authenticated as {answer.get('user')} in {answer.get('team')}"

    if settings.slack_bot_token is None:
        lines.append(Line("slack", "FAIL", "SLACK_BOT_TOKEN is not set"))
    else:
        lines.append(await _probe("slack", authenticated))
    if cluster is None:
        lines.append(Line("kubernetes", "FAIL", NO_CLUSTER))
    else:
        found = cluster
        lines.append(await _probe("kubernetes", lambda: _version(found.ping())))
    lines.append(await _probe("database", lambda: database(db)))
    if settings.redis_url:
        lines.append(await _probe("redis", lambda: _said(cache.ping(), "answered PING")))
    else:
        lines.append(Line("redis", "skip", "REDIS_URL is not set: one replica with an in-process cache"))
    if settings.alertmanager_url:
        url = settings.alertmanager_url
        lines.append(await _probe("alertmanager", lambda: _ready(url)))
    else:
        lines.append(Line("alertmanager", "skip", "ALERTMANAGER_URL is not set: no Silence buttons"))
    lines.extend(_llm_keys(settings))
    return lines


def _llm_keys(settings: Settings) -> list[Line]:
    keys = {
        "gemini": ("GEMINI_API_KEY", settings.gemini_api_key),
        "openai": ("OPENAI_API_KEY", settings.openai_api_key),
    }
    named = [p for p in settings.intent_providers if p in keys]
    if not named:
        return [Line("llm", "skip", "KLEPAAS_INTENT_PROVIDERS uses only the built-in parser")]
    return [
        Line(provider, "ok", f"{keys[provider][0]} is set")
        if keys[provider][1] is not None
        else Line(provider, "FAIL", f"{keys[provider][0]} is not set")
        for provider in named
    ]


async def _version(ping: Awaitable[str]) -> str:
    return f"API server {await ping}"


async def _said(ping: Awaitable[None], text: str) -> str:
    await ping
    return text


async def _ready(url: str) -> str:
    async with aiohttp.ClientSession() as http, http.get(f"{url.rstrip('/')}/-/ready") as answer:
        if answer.status != 200:
            raise NotReady(f"{url} answered HTTP {answer.status} on /-/ready")
        return f"{url} is ready"
