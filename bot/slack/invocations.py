"""
Slack's request payloads read once into an Invocation (bot/messages/invocation.py).

Only verified requests get here (bot/slack/gate.py); a missing field is read as empty,
never trusted for more than where to answer.
"""

from __future__ import annotations

import html
import re
from typing import Any

from bot.messages.invocation import Invocation
from intents.language import detect_language

__all__ = ["clean_text", "from_action", "from_mention", "from_slash_command"]

_LEADING_MENTION = re.compile(r"^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>\s*")
_LINK = re.compile(r"<(?:[#@!][^|>]*\|)?([^|>]+)(?:\|([^>]*))?>")
MAX_TEXT = 2000


def clean_text(text: str) -> str:
    """Slack's markup to what the person typed: drop the bot mention, unwrap links and entities."""
    text = _LEADING_MENTION.sub("", text or "")
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    return html.unescape(text).strip()[:MAX_TEXT]


def from_slash_command(command: dict[str, Any]) -> Invocation:
    text = clean_text(command.get("text") or "")
    return Invocation(
        source="slash",
        text=text,
        user_id=command.get("user_id") or "",
        channel_id=command.get("channel_id"),
        team_id=command.get("team_id"),
        lang=detect_language(text),
        response_url=command.get("response_url"),
    )


def from_mention(event: dict[str, Any], *, team_id: str | None) -> Invocation:
    text = clean_text(event.get("text") or "")
    return Invocation(
        source="mention",
        text=text,
        user_id=event.get("user") or "",
        channel_id=event.get("channel"),
        team_id=team_id or event.get("team"),
        lang=detect_language(text),
        message_ts=event.get("ts"),
        thread_ts=event.get("thread_ts") or event.get("ts"),
    )


def from_action(body: dict[str, Any]) -> Invocation:
    """A button click; the language is the one the clicked message was written in."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    return Invocation(
        source="button",
        text=(body.get("actions") or [{}])[0].get("action_id", ""),
        user_id=(body.get("user") or {}).get("id") or "",
        channel_id=channel,
        team_id=(body.get("team") or {}).get("id"),
        lang=detect_language(message.get("text") or ""),
        response_url=body.get("response_url"),
        message_ts=container.get("message_ts") or message.get("ts"),
        thread_ts=message.get("thread_ts"),
    )
