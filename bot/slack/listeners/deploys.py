"""
Approve and Reject on a deploy that waits for an approval (action ids `approve`, `reject`).

The button's value is the deploy id; the clicker is read from the payload once
(Invocation) and the rest happens in bot/deploying/approvals.py. Ack first; a
failure after the ack is told to the clicker with an error id (bot/slack/apology.py).
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.deploying.approvals import Approvals
from bot.infra.tasks import BackgroundTasks
from bot.messages.replies import Replier
from bot.slack import invocations
from bot.slack.apology import apologize
from templates.actions import ActionId

__all__ = ["DeployListeners"]


@dataclass(frozen=True)
class DeployListeners:
    approvals: Approvals
    tasks: BackgroundTasks
    replier: Replier

    def register(self, app: AsyncApp) -> None:
        app.action(ActionId.APPROVE.pattern())(self.on_approve)
        app.action(ActionId.REJECT.pattern())(self.on_reject)

    async def on_approve(self, ack: AsyncAck, body: dict, action: dict) -> None:
        async with self._owned(ack, "approve", body):
            await self.approvals.approve(invocations.from_action(body), str(action.get("value") or "")[:32])

    async def on_reject(self, ack: AsyncAck, body: dict, action: dict) -> None:
        async with self._owned(ack, "reject", body):
            await self.approvals.reject(invocations.from_action(body), str(action.get("value") or "")[:32])

    def _owned(self, ack: AsyncAck, action: str, body: dict) -> AbstractAsyncContextManager[None]:
        """Ack, and run the rest as the app's work (bot/infra/tasks.py); a failure after the ack gets an apology."""
        return self.tasks.owned(ack, name=f"slack.{action}", on_error=apologize(self.replier, body))
