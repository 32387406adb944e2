"""
The short sentence a person gets when their request failed in a way the bot did not expect.

It carries an error id (the log has the detail, never the message) and goes where the
request came from: its response_url, or the mention's thread. Only verified requests get
this far (bot/slack/gate.py), so the body's response_url and channel are Slack's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import structlog
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.messages import builders as messages
from bot.messages.replies import Replier, ReplyFailed
from bot.slack.invocations import clean_text
from intents.language import detect_language

__all__ = ["SLACK_FAILURES", "apologize"]

log = structlog.get_logger(__name__)

# What a reply that Slack did not take raises (a refused or dead response_url, an API error, no connection).
SLACK_FAILURES = (ReplyFailed, SlackClientError, aiohttp.ClientError, OSError)


def apologize(replier: Replier, body: dict[str, Any]) -> Callable[[Exception, str], Awaitable[None]]:
    """An `on_error` for `tasks.owned`: tell the person that request `error_id` failed.

    Not when what failed was Slack taking a reply: the apology would go the same way. An apology
    Slack does not take is logged, and goes no further: the log has the error it was about.
    """

    async def tell(error: Exception, error_id: str) -> None:
        if isinstance(error, (ReplyFailed, SlackApiError, aiohttp.ClientError)):
            return
        try:
            await _say_sorry(error_id)
        except SLACK_FAILURES as failed:
            log.warning("listener.apology_failed", error_id=error_id, error=type(failed).__name__)

    async def _say_sorry(error_id: str) -> None:
        event = body.get("event") if isinstance(body.get("event"), dict) else None
        text = (event or {}).get("text") or body.get("text") or ""
        lang = detect_language(clean_text(text)) if isinstance(text, str) else "en"
        apology = messages.apology(error_id, lang)
        if url := body.get("response_url"):
            await replier.respond(url, apology)
        elif event is not None and event.get("channel"):
            await replier.post(event["channel"], apology, thread_ts=event.get("thread_ts") or event.get("ts"))

    return tell
