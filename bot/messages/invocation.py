"""
One request from a person, read once from Slack's payload.

Nothing below bot/ sees Slack's dicts: listeners turn them into an Invocation
here, and the rest of the bot works with that.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Literal

from intents.language import Language, detect_language

Source = Literal["slash", "mention", "button"]

_LEADING_MENTION = re.compile(r"^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>\s*")
_LINK = re.compile(r"<(?:[#@!][^|>]*\|)?([^|>]+)(?:\|([^>]*))?>")
MAX_TEXT = 2000


def clean_text(text: str) -> str:
    """Slack's markup to what the person typed: drop the bot mention, unwrap links and entities."""
    text = _LEADING_MENTION.sub("", text or "")
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    return html.unescape(text).strip()[:MAX_TEXT]


@dataclass(frozen=True, slots=True)
class Invocation:
    source: Source
    text: str
    user_id: str
    channel_id: str | None
    team_id: str | None
    lang: Language
    response_url: str | None = None
    message_ts: str | None = None  # the message that asked (mentions) or holds the button
    thread_ts: str | None = None  # the thread to answer in (mentions)

    @property
    def conversation(self) -> str | None:
        """The key that follow-ups in the same thread share."""
        if self.channel_id and self.thread_ts:
            return f"{self.channel_id}:{self.thread_ts}"
        return None

    @classmethod
    def from_slash_command(cls, command: dict[str, Any]) -> Invocation:
        text = clean_text(command.get("text") or "")
        return cls(
            source="slash",
            text=text,
            user_id=command.get("user_id") or "",
            channel_id=command.get("channel_id"),
            team_id=command.get("team_id"),
            lang=detect_language(text),
            response_url=command.get("response_url"),
        )

    @classmethod
    def from_mention(cls, event: dict[str, Any], *, team_id: str | None) -> Invocation:
        text = clean_text(event.get("text") or "")
        return cls(
            source="mention",
            text=text,
            user_id=event.get("user") or "",
            channel_id=event.get("channel"),
            team_id=team_id or event.get("team"),
            lang=detect_language(text),
            message_ts=event.get("ts"),
            thread_ts=event.get("thread_ts") or event.get("ts"),
        )

    @classmethod
    def from_action(cls, body: dict[str, Any]) -> Invocation:
        """A button click; the language is the one the clicked message was written in."""
        container = body.get("container") or {}
        message = body.get("message") or {}
        channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
        return cls(
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
