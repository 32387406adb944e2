"""
The `action_id`s of every button the bot renders (DESIGN.md: an id starts with what it does).

A suffix may follow after a colon (`silence:4h`, `choose_app:2`); listeners match the
prefix with `ActionId.pattern()`. alerts/ renders alert buttons and bot/ listens for
them, so the ids live here, below both.
"""

from __future__ import annotations

import enum
import re

__all__ = ["ActionId"]


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
