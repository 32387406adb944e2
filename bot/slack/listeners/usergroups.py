"""`subteam_members_changed`: Slack says a user group's members changed; the policy reads them again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.infra.tasks import BackgroundTasks
from bot.policy.groups import GroupDirectory
from bot.policy.places import is_group_id

__all__ = ["UserGroupListeners"]


@dataclass(frozen=True)
class UserGroupListeners:
    directory: GroupDirectory
    tasks: BackgroundTasks

    def register(self, app: AsyncApp) -> None:
        app.event("subteam_members_changed")(self.on_members_changed)

    async def on_members_changed(self, ack: AsyncAck, event: dict[str, Any]) -> None:
        async with self.tasks.owned(ack, name="slack.subteam_members_changed"):
            group = str(event.get("subteam_id") or "")
            if is_group_id(group):
                await self.directory.changed(group)
