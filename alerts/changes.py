"""
What happened in an alert thread since its last message: the content of one thread reply.

`Changes` is content only; alerts/render.py turns it into a message.
Who did something is a Slack user ID, checked here, because the template
turns it into a live `<@U…>` mention.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from alerts.payload import Alert, AlertGroup
from templates.slack_ids import is_user_id


@dataclass(frozen=True, slots=True)
class Changes:
    """One thread reply's worth of news about `group`; several kinds may come together."""

    group: AlertGroup
    newly_firing: tuple[Alert, ...] = ()
    newly_resolved: tuple[Alert, ...] = ()
    reopened_after: datetime | None = None  # when the thread had resolved, if it reopened now
    closed: bool = False
    firing_since: datetime | None = None  # when the thread opened; for "resolved after 2h"
    acknowledged_by: str | None = None
    silenced_by: str | None = None
    silenced_until: datetime | None = None
    silence_id: str | None = None
    unsilenced_by: str | None = None

    def __post_init__(self) -> None:
        for user in (self.acknowledged_by, self.silenced_by, self.unsilenced_by):
            if user is not None and not is_user_id(user):
                raise ValueError(f"{user!r} is not a Slack user ID")

    def __bool__(self) -> bool:
        return bool(
            self.newly_firing
            or self.newly_resolved
            or self.reopened_after
            or self.closed
            or self.acknowledged_by
            or self.silenced_by
            or self.unsilenced_by
        )
