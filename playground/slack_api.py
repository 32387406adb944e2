"""
A stand-in for Slack's Web API on loopback: the playground's Slack, and the tests' Slack.

It speaks Slack's HTTP API as slack_sdk calls it (PROTOCOLS.md §6): chat.postMessage, chat.update,
chat.postEphemeral, reactions.add, users.info, conversations.info, usergroups.list,
usergroups.users.list, auth.test, and the file upload
(files.getUploadURLExternal → POST to the upload URL → files.completeUploadExternal), with Slack's error
shapes (HTTP 200 `{"ok": false, "error": …}`; 429 with Retry-After when told to). It checks the bot
token, judges every message with an oracle independent of the bot (`playground.blockkit`): a bad
message is answered `invalid_blocks` (or Slack's other error) AND recorded as a violation, which
fails a test. response_url endpoints live under /hooks/: each one `open_hook` hands out is
unguessable (secrets.token_urlsafe), and with `opened_hooks_only` (the playground's) a post to
any other is refused and not recorded.

Besides recording calls (for tests), it keeps a channel's timeline as a Slack client shows it:
what people typed, the bot's messages, ephemeral answers, edits in place and deletions (for the
playground page, which long-polls `changed()`).

Its parts: the workspace's directory answers (users, channels, user groups) in
`playground/slack_directory.py`, response_url hooks in `playground/slack_hooks.py`, file uploads in
`playground/slack_files.py`.
"""

from __future__ import annotations

import asyncio
import itertools
import socket
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from bodies import InvalidJson, parse_json
from playground import blockkit, slack_directory
from playground.slack_directory import BOT_ID, BOT_USER, TEAM
from playground.slack_files import SlackFiles, Upload
from playground.slack_hooks import HookContext, hook_name, show_response

__all__ = ["BOT_ID", "BOT_USER", "TEAM", "Call", "HookContext", "SlackWebApi", "Upload", "free_port"]

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
class SlackWebApi:
    token: str = "xoxb-test-token"
    epoch: int | None = 1732240000  # the seconds part of every `ts` it hands out; None: the clock's
    calls: list[Call] = field(default_factory=list)
    hooks: list[Call] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    messages: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # chat.postMessage'd
    timeline: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # everything a client shows
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    usergroups: dict[str, list[str]] = field(default_factory=dict)  # user group ID -> member user IDs
    usergroups_in_plan: bool = True  # False: a free workspace, answering plan_upgrade_required
    usergroup_handles: dict[str, str] = field(default_factory=dict)  # user group ID -> handle (default: id.lower())
    contexts: dict[str, HookContext] = field(default_factory=dict)  # response_url name -> where it posts
    files: SlackFiles = field(default_factory=SlackFiles)  # uploads, by file id
    version: int = 0
    port: int = 0
    opened_hooks_only: bool = False  # the playground's: only response_urls open_hook handed out take posts
    _rate_limits: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    _errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def hook_url(self, name: str = "T0ACME001/1234567890123/AbCdEfGhIjKlMnOpQrStUvWx") -> str:
        return f"{self.url}/hooks/commands/{name}"

    def open_hook(self, context: HookContext) -> str:
        """A fresh, unguessable response_url whose posts appear where Slack would show them."""
        name = hook_name()
        self.contexts[name] = context
        return self.hook_url(name)

    # ---- scripting -------------------------------------------------------------------------------
    def rate_limit(self, method: str, *, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls of `method` with 429 and Retry-After."""
        self._rate_limits[method].extend([retry_after] * times)

    def fail(self, method: str, error: str, *, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with {"ok": false, "error": error}."""
        self._errors[method].extend([error] * times)

    async def say(self, channel: str, user: str, text: str, *, thread_ts: str | None = None) -> dict[str, Any]:
        """A person's message in the channel (the playground page types these)."""
        message = self._message(channel, user=user, text=text, blocks=[], thread_ts=thread_ts)
        await self._notify()
        return message

    async def show_ephemeral(self, channel: str, user: str, text: str, blocks: list[Any]) -> dict[str, Any]:
        """The bot's words only `user` sees, as Slack shows an ack's body."""
        message = self._message(channel, user=BOT_USER, bot_id=BOT_ID, text=text, blocks=blocks, ephemeral_to=user)
        await self._notify()
        return message

    async def wake(self) -> None:
        """End every long poll now (pages poll again); for stopping the playground."""
        await self._notify()

    # ---- reading ---------------------------------------------------------------------------------
    def called(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def posts(self, channel: str | None = None) -> list[dict[str, Any]]:
        return [c.args for c in self.called("chat.postMessage") if channel is None or c.args.get("channel") == channel]

    def shown(self, channel: str) -> list[dict[str, Any]]:
        """The channel as a client shows it, oldest first (threads are the client's to fold)."""
        return [m for (ch, _), m in sorted(self.timeline.items(), key=lambda item: item[0][1]) if ch == channel]

    async def wait_for(self, predicate: Any, *, timeout: float = 5.0) -> None:
        """Wait until predicate(self) is true (e.g. lambda s: len(s.hooks) >= 1)."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: predicate(self))

    async def changed(self, since: int, *, timeout: float) -> int:
        """The version after `since`, or `since` when nothing changed within `timeout` (a long poll)."""
        try:
            await self.wait_for(lambda s: s.version > since, timeout=timeout)
        except TimeoutError:
            pass
        return self.version

    # ---- serving ---------------------------------------------------------------------------------
    def routes(self) -> list[web.RouteDef]:
        """The Web API and response_url routes, to mount in another aiohttp app (the playground's)."""
        return [
            web.route("*", "/api/{method}", self._api),
            web.post("/hooks/{tail:.*}", self._hook),
            web.post("/upload/v1/{file_id}", self.files.receive),
            web.get("/files-pri/{file_id}/{name}", self.files.serve),
        ]

    async def start(self, *, port: int = 0) -> SlackWebApi:
        app = web.Application()
        app.router.add_routes(self.routes())
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        self.port = port or free_port()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _notify(self) -> None:
        async with self._changed:
            self.version += 1
            self._changed.notify_all()

    def _judge(self, method: str, args: dict[str, Any]) -> str | None:
        rejection = blockkit.judge(args.get("text"), args.get("blocks"))
        if rejection is None:
            return None
        if rejection.error != "no_text":
            self.violations.append(f"{method}: {rejection.reason}")
        return rejection.error

    def _message(self, channel: str, **fields: Any) -> dict[str, Any]:
        ts = f"{self.epoch or int(time.time())}.{next(self._ts):06d}"
        blocks = fields.pop("blocks", None)
        message = {"type": "message", "channel": channel, "ts": ts, **fields, "blocks": blocks or []}
        self.timeline[(channel, ts)] = message
        return message

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.content_type == "application/json":
            try:
                args = parse_json(await request.read())
            except InvalidJson as exc:
                return web.json_response({"ok": False, "error": "invalid_json", "detail": exc.sentence})
        else:
            args = dict(request.query)
            body = await request.text()
            if body:
                args.update(dict(parse_qsl(body)))
        self.calls.append(Call(method, args, dict(request.headers)))
        try:
            return await self._answer(method, args, request)
        finally:
            await self._notify()

    async def _answer(self, method: str, args: dict[str, Any], request: web.Request) -> web.Response:
        if self._rate_limits[method]:
            retry_after = self._rate_limits[method].pop(0)
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(retry_after)}
            )
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if self._errors[method]:
            return web.json_response({"ok": False, "error": self._errors[method].pop(0)})
        if method in MESSAGE_METHODS and (error := self._judge(method, args)):
            return web.json_response({"ok": False, "error": error})
        return web.json_response(self._success(method, args))

    def _success(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return slack_directory.auth_test()
        if method == "chat.postMessage":
            message = self._message(args["channel"], user=BOT_USER, bot_id=BOT_ID, text=args.get("text"),
                                    blocks=args.get("blocks"), thread_ts=args.get("thread_ts"))  # fmt: skip
            self.messages[(args["channel"], message["ts"])] = message
            return {"ok": True, "channel": args["channel"], "ts": message["ts"], "message": message}
        if method == "chat.update":
            key = (args.get("channel"), args.get("ts"))
            if key not in self.messages:
                return {"ok": False, "error": "message_not_found"}
            self.messages[key].update(text=args.get("text"), blocks=args.get("blocks") or [], edited=True)
            return {
                "ok": True,
                "channel": key[0],
                "ts": key[1],
                "text": args.get("text"),
                "message": self.messages[key],
            }
        if method == "chat.postEphemeral":
            message = self._message(args["channel"], user=BOT_USER, bot_id=BOT_ID, text=args.get("text"),
                                    blocks=args.get("blocks"), thread_ts=args.get("thread_ts"),
                                    ephemeral_to=args.get("user"))  # fmt: skip
            return {"ok": True, "message_ts": message["ts"]}
        if method == "reactions.add":
            return {"ok": True}
        if method == "files.getUploadURLExternal":
            return self.files.reserve(args, base_url=self.url)
        if method == "files.completeUploadExternal":
            return self.files.complete(
                args,
                base_url=self.url,
                known=lambda channel, ts: (channel, ts) in self.timeline,
                share=lambda channel, **shown: self._message(channel, user=BOT_USER, bot_id=BOT_ID, blocks=[], **shown),
            )
        if method == "users.info":
            return slack_directory.user_info(self.users, args)
        if method == "usergroups.users.list":
            return slack_directory.usergroup_members(self.usergroups, args, in_plan=self.usergroups_in_plan)
        if method == "usergroups.list":
            handles = self.usergroup_handles
            return slack_directory.usergroup_list(self.usergroups, handles, in_plan=self.usergroups_in_plan)
        if method == "conversations.info":
            return slack_directory.conversation_info(args)
        return {"ok": False, "error": "unknown_method"}

    async def _hook(self, request: web.Request) -> web.Response:
        context = self.contexts.get(request.match_info["tail"].removeprefix("commands/"))
        if context is None and self.opened_hooks_only:
            return web.Response(status=404, text="no_such_hook")  # Slack's answer to a URL it never gave out
        try:
            body = parse_json(await request.read())
        except InvalidJson as exc:
            return web.Response(status=400, text=exc.sentence)
        self.hooks.append(Call("response_url", body, dict(request.headers)))
        try:
            if not body.get("delete_original") and (error := self._judge("response_url", body)):
                return web.Response(status=400, text=error)
            if context is not None:
                show_response(context, body, timeline=self.timeline, messages=self.messages, post=self._message)
            return web.Response(text="ok")
        finally:
            await self._notify()
