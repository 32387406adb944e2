"""
Posting to Slack: answers to the person who asked, and messages the bot edits later.

Slash commands are answered through their response_url (valid 30 minutes, 5 posts);
mentions are answered in the mention's thread. A message that will be edited
later (rollout progress) is posted with chat.postMessage, which returns its ts.

response_url posts go through the Web API client's aiohttp session (one per
process, built by the composition root), so a reply opens no session of its own.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass

import structlog
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.messages.invocation import Invocation
from templates import Message

log = structlog.get_logger(__name__)


class ReplyFailed(Exception):
    """Slack did not take a reply (response_url expired, channel gone, …)."""


@dataclass(frozen=True)
class Replier:
    slack: AsyncWebClient

    async def reply(
        self, who: Invocation, message: Message, *, public: bool = False, replace: bool = False
    ) -> str | None:
        """Answer `who`; returns the message ts when Slack gives one (mentions), else None."""
        if who.response_url and who.source != "mention":
            await self.respond(who.response_url, message, public=public, replace=replace)
            return None
        if who.channel_id is None:
            raise ReplyFailed("nowhere to reply")
        return await self.post(who.channel_id, message, thread_ts=who.thread_ts)

    @functools.cached_property
    def _webhook(self) -> AsyncWebhookClient:
        # NB: building a client reads the proxy variables from the environment and the platform's user
        # agent each time; one is built, and each reply sends through a copy with its own URL (the retry
        # handlers keep no state between requests: each send has a RetryState of its own).
        return AsyncWebhookClient(
            "",
            timeout=10,
            session=self.slack.session,
            retry_handlers=[AsyncConnectionErrorRetryHandler(), AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
        )

    async def respond(
        self, response_url: str, message: Message, *, public: bool = False, replace: bool = False
    ) -> None:
        webhook = copy.copy(self._webhook)
        webhook.url = response_url
        response = await webhook.send(
            text=message.text,
            blocks=message.blocks,
            response_type="in_channel" if public else "ephemeral",
            replace_original=replace,
        )
        if response.status_code != 200:
            log.warning("reply.rejected", status=response.status_code, body=response.body[:200])
            raise ReplyFailed(f"response_url answered {response.status_code}")

    async def post(self, channel: str, message: Message, *, thread_ts: str | None = None) -> str:
        response = await self.slack.chat_postMessage(
            channel=channel,
            text=message.text,
            blocks=message.blocks,
            thread_ts=thread_ts,
            unfurl_links=False,
            unfurl_media=False,
        )
        return str(response["ts"])

    async def update(self, channel: str, ts: str, message: Message) -> None:
        await self.slack.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)

    async def ephemeral(self, channel: str, user: str, message: Message, *, thread_ts: str | None = None) -> None:
        await self.slack.chat_postEphemeral(
            channel=channel, user=user, text=message.text, blocks=message.blocks, thread_ts=thread_ts
        )
