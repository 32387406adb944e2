"""
Buttons that act on the cluster: confirm, cancel, rollback, restart, logs, undo.

Rollback, restart and logs also sit on alert messages (value `namespace/app`)
and on history and on deploy and rollback results (rollback value
`namespace/app:revision`: the revision live before); a scale's result carries Undo
(the old replica count, bot/commands/undo.py). They run
the same policy-checked flow as a typed command: a change shows a confirmation,
logs runs the logs query. Every listener acks first.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from pydantic import ValidationError
from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.commands.confirmation import Confirmations
from bot.conversation.dispatch import Dispatcher
from bot.infra.tasks import BackgroundTasks
from bot.messages.builders import notice
from bot.messages.buttons import command_from_target, command_from_undo
from bot.messages.catalog import say
from bot.messages.replies import Replier
from bot.slack import invocations
from bot.slack.apology import apologize
from intents import Intent
from templates.actions import ActionId

__all__ = ["ChangeListeners"]


@dataclass(frozen=True)
class ChangeListeners:
    dispatcher: Dispatcher
    confirmations: Confirmations
    tasks: BackgroundTasks
    replier: Replier

    def register(self, app: AsyncApp) -> None:
        app.action(ActionId.CONFIRM.pattern())(self.on_confirm)
        app.action(ActionId.CANCEL.pattern())(self.on_cancel)
        app.action(ActionId.ROLLBACK.pattern())(self.on_rollback)
        app.action(ActionId.RESTART.pattern())(self.on_restart)
        app.action(ActionId.LOGS.pattern())(self.on_logs)
        app.action(ActionId.UNDO.pattern())(self.on_undo)

    async def on_confirm(self, ack: AsyncAck, body: dict, action: dict) -> None:
        async with self._owned(ack, "confirm", body):
            await self.confirmations.confirm(invocations.from_action(body), str(action.get("value") or ""))

    async def on_cancel(self, ack: AsyncAck, body: dict, action: dict) -> None:
        async with self._owned(ack, "cancel", body):
            await self.confirmations.cancel(invocations.from_action(body), str(action.get("value") or ""))

    async def on_rollback(self, ack: AsyncAck, body: dict, action: dict) -> None:
        async with self._owned(ack, "rollback", body):
            await self._run(Intent.ROLLBACK, body, action)

    async def on_restart(self, ack: AsyncAck, body: dict, action: dict) -> None:
        async with self._owned(ack, "restart", body):
            await self._run(Intent.RESTART, body, action)

    async def on_undo(self, ack: AsyncAck, body: dict, action: dict) -> None:
        """A result's Undo: the change that puts back what it replaced, confirmed like any change."""
        async with self._owned(ack, "undo", body):
            who = invocations.from_action(body)
            try:
                command = command_from_undo(str(action.get("value") or ""))
            except ValueError:
                await self.replier.reply(who, notice(say("error.bad_button", who.lang)))
                return
            await self.dispatcher.execute(who, command)

    async def on_logs(self, ack: AsyncAck, body: dict, action: dict) -> None:
        async with self._owned(ack, "logs", body):
            await self._run(Intent.LOGS, body, action)

    def _owned(self, ack: AsyncAck, action: str, body: dict) -> AbstractAsyncContextManager[None]:
        """Ack, and run the rest as the app's work (bot/infra/tasks.py)."""
        return self.tasks.owned(ack, name=f"slack.{action}", on_error=apologize(self.replier, body))

    async def _run(self, intent: Intent, body: dict, action: dict) -> None:
        who = invocations.from_action(body)
        try:
            command = command_from_target(intent, str(action.get("value") or ""))
        except (ValueError, ValidationError):
            await self.replier.reply(who, notice(say("error.bad_button", who.lang)))
            return
        await self.dispatcher.execute(who, command)
