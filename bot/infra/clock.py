"""The one clock: timezone-aware UTC now. Tests that need time to move pass their own callable."""

from __future__ import annotations

import datetime as dt

__all__ = ["utcnow"]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
