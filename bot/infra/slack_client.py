"""
The Slack Web API client the bot uses: slack_sdk's AsyncWebClient pointed at
SLACK_API_URL, retrying connection errors and 429s, counting every call.

Every client of the process shares one aiohttp session (`session`, owned and
closed by the composition root), and so do response_url replies (bot/messages/replies.py).
"""

from __future__ import annotations

from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.infra.metrics import Metrics


class InstrumentedWebClient(AsyncWebClient):
    """AsyncWebClient that counts calls by method and outcome."""

    metrics: Metrics | None = None

    async def api_call(self, api_method: str, **kwargs: Any) -> AsyncSlackResponse:
        try:
            response = await super().api_call(api_method, **kwargs)
        except SlackApiError as exc:
            self._count(api_method, str(exc.response.get("error") or exc.response.status_code))
            raise
        except (SlackClientError, aiohttp.ClientError, OSError):  # OSError: refused, reset, timed out
            self._count(api_method, "exception")
            raise
        self._count(api_method, "ok")
        return response

    def _count(self, method: str, outcome: str) -> None:
        if self.metrics is not None:
            self.metrics.slack_calls.labels(method=method, outcome=outcome).inc()


def build_slack_client(
    *,
    token: str,
    base_url: str,
    metrics: Metrics | None,
    rate_limit_retries: int = 2,
    session: aiohttp.ClientSession | None = None,
) -> InstrumentedWebClient:
    """The client; without `session`, slack_sdk opens and closes one per call."""
    client = InstrumentedWebClient(
        token=token,
        base_url=base_url,
        timeout=30,
        session=session,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=rate_limit_retries),
        ],
    )
    client.metrics = metrics
    return client
