"""
The leader lease in the database, for replicas that run outside Kubernetes.

Inside a cluster the leader holds a coordination.k8s.io/v1 Lease instead
(cluster/leases.py). Migration: bot/storage/migrations/versions/0004.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base

__all__ = ["LeaderLease"]


class LeaderLease(Base):
    """One row per lease name: who holds it, until when (renewed by the holder)."""

    __tablename__ = "leader_leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    acquired_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    renewed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
