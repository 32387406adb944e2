"""An LLM's answer passes the same safety gate: a change proposed for a mere mention is not acted on."""

from __future__ import annotations

from typing import Any

import pytest

from intents import prompt
from intents.builtin import BuiltinParser
from intents.builtin.reader import BuiltinReader
from intents.command import Command, Intent
from intents.provider import Context, ProviderChain
from tests.intents.test_llm_providers import make_provider
from tests.support.fake_llm import Answer, FakeGemini, FakeOpenAI

CONTEXT = Context(apps=("web", "payment-api"), namespaces=("default", "staging"))
FRAME = {"app": None, "namespace": None, "replicas": None, "lines": None, "image": None, "revision": None}


def frame(**values: Any) -> dict[str, Any]:
    return {**FRAME, **values}


MENTIONS = [
    ("어제 web 재시작했었어?", frame(intent="restart", app="web")),
    ("we rolled payment-api back last night", frame(intent="rollback", app="payment-api")),
    ("don't scale web", frame(intent="scale", app="web", replicas=2)),
    ("web CPU 리밋 2코어로 올려줘", frame(intent="scale", app="web", replicas=2)),
    ("배포 승인 권한 나한테도 줘", frame(intent="deploy", app="web", image="v2")),
    # a value the message never said is the model's own: an image, a revision
    ("web 배포해줘", frame(intent="deploy", app="web", image="v2.0.0")),
    ("ship payment-api to prod", frame(intent="deploy", app="payment-api", image="payment-api:1.4.0")),
    ("roll web back please", frame(intent="rollback", app="web", revision=7)),
]


def test_a_value_said_in_another_form_is_said() -> None:
    from intents.gate import guard

    said = [
        ("deploy 1.4.2 to web", Command(intent=Intent.DEPLOY, app="web", image="v1.4.2")),
        ("web 이미지 registry.local/web:1.4.2 로 배포", Command(intent=Intent.DEPLOY, app="web", image="1.4.2")),
        ("roll web back to revision 7", Command(intent=Intent.ROLLBACK, app="web", revision=7)),
    ]
    for text, command in said:
        assert guard(command, text) == command, text


@pytest.mark.parametrize("vendor", ["gemini", "openai"])
@pytest.mark.parametrize(("text", "answer"), MENTIONS)
async def test_an_llm_change_for_a_mention_becomes_unknown(vendor: str, text: str, answer: dict[str, Any]) -> None:
    fake = FakeGemini() if vendor == "gemini" else FakeOpenAI()
    async with fake:
        provider = make_provider(vendor, fake.url, timeout=2.0)
        fake.script(Answer(answer))
        command = await provider.parse(text, context=CONTEXT)
    assert len(fake.requests) == 1  # the model was asked and proposed the change
    assert command == Command(intent=Intent.UNKNOWN)


async def test_an_llm_change_asked_for_now_stands() -> None:
    async with FakeOpenAI() as fake:
        provider = make_provider("openai", fake.url, timeout=2.0)
        fake.script(Answer(frame(intent="restart", app="web")))
        command = await provider.parse("web 재시작해줘", context=CONTEXT)
    assert command == Command(intent=Intent.RESTART, app="web")


async def test_the_chain_gates_every_provider_and_offers_the_closest_commands() -> None:
    class Eager:
        """A provider that proposes a restart for anything."""

        name = "eager"

        async def parse(self, text: str, *, context: Context) -> Command | None:
            return Command(intent=Intent.RESTART, app="web")

    chain = ProviderChain((Eager(), BuiltinParser()), reader=BuiltinReader())
    parsed = await chain.parse("did someone restart web yesterday?", context=CONTEXT)
    assert parsed.provider == "eager"
    assert parsed.command.intent is Intent.UNKNOWN
    assert Intent.RESTART in parsed.closest
    assert parsed.refused == "question"


async def test_an_unknown_says_which_change_the_bot_cannot_make() -> None:
    chain = ProviderChain((BuiltinParser(),), reader=BuiltinReader())
    parsed = await chain.parse("web CPU 리밋 2코어로 올려줘", context=CONTEXT)
    assert parsed.command.intent is Intent.UNKNOWN
    assert parsed.refused == "unsupported"
    assert parsed.closest  # the nearest commands, for buttons


def test_the_prompt_states_the_same_rule() -> None:
    rule = prompt.SYSTEM_PROMPT
    assert "explicit request" in rule
    for case in ("past", "negation", "permissions", "CPU", "log level"):
        assert case in rule
    # the gate's evidence: one clause that asks the bot now, with the change's verb and the app said
    for case in ("exactly one clause", "now", "own verb", "names the app", "<@U…>", "condition", "later", "quotes"):
        assert case in rule


async def test_an_app_two_apps_fit_is_offered_as_alternatives() -> None:
    chain = ProviderChain((BuiltinParser(),), reader=BuiltinReader())
    context = Context(apps=("payment-api", "payment-worker", "web"))
    parsed = await chain.parse("결제 재시작해줘", context=context)
    assert parsed.command.app is None
    assert [alt.app for alt in parsed.alternatives] == ["payment-api", "payment-worker"]
    assert all(alt.intent is Intent.RESTART for alt in parsed.alternatives)
    assert parsed.confidence == 0.5
