"""
Who is in the fake Slack's workspace, as its Web API answers: auth.test, users.info,
conversations.info, usergroups.list and usergroups.users.list (the shapes and errors Slack documents).

The answers are read from the stand-in's own tables (`SlackWebApi.users`, `.usergroups`, …), which
tests and the playground fill; anyone not in them is answered as Slack shows a plain member.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "BOT_ID",
    "BOT_USER",
    "TEAM",
    "auth_test",
    "conversation_info",
    "user_info",
    "usergroup_list",
    "usergroup_members",
]

BOT_USER = "U0BOT0001"
BOT_ID = "B0BOT0001"
TEAM = "T0ACME001"


def auth_test() -> dict[str, Any]:
    """The bot's own identity."""
    return {"ok": True, "url": "https://acme.slack.com/", "team": "Acme", "user": "klepaas",
            "team_id": TEAM, "user_id": BOT_USER, "bot_id": BOT_ID}  # fmt: skip


def user_info(users: Mapping[str, dict[str, Any]], args: Mapping[str, Any]) -> dict[str, Any]:
    user = args.get("user", "")
    info = users.get(user) or {"id": user, "name": user.lower(), "real_name": user,
                               "profile": {"display_name": user.lower()}}  # fmt: skip
    return {"ok": True, "user": info}


def conversation_info(args: Mapping[str, Any]) -> dict[str, Any]:
    channel = args.get("channel", "")
    return {"ok": True, "channel": {"id": channel, "name": channel.lower(), "is_private": False,
                                    "is_member": True, "is_archived": False}}  # fmt: skip


def usergroup_members(groups: Mapping[str, Sequence[str]], args: Mapping[str, Any], *, in_plan: bool) -> dict[str, Any]:
    """usergroups.users.list as Slack documents it: `usergroup` required; the members' IDs."""
    if not in_plan:
        return {"ok": False, "error": "plan_upgrade_required"}
    group = args.get("usergroup")
    if not group:
        return {"ok": False, "error": "invalid_arguments"}
    if group not in groups:
        return {"ok": False, "error": "no_such_subteam"}
    return {"ok": True, "users": list(groups[group])}


def usergroup_list(groups: Mapping[str, Sequence[str]], handles: Mapping[str, str], *, in_plan: bool) -> dict[str, Any]:
    """usergroups.list as Slack documents it: the workspace's user groups, without their users."""
    if not in_plan:
        return {"ok": False, "error": "plan_upgrade_required"}
    listed = [
        {"id": group, "team_id": TEAM, "is_usergroup": True, "name": handles.get(group, group.lower()),
         "handle": handles.get(group, group.lower()), "description": "", "user_count": len(users)}
        for group, users in groups.items()
    ]  # fmt: skip
    return {"ok": True, "usergroups": listed}
