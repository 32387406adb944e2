"""
Whom the bot acts as: a person's Kubernetes identity, or (None) the bot's own ServiceAccount.

A plain value, free of the kubernetes client, so the bot can name identities without loading it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Identity", "Permission"]


@dataclass(frozen=True, slots=True)
class Identity:
    """The Kubernetes user and groups a person's calls impersonate (Impersonate-User / Impersonate-Group)."""

    user: str
    groups: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Permission:
    """One thing a command needs from the cluster's RBAC, as a SelfSubjectAccessReview asks it."""

    verb: str
    resource: str
    namespace: str | None = None
    group: str = ""  # the API group: "" core, "apps", "networking.k8s.io"
    subresource: str = ""

    @property
    def what(self) -> str:
        """`patch deployments/scale`, as `kubectl auth can-i` spells it."""
        resource = f"{self.resource}/{self.subresource}" if self.subresource else self.resource
        return f"{self.verb} {resource}"
