"""A correction that says only a value corrects the request before it; one that says more withdraws it.
And a command the message leaves incomplete is no command to run: the frame is `unknown`, the chain
carries it as `wanted` for the bot to complete. Sentences written for these tests."""

from __future__ import annotations

import io
import json

import pytest

from intents import Command, Intent, ProviderChain
from intents.builtin import BuiltinParser
from intents.builtin.parser import parse_text
from intents.chain import build_chain
from intents.discourse import read_message
from intents.discourse.correction import corrected, correcting, inner
from intents.jsonl import run_jsonl
from tests.intents.shop_frames import APPS, CONTEXT, frame


@pytest.mark.parametrize(
    ("request_", "correction", "expected"),
    [
        ("scale web to 3", "4", "scale web to 4"),
        ("scale web to five", "make it seven", "scale web to seven"),
        ("web 3개로 늘려줘", "아 아니 5개로", "web 5개로 늘려줘"),
        ("web 스케일 10으로 해줘", "12", "web 스케일 12으로 해줘"),
        ("deploy v2.0.1 to billing-api", "v2.0.2", "deploy v2.0.2 to billing-api"),
        ("restart api in shop-dev", "I mean shop-prod", "restart api in shop-prod"),
        ("web 레플리카 2개로", "4개로 해주세요 shop-dev", "web 레플리카 4개로 해주세요 shop-dev"),
    ],
)
def test_a_value_replaces_the_value_of_its_kind(request_: str, correction: str, expected: str) -> None:
    assert corrected(request_, correction) == expected


@pytest.mark.parametrize(
    ("request_", "correction"),
    [
        ("scale web to 3", "restart api"),  # another request, not a value
        ("scale web to 3", "4 and restart api too"),  # more than a value
        ("restart web", "api"),  # another app is no correction of a name said wrong
        ("restart web", "4"),  # no count to correct
        ("deploy v2.0.1 to web", "3"),  # a count does not correct a version
        ("restart api in shop-dev", "search-indexer"),  # nothing alike
    ],
)
def test_anything_more_than_a_value_corrects_nothing(request_: str, correction: str) -> None:
    assert corrected(request_, correction) is None


def test_a_value_alone_after_a_request_is_no_correction() -> None:
    assert correcting("scale web to 3", "4") is None  # no "no wait", "sorry", "아니": a second value
    assert correcting("scale web to 3", "no wait, 4") == "scale web to 4"
    assert inner("web 스케일 10으로 해줘 아니 12") == "web 스케일 12으로 해줘"
    assert inner("web 재시작 아니 롤백해줘") is None  # a verb, not a value: left to the retraction


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("scale web to 3, no wait, 4", {"intent": "scale", "app": "web", "replicas": 4}),
        ("scale *web* to six — sorry, eight :sweat_smile:", {"intent": "scale", "app": "web", "replicas": 8}),
        ("api 2개로 줄여줘, 아 아니 3개로요", {"intent": "scale", "app": "api", "replicas": 3}),
        ("api 레플리카 4개로 해주세요, 아 아니다 6개로요", {"intent": "scale", "app": "api", "replicas": 6}),
        ("web 스케일 10으로 해줘 아니 12", {"intent": "scale", "app": "web", "replicas": 12}),
        (
            "deploy v2.0.1 to `billing-api`, no wait, v2.0.2",
            {"intent": "deploy", "app": "billing-api", "image": "v2.0.2"},
        ),
        (
            "restart api in shop-dev — sorry, I mean *shop-prod*",
            {"intent": "restart", "app": "api", "namespace": "shop-prod"},
        ),
        # a place corrected: "in qa — I mean dev", "qa에서, 아 아니 dev에서"
        ("restart api in staging — sorry, I mean default", {"intent": "restart", "app": "api", "namespace": "default"}),
        (
            "web 로그 보여줘 staging에서, 아 아니 shop-dev에서",
            {"intent": "logs", "app": "web", "namespace": "shop-dev"},
        ),
        # the verb corrected inside one sentence: the app stays, the verb said last is asked
        ("`pay-gw` 롤백 아 아니 재시작 해주세요", {"intent": "restart", "app": "pay-gw"}),
        ("restart web, no wait, roll it back", {"intent": "rollback", "app": "web"}),
        ("scale `api` to 5, wait no make it 3", {"intent": "scale", "app": "api", "replicas": 3}),
        ("scale api to 3, no wait, 5. backlog is huge", {"intent": "scale", "app": "api", "replicas": 5}),
        # the one name of the request corrected: the app said last is the one meant
        ("roll back `billing-api`, no wait, `pay-gw`", {"intent": "rollback", "app": "pay-gw"}),
        # a correction that says more than a value withdraws the request: what it says instead stands
        ("scale web to 3, no wait, restart api", {"intent": "restart", "app": "api"}),
        ("restart web, no wait, never mind", {"intent": "unknown"}),
        # a correction in a message that waits for later still waits
        ("after lunch scale web to 3, no wait, 4", {"intent": "unknown"}),
    ],
)
def test_corrected_messages(text: str, expected: dict[str, object]) -> None:
    assert frame(text) == expected


def test_the_corrected_request_is_the_one_clause_asked() -> None:
    reading = read_message("scale web to 3, no wait, 4")
    assert reading.text == "scale web to 4"
    assert reading.reason is None


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("restart it", "app"),
        ("ok roll it back pls :pray:", "app"),
        ("스케일 3으로 해줘", "app"),
        ("scale web", "replicas"),
        ("web 배포해줘", "image"),
    ],
)
def test_an_incomplete_command_is_no_command_to_run(text: str, missing: str) -> None:
    command = parse_text(text, CONTEXT)
    assert command.missing == missing
    assert command.runnable() == Command(intent=Intent.UNKNOWN)


def test_the_jsonl_frame_is_what_the_message_alone_can_run() -> None:
    lines = [
        {"id": "a", "text": "restart it", "apps": list(APPS)},
        {"id": "b", "text": "scale web to 3", "apps": list(APPS)},
        {"id": "c", "text": "deploy web", "apps": list(APPS)},
    ]
    out = io.StringIO()
    run_jsonl(io.StringIO("\n".join(json.dumps(line) for line in lines) + "\n"), out, BuiltinParser())
    frames = {row["id"]: row for row in map(json.loads, out.getvalue().splitlines())}
    assert frames["a"]["intent"] == "unknown"
    assert frames["b"]["intent"] == "scale" and frames["b"]["replicas"] == 3
    assert frames["c"]["intent"] == "unknown"


async def test_the_chain_carries_the_incomplete_command_for_the_bot() -> None:
    chain: ProviderChain = build_chain(["builtin"])
    parsed = await chain.parse("scale to 3", context=CONTEXT)
    assert parsed.command.intent is Intent.UNKNOWN
    assert parsed.wanted is not None
    assert (parsed.wanted.intent, parsed.wanted.app, parsed.wanted.replicas) == (Intent.SCALE, None, 3)
    complete = await chain.parse("scale web to 3", context=CONTEXT)
    assert complete.wanted is None and complete.command.replicas == 3
