"""
Which Slack channel an alert group goes to, from a small YAML file of rules.

    routes:
      - match: {severity: critical, namespace: production}
        match_re: {team: "platform|sre"}      # fully anchored, like Alertmanager's =~
        channel: "#prod-alerts"
        mentions: ["<!subteam^S0ONCALL1>"]
        lang: ko                              # what the bot says in the thread (default: the alert's own language)
      - match_re: {namespace: "staging-.*"}
        channel: "#staging-alerts"

Rules are tried in order and the first match wins; a group no rule claims goes
to the default channel (SLACK_ALERT_CHANNEL_DEFAULT). As in Alertmanager, a
label the group does not have counts as the empty string. The file is
validated on load, and an error names the bad rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from alerts import errors
from alerts.payload import AlertGroup

# What a mention may look like in Slack mrkdwn; "@here" style shorthands are rewritten.
_MENTION = re.compile(r"^<(@[UW][A-Z0-9]+|!subteam\^S[A-Z0-9]+|!here|!channel)>$")
_SHORTHANDS = {"@here": "<!here>", "@channel": "<!channel>"}
_LABEL_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
# Slack channel IDs (C…/G…) or names (#name); names are lowercase, up to 80 characters.
_CHANNEL = re.compile(r"^(#[a-z0-9][a-z0-9._-]{0,79}|[CGD][A-Z0-9]{2,})$")


@dataclass(frozen=True, slots=True)
class Route:
    """Where a group goes: a channel, and who to notify when a thread opens."""

    channel: str
    mentions: tuple[str, ...] = ()
    lang: Literal["ko", "en"] | None = None  # the channel's language, when the rule says it


class RouteRule(BaseModel):
    """One rule; every `match` and `match_re` condition must hold."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    match: dict[str, str] = Field(default_factory=dict)
    match_re: dict[str, re.Pattern[str]] = Field(default_factory=dict)
    channel: str
    mentions: tuple[str, ...] = ()
    lang: Literal["ko", "en"] | None = None

    @field_validator("match", "match_re", mode="before")
    @classmethod
    def _label_names(cls, value: object) -> object:
        if isinstance(value, Mapping):
            for name in value:
                if not isinstance(name, str) or not _LABEL_NAME.match(name):
                    raise ValueError(f"{name!r} is not a label name")
            return {name: _label_value(v) for name, v in value.items()}
        return value

    @field_validator("match_re", mode="before")
    @classmethod
    def _anchored(cls, value: object) -> object:
        if isinstance(value, Mapping):
            compiled = {}
            for name, pattern in value.items():
                try:
                    compiled[name] = re.compile(f"(?:{pattern})")
                except re.error as exc:
                    raise ValueError(f"{name}: bad regular expression {pattern!r}: {exc}") from exc
            return compiled
        return value

    @field_validator("channel")
    @classmethod
    def _channel(cls, value: str) -> str:
        if not _CHANNEL.match(value):
            raise ValueError(f"{value!r} is neither a #channel-name nor a channel ID")
        return value

    @field_validator("mentions", mode="before")
    @classmethod
    def _mentions(cls, value: object) -> object:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, Sequence):
            mentions = [_SHORTHANDS.get(str(m), str(m)) for m in value]
            for mention in mentions:
                if not _MENTION.match(mention):
                    raise ValueError(f"{mention!r} is not a Slack mention (<@U…>, <!subteam^S…>, @here, @channel)")
            return tuple(mentions)
        return value

    def matches(self, labels: Mapping[str, str]) -> bool:
        return all(labels.get(name, "") == want for name, want in self.match.items()) and all(
            pattern.fullmatch(labels.get(name, "")) for name, pattern in self.match_re.items()
        )


def _label_value(value: object) -> object:
    # YAML turns `code: 500` or `enabled: true` into non-strings; labels are always strings.
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    return value


class _RoutesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    routes: list[RouteRule] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Router:
    """Rules in order, and the channel for groups no rule claims."""

    rules: tuple[RouteRule, ...]
    default_channel: str

    @classmethod
    def from_yaml(cls, source: str | Path, *, default_channel: str) -> Router:
        """Load rules from YAML text or a file path; raises InvalidRoutes naming the bad rule."""
        text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
        try:
            data: Any = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise errors.InvalidRoutes(f"routing rules are not valid YAML: {exc}") from exc
        if data is None:
            data = {}
        if isinstance(data, list):
            data = {"routes": data}
        if not default_channel:
            raise errors.InvalidRoutes("a default alert channel is required")
        try:
            parsed = _RoutesFile.model_validate(data)
        except ValidationError as exc:
            raise _explained(exc, data) from exc
        return cls(rules=tuple(parsed.routes), default_channel=default_channel)

    def route(self, group: AlertGroup) -> Route:
        labels = group.labels
        for rule in self.rules:
            if rule.matches(labels):
                return Route(channel=rule.channel, mentions=rule.mentions, lang=rule.lang)
        return Route(channel=self.default_channel)


def _explained(exc: ValidationError, data: Any) -> errors.InvalidRoutes:
    """Turn pydantic's error into one sentence that points at the rule by number and channel."""
    first = exc.errors(include_url=False)[0]
    loc = list(first["loc"])
    if len(loc) >= 2 and loc[0] == "routes" and isinstance(loc[1], int):
        index = loc[1]
        rule = data["routes"][index]
        channel = rule.get("channel") if isinstance(rule, Mapping) else None
        where = ".".join(str(part) for part in loc[2:]) or "rule"
        named = f"route #{index + 1}" + (f" (channel {channel})" if channel else "")
        return errors.InvalidRoutes(f"{named}: {where}: {first['msg']}", rule=index)
    where = ".".join(str(part) for part in loc) or "file"
    return errors.InvalidRoutes(f"routing rules: {where}: {first['msg']}")
