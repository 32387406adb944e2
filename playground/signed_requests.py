"""
Requests to the bot signed exactly as Slack signs them (PROTOCOLS.md §1-§4), for the playground
page and the tests:
slash command form bodies, event_callback JSON, block_actions payloads.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

import aiohttp

from playground.slack_api import BOT_USER, TEAM

_event_ids = itertools.count(1)


def sign(secret: str, body: str, ts: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if ts is None else ts)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def slash_body(
    text: str, *, response_url: str, user: str = "U0ALICE01", channel: str = "C0OPS0001", command: str = "/klepaas"
) -> str:
    return urllib.parse.urlencode(
        {
            "token": "gIkuvaNzQIHg97ATvDxqgjtO",
            "team_id": TEAM,
            "team_domain": "acme",
            "channel_id": channel,
            "channel_name": "ops",
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "api_app_id": "A0K8SBOT1",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": "1234567890123.1234567890.0123456789abcdef0123456789abcdef",
        }
    )


def mention_body(
    text: str,
    *,
    user: str = "U0ALICE01",
    channel: str = "C0OPS0001",
    ts: str = "1732240000.000100",
    thread_ts: str | None = None,
    event_id: str | None = None,
    as_written: bool = False,
) -> str:
    """An @mention; `as_written`: the text is sent as given, the bot's mention wherever it puts it."""
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": user,
        "text": text if as_written else f"<@{BOT_USER}> {text}",
        "ts": ts,
        "event_ts": ts,
        "channel": channel,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return json.dumps(
        {
            "token": "ZZZZZZWSxiZZZ2yIvs3peJ",
            "team_id": TEAM,
            "api_app_id": "A0K8SBOT1",
            "type": "event_callback",
            "event_id": event_id or f"Ev0TEST{next(_event_ids):05d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
            "event": event,
        }
    )


def action_body(
    action_id: str,
    value: str,
    *,
    response_url: str,
    user: str = "U0ALICE01",
    channel: str = "C0OPS0001",
    message_ts: str = "1732240000.000200",
    message: dict[str, Any] | None = None,
    block_id: str = "b1",
    ephemeral: bool = False,
) -> str:
    """A button click; Slack leaves `message` out for ephemeral messages (PROTOCOLS.md §4)."""
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": "A0K8SBOT1",
        "token": "gIkuvaNzQIHg97ATvDxqgjtO",
        "team": {"id": TEAM, "domain": "acme"},
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel, "is_ephemeral": ephemeral},
        "channel": {"id": channel, "name": "ops"},
        "message": message or {"type": "message", "user": BOT_USER, "ts": message_ts, "text": "", "blocks": []},
        "trigger_id": "1234567890123.1234567890.fedcba9876543210fedcba9876543210",
        "response_url": response_url,
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": block_id,
                "value": value,
                "text": {"type": "plain_text", "text": action_id},
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    if ephemeral:
        del payload["message"]
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


@dataclass
class SlackSender:
    """Posts signed bodies to a running bot, like Slack does."""

    url: str  # the bot's /slack/events
    secret: str

    async def send(
        self,
        body: str,
        *,
        json_body: bool = False,
        retry: int | None = None,
        ts: int | None = None,
        secret: str | None = None,
    ) -> tuple[int, str]:
        headers = sign(secret or self.secret, body, ts)
        headers["Content-Type"] = "application/json" if json_body else "application/x-www-form-urlencoded"
        if retry:
            headers["X-Slack-Retry-Num"] = str(retry)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        async with aiohttp.ClientSession() as session, session.post(self.url, data=body.encode(), headers=headers) as r:
            return r.status, await r.text()

    async def slash(self, text: str, *, response_url: str, **kwargs: Any) -> tuple[int, str]:
        return await self.send(slash_body(text, response_url=response_url, **kwargs))

    async def mention(self, text: str, *, retry: int | None = None, **kwargs: Any) -> tuple[int, str]:
        return await self.send(mention_body(text, **kwargs), json_body=True, retry=retry)

    async def click(self, action_id: str, value: str, *, response_url: str, **kwargs: Any) -> tuple[int, str]:
        return await self.send(action_body(action_id, value, response_url=response_url, **kwargs))
