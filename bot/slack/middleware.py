"""
Global Bolt middleware: who is asking (bound to the logs) and retry dedupe.

Slack re-sends an event it thinks we missed (X-Slack-Retry-Num, same event_id);
an http_timeout retry can arrive while the first delivery is still running.
The first delivery of an event_id claims it; every later one is acked and
dropped, on every replica when the claim lives in Redis.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import structlog
from slack_bolt.async_app import AsyncBoltContext, AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.infra.cache import Cache

log = structlog.get_logger(__name__)

SEEN_TTL = 3600.0  # Slack retries for about 5 minutes; keep ids well past that


async def bind_log_context(context: AsyncBoltContext, next: Callable[[], Awaitable[None]]) -> None:
    with structlog.contextvars.bound_contextvars(
        team=context.team_id, user=context.user_id, channel=context.channel_id
    ):
        await next()


def dedupe_retries(cache: Cache) -> Callable[..., Awaitable[BoltResponse | None]]:
    async def dedupe(body: dict, request: AsyncBoltRequest, next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if event_id and not await cache.claim(f"slack:event:{event_id}", ttl=SEEN_TTL):
            retries = request.headers.get("x-slack-retry-num")
            retry = retries[0] if retries else None
            log.info("event.duplicate_dropped", event_id=event_id, retry=retry)
            return BoltResponse(status=200, body="")
        await next()
        return None

    return dedupe
