"""
The Slack app manifest for this bot: one slash command, the app_mention and subteam_members_changed events,
interactivity, and only the bot scopes the bot uses.

Paste it at https://api.slack.com/apps → Create New App → From a manifest.
"""

from __future__ import annotations

from typing import Any

import yaml

COMMAND = "/klepaas"
EVENTS = ["app_mention", "subteam_members_changed"]
# chat:write posts and edits its own messages (chat.postMessage, chat.update, chat.postEphemeral);
# chat:write.public posts alerts and deploys in public channels it has not joined; commands for
# /klepaas; app_mentions:read for @klepaas; users:read names who silenced or acked (users.info);
# files:write uploads long logs and charts into threads (files.getUploadURLExternal, files.completeUploadExternal).
# usergroups:read reads the members of the user groups the policy names (usergroups.users.list) and
# receives subteam_members_changed.
SCOPES = [
    "app_mentions:read",
    "chat:write",
    "chat:write.public",
    "commands",
    "files:write",
    "usergroups:read",
    "users:read",
]


def manifest(*, url: str | None, name: str = "klepaas") -> dict[str, Any]:
    """HTTP mode when `url` is given (the bot's public base URL), Socket Mode otherwise."""
    events_url = url.rstrip("/") + "/slack/events" if url else None
    command: dict[str, Any] = {
        "command": COMMAND,
        "description": "Operate Kubernetes apps: status, logs, restart, scale, rollback, deploy",
        "usage_hint": "restart nginx | scale api 3 -n staging | 결제 api 로그 100줄",
        "should_escape": False,
    }
    interactivity: dict[str, Any] = {"is_enabled": True}
    event_subscriptions: dict[str, Any] = {"bot_events": EVENTS}
    if events_url:
        command["url"] = events_url
        interactivity["request_url"] = events_url
        event_subscriptions["request_url"] = events_url
    return {
        "display_information": {
            "name": name,
            "description": "Run your Kubernetes apps from Slack, in Korean or English.",
            "background_color": "#326ce5",
        },
        "features": {
            "bot_user": {"display_name": name, "always_online": True},
            "slash_commands": [command],
        },
        "oauth_config": {"scopes": {"bot": SCOPES}},
        "settings": {
            "event_subscriptions": event_subscriptions,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": events_url is None,
            "token_rotation_enabled": False,
        },
    }


def manifest_yaml(*, url: str | None, name: str = "klepaas") -> str:
    return yaml.safe_dump(manifest(url=url, name=name), sort_keys=False, allow_unicode=True)
