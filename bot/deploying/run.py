"""
A deploy from CI as the code works with it: a frozen value read from its row.

The row (bot/storage/deploy_models.DeployRun) is written only through bot/deploying/store.py;
everything else gets a `Run`, whose plan and applied change are the cluster's own values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from bot.storage.cluster_json import applied_from_json, plan_from_json
from bot.storage.deploy_models import DeployRun, RunState
from cluster import ChangeApplied, ChangePlan

__all__ = ["Run"]


@dataclass(frozen=True, slots=True)
class Run:
    id: str
    state: RunState
    source: str
    actor: str  # ci:<source>[:<repo>], the audit actor
    repo: str | None
    app: str
    namespace: str
    container: str | None
    image: str
    channel: str | None
    message_ts: str | None
    commit: str | None
    author: str | None
    author_slack: str | None
    url: str | None
    message: str | None
    approval: str
    two_person: bool
    expires_at: dt.datetime | None
    decided_by: str | None
    plan: ChangePlan | None  # the dry run's
    history_id: int | None
    applied: ChangeApplied | None
    applied_at: dt.datetime | None
    deadline_at: dt.datetime | None

    @classmethod
    def of(cls, row: DeployRun) -> Run:
        values = {f.name: getattr(row, f.name) for f in fields(cls)}
        values["state"] = RunState(row.state)
        values["two_person"] = bool(row.two_person)
        values["plan"] = plan_from_json(row.plan) if row.plan else None
        values["applied"] = applied_from_json(row.applied) if row.applied else None
        return cls(**values)
