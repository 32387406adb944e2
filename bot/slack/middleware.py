"""
The global Bolt middleware: who is asking (bound to the logs) and retry dedupe.

Slack re-sends an event it thinks we missed (X-Slack-Retry-Num, same event_id);
an http_timeout retry can arrive while the first delivery is still running.
The first delivery of an event_id claims it; every later one is acked and
dropped, on every replica when the claim lives in Redis.

NB: Bolt's async `next()` only marks the request as passed on; the listeners run after the
middleware has returned. So who is asking is bound for the rest of the request's task, not
inside a `with` that would end before any listener logs: every HTTP request has a task (and
a copy of the context) of its own, and the listener's task copies it. One middleware, built
on Bolt's `AsyncMiddleware`, so Bolt does not build keyword arguments for it on every request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import structlog
from slack_bolt.async_app import AsyncBoltRequest
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.response import BoltResponse

from bot.infra.cache import Cache

__all__ = ["SEEN_TTL", "RequestMiddleware"]

log = structlog.get_logger(__name__)

SEEN_TTL = 3600.0  # Slack retries for about 5 minutes; keep ids well past that


class RequestMiddleware(AsyncMiddleware):
    """Who is asking, for every log line the request leads to; an event Slack re-sent, acked and dropped."""

    def __init__(self, *, cache: Cache) -> None:
        self.cache = cache

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse | None:
        context = req.context
        structlog.contextvars.bind_contextvars(team=context.team_id, user=context.user_id, channel=context.channel_id)
        event_id = req.body.get("event_id")
        if event_id and not await self.cache.claim(f"slack:event:{event_id}", ttl=SEEN_TTL):
            retries = req.headers.get("x-slack-retry-num")
            log.info("event.duplicate_dropped", event_id=event_id, retry=retries[0] if retries else None)
            return BoltResponse(status=200, body="")
        return await next()
