"""
`history`: an app's recent revisions, with image, time and who, each with "Roll back to this".

The revisions come from the cluster (the ReplicaSets); who made one comes from
the bot's own deployment_history (the person who confirmed, or the CI identity
and its approver) when the bot made it, else from the ReplicaSet's
change-cause annotation. The buttons are the ordinary rollback buttons
(`rollback:<revision>`, value `namespace/app:revision`): a click asks for a
confirmation like a typed `rollback web --to N`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.commands.admission import admit
from bot.commands.answer import Answer
from bot.commands.cluster_errors import explain
from bot.deploying.messages import history_message
from bot.infra.clock import utcnow
from bot.messages.invocation import Invocation
from bot.policy.access import Access
from bot.storage import Database
from bot.storage.change_models import DeploymentRecord
from bot.storage.deploy_models import DeployAnnouncement, DeployRun
from bot.storage.outcome import Outcome
from cluster import errors
from intents import Command

if TYPE_CHECKING:  # NB: cluster.Cluster loads the kubernetes client; a bot without a cluster never needs it
    from cluster import Cluster

__all__ = ["History"]

LIMIT = 10


async def _who(db: Database, app: str, namespace: str) -> dict[int, str]:
    """revision -> who made it: the bot's deployment_history (a person, or CI and its author), else the
    field manager of an announced outside deploy."""
    found: dict[int, str] = {}
    async with db.session() as session:
        outside = await session.execute(
            select(DeployAnnouncement.revision, DeployAnnouncement.manager).where(
                DeployAnnouncement.app == app, DeployAnnouncement.namespace == namespace
            )
        )
        for revision, manager in outside:
            found[revision] = manager or "?"
        rows = await session.execute(
            select(DeploymentRecord.revision_after, DeploymentRecord.user_id, DeployRun.repo, DeployRun.author)
            .outerjoin(DeployRun, DeployRun.history_id == DeploymentRecord.id)
            .where(
                DeploymentRecord.app == app,
                DeploymentRecord.namespace == namespace,
                DeploymentRecord.revision_after.is_not(None),
            )
            .order_by(DeploymentRecord.id)
        )
        for after, user_id, repo, author in rows:
            if after is None:  # NB: the query excludes it; the type does not know
                continue
            if user_id and user_id[:1] in ("U", "W") and user_id.isalnum():
                found[after] = user_id  # a Slack user ID: the message mentions them
            else:
                found[after] = " · ".join(filter(None, (user_id, repo, author)))
    return found


@dataclass(frozen=True)
class History:
    """The IntentHandler of `history`."""

    cluster: Cluster | None
    access: Access  # the policy applied to a person (groups, channel, Kubernetes identity)
    db: Database  # who made each revision: deployment_history and the announced outside deploys

    async def __call__(self, who: Invocation, command: Command) -> Answer:
        admitted = await admit(who, command, cluster=self.cluster, access=self.access)
        if isinstance(admitted, Answer):
            return admitted
        namespace, target = admitted.namespace or "-", admitted.target
        try:
            revisions = await admitted.cluster.revisions(command, limit=LIMIT)
        except errors.ClusterError as exc:
            return Answer(explain(exc, command, namespace=namespace, lang=who.lang), Outcome.FAILED, target)
        app = revisions[0].app if revisions else (command.app or "?")
        people = await _who(self.db, app, namespace)
        message = history_message(revisions, people, app=app, namespace=namespace, lang=who.lang, now=utcnow())
        return Answer(message, Outcome.OK, f"{namespace}/{app}")
