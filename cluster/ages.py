"""
Ages of objects, measured and printed the way kubectl prints them.

The clock is passed in, so tests and listings agree on "now".
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

__all__ = ["age", "now", "short"]


def now() -> datetime:
    return datetime.now(UTC)


def age(created: datetime | None, at: datetime) -> timedelta | None:
    """How long ago `created` was at `at`; never negative (clocks drift)."""
    if created is None:
        return None
    return max(at - created, timedelta(0))


def short(delta: timedelta | None) -> str:
    """kubectl's compact age: 45s, 12m, 5h, 3d (and `<unknown>` without a timestamp)."""
    if delta is None:
        return "<unknown>"
    seconds = int(delta.total_seconds())
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 3 * 3600:
        return f"{seconds // 60}m"
    if seconds < 2 * 86400:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d"
