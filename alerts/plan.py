"""
The Slack operations a thread decision needs, as typed values, and the Plan that lists them.

A Plan is what alerts/threads.py decides and what the bot carries out, in
order, under the group's lock; `record` is what to store once it is done.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from templates.message import Message

if TYPE_CHECKING:
    from alerts.threads import ThreadRecord


@dataclass(frozen=True, slots=True)
class PostParent:
    """chat.postMessage in the channel; its `ts` becomes the thread's parent_ts."""

    channel: str
    message: Message


@dataclass(frozen=True, slots=True)
class UpdateParent:
    """chat.update of the thread's parent message."""

    channel: str
    ts: str
    message: Message


@dataclass(frozen=True, slots=True)
class PostReply:
    """chat.postMessage with thread_ts: a reply in the thread."""

    channel: str
    thread_ts: str
    message: Message


SlackOperation = PostParent | UpdateParent | PostReply


class Decision(enum.StrEnum):
    NEW_THREAD = "new_thread"  # no thread yet, or the last one resolved too long ago
    UPDATE = "update"  # alerts fired or resolved within an open thread
    REOPEN = "reopen"  # fired again soon after resolving: same thread
    CLOSE = "close"  # everything resolved
    DUPLICATE = "duplicate"  # Alertmanager re-sent what we already showed
    IGNORE = "ignore"  # nothing to show (e.g. a resolved group we never saw firing)
    ACTION = "action"  # someone acked, silenced or unsilenced from Slack


@dataclass(frozen=True, slots=True)
class Plan:
    """What to do in Slack, in order, and the record to store afterwards (None: store nothing)."""

    decision: Decision
    operations: tuple[SlackOperation, ...]
    record: ThreadRecord | None
