"""
Whom the cluster calls of the current request are made as, for the audit log.

Set once the person's Kubernetes identity is known (bot/policy/access.py); the audit row written in
the same task names it. Unset (None), the bot acted with its own ServiceAccount.
"""

from __future__ import annotations

import contextvars

__all__ = ["SERVICE_ACCOUNT", "current", "set_identity"]

SERVICE_ACCOUNT = "serviceaccount"  # how the audit log names the bot's own identity

_identity: contextvars.ContextVar[str | None] = contextvars.ContextVar("klepaas_acting_as", default=None)


def set_identity(user: str | None) -> None:
    _identity.set(user)


def current() -> str | None:
    return _identity.get()
