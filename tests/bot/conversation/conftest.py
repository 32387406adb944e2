"""A bot whose intent handlers record the Command they receive, over a fixed list of apps.

What is under test here is how the bot gets from a text to a Command (thread memory, questions,
unknown replies), not what the cluster does with it. A test module names its apps with `APPS`.
"""

from __future__ import annotations

import pytest

from bot.commands.answer import Answer
from bot.messages.builders import notice
from intents import Context, Intent
from tests.support.bot import make_clients, start_bot


@pytest.fixture
async def recorded(settings, request):
    apps = getattr(request.module, "APPS", ())
    received = []

    async def record(who, command):
        received.append(command)
        return Answer(notice(f"ran {command.intent.value} {command.app}"), "ok", target=command.app)

    async def context(who, *, fresh=False):
        return Context(apps=apps, namespaces=("default", "staging"))

    clients = await make_clients(settings)
    handlers = {intent: record for intent in Intent if intent not in (Intent.HELP, Intent.UNKNOWN)}
    running = await start_bot(clients, handlers=handlers, context=context)
    yield running, received
    await running.stop()
