"""
Local stand-ins for the Gemini and OpenAI chat APIs, on loopback.

Each fake speaks its vendor's REST shape (path, auth header, response JSON,
error JSON) so the real SDKs can be pointed at it. A test scripts the replies
in order with `fake.script(...)` and afterwards reads `fake.requests`, which
records every request the fake received. An unscripted request gets a 500
with the vendor's error shape, so a test that asks more than it expects fails.

Replies: `Answer(text)` (the model's text, e.g. a JSON Command or garbage),
`Slow(seconds, then)`, `RateLimited(retry_after)`, `ServerError()`.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

GEMINI_KEY = "test-gemini-key"
OPENAI_KEY = "sk-test-openai-key"


@dataclass(frozen=True)
class Answer:
    """A 200 whose model output text is `text` (pass a dict to have it JSON-encoded)."""

    text: str | Mapping[str, Any]

    @property
    def content(self) -> str:
        return self.text if isinstance(self.text, str) else json.dumps(self.text)


@dataclass(frozen=True)
class Slow:
    """Wait `seconds` before sending `then`."""

    seconds: float
    then: Answer | RateLimited | ServerError = field(default_factory=lambda: Answer({"intent": "help"}))


@dataclass(frozen=True)
class RateLimited:
    """A 429 with a Retry-After header and the vendor's quota error JSON."""

    retry_after: int = 20


@dataclass(frozen=True)
class ServerError:
    """A 500 with the vendor's internal error JSON."""


Reply = Answer | Slow | RateLimited | ServerError


@dataclass(frozen=True)
class Received:
    """One request as the fake saw it."""

    method: str
    path: str
    headers: Mapping[str, str]
    json: Any


class _FakeLLM:
    """The server and the script; subclasses know the vendor's route and shapes."""

    route: str

    def __init__(self, *, api_key: str) -> None:
        self.api_key = api_key
        self.requests: list[Received] = []
        self._replies: deque[Reply] = deque()
        self._runner: web.AppRunner | None = None
        self.url = ""

    def script(self, *replies: Reply) -> None:
        self._replies.extend(replies)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post(self.route, self._handle)
        # NB: cancel a handler that is still sleeping when its client gives up (the timeout tests).
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> _FakeLLM:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        try:
            body = json.loads(raw)
        except json.JSONDecodeError:
            body = None
        self.requests.append(Received(request.method, request.path, dict(request.headers), body))
        if not self._authorised(request):
            return self._unauthorised()
        reply = self._replies.popleft() if self._replies else None
        if isinstance(reply, Slow):
            await asyncio.sleep(reply.seconds)
            reply = reply.then
        if isinstance(reply, Answer):
            return web.json_response(self._answer(request, body, reply.content))
        if isinstance(reply, RateLimited):
            return web.json_response(
                self._rate_limited(reply.retry_after), status=429, headers={"Retry-After": str(reply.retry_after)}
            )
        return web.json_response(self._server_error(), status=500)

    def _authorised(self, request: web.Request) -> bool:
        raise NotImplementedError

    def _unauthorised(self) -> web.Response:
        raise NotImplementedError

    def _answer(self, request: web.Request, body: Any, content: str) -> dict[str, Any]:
        raise NotImplementedError

    def _rate_limited(self, retry_after: int) -> dict[str, Any]:
        raise NotImplementedError

    def _server_error(self) -> dict[str, Any]:
        raise NotImplementedError


class FakeGemini(_FakeLLM):
    """`POST /v1beta/models/{model}:generateContent` of the Gemini Developer API."""

    route = "/v1beta/models/{model}:generateContent"

    def __init__(self, *, api_key: str = GEMINI_KEY) -> None:
        super().__init__(api_key=api_key)

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("x-goog-api-key") == self.api_key

    def _unauthorised(self) -> web.Response:
        return web.json_response(
            _google_error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key."), status=400
        )

    def _answer(self, request: web.Request, body: Any, content: str) -> dict[str, Any]:
        return {
            "candidates": [
                {
                    "content": {"parts": [{"text": content}], "role": "model"},
                    "finishReason": "STOP",
                    "index": 0,
                }
            ],
            "usageMetadata": {"promptTokenCount": 310, "candidatesTokenCount": 24, "totalTokenCount": 334},
            "modelVersion": request.match_info["model"],
            "responseId": uuid.uuid4().hex[:22],
        }

    def _rate_limited(self, retry_after: int) -> dict[str, Any]:
        error = _google_error(
            429,
            "RESOURCE_EXHAUSTED",
            "You exceeded your current quota, please check your plan and billing details.",
        )
        error["error"]["details"] = [
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": f"{retry_after}s"}
        ]
        return error

    def _server_error(self) -> dict[str, Any]:
        return _google_error(500, "INTERNAL", "An internal error has occurred. Please retry or report.")


class FakeOpenAI(_FakeLLM):
    """`POST /v1/chat/completions` of the OpenAI API (and of the many compatible servers)."""

    route = "/v1/chat/completions"

    def __init__(self, *, api_key: str = OPENAI_KEY) -> None:
        super().__init__(api_key=api_key)

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bearer {self.api_key}"

    def _unauthorised(self) -> web.Response:
        return web.json_response(
            _openai_error("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"), status=401
        )

    def _answer(self, request: web.Request, body: Any, content: str) -> dict[str, Any]:
        model = body.get("model", "unknown") if isinstance(body, dict) else "unknown"
        return {
            "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": None, "annotations": []},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 310, "completion_tokens": 24, "total_tokens": 334},
            "system_fingerprint": "fp_fake",
        }

    def _rate_limited(self, retry_after: int) -> dict[str, Any]:
        return _openai_error(
            f"Rate limit reached for requests. Please try again in {retry_after}s.", "requests", "rate_limit_exceeded"
        )

    def _server_error(self) -> dict[str, Any]:
        return _openai_error(
            "The server had an error while processing your request. Sorry about that!", "server_error", None
        )


def _google_error(code: int, status: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "status": status}}


def _openai_error(message: str, type_: str, code: str | None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}
