"""
Approve and Reject on a deploy that waits for an approval (action ids `approve`, `reject`).

The button's value is the deploy id; the clicker is read from the payload once
(Invocation) and the rest happens in bot/deploying/approvals.py. Ack first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.deploying.approvals import Approvals
from bot.messages.invocation import Invocation

__all__ = ["DeployListeners"]


@dataclass(frozen=True)
class DeployListeners:
    approvals: Approvals

    def register(self, app: AsyncApp) -> None:
        app.action(re.compile(r"^approve(:|$)"))(self.on_approve)
        app.action(re.compile(r"^reject(:|$)"))(self.on_reject)

    async def on_approve(self, ack: AsyncAck, body: dict, action: dict) -> None:  # type: ignore[type-arg]
        await ack()
        await self.approvals.approve(Invocation.from_action(body), str(action.get("value") or "")[:32])

    async def on_reject(self, ack: AsyncAck, body: dict, action: dict) -> None:  # type: ignore[type-arg]
        await ack()
        await self.approvals.reject(Invocation.from_action(body), str(action.get("value") or "")[:32])
