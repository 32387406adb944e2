"""
The `action_id`s of every button the bot renders (DESIGN.md: an id starts with what it does),
and the `Button` value every message is given its buttons as.

A suffix may follow after a colon (`silence:4h`, `choose_app:2`); listeners match the
prefix with `ActionId.pattern()`. alerts/ renders alert buttons and bot/ listens for
them, so the ids live here, below both.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["ActionId", "Button"]


class ActionId(enum.StrEnum):
    CONFIRM = "confirm"
    CANCEL = "cancel"
    ROLLBACK = "rollback"
    UNDO = "undo"
    RESTART = "restart"
    LOGS = "logs"
    SILENCE = "silence"
    UNSILENCE = "unsilence"
    ACK = "ack"
    APPROVE = "approve"
    REJECT = "reject"
    CHOOSE_APP = "choose_app"
    SUGGEST = "suggest"  # a suggested command: the click runs the button's text as if typed
    LINK = "link"  # a URL button: Slack opens the link, the bot only acks

    def with_suffix(self, suffix: object) -> str:
        return f"{self.value}:{suffix}"

    def pattern(self) -> re.Pattern[str]:
        """Matches this id with or without a suffix, and nothing else."""
        return re.compile(rf"^{re.escape(self.value)}(:.*)?$")


@dataclass(frozen=True, slots=True)
class Button:
    """One button: what a click does (`action`), what it says (`label`), what it carries back (`value`).

    `suffix` keeps ids unique within one message (`rollback:4` beside `rollback:3`); `url` makes a
    link button, which Slack opens itself.
    """

    action: ActionId
    label: str
    value: str | None = None
    style: Literal["primary", "danger"] | None = None
    suffix: str | None = None
    url: str | None = None

    @property
    def action_id(self) -> str:
        return self.action.value if self.suffix is None else self.action.with_suffix(self.suffix)
