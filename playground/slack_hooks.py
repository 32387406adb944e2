"""
response_url posts in the fake Slack: where each hook posts, and what a post does to the channel
as a Slack client shows it (PROTOCOLS.md §2).

Each hook `SlackWebApi.open_hook` hands out has an unguessable name (secrets), tied to a
`HookContext`: the channel, who asked, and the message a click's answer may replace.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from playground.slack_directory import BOT_ID, BOT_USER, TEAM

__all__ = ["HookContext", "hook_name", "show_response"]

Key = tuple[str, str]  # (channel, ts)


@dataclass(frozen=True)
class HookContext:
    """Where a response_url's posts land: the channel, who asked, and the message it may replace."""

    channel: str
    user: str
    message_ts: str | None = None  # the message holding the clicked button (block_actions only)
    thread_ts: str | None = None


def hook_name() -> str:
    """A fresh response_url name, shaped as Slack's and not guessable."""
    return f"{TEAM}/{secrets.randbelow(10**13):013d}/{secrets.token_urlsafe(24)}"


def show_response(
    context: HookContext,
    body: dict[str, Any],
    *,
    timeline: MutableMapping[Key, dict[str, Any]],
    messages: MutableMapping[Key, dict[str, Any]],
    post: Callable[..., dict[str, Any]],
) -> None:
    """Delete or replace the original message, or post a new one (ephemeral unless `in_channel`)."""
    original = timeline.get((context.channel, context.message_ts or ""))
    if body.get("delete_original"):
        if original is not None:
            del timeline[(context.channel, original["ts"])]
            messages.pop((context.channel, original["ts"]), None)
        return
    if body.get("replace_original") and original is not None:
        original.update(text=body.get("text"), blocks=body.get("blocks") or [], edited=True)
        return
    ephemeral = None if body.get("response_type") == "in_channel" else context.user
    post(context.channel, user=BOT_USER, bot_id=BOT_ID, text=body.get("text"), blocks=body.get("blocks"),
         thread_ts=body.get("thread_ts") or context.thread_ts, ephemeral_to=ephemeral)  # fmt: skip
