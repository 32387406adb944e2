"""
The playground page's own HTTP API: what a Slack client does between a person and the bot.

The page (playground/static) long-polls the channel's state and posts what the person does;
this module turns each action into the request Slack would send the bot, signed with the
playground's signing secret: a slash command (form body, with a response_url), an
`app_mention` event (after the message appears in the channel) for a message that mentions the
bot anywhere, a `block_actions` payload for a button. As Slack's client does, `@name` of someone
in the workspace is sent as `<@U…>`. What the bot answers in the HTTP response of a slash command (Bolt's `ack("…")`) is
shown the way Slack shows it: an ephemeral message to the person.

Only the page served here may call this API (playground/guard.py checks `Host`, `Origin`, the
content type and the session's token, which `_index` embeds in the page). A click names a
button; its value is read from the message, as Slack does, never taken from the request.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bodies import InvalidJson, parse_json
from playground.alerts import AlertDrill
from playground.signed_requests import action_body, mention_body, sign, slash_body
from playground.slack_api import BOT_USER, HookContext, SlackWebApi

__all__ = ["CHANNEL", "STATIC", "USER", "ChannelPage"]

CHANNEL = "C0PLAYGRD"
USER = "U0PLAYER1"
STATIC = Path(__file__).parent / "static"
COMMAND = "/klepaas"
LONG_POLL_SECONDS = 20.0
_AT_NAME = re.compile(r"(?<![\w<])@([a-z0-9][a-z0-9._-]*)", re.IGNORECASE)
PEOPLE: dict[str, dict[str, Any]] = {
    USER: {"id": USER, "name": "you", "real_name": "You", "tz": "Asia/Seoul", "profile": {"display_name": "you"}},
    BOT_USER: {"id": BOT_USER, "name": "klepaas", "real_name": "klepaas", "is_bot": True,
               "profile": {"display_name": "klepaas"}},
}  # fmt: skip


@dataclass
class ChannelPage:
    slack: SlackWebApi
    events_url: str  # the bot's /slack/events
    signing_secret: str
    drill: AlertDrill | None  # None when the bot's alert route is off
    cluster_label: str  # "DEMO" or the kube context's name
    channel: str = CHANNEL
    user: str = USER
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))  # only the served page has it

    def __post_init__(self) -> None:
        self.slack.users.update(PEOPLE)

    def routes(self) -> list[web.AbstractRouteDef]:
        return [
            web.get("/playground", self._index),
            web.get("/playground/", self._index),
            web.static("/playground/static", STATIC),
            web.get("/playground/api/state", self._state),
            web.post("/playground/api/say", self._say),
            web.post("/playground/api/click", self._click),
            web.post("/playground/api/alert", self._alert),
        ]

    async def _index(self, _: web.Request) -> web.Response:
        page = (STATIC / "index.html").read_text(encoding="utf-8").replace("{{token}}", self.token)
        headers = {
            "Cache-Control": "no-store",  # the token lives in this page only
            "Content-Security-Policy": "frame-ancestors 'none'",  # no other site frames it to steer clicks
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "no-referrer",
        }
        return web.Response(text=page, content_type="text/html", headers=headers)

    def state(self) -> dict[str, Any]:
        shown = [m for m in self.slack.shown(self.channel) if m.get("ephemeral_to") in (None, self.user)]
        return {
            "version": self.slack.version,
            "channel": {"id": self.channel, "name": "playground"},
            "me": self.user,
            "bot": BOT_USER,
            "cluster": self.cluster_label,
            "next_alert": self.drill.next_step if self.drill else None,
            "users": {uid: {"name": u["name"], "real_name": u["real_name"]} for uid, u in self.slack.users.items()},
            "messages": shown,
        }

    async def _state(self, request: web.Request) -> web.Response:
        since = int(request.query.get("since", "-1"))
        await self.slack.changed(since, timeout=float(request.query.get("wait", LONG_POLL_SECONDS)))
        return web.json_response(self.state())

    async def _say(self, request: web.Request) -> web.Response:
        body = await _json(request)
        text = str(body.get("text", "")).strip()
        thread_ts = str(body.get("thread_ts") or "") or None
        if text.startswith(COMMAND):
            return web.json_response(await self.slash(text.removeprefix(COMMAND).strip()))
        written = self.as_slack_writes(text)
        if f"<@{BOT_USER}>" in written:  # Slack sends app_mention wherever the bot's mention stands
            return web.json_response(await self.mention(written, thread_ts=thread_ts))
        await self.slack.say(self.channel, self.user, written, thread_ts=thread_ts)
        return web.json_response({"sent": "message"})  # as in Slack, the bot does not see plain messages

    async def slash(self, text: str) -> dict[str, Any]:
        """`/klepaas text`: the command is shown as typed, then sent with a response_url for this channel."""
        await self.slack.say(self.channel, self.user, f"{COMMAND} {text}".strip())
        hook = self.slack.open_hook(HookContext(channel=self.channel, user=self.user))
        status, answer = await self._send(slash_body(text, response_url=hook, user=self.user, channel=self.channel))
        await self._show_ack(status, answer)
        return {"sent": "command", "status": status}

    def as_slack_writes(self, text: str) -> str:
        """`@name` of someone in the workspace as Slack's client sends it, `<@U…>`; other `@words` stay."""
        ids = {str(person["name"]).lower(): uid for uid, person in self.slack.users.items() if person.get("name")}
        return _AT_NAME.sub(
            lambda m: f"<@{ids[m.group(1).lower()]}>" if m.group(1).lower() in ids else m.group(0), text
        )

    async def mention(self, text: str, *, thread_ts: str | None = None) -> dict[str, Any]:
        """A message that mentions the bot, as Slack writes it (`<@U…>`), shown and sent as an app_mention."""
        said = await self.slack.say(self.channel, self.user, text, thread_ts=thread_ts)
        body = mention_body(
            text, user=self.user, channel=self.channel, ts=said["ts"], thread_ts=thread_ts, as_written=True
        )
        status, _ = await self._send(body, json_body=True)
        return {"sent": "mention", "status": status, "ts": said["ts"]}

    async def _click(self, request: web.Request) -> web.Response:
        body = await _json(request)
        message = self.slack.timeline.get((self.channel, str(body.get("ts"))))
        if message is None or message.get("ephemeral_to") not in (None, self.user):
            raise web.HTTPNotFound(text="no such message")
        action_id, block_id = str(body.get("action_id", "")), str(body.get("block_id", ""))
        button = button_in(message, action_id=action_id, block_id=block_id)
        if button is None:
            raise web.HTTPNotFound(text="no such button in that message")
        value = str(button.get("value", ""))
        if "value" in body and body["value"] != value:
            raise web.HTTPBadRequest(text="a button's value is the message's own; the page may not change it")
        ephemeral = message.get("ephemeral_to") is not None
        context = HookContext(self.channel, self.user, message_ts=message["ts"], thread_ts=message.get("thread_ts"))
        payload = action_body(
            action_id, value, response_url=self.slack.open_hook(context),
            user=self.user, channel=self.channel, message_ts=message["ts"], block_id=block_id,
            ephemeral=ephemeral, message={k: v for k, v in message.items() if k not in ("channel", "ephemeral_to")},
        )  # fmt: skip
        status, _ = await self._send(payload)
        return web.json_response({"sent": "click", "status": status})

    async def _alert(self, _: web.Request) -> web.Response:
        if self.drill is None:
            raise web.HTTPConflict(text="the bot's alert route is off")
        step, status = await self.drill.press()
        return web.json_response({"sent": step, "status": status, "next": self.drill.next_step})

    async def _send(self, body: str, *, json_body: bool = False) -> tuple[int, str]:
        headers = sign(self.signing_secret, body)
        headers["Content-Type"] = "application/json" if json_body else "application/x-www-form-urlencoded"
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.events_url, data=body.encode(), headers=headers) as answer,
        ):
            return answer.status, await answer.text()

    async def _show_ack(self, status: int, answer: str) -> None:
        """Slack shows an ack's body to the person, and a failed request as Slackbot's error line."""
        if status != 200:
            await self._ephemeral(f'{COMMAND} failed with the error "dispatch_failed" (HTTP {status})', [])
            return
        if not answer.strip():
            return
        try:
            parsed = json.loads(answer)
        except ValueError:
            parsed = {"text": answer}
        if not isinstance(parsed, dict):
            return
        await self._ephemeral(str(parsed.get("text") or ""), parsed.get("blocks") or [])

    async def _ephemeral(self, text: str, blocks: list[Any]) -> None:
        await self.slack.show_ephemeral(self.channel, self.user, text, blocks)


def button_in(message: dict[str, Any], *, action_id: str, block_id: str) -> dict[str, Any] | None:
    """The button `action_id` of block `block_id` in `message`, as the bot posted it; None if there is none."""
    for block in message.get("blocks") or []:
        if not isinstance(block, dict) or str(block.get("block_id", "")) != block_id:
            continue
        elements = [*(block.get("elements") or []), block.get("accessory")]
        for element in elements:
            if isinstance(element, dict) and element.get("type") == "button" and element.get("action_id") == action_id:
                return element
    return None


async def _json(request: web.Request) -> dict[str, Any]:
    """The request's JSON object, through the one bounded parse; 400 with its sentence otherwise."""
    try:
        return parse_json(await request.read())
    except InvalidJson as exc:
        raise web.HTTPBadRequest(text=exc.sentence) from None
