"""Buttons that answer the bot's own questions ("which app?") and its suggestions ("did you mean…?")."""

from __future__ import annotations

from dataclasses import dataclass, replace

from pydantic import ValidationError
from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.conversation.dispatch import Dispatcher
from bot.infra.tasks import BackgroundTasks
from bot.messages import builders as messages
from bot.messages.buttons import command_from_choice
from bot.messages.replies import Replier
from bot.slack import invocations
from bot.slack.apology import apologize
from templates.actions import ActionId

MAX_SUGGESTION = 200  # characters; a suggestion is a short plain command


@dataclass(frozen=True)
class ChoiceListeners:
    dispatcher: Dispatcher
    tasks: BackgroundTasks
    replier: Replier

    def register(self, app: AsyncApp) -> None:
        app.action(ActionId.CHOOSE_APP.pattern())(self.on_choose_app)
        app.action(ActionId.SUGGEST.pattern())(self.on_suggest)

    async def on_choose_app(self, ack: AsyncAck, body: dict, action: dict) -> None:
        async with self.tasks.owned(ack, name="slack.choose_app", on_error=apologize(self.replier, body)):
            who = invocations.from_action(body)
            try:
                command = command_from_choice(action.get("value") or "")
            except (ValidationError, ValueError):
                await self.replier.reply(who, messages.unknown_message(who.lang))
                return
            await self.dispatcher.execute(who, command)

    async def on_suggest(self, ack: AsyncAck, body: dict, action: dict) -> None:
        """A suggested command: its text runs as if the clicker had typed it (policy and Confirm apply)."""
        async with self.tasks.owned(ack, name="slack.suggest", on_error=apologize(self.replier, body)):
            who = invocations.from_action(body)
            text = str(action.get("value") or "")
            if not text.strip() or len(text) > MAX_SUGGESTION or not text.isprintable():
                await self.replier.reply(who, messages.unknown_message(who.lang))
                return
            await self.dispatcher.handle(replace(who, text=text))
