"""Buttons that answer the bot's own questions ("which app?")."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError
from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.conversation.dispatch import Dispatcher
from bot.messages import builders as messages
from bot.messages.buttons import command_from_choice
from bot.messages.invocation import Invocation
from bot.slack.apology import apologize
from templates.actions import ActionId


@dataclass(frozen=True)
class ChoiceListeners:
    dispatcher: Dispatcher

    def register(self, app: AsyncApp) -> None:
        app.action(ActionId.CHOOSE_APP.pattern())(self.on_choose_app)

    async def on_choose_app(self, ack: AsyncAck, body: dict, action: dict) -> None:
        deps = self.dispatcher.deps
        async with deps.tasks.owned(ack, name="slack.choose_app", on_error=apologize(deps, body)):
            who = Invocation.from_action(body)
            try:
                command = command_from_choice(action.get("value") or "")
            except (ValidationError, ValueError):
                await self.dispatcher.deps.replier.reply(who, messages.unknown_message(who.lang))
                return
            await self.dispatcher.execute(who, command)
