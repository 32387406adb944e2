"""
Slack's request payloads read once into an Invocation (bot/messages/invocation.py).

Only verified requests get here (bot/slack/gate.py); a missing field is read as empty,
never trusted for more than where to answer.
"""

from __future__ import annotations

import re
from typing import Any

from bot.messages.invocation import Invocation
from intents.language import detect_language

__all__ = ["bot_user_of", "clean_text", "from_action", "from_mention", "from_slash_command"]

# Only when Slack did not say who the bot is: the mention an app_mention event starts with.
_LEADING_MENTION = re.compile(r"^\s*<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
MAX_TEXT = 2000


def clean_text(text: str) -> str:
    """The text as Slack sent it, markup kept, within bounds.

    The parser reads Slack's markup (intents/discourse/markup.py): `<@U…>` says who is asked,
    a link's label is no word of the request, `&gt;` quotes someone. Unwrapped here, a
    mention of a person read as a word and a message to someone else became a request to the bot.
    """
    return (text or "").strip()[:MAX_TEXT]


def bot_user_of(body: dict[str, Any]) -> str | None:
    """The bot's own user id, as an Events API body says it (`authorizations[0].user_id`)."""
    authorizations = body.get("authorizations")
    if isinstance(authorizations, list) and authorizations and isinstance(authorizations[0], dict):
        user = authorizations[0].get("user_id")
        return user if isinstance(user, str) and user else None
    return None


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


def from_mention(event: dict[str, Any], *, team_id: str | None, bot_user_id: str | None = None) -> Invocation:
    """An @mention; `bot_user_id` is who the bot is (bot_user_of, or Bolt's auth.test), so that a
    mention of it anywhere in the text addresses the bot."""
    text = clean_text(event.get("text") or "")
    if bot_user_id is None and (leading := _LEADING_MENTION.match(text)):
        bot_user_id = leading.group(1)
    return Invocation(
        source="mention",
        text=text,
        user_id=event.get("user") or "",
        channel_id=event.get("channel"),
        team_id=team_id or event.get("team"),
        lang=detect_language(text),
        message_ts=event.get("ts"),
        thread_ts=event.get("thread_ts") or event.get("ts"),
        bot_user_id=bot_user_id,
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
