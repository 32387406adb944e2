"""The chain builder, the fall-through to the built-in parser, and the parse cache."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.infra.cache import MemoryCache
from intents import chain as chains
from intents.builtin import BuiltinParser
from intents.cache import CachedProvider, cache_key, retry_after_seconds
from intents.command import Command, Intent
from intents.gemini import GeminiProvider
from intents.openai_compat import OpenAICompatProvider
from intents.provider import Context, ProviderChain
from tests.support.fake_llm import (
    GEMINI_KEY,
    OPENAI_KEY,
    Answer,
    FakeGemini,
    FakeOpenAI,
    RateLimited,
    Reply,
    ServerError,
    Slow,
)

CONTEXT = Context(apps=("web", "payment-api"), namespaces=("default", "staging"))
FRAME = {"app": None, "namespace": None, "replicas": None, "lines": None, "image": None, "revision": None}
GOOD = Answer({**FRAME, "intent": "restart", "app": "web"})


def build(
    order: list[str],
    *,
    gemini: FakeGemini | None = None,
    openai: FakeOpenAI | None = None,
    timeout: float = 2.0,
    cache: MemoryCache | None = None,
) -> ProviderChain:
    return chains.build_chain(
        order,
        gemini_api_key=GEMINI_KEY,
        gemini_model="gemini-2.5-flash",
        gemini_base_url=gemini.url if gemini else None,
        openai_api_key=OPENAI_KEY,
        openai_base_url=openai.base_url if openai else None,
        openai_model="gpt-4o-mini",
        timeout=timeout,
        cache=cache,
    )


@pytest.fixture
async def fake_gemini() -> AsyncIterator[FakeGemini]:
    async with FakeGemini() as fake:
        yield fake


@pytest.fixture
async def fake_openai() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI() as fake:
        yield fake


# --- building --------------------------------------------------------------------------------


def test_builtin_is_appended_last_when_the_order_leaves_it_out() -> None:
    chain = build(["gemini", "openai"])
    assert [p.name for p in chain.providers] == ["gemini", "openai", "builtin"]
    assert isinstance(chain.providers[0], GeminiProvider)
    assert isinstance(chain.providers[1], OpenAICompatProvider)
    assert isinstance(chain.providers[2], BuiltinParser)


def test_the_order_is_kept_and_names_are_normalised() -> None:
    chain = build([" OpenAI ", "builtin", "", "Gemini"])
    assert [p.name for p in chain.providers] == ["openai", "builtin", "gemini"]


def test_an_empty_order_is_the_builtin_parser_alone() -> None:
    chain = chains.build_chain([], gemini_api_key=None, openai_api_key=None, openai_model=None)
    assert [p.name for p in chain.providers] == ["builtin"]


@pytest.mark.parametrize(
    ("order", "missing", "variable"),
    [
        (["gemini"], {"gemini_api_key": None}, "GEMINI_API_KEY"),
        (["gemini", "builtin"], {"gemini_api_key": ""}, "GEMINI_API_KEY"),
        (["openai"], {"openai_api_key": None}, "OPENAI_API_KEY"),
        (["openai"], {"openai_model": None}, "OPENAI_MODEL"),
    ],
)
def test_a_named_provider_without_its_setting_is_refused(
    order: list[str], missing: dict[str, Any], variable: str
) -> None:
    settings: dict[str, Any] = {
        "gemini_api_key": GEMINI_KEY,
        "gemini_model": "gemini-2.5-flash",
        "gemini_base_url": None,
        "openai_api_key": OPENAI_KEY,
        "openai_base_url": None,
        "openai_model": "gpt-4o-mini",
        "cache": None,
    }
    with pytest.raises(ValueError, match=variable) as caught:
        chains.build_chain(order, **{**settings, **missing})
    assert GEMINI_KEY not in str(caught.value) and OPENAI_KEY not in str(caught.value)


def test_unset_keys_are_fine_when_the_provider_is_not_named() -> None:
    chain = chains.build_chain(["builtin"], gemini_api_key=None, openai_api_key=None, openai_model=None)
    assert [p.name for p in chain.providers] == ["builtin"]


@pytest.mark.parametrize("order", [["claude"], ["gemini", "gemini"]], ids=["unknown", "twice"])
def test_a_bad_order_is_refused(order: list[str]) -> None:
    with pytest.raises(ValueError, match="KLEPAAS_INTENT_PROVIDERS"):
        build(order)


def test_llm_providers_are_cached_and_the_builtin_is_not() -> None:
    chain = build(["gemini", "openai"], cache=MemoryCache())
    gemini, openai, builtin = chain.providers
    assert isinstance(gemini, CachedProvider) and isinstance(gemini.provider, GeminiProvider)
    assert isinstance(openai, CachedProvider) and isinstance(openai.provider, OpenAICompatProvider)
    assert isinstance(builtin, BuiltinParser)
    assert [p.name for p in chain.providers] == ["gemini", "openai", "builtin"]


# --- falling through -------------------------------------------------------------------------


async def test_a_good_answer_is_the_llm_parse(fake_gemini: FakeGemini) -> None:
    fake_gemini.script(GOOD)
    chain = build(["gemini"], gemini=fake_gemini)
    parsed = await chain.parse("웹 재시작해줘", context=CONTEXT)
    await chains.close_chain(chain)
    assert parsed.provider == "gemini"
    assert parsed.command == Command(intent=Intent.RESTART, app="web")
    assert len(fake_gemini.requests) == 1


FAILURES: dict[str, Reply] = {
    "timeout": Slow(4.0, GOOD),
    "rate-limited": RateLimited(retry_after=5),
    "server-error": ServerError(),
    "invalid-json": Answer("Sure! Here is the command: restart web"),
    "schema-violation": Answer({**FRAME, "intent": "scale", "app": "web", "replicas": -1}),
    "malicious": Answer({**FRAME, "intent": "delete_namespace", "namespace": "default", "shell": "kubectl delete ns"}),
    "made-up-app": Answer({**FRAME, "intent": "restart", "app": "billing"}),
}


@pytest.mark.parametrize("vendor", ["gemini", "openai"])
@pytest.mark.parametrize("reply", list(FAILURES.values()), ids=list(FAILURES))
async def test_a_failed_llm_parse_falls_through_to_the_builtin_parser(
    vendor: str, reply: Reply, fake_gemini: FakeGemini, fake_openai: FakeOpenAI
) -> None:
    fake = fake_gemini if vendor == "gemini" else fake_openai
    fake.script(reply)
    # NB: 2 s, well under the 4 s the slow reply takes; 0.3 s and 0.8 s were less than a loaded machine
    # (two CPUs, other work running) needed to connect and send
    chain = build([vendor, "builtin"], gemini=fake_gemini, openai=fake_openai, timeout=2.0)
    parsed = await chain.parse("help", context=CONTEXT)
    await chains.close_chain(chain)
    assert len(fake.requests) == 1
    assert parsed.provider == "builtin"
    assert parsed.command == await BuiltinParser().parse("help", context=CONTEXT)


async def test_a_failed_gemini_parse_falls_through_to_openai(fake_gemini: FakeGemini, fake_openai: FakeOpenAI) -> None:
    fake_gemini.script(ServerError())
    fake_openai.script(Answer({**FRAME, "intent": "status", "app": "payment-api"}))
    chain = build(["gemini", "openai"], gemini=fake_gemini, openai=fake_openai)
    parsed = await chain.parse("how is payment-api doing", context=CONTEXT)
    await chains.close_chain(chain)
    assert (parsed.provider, parsed.command) == ("openai", Command(intent=Intent.STATUS, app="payment-api"))
    assert len(fake_gemini.requests) == 1 and len(fake_openai.requests) == 1


# --- caching ---------------------------------------------------------------------------------


async def test_a_cached_parse_sends_no_second_request(fake_gemini: FakeGemini) -> None:
    fake_gemini.script(GOOD, GOOD)
    chain = build(["gemini"], gemini=fake_gemini, cache=MemoryCache())
    first = await chain.parse("Restart  web please", context=CONTEXT)
    second = await chain.parse("  restart web\tPLEASE ", context=CONTEXT)
    await chains.close_chain(chain)
    assert first.command == second.command == Command(intent=Intent.RESTART, app="web")
    assert first.provider == second.provider == "gemini"
    assert len(fake_gemini.requests) == 1


async def test_other_apps_or_namespaces_are_another_cache_entry(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(GOOD, GOOD, GOOD)
    chain = build(["openai"], openai=fake_openai, cache=MemoryCache())
    await chain.parse("restart web", context=CONTEXT)
    await chain.parse("restart web", context=Context(apps=("web",), namespaces=CONTEXT.namespaces))
    await chain.parse("restart web", context=Context(apps=CONTEXT.apps, namespaces=("default",)))
    await chain.parse(
        "restart web", context=Context(apps=tuple(reversed(CONTEXT.apps)), namespaces=CONTEXT.namespaces)
    )  # same set: a hit
    await chains.close_chain(chain)
    assert len(fake_openai.requests) == 3


async def test_a_failed_parse_is_not_cached(fake_gemini: FakeGemini) -> None:
    fake_gemini.script(ServerError(), GOOD)
    chain = build(["gemini"], gemini=fake_gemini, cache=MemoryCache())
    first = await chain.parse("restart web", context=CONTEXT)
    second = await chain.parse("restart web", context=CONTEXT)
    await chains.close_chain(chain)
    assert first.provider == "builtin"
    assert second.provider == "gemini" and second.command == Command(intent=Intent.RESTART, app="web")
    assert len(fake_gemini.requests) == 2


async def test_a_cache_entry_expires_after_its_ttl() -> None:
    now = [1000.0]
    cache = MemoryCache(clock=lambda: now[0])

    class Counting:
        name = "counting"
        calls = 0

        async def parse(self, text: str, *, context: Context) -> Command | None:
            Counting.calls += 1
            return Command(intent=Intent.HELP)

    provider = CachedProvider(Counting(), cache, ttl=10)
    await provider.parse("help", context=CONTEXT)
    now[0] += 9
    await provider.parse("help", context=CONTEXT)
    assert Counting.calls == 1
    now[0] += 2
    await provider.parse("help", context=CONTEXT)
    assert Counting.calls == 2


async def test_a_corrupt_cache_entry_is_asked_again() -> None:
    cache = MemoryCache()
    key = cache_key("gemini", "restart web", context=CONTEXT)
    await cache.set(key, '{"intent": "delete_namespace"}', ttl=60)

    class Fixed:
        name = "gemini"

        async def parse(self, text: str, *, context: Context) -> Command | None:
            return Command(intent=Intent.RESTART, app="web")

    command = await CachedProvider(Fixed(), cache).parse("restart web", context=CONTEXT)
    assert command == Command(intent=Intent.RESTART, app="web")
    assert await cache.get(key) == command.model_dump_json()


def test_the_cache_key_holds_no_user_text() -> None:
    key = cache_key("gemini", "restart the secret-project app", context=CONTEXT)
    assert key.startswith("klepaas:intent:gemini:")
    assert "secret" not in key and "restart" not in key
    assert key == cache_key("gemini", "RESTART  the secret-project   app", context=CONTEXT)
    assert key != cache_key("openai", "restart the secret-project app", context=CONTEXT)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("7", 7.0), ("20s", 20.0), ("1.5", 1.5), (None, 2.0), ("soon", 2.0), ("Wed, 21 Oct 2015 07:28:00 GMT", -1)],
    ids=["delta", "google-duration", "fraction", "missing", "garbage", "past-date"],
)
def test_retry_after_is_read_in_each_form_vendors_send(value: str | None, seconds: float) -> None:
    result = retry_after_seconds(value, default=2.0)
    if seconds < 0:
        assert result < 0  # a date in the past: no wait (Cooldown clamps it to zero)
    else:
        assert result == seconds
