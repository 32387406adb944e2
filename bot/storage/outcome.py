"""What an attempt came to, as the audit log, the command history and deployment_history record it."""

from __future__ import annotations

import enum

__all__ = ["Outcome"]


class Outcome(enum.StrEnum):
    # any attempt
    OK = "ok"
    FAILED = "failed"
    DENIED = "denied"  # the policy's no
    REFUSED = "refused"  # not something the bot does as asked (a closed namespace, a value out of range)
    UNAVAILABLE = "unavailable"  # the part it needs is not configured (no cluster)
    NOOP = "noop"  # nothing to change
    # a conversation
    UNKNOWN = "unknown"
    CLARIFY = "clarify"
    CONFIRM_REQUESTED = "confirm_requested"
    # a click on Confirm or Cancel
    MISSING = "missing"
    EXPIRED = "expired"
    DUPLICATE = "duplicate"
    APPLYING = "applying"
    CANCELLED = "cancelled"
    CANCELLED_BEFORE = "cancelled_before"
    CHANGED = "changed"  # the Deployment moved on; asked again
    OWN_CONFIRM = "own_confirm"  # the requester's own Confirm in a two-person namespace
    RATE_LIMITED = "rate_limited"  # over a rate limit (bot/conversation/throttle.py)
    # a deploy from CI
    APPROVAL_REQUESTED = "approval_requested"
    REJECTED = "rejected"
    NOT_WAITING = "not_waiting"  # a click on a deploy that no longer waits for a decision
    # an alert button
    UNKNOWN_THREAD = "unknown_thread"
    # a change's rollout (deployment_history)
    APPLIED = "applied"
    SUCCEEDED = "succeeded"
    SUPERSEDED = "superseded"
    TIMED_OUT = "timed_out"
    INTERRUPTED = "interrupted"
    WATCH_FAILED = "watch_failed"
