"""
Who may do what, where: the policy file (KLEPAAS_POLICY).

The file is YAML, validated with pydantic so a mistake is reported with the
field that is wrong. Without a file the bot is read-only for everyone.
`namespaces` limits which namespaces the bot touches at all, reads included;
each role lists Slack user IDs and user group IDs, the mutating intents they may
run, and optionally the namespaces they may run them in. `namespace_rules` and
`impersonation` (bot/policy/places.py) bind changes to channels, ask for a second
person, and let the cluster's RBAC decide for each person.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.policy.places import Impersonation, NamespaceRule, is_group_id
from intents import Intent
from templates.slack_ids import is_user_id

__all__ = ["Decision", "Denial", "Policy", "PolicyError", "Role"]

# The mutating intents a role may allow (intents.MUTATING, spelled out for the schema).
Changing = Literal["restart", "scale", "rollback", "deploy"]


class PolicyError(Exception):
    """The policy file cannot be used; the message names the file and the bad field."""


class Denial(enum.StrEnum):
    """Why the policy said no (bot/policy/guard.py turns each into a sentence)."""

    NAMESPACE_CLOSED = "namespace_closed"  # outside the top-level `namespaces`
    READ_ONLY = "read_only"  # no policy file: nobody may change anything
    NOT_IN_ROLE = "not_in_role"  # the user is in no role
    INTENT_NOT_ALLOWED = "intent_not_allowed"  # the user's roles do not allow this intent
    NAMESPACE_NOT_IN_ROLE = "namespace_not_in_role"  # allowed, but not in this namespace
    WRONG_CHANNEL = "wrong_channel"  # changes to this namespace come only from named channels
    NOT_MAPPED = "not_mapped"  # impersonation is on, and the person has no Kubernetes identity


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    reason: Denial | None = None
    intent: Intent | None = None
    namespace: str | None = None
    roles: tuple[str, ...] = ()  # the roles that would allow the intent elsewhere, for the sentence
    channels: tuple[str, ...] = ()  # where the change may be asked for instead (WRONG_CHANNEL)


class Role(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    users: tuple[str, ...] = Field(default=(), description="Slack user IDs")
    groups: tuple[str, ...] = Field(default=(), description="Slack user group IDs or @handles; members are in the role")
    allow: tuple[Changing, ...] = Field(default=(), description="mutating intents the users may run")
    namespaces: tuple[str, ...] | None = Field(default=None, description="omit = every namespace the bot touches")

    @field_validator("users")
    @classmethod
    def _user_ids(cls, users: tuple[str, ...]) -> tuple[str, ...]:
        for user in users:
            if not is_user_id(user):
                raise ValueError(f"{user!r} is not a Slack user ID (like U0123ABCD)")
        return users

    @field_validator("groups")
    @classmethod
    def _group_ids(cls, groups: tuple[str, ...]) -> tuple[str, ...]:
        for group in groups:
            if not is_group_id(group):
                raise ValueError(f"{group!r} is not a Slack user group ID (like S0123ABCD) or @handle")
        return groups


class Policy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    namespaces: tuple[str, ...] | None = None  # None = every namespace
    roles: dict[str, Role] = Field(default_factory=dict)
    namespace_rules: dict[str, NamespaceRule] = Field(default_factory=dict)
    impersonation: Impersonation | None = None
    configured: bool = Field(default=True, exclude=True)

    @classmethod
    def read_only(cls) -> Policy:
        """The default without a file: every read allowed, no change allowed."""
        return cls(configured=False)

    @classmethod
    def parse(cls, text: str, *, source: str = "policy") -> Policy:
        try:
            raw = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise PolicyError(f"{source} is not valid YAML: {exc}") from exc
        if not isinstance(raw, dict):
            raise PolicyError(f"{source} must be a mapping with `namespaces` and `roles`")
        raw.pop("configured", None)
        try:
            return cls.model_validate(raw)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"]) or "(top level)"
            raise PolicyError(f"{source}: `{where}` is not valid: {error['msg']}") from None

    @classmethod
    def load(cls, path: Path | None) -> Policy:
        if path is None:
            return cls.read_only()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise PolicyError(f"cannot read the policy file {path}: {exc.strerror}") from exc
        return cls.parse(text, source=str(path))

    def touches(self, namespace: str) -> bool:
        """Whether the bot works in `namespace` at all."""
        return self.namespaces is None or namespace in self.namespaces

    def visible(self, namespaces: Sequence[str]) -> list[str]:
        return [n for n in namespaces if self.touches(n)]

    def group_ids(self) -> list[str]:
        """Every Slack user group the policy names (roles and impersonation), sorted."""
        named = {g for role in self.roles.values() for g in role.groups}
        named |= set(self.impersonation.groups if self.impersonation else ())
        return sorted(named)

    def roles_of(self, user_id: str, groups: frozenset[str] = frozenset()) -> dict[str, Role]:
        return {
            name: role for name, role in self.roles.items() if user_id in role.users or groups.intersection(role.groups)
        }

    def rule(self, namespace: str | None) -> NamespaceRule:
        return self.namespace_rules.get(namespace or "", NamespaceRule())

    def roles_allowing(self, intent: Intent, namespace: str | None) -> tuple[str, ...]:
        """The roles that allow `intent` in `namespace`: whom to ask for it."""
        return tuple(
            name
            for name, role in self.roles.items()
            if intent.value in role.allow and (role.namespaces is None or namespace in role.namespaces)
        )

    def may(
        self,
        user_id: str,
        intent: Intent,
        namespace: str | None,
        *,
        groups: frozenset[str] = frozenset(),
        channel: str | None = None,
    ) -> Decision:
        """May `user_id` (in Slack user `groups`) run `intent` in `namespace` (None: cluster-wide reads)?

        `channel` is where the request was made (a DM's ID for direct messages); it binds changes
        only. With impersonation, a person without a Kubernetes identity may do nothing on the
        cluster, and for a mapped person the cluster's RBAC decides which changes (no role needed).
        """
        if namespace is not None and not self.touches(namespace):
            return Decision(False, Denial.NAMESPACE_CLOSED, intent, namespace)
        if self.impersonation is not None and user_id not in self.impersonation.users:
            return Decision(False, Denial.NOT_MAPPED, intent, namespace)
        if not intent.mutating:
            return Decision(True, intent=intent, namespace=namespace)
        if not self.configured:
            return Decision(False, Denial.READ_ONLY, intent, namespace)
        bound = self.rule(namespace).change_from
        if bound is not None and channel not in bound:
            return Decision(False, Denial.WRONG_CHANNEL, intent, namespace, channels=bound)
        if self.impersonation is not None:
            return Decision(True, intent=intent, namespace=namespace)
        mine = self.roles_of(user_id, groups)
        if not mine:
            return Decision(False, Denial.NOT_IN_ROLE, intent, namespace)
        allowing = {name: role for name, role in mine.items() if intent.value in role.allow}
        if not allowing:
            return Decision(False, Denial.INTENT_NOT_ALLOWED, intent, namespace, tuple(mine))
        for role in allowing.values():
            if role.namespaces is None or namespace in role.namespaces:
                return Decision(True, intent=intent, namespace=namespace)
        return Decision(False, Denial.NAMESPACE_NOT_IN_ROLE, intent, namespace, tuple(allowing))

    def may_operate_alerts(self, user_id: str, groups: frozenset[str] = frozenset()) -> bool:
        """Alert buttons (silence, ack): anyone while no policy file exists (they change
        Alertmanager, not the cluster); members of any role once a policy file is in place."""
        return not self.configured or bool(self.roles_of(user_id, groups))

    def is_auditor(self, user_id: str, groups: frozenset[str] = frozenset()) -> bool:
        """Members of the role named `auditors` may read the audit log."""
        auditors = self.roles.get("auditors")
        return auditors is not None and (user_id in auditors.users or bool(groups.intersection(auditors.groups)))
