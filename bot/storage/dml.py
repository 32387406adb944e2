"""
UPDATE and DELETE statements whose matched-row count decides what happens next (claims, leases, settles).

NB: `AsyncSession.execute` is typed as returning `Result`; for DML it is a `CursorResult`, the
only kind with `rowcount` (SQLAlchemy keeps the loose type on purpose, sqlalchemy#12913).
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Executable
from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["execute_dml"]


async def execute_dml(session: AsyncSession, statement: Executable) -> CursorResult[Any]:
    return cast(CursorResult[Any], await session.execute(statement))
