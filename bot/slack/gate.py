"""
The door of /slack/events: nothing Slack did not sign gets past it, and nothing answers 5xx.

Bolt checks signatures in a middleware, so a request it cannot verify still reaches
its error path: a timestamp that is not a number (`abc`, `1e3`) crashed `int()` there,
and the error handler apologised to the body's `response_url` or channel, so an
unsigned request made the bot post where its sender said. Here the signature is
checked on the raw bytes before anything is parsed, and the body's shape before
Bolt parses it (Bolt's parser and matchers index into the body and crash on shapes
Slack never sends, which answered 500 with a traceback):

- unsigned, stale or forged: 401, nothing parsed, nothing logged but one line;
- signed, but not a body Slack sends: 400 with a sentence, one log line naming the reason
  (the JSON, whether the body itself or a form's `payload`, is read by `bodies.parse_json`:
  bounded in size and depth, so 20,000 nested arrays are a 400, not a RecursionError's 500);
- everything else is Bolt's to answer.

The gate is the one signature check of /slack/events (Bolt's own is off, bot/slack/bolt.py), and a
form body is parsed once, by Bolt; JSON (a JSON body, or a form's `payload`) is first read by
`bodies.parse_json`, whose bounds Bolt's `json.loads` does not have.

Slack signs `v0:{timestamp}:{raw body}` with HMAC-SHA256 (PROTOCOLS.md §1).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import structlog
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bodies import InvalidJson, parse_json
from bot.infra.acks import PendingAcks
from bot.slack import shapes

log = structlog.get_logger(__name__)

MAX_AGE = 300  # seconds either way, as slack_sdk's SignatureVerifier
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


def verified(secret: str | None, headers: Any, raw: bytes, *, now: float) -> str | None:
    """None when Slack signed `raw` within the last five minutes; else why not."""
    if not secret:
        return "no signing secret"
    stamp = headers.get("X-Slack-Request-Timestamp") or ""
    signature = headers.get("X-Slack-Signature") or ""
    if not _TIMESTAMP.fullmatch(stamp):
        return "timestamp"
    if abs(now - int(stamp)) > MAX_AGE:
        return "stale"
    if not _SIGNATURE.fullmatch(signature):
        return "signature"
    expected = hmac.new(secret.encode(), b"v0:" + stamp.encode() + b":" + raw, hashlib.sha256).hexdigest()
    return None if hmac.compare_digest(f"v0={expected}", signature) else "signature"


def parsed_json(text: str, content_type: str | None) -> object | None:
    """The JSON in the body as Bolt will read it (slack_bolt.request.internals.parse_body), within
    `bodies.parse_json`'s bounds; None for a form without JSON (Bolt parses that itself). Raises InvalidJson."""
    if not text:
        return None
    if content_type == "application/json" or text.startswith("{"):
        return parse_json(text)
    if "payload" in text:
        form = dict(parse_qsl(text, keep_blank_values=True))
        return parse_json(form["payload"]) if "payload" in form else None
    return None


@dataclass(frozen=True)
class SlackGate:
    """The aiohttp handler of /slack/events: verify, check the shape, then let Bolt answer."""

    bolt: AsyncApp
    secret: str | None
    observe: Callable[[str, float], None] = lambda kind, seconds: None  # ack latency by request kind
    clock: Callable[[], float] = time.time
    acks: PendingAcks | None = None  # counts this request until it is answered (bot/infra/acks.py)
    finishing: set[asyncio.Future[BoltResponse]] = field(default_factory=set)  # Bolt's dispatches after the ack

    async def handle(self, request: web.Request) -> web.Response:
        if self.acks is None:
            return await self._handle(request, None)
        with self.acks.pending() as acked:
            return await self._handle(request, acked)

    async def _handle(self, request: web.Request, acked: asyncio.Future[object] | None) -> web.Response:
        started = time.perf_counter()
        raw = await request.read()
        if (why := verified(self.secret, request.headers, raw, now=self.clock())) is not None:
            log.info("slack.unverified", reason=why, length=len(raw))
            return web.json_response({"error": "invalid request"}, status=401)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return self._malformed("not UTF-8", "The body is not UTF-8; Slack sends UTF-8.")
        try:
            found = parsed_json(text, request.content_type)
        except InvalidJson as exc:
            return self._malformed("json", exc.sentence)
        if found is not None and (why := shapes.problem(found)) is not None:
            return self._malformed(why)  # NB: before Bolt's parse, which indexes into what it found
        try:
            bolt_request = AsyncBoltRequest(body=text, query=request.query_string, headers=dict(request.headers))
        except Exception as exc:
            return self._malformed(f"bolt: {type(exc).__name__}")
        if found is None and (why := shapes.problem(bolt_request.body)) is not None:
            return self._malformed(why)
        response = await to_aiohttp_response(await self._dispatch(bolt_request, acked))
        self.observe(_kind(text), time.perf_counter() - started)
        return response

    async def _dispatch(self, bolt_request: AsyncBoltRequest, acked: asyncio.Future[object] | None) -> BoltResponse:
        """Bolt's answer, or the listener's ack as soon as it is made: Bolt's runner looks for the ack only
        every 10 ms. Bolt's own dispatch then ends on its own within those 10 ms, still referenced here."""
        if acked is None:
            return await self.bolt.async_dispatch(bolt_request)
        dispatch: asyncio.Future[Any] = asyncio.ensure_future(self.bolt.async_dispatch(bolt_request))
        done, _ = await asyncio.wait({dispatch, acked}, return_when=asyncio.FIRST_COMPLETED)
        if dispatch in done or not isinstance(answer := acked.result(), BoltResponse):
            return await dispatch
        self.finishing.add(dispatch)
        dispatch.add_done_callback(self._finished)
        return answer

    def _finished(self, dispatch: asyncio.Future[BoltResponse]) -> None:
        self.finishing.discard(dispatch)
        if not dispatch.cancelled() and (error := dispatch.exception()) is not None:
            log.error("slack.dispatch_failed", exc_info=error)  # after the ack was sent: logged, Slack has its answer

    @staticmethod
    def _malformed(why: str, sentence: str | None = None) -> web.Response:
        log.warning("slack.malformed", reason=why)
        sentence = sentence or f"The body is not a request Slack sends ({why})."
        return web.json_response({"error": "malformed request", "problem": sentence}, status=400)


def _kind(text: str) -> str:
    if text.startswith("{"):
        return "event"
    if text.startswith("payload=") or "&payload=" in text:
        return "interactive"
    return "command"
