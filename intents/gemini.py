"""
The Gemini intent provider, through Google's `google-genai` SDK.

The model is asked for structured output constrained by the Command schema
(`responseMimeType: application/json` + `responseJsonSchema`). Its answer is
only a proposal: `prompt.read_answer` validates it. Any failure (timeout, HTTP
error, 429, a connection error, an answer that is not a Command) returns None,
so the chain asks the next parser; a 429 also starts a cooldown.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import structlog
from google import genai
from google.genai import errors as genai_errors
from google.genai import types

from intents import prompt
from intents.cache import Cooldown
from intents.command import Command
from intents.provider import Context

log = structlog.get_logger(__name__)

DEFAULT_MODEL = "gemini-2.5-flash"
DEFAULT_TIMEOUT = 4.0  # seconds
API_VERSION = "v1beta"
_RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo"


def client(*, api_key: str, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> genai.Client:
    """A Gemini Developer API client that never retries on its own: the chain has a fallback."""
    return genai.Client(
        api_key=api_key,
        http_options=types.HttpOptions(
            base_url=base_url,
            api_version=API_VERSION,
            timeout=max(1, round(timeout * 1000)),  # milliseconds
            # NB: with retry_options unset the SDK sleeps 1-10 s and retries once on an
            # aiohttp connection error; one attempt keeps a dead endpoint within our timeout.
            retry_options=types.HttpRetryOptions(attempts=1),
        ),
    )


class GeminiProvider:
    """Parses text with a Gemini model; returns None whenever the answer cannot be used."""

    name = "gemini"

    def __init__(self, *, client: genai.Client, model: str = DEFAULT_MODEL, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._client = client
        self._model = model
        self._timeout = timeout
        self._cooldown = Cooldown()
        self._config = types.GenerateContentConfig(
            system_instruction=prompt.SYSTEM_PROMPT,
            response_mime_type="application/json",
            response_json_schema=prompt.COMMAND_SCHEMA,
            temperature=0.0,
            candidate_count=1,
        )

    async def parse(self, text: str, *, context: Context) -> Command | None:
        if self._cooldown.active:
            log.info("provider.cooling_down", provider=self.name)
            return None
        try:
            async with asyncio.timeout(self._timeout):
                response = await self._client.aio.models.generate_content(
                    model=self._model,
                    contents=prompt.user_message(text, context=context),
                    config=self._config,
                )
            return prompt.read_answer(response.text, context=context, text=text)
        except TimeoutError:
            log.warning("provider.timed_out", provider=self.name, timeout=self._timeout)
        except genai_errors.APIError as exc:
            self._on_api_error(exc)
        except aiohttp.ClientError as exc:
            log.warning("provider.unreachable", provider=self.name, error=type(exc).__name__)
        except json.JSONDecodeError:  # a 200 whose body is not JSON
            log.warning("provider.failed", provider=self.name, reason="unreadable_response")
        except prompt.AnswerRejected as exc:
            log.warning("answer.rejected", provider=self.name, reason=exc.reason)
        return None

    def _on_api_error(self, exc: genai_errors.APIError) -> None:
        if exc.code == 429:
            seconds = self._cooldown.start(_retry_after(exc))
            log.warning("provider.rate_limited", provider=self.name, cooldown=seconds)
        else:
            log.warning("provider.failed", provider=self.name, status=exc.code, reason=exc.status)

    async def aclose(self) -> None:
        await self._client.aio.aclose()


def _retry_after(exc: genai_errors.APIError) -> str | None:
    """The Retry-After header, else the `retryDelay` of the error's google.rpc.RetryInfo detail."""
    headers = getattr(exc.response, "headers", None)
    if headers is not None and headers.get("Retry-After"):
        return str(headers["Retry-After"])
    error: Any = exc.details.get("error", exc.details) if isinstance(exc.details, dict) else {}
    for detail in error.get("details", []) if isinstance(error, dict) else []:
        if isinstance(detail, dict) and detail.get("@type") == _RETRY_INFO:
            return str(detail.get("retryDelay", "")) or None
    return None
