"""
Raw requests to the bot's /slack/events, signed or deliberately not, and a recorder for the
places a hostile body points at (a response_url on someone else's server).

`playground/signed_requests.py` builds the well-formed bodies Slack sends; this module sends
any bytes with any headers, which is what an attacker (or a broken proxy) does.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def signed_headers(
    secret: str, body: bytes, *, ts: str | int | None = None, content_type: str = FORM
) -> dict[str, str]:
    """Headers as Slack sends them; `ts` may be any string (the signature is then over that string)."""
    stamp = str(int(time.time()) if ts is None else ts)
    digest = hmac.new(secret.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}", "Content-Type": content_type}


async def post(url: str, body: bytes | str, headers: dict[str, str]) -> tuple[int, str]:
    data = body.encode() if isinstance(body, str) else body
    async with aiohttp.ClientSession() as session, session.post(url, data=data, headers=headers) as response:
        return response.status, await response.text()


@dataclass
class Elsewhere:
    """A server on loopback that records every request it gets: where a forged body points."""

    seen: list[tuple[str, str, bytes]] = field(default_factory=list)
    status: int = 200
    _runner: web.AppRunner | None = None
    port: int = 0

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def _record(self, request: web.Request) -> web.Response:
        self.seen.append((request.method, request.path_qs, await request.read()))
        return web.Response(status=self.status, text="ok")

    async def start(self) -> Elsewhere:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._record)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
