"""
What the policy says beyond roles: whom the bot acts as, and what may be done where.

`impersonation` maps Slack users (IDs) to a Kubernetes user and Slack user groups (IDs) to
Kubernetes groups; with it, every cluster call made for a person impersonates them and the
cluster's RBAC decides. `namespace_rules` binds changes in a namespace to channels and asks for a
second person's Confirm (`two_person`).
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from templates.slack_ids import is_user_id

__all__ = ["Impersonation", "NamespaceRule", "is_channel_id", "is_group_id"]

_GROUP_ID = re.compile(r"^(S[A-Z0-9]{6,}|@[a-z0-9][a-z0-9._-]{0,79})$")  # an ID, or @handle as people type it
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{6,}$")
# Kubernetes user and group names the bot may impersonate; the system: prefix is the cluster's own.
_KUBE_NAME = re.compile(r"^(?!system:)[A-Za-z0-9@._:+-]{1,253}$")


def is_group_id(value: str) -> bool:
    return bool(_GROUP_ID.match(value))


def is_channel_id(value: str) -> bool:
    return bool(_CHANNEL_ID.match(value))


def _kube_name(value: str) -> str:
    if not _KUBE_NAME.match(value):
        raise ValueError(f"{value!r} is not a Kubernetes user or group name the bot may act as")
    return value


class Impersonation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    users: dict[str, str] = Field(description="Slack user ID -> Kubernetes user, e.g. slack:alice@example.com")
    groups: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Slack user group ID -> Kubernetes groups, e.g. [slack:platform]"
    )

    @field_validator("users")
    @classmethod
    def _users(cls, users: dict[str, str]) -> dict[str, str]:
        for slack, kube in users.items():
            if not is_user_id(slack):
                raise ValueError(f"{slack!r} is not a Slack user ID (like U0123ABCD)")
            _kube_name(kube)
        return users

    @field_validator("groups")
    @classmethod
    def _groups(cls, groups: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for slack, kube in groups.items():
            if not is_group_id(slack):
                raise ValueError(f"{slack!r} is not a Slack user group ID (like S0123ABCD) or @handle")
            for name in kube:
                _kube_name(name)
        return groups

    def kube_users(self) -> list[str]:
        return sorted(set(self.users.values()))

    def kube_groups(self) -> list[str]:
        return sorted({name for names in self.groups.values() for name in names})


class NamespaceRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    change_from: tuple[str, ...] | None = Field(
        default=None, description="channel IDs changes may come from (direct messages included); omit = anywhere"
    )
    two_person: bool = Field(default=False, description="a second allowed person confirms every typed change")

    @field_validator("change_from")
    @classmethod
    def _channels(cls, channels: tuple[str, ...] | None) -> tuple[str, ...] | None:
        for channel in channels or ():
            if not is_channel_id(channel):
                raise ValueError(f"{channel!r} is not a Slack channel ID (like C0123ABCD)")
        return channels
