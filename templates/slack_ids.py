"""
Slack user IDs: the one rule for what may stand inside a `<@…>` mention.

Policy files, deploy rules, alert threads (who acked) and deploy messages all
name people by Slack user ID; anything else is shown as escaped text, never as
a mention, so a value from outside can not turn into `<!channel>`.
"""

from __future__ import annotations

import re

__all__ = ["USER_ID", "is_user_id"]

USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")  # U0123ABCD (users), W… (Enterprise Grid)


def is_user_id(value: object) -> bool:
    return isinstance(value, str) and USER_ID.fullmatch(value) is not None
