"""
Who the bot is in Slack (auth.test), learned without making requests depend on Slack.

Bolt's single-workspace authorization calls auth.test on the first request and
raises when Slack cannot be reached, so every request answered 500 until Slack
was back: no ack, not even for a command that needs nothing from Slack. We
authorize with the token we have instead. The bot's user and bot ids come from
auth.test once it has answered; until then it is asked again at most every
`retry_after` seconds, each time for at most `timeout` seconds, requests are
acked and handled, and `/readyz` reports Slack as degraded (`problem`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import structlog
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

log = structlog.get_logger(__name__)

__all__ = ["SlackIdentity"]


class SlackIdentity:
    """The bot's Slack identity, and Bolt's `authorize` function built on it."""

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        timeout: float = 1.0,
        retry_after: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._timeout = timeout
        self._retry_after = retry_after
        self._clock = clock
        self._known: dict[str, Any] | None = None
        self._next_try = 0.0
        self._lock = asyncio.Lock()
        self.problem: str | None = None  # why auth.test failed last; None once it answered

    async def authorize(self, enterprise_id: str | None, team_id: str | None, user_id: str | None) -> AuthorizeResult:
        """Bolt's `authorize`: never raises and never waits on Slack longer than `timeout`."""
        known = await self._learn()
        if known is not None:
            return AuthorizeResult.from_auth_test_response(bot_token=self._client.token, auth_test_response=known)
        return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, bot_token=self._client.token)

    def for_bolt(self) -> Callable[..., Awaitable[AuthorizeResult]]:
        """`authorize` for AsyncApp: a plain function, as Bolt injects arguments by name (and a bound
        method's `self` would be injected too, as None)."""

        async def authorize(enterprise_id: str | None, team_id: str | None, user_id: str | None) -> AuthorizeResult:
            return await self.authorize(enterprise_id, team_id, user_id)

        return authorize

    async def _learn(self) -> dict[str, Any] | None:
        if self._known is not None or self._clock() < self._next_try:
            return self._known
        async with self._lock:
            if self._known is not None or self._clock() < self._next_try:
                return self._known
            try:
                async with asyncio.timeout(self._timeout):
                    response = await self._client.auth_test()
            except (SlackClientError, aiohttp.ClientError, TimeoutError, OSError, ValueError) as exc:
                self._next_try = self._clock() + self._retry_after
                self.problem = f"auth.test failed: {type(exc).__name__}"
                log.warning("slack.identity_unknown", reason=type(exc).__name__, retry_in=self._retry_after)
                return None
            self._known = dict(response.data) if isinstance(response.data, dict) else {}
            self.problem = None
            log.info("slack.identity_known", bot_user=self._known.get("user_id"), team=self._known.get("team_id"))
            return self._known
