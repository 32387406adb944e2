"""
A fake Slack Web API on loopback that speaks Slack's HTTP API.

It records every call, checks the bot token, validates every message against
Block Kit's limits (a bad message is answered `invalid_blocks` AND recorded as a
violation, which fails the test), keeps posted messages so chat.update can find
them, answers Slack's error shapes, and can be told to answer 429 with
Retry-After. response_url endpoints live under /hooks/.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import socket
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from pydantic import ValidationError

from templates.message import Message

BOT_USER = "U0BOT0001"
BOT_ID = "B0BOT0001"
TEAM = "T0ACME001"
MESSAGE_METHODS = {"chat.postMessage", "chat.update", "chat.postEphemeral"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    headers: dict[str, str]


@dataclass
class FakeSlack:
    token: str = "xoxb-test-token"
    calls: list[Call] = field(default_factory=list)
    hooks: list[Call] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    messages: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    _rate_limits: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    _errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    _ts = itertools.count(1)
    _changed: asyncio.Condition | None = None
    _runner: web.AppRunner | None = None
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def hook_url(self, name: str = "T0ACME001/1234567890123/AbCdEfGhIjKlMnOpQrStUvWx") -> str:
        return f"{self.url}/hooks/commands/{name}"

    # ---- scripting -------------------------------------------------------------------------------
    def rate_limit(self, method: str, *, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls of `method` with 429 and Retry-After."""
        self._rate_limits[method].extend([retry_after] * times)

    def fail(self, method: str, error: str, *, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with {"ok": false, "error": error}."""
        self._errors[method].extend([error] * times)

    # ---- reading ---------------------------------------------------------------------------------
    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def posts(self, channel: str | None = None) -> list[dict[str, Any]]:
        return [c.args for c in self.called("chat.postMessage") if channel is None or c.args.get("channel") == channel]

    async def wait_for(self, predicate: Any, *, timeout: float = 5.0) -> None:
        """Wait until predicate(self) is true (e.g. lambda s: len(s.hooks) >= 1)."""
        assert self._changed is not None
        async with asyncio.timeout(timeout):
            async with self._changed:
                await self._changed.wait_for(lambda: predicate(self))

    # ---- serving ---------------------------------------------------------------------------------
    async def start(self) -> FakeSlack:
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/hooks/{tail:.*}", self._hook)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        self.port = free_port()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    def _validate(self, method: str, args: dict[str, Any]) -> str | None:
        blocks = args.get("blocks")
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        text = args.get("text")
        if not text:
            return "no_text"  # the bot always sends a fallback; Slack warns without one
        try:
            Message(text=str(text)[:4000], blocks=blocks or [])
        except ValidationError as exc:
            self.violations.append(f"{method}: {exc.errors()[0]['msg']}")
            return "invalid_blocks"
        if len(str(text)) > 40_000:
            return "msg_too_long"
        return None

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.content_type == "application/json":
            args = await request.json()
        else:
            args = dict(request.query)
            body = await request.text()
            if body:
                args.update(dict(parse_qsl(body)))
        call = Call(method, args, dict(request.headers))
        self.calls.append(call)
        try:
            return await self._answer(method, args, request)
        finally:
            await self._notify()

    async def _answer(self, method: str, args: dict[str, Any], request: web.Request) -> web.Response:
        if self._rate_limits[method]:
            retry_after = self._rate_limits[method].pop(0)
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": str(retry_after)})
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if self._errors[method]:
            return web.json_response({"ok": False, "error": self._errors[method].pop(0)})
        if method in MESSAGE_METHODS and (error := self._validate(method, args)):
            return web.json_response({"ok": False, "error": error})
        return web.json_response(self._success(method, args))

    def _success(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://acme.slack.com/", "team": "Acme", "user": "klepaas",
                    "team_id": TEAM, "user_id": BOT_USER, "bot_id": BOT_ID}
        if method == "chat.postMessage":
            ts = f"1732240000.{next(self._ts):06d}"
            message = {"type": "message", "user": BOT_USER, "bot_id": BOT_ID, "ts": ts, "text": args.get("text"),
                       "blocks": args.get("blocks") or [], "thread_ts": args.get("thread_ts")}
            self.messages[(args["channel"], ts)] = message
            return {"ok": True, "channel": args["channel"], "ts": ts, "message": message}
        if method == "chat.update":
            key = (args.get("channel"), args.get("ts"))
            if key not in self.messages:
                return {"ok": False, "error": "message_not_found"}
            self.messages[key].update(text=args.get("text"), blocks=args.get("blocks") or [])
            return {"ok": True, "channel": key[0], "ts": key[1], "text": args.get("text"), "message": self.messages[key]}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1732240000.{next(self._ts):06d}"}
        if method == "reactions.add":
            return {"ok": True}
        if method == "users.info":
            user = args.get("user", "")
            info = self.users.get(user) or {"id": user, "name": user.lower(), "real_name": user,
                                            "profile": {"display_name": user.lower()}}
            return {"ok": True, "user": info}
        if method == "conversations.info":
            channel = args.get("channel", "")
            return {"ok": True, "channel": {"id": channel, "name": channel.lower(), "is_private": False,
                                            "is_member": True, "is_archived": False}}
        return {"ok": False, "error": "unknown_method"}

    async def _hook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.hooks.append(Call("response_url", body, dict(request.headers)))
        try:
            if body.get("delete_original"):
                return web.Response(text="ok")
            if error := self._validate("response_url", body):
                return web.Response(status=400, text=error)
            return web.Response(text="ok")
        finally:
            await self._notify()
