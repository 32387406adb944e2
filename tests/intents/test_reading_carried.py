"""The reading leaves the chain with the Command: what bot/ acts on is read once, from the plain text.

Who is asked (the bot's own mention addresses the bot, anyone else's that person), the words
that could be an app, the namespace flag, the answer to the bot's question, and what a
message asks at first sight.
"""

from __future__ import annotations

import pytest

from intents import Command, Context, Intent
from intents.chain import build_chain
from intents.said import flag_namespace, read_said, to_the_bot

BOT = "U0K8SBOT1"
CONTEXT = Context(apps=("web", "payment-api"), namespaces=("default", "staging"), bot_user=BOT)


@pytest.fixture
def chain():
    return build_chain(["builtin"])


@pytest.mark.parametrize(
    "text",
    [
        f"hey <@{BOT}> restart web pls",
        f"web 재시작 <@{BOT}> 부탁",
        f"<@{BOT}|klepaas> restart web",
        f"restart web <@{BOT}>",
    ],
)
async def test_the_bots_own_mention_anywhere_addresses_the_bot(chain, text):
    parsed = await chain.parse(text, context=CONTEXT)
    assert parsed.command == Command(intent=Intent.RESTART, app="web")
    assert parsed.said.reason is None and f"<@{BOT}" not in parsed.said.plain


@pytest.mark.parametrize(
    "text",
    ["hey <@U0BOB0001> restart web pls", f"<@{BOT}> <@U0BOB0001> please scale web to 3", f"<@{BOT}2> restart web"],
)
async def test_a_mention_of_anyone_else_asks_that_person(chain, text):
    parsed = await chain.parse(text, context=CONTEXT)
    assert parsed.command.intent is Intent.UNKNOWN
    assert parsed.said.reason == "addressed"


async def test_without_the_bots_id_every_mention_is_a_person(chain):
    parsed = await chain.parse(f"hey <@{BOT}> restart web pls", context=Context(apps=("web",)))
    assert parsed.command.intent is Intent.UNKNOWN and parsed.said.reason == "addressed"


def test_only_the_bots_own_mention_is_taken_out():
    assert to_the_bot(f"<@{BOT}> ask <@U0BOB0001>", BOT) == "  ask <@U0BOB0001>"
    assert to_the_bot(f"<@{BOT}> ask", None) == f"<@{BOT}> ask"


def test_the_words_that_could_be_an_app_are_read_from_the_plain_text():
    said = read_said("~restart web~ *status* `payment-api` <https://grafana.example/d/1|api dashboard>\n> bounce cart")
    assert said.plain == "status payment-api"
    assert said.words == ("status", "payment-api")  # withdrawn, linked and quoted words are no words of it


def test_the_namespace_flag_is_read_from_the_plain_text():
    assert read_said("restart web -n staging").flag_namespace == "staging"
    assert flag_namespace("restart web -n staging") == "staging"
    assert flag_namespace("restart web\n> kubectl -n kube-system get pods") is None  # someone else's words
    assert flag_namespace("restart web\n```\n$ kubectl get pods -n kube-system\n```") is None  # pasted output


async def test_the_answer_to_the_bots_question_is_read_with_the_message(chain):
    question = Command(intent=Intent.SCALE, app="web")
    parsed = await chain.parse("*5*", context=Context(apps=("web",), question=question))
    assert parsed.answer is not None and (parsed.answer.intent, parsed.answer.replicas) == (Intent.SCALE, 5)
    assert (await chain.parse("5", context=Context(apps=("web",)))).answer is None  # no question, no answer


def test_a_first_look_needs_no_context_and_knows_the_bot(chain):
    assert chain.glance("restart web") is Intent.RESTART
    assert chain.glance(f"<@{BOT}> help", bot_user=BOT) is Intent.HELP
    assert chain.glance("status web") is Intent.STATUS
