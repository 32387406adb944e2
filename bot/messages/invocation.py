"""
One request from a person: who asked, what they said, and where to answer.

Nothing below bot/slack/ sees Slack's dicts: its listeners read the payload once into an
Invocation (bot/slack/invocations.py), and the rest of the bot works with that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from intents.language import Language

Source = Literal["slash", "mention", "button"]


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
    bot_user_id: str | None = None  # the bot's own Slack user id, as the request said it (mentions)

    @property
    def conversation(self) -> str | None:
        """The key that follow-ups in the same thread share."""
        if self.channel_id and self.thread_ts:
            return f"{self.channel_id}:{self.thread_ts}"
        return None
