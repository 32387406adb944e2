"""
Whether a signed body has a shape Slack sends, as far as Bolt and our listeners read it.

Bolt's context builder and matchers index into the body (`body["actions"][0]`,
`"id" in body["user"]`, `body["view"]["type"]`) and raise on shapes Slack never
sends, which answered 500 with a traceback. `problem()` names the first part that
is off (the gate answers 400), or returns None. It checks types along the paths
that are read, not every field Slack documents: unknown fields pass.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

__all__ = ["problem"]

# A string, or an object whose `id` (when present) is a string: `user` is "U0…" in events, an object in payloads.
_IDENTITIES = ("user", "team", "channel", "enterprise")
_STRINGS = (
    "type", "subtype", "team_id", "user_id", "channel_id", "enterprise_id", "thread_ts", "ts", "message_ts",
    "response_url", "trigger_id", "api_app_id", "command", "event_id", "challenge", "callback_id",
    "action_id", "block_id", "value", "app_installed_team_id", "user_team", "bot_id",
)  # fmt: skip
_OBJECTS = (
    "event",
    "message",
    "previous_message",
    "item",
    "assistant_thread",
    "function_data",
    "container",
    "state",
    "view",
)
_SPACE = re.compile(r"\s")  # NB: str.isspace's characters (CPython's re uses the same test)
_NESTED = ("message", "previous_message", "item", "assistant_thread", "container", "view")


def problem(body: object) -> str | None:
    """None when `body` (a parsed request body) can go to Bolt; else what is wrong with it."""
    if not isinstance(body, dict):
        return "the body is not an object"
    return _fields(body, "") or _by_type(body)


def _fields(obj: dict[str, Any], path: str, *, depth: int = 0) -> str | None:
    for key in _IDENTITIES:
        value = obj.get(key)
        if value is None or isinstance(value, str):
            continue
        if not isinstance(value, dict) or not isinstance(value.get("id", ""), str):
            return f"{path}{key} is neither a string nor an object with a string id"
    for key in _STRINGS:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return f"{path}{key} is not a string"
    for key in _OBJECTS:
        if key in obj and not isinstance(
            obj[key], dict
        ):  # NB: null too: Bolt's log of an unhandled body reads view.type
            return f"{path}{key} is not an object"
    if depth < 2:
        for key in _NESTED:
            if isinstance(obj.get(key), dict) and (found := _fields(obj[key], f"{path}{key}.", depth=depth + 1)):
                return found
    authorizations = obj.get("authorizations")
    if authorizations is not None:
        if not isinstance(authorizations, list) or not all(isinstance(a, dict) for a in authorizations):
            return f"{path}authorizations is not a list of objects"
        if authorizations and (found := _fields(authorizations[0], f"{path}authorizations.0.", depth=2)):
            return found
    return None


def _http_url(value: object) -> bool:
    if not isinstance(value, str) or _SPACE.search(value):
        return False
    try:
        parts = urlsplit(value)
        _ = parts.port  # raises ValueError for a port that is not a number in range
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _strings(obj: dict[str, Any], *keys: str) -> bool:
    return all(isinstance(obj.get(key), str) and obj[key] for key in keys)


def _by_type(body: dict[str, Any]) -> str | None:
    if "command" in body and "type" not in body and not _strings(body, "command", "user_id", "response_url"):
        return "slash command without command, user_id and response_url"
    match body.get("type"):
        case "event_callback":
            event = body.get("event")
            if not isinstance(event, dict) or not isinstance(event.get("type"), str):
                return "event_callback without an event type"
            if event.get("text") is not None and not isinstance(event["text"], str):
                return "event.text is not a string"
            if event["type"] == "app_mention" and not _strings(event, "user", "channel", "ts"):
                return "app_mention without user, channel and ts"
            return _fields(event, "event.", depth=1)
        case "block_actions" | "interactive_message":
            actions = body.get("actions")
            if not isinstance(actions, list) or not actions:
                return "block_actions without actions"
            for key in ("user", "channel", "team", "container", "message"):  # objects in payloads, never strings
                if key in body and not isinstance(body[key], dict):
                    return f"{key} of block_actions is not an object"
            if not isinstance(body.get("user"), dict) or not _strings(body["user"], "id"):
                return "block_actions without a user id"
            for action in actions:
                if not isinstance(action, dict):
                    return "an action is not an object"
                if found := _fields(action, "actions.", depth=2):
                    return found
                if body["type"] == "block_actions" and not isinstance(action.get("action_id"), str):
                    return "an action without an action_id"
        case "view_submission" | "view_closed":
            view = body.get("view")
            if not isinstance(view, dict) or not isinstance(view.get("type"), str):
                return f"{body['type']} without a view type"
        case "block_suggestion":
            if not isinstance(body.get("action_id"), str):
                return "block_suggestion without an action_id"
        case "shortcut" | "message_action":
            if not isinstance(body.get("callback_id"), str):
                return f"{body['type']} without a callback_id"
    url = body.get("response_url")
    if url is not None and not _http_url(url):
        return "response_url is not an http(s) URL"
    response_urls = body.get("response_urls")
    if response_urls is not None and (
        not isinstance(response_urls, list) or not all(isinstance(u, dict) for u in response_urls)
    ):
        return "response_urls is not a list of objects"
    return None
