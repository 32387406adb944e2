"""
Building the provider chain from settings (KLEPAAS_INTENT_PROVIDERS and the keys).

This is where the LLM clients are constructed, so the providers themselves take
ready clients. The builder gets plain values, not the environment; the bot's
Settings supply them. The built-in parser is appended last when the order does
not name it, because it always answers and keeps the bot usable offline.
"""

from __future__ import annotations

from collections.abc import Sequence

from intents.builtin import BuiltinParser
from intents.builtin.reader import BuiltinReader
from intents.cache import DEFAULT_TTL, CachedProvider, KeyValueCache
from intents.provider import IntentProvider, ProviderChain

BUILTIN = "builtin"
GEMINI = "gemini"
OPENAI = "openai"
KNOWN = (BUILTIN, GEMINI, OPENAI)


def build_chain(
    order: Sequence[str],
    *,
    gemini_api_key: str | None = None,
    gemini_model: str = "gemini-2.5-flash",  # intents.gemini.DEFAULT_MODEL
    gemini_base_url: str | None = None,
    openai_api_key: str | None = None,
    openai_base_url: str | None = None,
    openai_model: str | None = None,
    timeout: float = 4.0,
    cache: KeyValueCache | None = None,
    cache_ttl: float = DEFAULT_TTL,
) -> ProviderChain:
    """The chain in `order`, builtin last if absent; raises ValueError on a bad name or a missing setting.

    LLM providers are wrapped in a CachedProvider when `cache` is given; the
    built-in parser is not, since it is faster than a cache round trip.
    """
    names = _names(order)
    providers: list[IntentProvider] = []
    for name in names:
        if name == BUILTIN:
            providers.append(BuiltinParser())
            continue
        if name == GEMINI:
            if not gemini_api_key:
                raise ValueError("KLEPAAS_INTENT_PROVIDERS names gemini, but GEMINI_API_KEY is not set")
            if not gemini_model:
                raise ValueError("KLEPAAS_INTENT_PROVIDERS names gemini, but GEMINI_MODEL is empty")
            from intents import gemini  # NB: google-genai is large; only a chain that uses it imports it

            provider: IntentProvider = gemini.GeminiProvider(
                client=gemini.client(api_key=gemini_api_key, base_url=gemini_base_url, timeout=timeout),
                model=gemini_model,
                timeout=timeout,
            )
        else:
            if not openai_api_key:
                raise ValueError("KLEPAAS_INTENT_PROVIDERS names openai, but OPENAI_API_KEY is not set")
            if not openai_model:
                raise ValueError("KLEPAAS_INTENT_PROVIDERS names openai, but OPENAI_MODEL is not set")
            from intents import openai_compat  # NB: likewise the openai SDK

            provider = openai_compat.OpenAICompatProvider(
                client=openai_compat.client(api_key=openai_api_key, base_url=openai_base_url, timeout=timeout),
                model=openai_model,
                timeout=timeout,
            )
        providers.append(CachedProvider(provider, cache, ttl=cache_ttl) if cache is not None else provider)
    return ProviderChain(tuple(providers), reader=BuiltinReader())


async def close_chain(chain: ProviderChain) -> None:
    """Close the HTTP clients of the chain's providers (at shutdown)."""
    for provider in chain.providers:
        close = getattr(provider, "aclose", None)
        if close is not None:
            await close()


def _names(order: Sequence[str]) -> list[str]:
    """Normalised, checked provider names, with builtin appended when missing."""
    names = [name.strip().lower() for name in order if name.strip()]
    for name in names:
        if name not in KNOWN:
            raise ValueError(f"unknown intent provider {name!r} in KLEPAAS_INTENT_PROVIDERS; use {', '.join(KNOWN)}")
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"KLEPAAS_INTENT_PROVIDERS names {', '.join(duplicates)} more than once")
    if BUILTIN not in names:
        names.append(BUILTIN)
    return names
