"""
The intent provider for any OpenAI-compatible chat endpoint, through the `openai` SDK.

OpenAI itself, Azure-style gateways and local servers (vLLM, Ollama, LiteLLM)
speak `POST {base_url}/chat/completions`. We ask for structured output with
`response_format: {"type": "json_schema", "strict": true}` so a compliant server
can only produce the Command frame. The answer is still validated by
`prompt.read_answer`; any failure returns None so the chain asks the next parser,
and a 429 starts a cooldown of its Retry-After.
"""

from __future__ import annotations

import asyncio

import openai
import structlog
from openai.types.chat import ChatCompletion, ChatCompletionSystemMessageParam, ChatCompletionUserMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema

from intents import prompt
from intents.cache import Cooldown
from intents.command import Command
from intents.provider import Context

log = structlog.get_logger(__name__)

DEFAULT_TIMEOUT = 4.0  # seconds

RESPONSE_FORMAT: ResponseFormatJSONSchema = {
    "type": "json_schema",
    "json_schema": {"name": "command", "strict": True, "schema": prompt.COMMAND_SCHEMA},
}


def client(*, api_key: str, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> openai.AsyncOpenAI:
    """A client that never retries on its own: within a Slack request the fallback is the better retry."""
    return openai.AsyncOpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0)


class OpenAICompatProvider:
    """Parses text with a chat model behind an OpenAI-compatible API; None when the answer cannot be used."""

    name = "openai"

    def __init__(self, *, client: openai.AsyncOpenAI, model: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._client = client
        self._model = model
        self._timeout = timeout
        self._cooldown = Cooldown()

    async def parse(self, text: str, *, context: Context) -> Command | None:
        if self._cooldown.active:
            log.info("provider.cooling_down", provider=self.name)
            return None
        try:
            async with asyncio.timeout(self._timeout):
                completion = await self._client.chat.completions.create(
                    model=self._model,
                    messages=[
                        ChatCompletionSystemMessageParam(role="system", content=prompt.SYSTEM_PROMPT),
                        ChatCompletionUserMessageParam(role="user", content=prompt.user_message(text, context=context)),
                    ],
                    response_format=RESPONSE_FORMAT,
                )
            return prompt.read_answer(_content(completion), context=context, text=text)
        except (TimeoutError, openai.APITimeoutError):
            log.warning("provider.timed_out", provider=self.name, timeout=self._timeout)
        except openai.RateLimitError as exc:
            seconds = self._cooldown.start(exc.response.headers.get("retry-after"))
            log.warning("provider.rate_limited", provider=self.name, cooldown=seconds)
        except openai.APIStatusError as exc:
            log.warning("provider.failed", provider=self.name, status=exc.status_code, reason=exc.code)
        except openai.APIConnectionError as exc:
            log.warning("provider.unreachable", provider=self.name, error=type(exc).__name__)
        except openai.APIError as exc:  # e.g. a 200 whose body is not a chat completion
            log.warning("provider.failed", provider=self.name, reason=type(exc).__name__)
        except prompt.AnswerRejected as exc:
            log.warning("answer.rejected", provider=self.name, reason=exc.reason)
        return None

    async def aclose(self) -> None:
        await self._client.close()


def _content(completion: ChatCompletion) -> str | None:
    """The first choice's text; a refusal or a missing choice counts as no answer."""
    choices = getattr(completion, "choices", None)
    if not choices:
        raise prompt.AnswerRejected("no_choice")
    message = choices[0].message
    if getattr(message, "refusal", None):
        raise prompt.AnswerRejected("refused")
    content = message.content
    return content if isinstance(content, str) else None
