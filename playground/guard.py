"""
The playground's door: only its own page, in the person's own browser, may drive it.

The playground is a local web server that can change a cluster, so any web page the person
visits is a possible attacker. A page on another site can POST to 127.0.0.1 (a "simple"
request, `Content-Type: text/plain`, needs no CORS preflight), and a page whose name it
re-points at 127.0.0.1 (DNS rebinding) can even read the answers. So:

- every request must name the playground itself in `Host` (its loopback address and port):
  a rebound name (`evil.example:3000`) is refused before anything runs;
- the page's API (/playground/api/…) needs the session's token, which only the page the
  playground served carries (embedded in it; compared in constant time); a change also needs
  `Content-Type: application/json` and an `Origin` that is the playground's own;
- the stand-ins the bot calls (Slack's Web API, response_urls, Alertmanager's silences) take
  no request a browser sends (a browser's cross-origin request always carries `Origin`).

Refusals are 403 (421 for a foreign `Host`, 415 for another content type) with a sentence,
and nothing behind them runs.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from aiohttp.typedefs import Middleware

__all__ = ["API_PREFIX", "TOKEN_HEADER", "PageGuard", "loopback_only"]

API_PREFIX = "/playground/api/"
TOKEN_HEADER = "X-Playground-Token"
# What the bot calls on this server: the Web API stand-in, response_urls, the silences stand-in.
BOT_PREFIXES = ("/api/", "/hooks/", "/playground/alertmanager/")
SAFE_METHODS = frozenset({"GET", "HEAD"})

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _refused(status: int, sentence: str) -> web.Response:
    return web.json_response({"error": sentence}, status=status)


def _foreign_host(request: web.Request, port: int) -> web.Response | None:
    host = request.headers.get("Host", "")
    if host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        return None
    return _refused(421, f"This playground answers only at http://127.0.0.1:{port}, not at {host[:80]!r}.")


def loopback_only(port: int) -> Middleware:
    """A middleware for the bot's own server in the playground: a rebound name reads nothing there either."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        return _foreign_host(request, port) or await handler(request)

    return middleware


@dataclass(frozen=True)
class PageGuard:
    """The checks every request to the playground's server passes, as one aiohttp middleware."""

    port: int
    token: str  # the session's; embedded in the page it serves

    def problem(self, request: web.Request) -> web.Response | None:
        """Why `request` is refused, as the answer to give; None when it may go on."""
        if (foreign := _foreign_host(request, self.port)) is not None:
            return foreign
        host = request.headers["Host"]
        origin = request.headers.get("Origin")
        if request.path.startswith(BOT_PREFIXES):
            if origin is not None:
                return _refused(403, "Only the bot calls this; a web page may not.")
            return None
        if not request.path.startswith(API_PREFIX):
            return None  # the page and its static files
        if not hmac.compare_digest(request.headers.get(TOKEN_HEADER, "").encode(), self.token.encode()):
            return _refused(403, "This request does not come from the playground's own page; reload the page.")
        if request.method in SAFE_METHODS:
            return None
        if origin != f"http://{host}":
            return _refused(403, "Changes are taken only from the playground's own page.")
        if request.content_type != "application/json":
            return _refused(415, "Send JSON (Content-Type: application/json).")
        return None

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if (refusal := self.problem(request)) is not None:
            return refusal
        return await handler(request)
