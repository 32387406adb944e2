"""
The buttons on alert thread parents: Silence 1h/4h/24h, Unsilence, Ack, and the link buttons.

Each click is acked first; the clicker and the button are read from the payload here, and the
rest runs as the app's work in bot/alerting/buttons.py. A failure after the ack is told to the
clicker with an error id (bot/slack/apology.py). Restart, Rollback and Logs on the same messages
belong to the change listeners (bot/slack/listeners/changes.py).
"""

from __future__ import annotations

import re
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from slack_bolt.async_app import AsyncAck, AsyncApp

from alerts import SILENCE_DURATIONS
from bot.alerting.buttons import AlertButtons
from bot.infra.tasks import BackgroundTasks
from bot.messages.replies import Replier
from bot.slack.apology import apologize
from bot.slack.invocations import from_action
from templates.actions import ActionId

__all__ = ["AlertListeners"]

SILENCE_ACTION = re.compile(rf"^{ActionId.SILENCE}:(" + "|".join(SILENCE_DURATIONS) + r")$")


@dataclass(frozen=True)
class AlertListeners:
    buttons: AlertButtons
    tasks: BackgroundTasks
    replier: Replier

    def register(self, app: AsyncApp) -> None:
        app.action(SILENCE_ACTION)(self.on_silence)
        app.action(ActionId.UNSILENCE.value)(self.on_unsilence)
        app.action(ActionId.ACK.value)(self.on_ack)
        app.action(ActionId.LINK.pattern())(self.on_link)

    async def on_link(self, ack: AsyncAck) -> None:
        await ack()  # the button opens its URL in Slack; there is nothing to do here

    async def on_ack(self, ack: AsyncAck, body: dict, action: dict) -> None:
        async with self._owned(ack, "alert_ack", body):
            await self.buttons.ack(from_action(body), str(action.get("value") or ""))

    async def on_silence(self, ack: AsyncAck, body: dict, action: dict) -> None:
        async with self._owned(ack, "alert_silence", body):
            span = str(action.get("action_id", "")).partition(":")[2]
            await self.buttons.silence(from_action(body), span, str(action.get("value") or ""))

    async def on_unsilence(self, ack: AsyncAck, body: dict, action: dict) -> None:
        async with self._owned(ack, "alert_unsilence", body):
            await self.buttons.unsilence(from_action(body), str(action.get("value") or ""))

    def _owned(self, ack: AsyncAck, action: str, body: dict) -> AbstractAsyncContextManager[None]:
        """Ack, and run the rest as the app's work; a failure after the ack gets an apology."""
        return self.tasks.owned(ack, name=f"slack.{action}", on_error=apologize(self.replier, body))
