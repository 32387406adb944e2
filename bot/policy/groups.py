"""
Members of Slack user groups, as the policy's roles and impersonation name them.

Asked with usergroups.users.list (scope `usergroups:read`), kept in the cache (Redis when set, so
every replica shares them) for `ttl` seconds, and dropped when Slack sends
`subteam_members_changed`. A group named by its `@handle` is found with usergroups.list first.
A workspace on a plan without user groups answers
`plan_upgrade_required`: that is explained once, at start, and groups then have no members.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.infra.cache import Cache

log = structlog.get_logger(__name__)

__all__ = ["GroupDirectory"]

DEFAULT_TTL = 600.0  # seconds a group's members are trusted without Slack telling us they changed
UNAVAILABLE = "plan_upgrade_required"


@dataclass
class GroupDirectory:
    slack: AsyncWebClient
    cache: Cache
    ttl: float = DEFAULT_TTL
    unavailable: str | None = field(default=None, init=False)  # Slack's error when the plan has no user groups

    @staticmethod
    def _key(group_id: str) -> str:
        return f"usergroup:members:{group_id}"

    async def members(self, group_id: str) -> frozenset[str]:
        """The user IDs in `group_id`, an ID or an @handle (empty when unknown or the plan has no groups)."""
        if self.unavailable:
            return frozenset()
        if group_id.startswith("@"):
            found = await self._id_of(group_id[1:])
            if found is None:
                return frozenset()
            group_id = found
        cached = await self.cache.get(self._key(group_id))
        if cached is not None:
            return frozenset(json.loads(cached))
        try:
            answer = await self.slack.usergroups_users_list(usergroup=group_id)
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "unknown")
            if error == UNAVAILABLE:
                self._explain(error)
            else:
                log.warning("usergroups.unreadable", group=group_id, error=error)
            return frozenset()
        users = [str(u) for u in answer.get("users") or []]
        await self.cache.set(self._key(group_id), json.dumps(users), ttl=self.ttl)
        return frozenset(users)

    async def _id_of(self, handle: str) -> str | None:
        key = f"usergroup:handle:{handle}"
        if (cached := await self.cache.get(key)) is not None:
            return cached or None
        try:
            answer = await self.slack.usergroups_list()
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "unknown")
            if error == UNAVAILABLE:
                self._explain(error)
            else:
                log.warning("usergroups.unlisted", error=error)
            return None
        found = next((str(g["id"]) for g in answer.get("usergroups") or [] if g.get("handle") == handle), None)
        if found is None:
            log.warning("usergroups.no_such_handle", handle=handle)
        await self.cache.set(key, found or "", ttl=self.ttl)
        return found

    async def groups_of(self, user_id: str, group_ids: Sequence[str]) -> frozenset[str]:
        """Which of `group_ids` have `user_id` as a member."""
        found = await asyncio.gather(*(self.members(g) for g in group_ids))
        return frozenset(g for g, members in zip(group_ids, found, strict=True) if user_id in members)

    async def changed(self, group_id: str) -> None:
        """Slack said the members changed (subteam_members_changed): forget them, ask again."""
        await self.cache.delete(self._key(group_id))
        log.info("usergroups.changed", group=group_id)
        await self.members(group_id)

    async def check(self, group_ids: Sequence[str]) -> None:
        """At start: read the groups the policy names, so a plan without user groups is explained now."""
        for group_id in group_ids:
            await self.members(group_id)
            if self.unavailable:
                return

    def _explain(self, error: str) -> None:
        if self.unavailable is None:
            log.warning(
                "usergroups.unavailable",
                error=error,
                explanation="this Slack workspace's plan has no user groups: roles and impersonation that name "
                "user groups (S…) match nobody; name Slack user IDs instead, or upgrade the plan",
            )
        self.unavailable = error
