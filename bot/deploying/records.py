"""
What a CI deploy leaves behind: its deployment_history row and its audit rows.

The same tables a typed `deploy` writes. The actor is the CI identity
(`ci:<source>`, with the repository in the detail), never a Slack user; an
approver is named beside it.
"""

from __future__ import annotations

from typing import Any

import structlog
from sqlalchemy import update

from bot.deploying.run import Run
from bot.infra.clock import utcnow
from bot.storage import AuditEntry, Database
from bot.storage.change_models import DeploymentRecord
from bot.storage.outcome import Outcome
from cluster import ChangeApplied
from intents import Intent

log = structlog.get_logger(__name__)

__all__ = ["audit", "close_history", "open_history"]


async def open_history(db: Database, run: Run, applied: ChangeApplied, approved_by: str | None) -> int:
    """The deployment_history row of an applied deploy; returns its id."""
    plan = applied.plan
    record = DeploymentRecord(
        pending_id=None, intent=Intent.DEPLOY.value, app=plan.app, namespace=plan.namespace,
        revision_before=applied.revision_before, image_before=applied.image_before or plan.image_from,
        image_after=plan.image_to, user_id=(approved_by or f"ci:{run.source}")[:32], outcome=Outcome.APPLIED,
        detail=f"deploy {run.id} by {run.actor}"[:2000],
    )  # fmt: skip
    async with db.session() as session:
        session.add(record)
        await session.flush()
        return record.id


async def close_history(db: Database, history_id: int, *, outcome: str, revision: int | None, detail: str) -> None:
    async with db.session() as session:
        await session.execute(
            update(DeploymentRecord).where(DeploymentRecord.id == history_id).values(
                outcome=outcome, revision_after=revision, finished_at=utcnow(), detail=detail[:2000] or None,
            )
        )  # fmt: skip


async def audit(db: Database, run: Run, outcome: Outcome, *, approved_by: str | None = None, **detail: Any) -> None:
    """The audit row of a CI deploy: the CI identity is the actor, an approver is named beside it."""
    values = {"deploy_id": run.id, "actor": run.actor, "image": run.image, "commit": run.commit,
              "author": run.author, "approved_by": approved_by, **detail}  # fmt: skip
    target = f"{run.namespace}/{run.app}"
    async with db.session() as session:
        session.add(AuditEntry(
            team_id=None, user_id=f"ci:{run.source}"[:32], channel_id=run.channel, source="webhook",
            action="deploy", target=target, outcome=outcome, detail={k: v for k, v in values.items() if v is not None},
        ))  # fmt: skip
    log.info("audit.recorded", action="deploy", target=target, outcome=outcome, actor=run.actor)
