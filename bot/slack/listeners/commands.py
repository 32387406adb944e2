"""
The slash command and @mentions.

Slack wants its answer within 3 seconds, so each listener acks at once and the
work runs after the ack (Bolt keeps running the listener once ack() returned).
That work belongs to the app's task set (bot/infra/tasks.py): it is bounded,
drained on SIGTERM, and what tests wait for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.conversation.dispatch import Dispatcher
from bot.infra.tasks import BackgroundTasks
from bot.messages.replies import Replier
from bot.slack import invocations
from bot.slack.apology import apologize


@dataclass(frozen=True)
class CommandListeners:
    dispatcher: Dispatcher
    tasks: BackgroundTasks
    replier: Replier  # for the apology when the work after the ack fails

    def register(self, app: AsyncApp) -> None:
        app.command(re.compile(r"^/"))(self.on_slash_command)
        app.event("app_mention")(self.on_mention)

    async def on_slash_command(self, ack: AsyncAck, command: dict, body: dict) -> None:
        # Slack wants the 200 within 3 s; everything in the block runs after it was sent.
        async with self.tasks.owned(ack, name="slack.command", on_error=apologize(self.replier, body)):
            await self.dispatcher.handle(invocations.from_slash_command(command))

    async def on_mention(self, ack: AsyncAck, event: dict, body: dict, context: AsyncBoltContext) -> None:
        async with self.tasks.owned(ack, name="slack.mention", on_error=apologize(self.replier, body)):
            bot_user = invocations.bot_user_of(body) or context.bot_user_id
            await self.dispatcher.handle(
                invocations.from_mention(event, team_id=body.get("team_id"), bot_user_id=bot_user)
            )
