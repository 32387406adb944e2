"""What a thread remembers: the command waiting for an answer comes back as the Command it was."""

from __future__ import annotations

from bot.conversation.memory import Conversations, Memory, conversation_key
from bot.infra.cache import MemoryCache
from bot.messages.invocation import Invocation
from intents import Command, Intent

WHO = Invocation(
    source="mention",
    text="scale web",
    user_id="U0ALICE01",
    channel_id="C0OPS0001",
    team_id="T0ACME001",
    lang="en",
    message_ts="1732240000.000100",
    thread_ts="1732240000.000100",
)


async def test_the_pending_command_is_recalled_as_the_command_it_was() -> None:
    conversations = Conversations(MemoryCache())
    pending = Command(intent=Intent.SCALE, app="web", namespace="staging")
    await conversations.remember(WHO, Memory(app="web", namespace="staging", pending=pending, missing="replicas"))

    recalled = await conversations.recall(WHO)

    assert recalled == Memory(app="web", namespace="staging", pending=pending, missing="replicas")
    assert isinstance(recalled.pending, Command) and recalled.pending.intent is Intent.SCALE


async def test_a_pending_frame_that_is_no_command_is_forgotten_not_trusted() -> None:
    cache = MemoryCache()
    key = conversation_key(WHO)
    assert key is not None
    bad = '{"app": "web", "namespace": null, "pending": {"intent": "scale", "replicas": -5}, "missing": "app"}'
    await cache.set(key, bad, ttl=60)

    assert await Conversations(cache).recall(WHO) == Memory()
