"""
A deploy from CI, from request to result, through the same path as a typed `deploy`.

The rule (or the deploy token) is CI's permission; the policy's `namespaces`
still bound where it may deploy, the change is planned with a server-side dry
run, applied with the plan, written to deployment_history and to the audit
log with the CI identity as the actor, and followed to its end. One Slack
message per run is posted once and edited in place: queued, waiting for an
approval, "web abc1234 → staging: 1/3 ready (12 s)", then succeeded (with the
duration) or failed (with Kubernetes' reason), with Rollback (the revision
live before, confirmed like a typed rollback) and Logs buttons. A newer deploy of the same app supersedes
a running one: the follow of the older change sees the newer generation and
says so in its message.

A run is leased to the replica running it (deploy_runs.lease_owner); after the
change, the rollout is followed in a resumable task (bot/deploying/following.py),
so a restart or another replica finishes it, or records it interrupted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import structlog
from slack_sdk.errors import SlackApiError

from bot.commands.cluster_errors import explain
from bot.deploying import following, messages, records
from bot.deploying.run import Run
from bot.deploying.store import DeployRuns
from bot.infra.clock import utcnow
from bot.infra.identity import replica_id
from bot.infra.metrics import Metrics
from bot.infra.tasks import BackgroundTasks
from bot.messages.catalog import say
from bot.messages.replies import Replier, ReplyFailed
from bot.policy.rules import Policy
from bot.storage import Database
from bot.storage.cluster_json import applied_to_json, plan_to_json
from bot.storage.deploy_models import RunState
from bot.storage.outcome import Outcome
from cluster import ChangeApplied, ChangePlan, errors
from deploys import Approval, DeployRequest, DeployRules
from intents import Command, Intent
from intents.language import Language
from templates import Message

if TYPE_CHECKING:  # NB: cluster.Cluster loads the kubernetes client; a bot without a cluster never needs it
    from cluster import Cluster

log = structlog.get_logger(__name__)

__all__ = ["DEFAULT_POLL", "DeployRunner"]

DEFAULT_POLL = 1.0  # seconds between reads while following a rollout


@dataclass(frozen=True)
class DeployRunner:
    db: Database
    cluster: Cluster | None
    policy: Policy
    replier: Replier
    tasks: BackgroundTasks
    metrics: Metrics
    rules: DeployRules
    span: dt.timedelta  # how long a run's lease lasts (renewed every third of it); the rollout watches' setting
    rollout_timeout: dt.timedelta
    approval_ttl: dt.timedelta
    default_namespace: str  # where a run goes that names none, when there is no cluster to say
    poll: float = DEFAULT_POLL
    owner: str = field(default_factory=replica_id)  # who holds the leases of the runs this replica runs

    @property
    def runs(self) -> DeployRuns:
        return DeployRuns(self.db)

    @property
    def lang(self) -> Language:
        return self.rules.language

    # --- from request to apply ---------------------------------------------------------------

    async def submit(self, request: DeployRequest) -> str:
        """Record the run and start it after the HTTP answer; returns the deploy id."""
        cluster = self.cluster
        namespace = request.namespace or (cluster.default_namespace if cluster is not None else self.default_namespace)
        channel = request.channel or self.rules.channel_for(request.app, namespace)
        run = await self.runs.create(request, namespace=namespace, channel=channel, owner=self.owner, lease=self.span)
        if channel is None:
            log.warning("deploy.no_channel", deploy=run.id, hint="give the rule, the body or the rules file a channel")
        log.info(
            "deploy.received",
            deploy=run.id,
            app=run.app,
            namespace=namespace,
            image=run.image,
            actor=run.actor,
            approval=run.approval,
        )
        self.tasks.spawn(self.start(run.id), name=f"deploy:{run.id}")
        return run.id

    async def start(self, run_id: str) -> None:
        """Policy namespaces, dry run, then an approval request or the change itself."""
        run = await self._get(run_id)
        run = await self.show(run, messages.run_message(run, self.headline("deploy.queued", run), lang=self.lang))
        cluster = self.cluster
        if cluster is None:
            await self._refuse(run, say("error.no_cluster", self.lang), outcome=Outcome.UNAVAILABLE)
            return
        if not self.policy.touches(run.namespace):
            await self._refuse(
                run, say("deploy.namespace_closed", self.lang, namespace=run.namespace), outcome=Outcome.DENIED
            )
            return
        command = Command(intent=Intent.DEPLOY, app=run.app, namespace=run.namespace, image=run.image)
        try:
            plan = await cluster.plan(command, container=run.container)
        except errors.ClusterError as exc:
            log.info("deploy.refused", deploy=run.id, error=type(exc).__name__)
            await self._refuse(
                run, explain(exc, command, namespace=run.namespace, lang=self.lang).text, outcome=Outcome.FAILED
            )
            return
        if plan.noop:
            await self.runs.set(run.id, state=RunState.NOOP.value, plan=plan_to_json(plan))
            await self.show(run, messages.run_message(run, self.headline("deploy.noop", run), lang=self.lang))
            await records.audit(self.db, run, Outcome.NOOP)
            self.metrics.deploys.labels(source=run.source, outcome=RunState.NOOP.value).inc()
            return
        await self.runs.set(run.id, plan=plan_to_json(plan), revision_before=plan.revision_from)
        if run.approval == Approval.REQUIRED.value:
            await self._ask_approval(run)
            return
        await self.apply(run.id, plan, approved_by=None)

    async def _ask_approval(self, run: Run) -> None:
        ttl = self.approval_ttl.total_seconds()
        await self.runs.set(
            run.id,
            state=RunState.AWAITING_APPROVAL.value,
            expires_at=utcnow() + self.approval_ttl,
            lease_owner=None,  # a click (any replica) takes it from here
            lease_until=None,
        )
        headline = self.headline("deploy.approval", run, minutes=max(1, round(ttl / 60)))
        details = [say("deploy.approval.two_person", self.lang)] if run.two_person else []
        await self.show(
            run,
            messages.run_message(
                run, headline, lang=self.lang, details=details, buttons=messages.approval_buttons(run, self.lang)
            ),
        )
        await records.audit(self.db, run, Outcome.APPROVAL_REQUESTED)

    async def apply(self, run_id: str, plan: ChangePlan, *, approved_by: str | None) -> None:
        """Make the planned change, record it, and follow its rollout in the run's message."""
        run = await self._get(run_id)
        cluster = self.cluster
        assert cluster is not None  # start() refused the run otherwise
        try:
            applied = await cluster.apply(plan)
        except errors.ClusterError as exc:
            log.warning("deploy.apply_failed", deploy=run.id, error=type(exc).__name__)
            command = Command(intent=Intent.DEPLOY, app=run.app, namespace=run.namespace, image=run.image)
            await self._refuse(
                run,
                explain(exc, command, namespace=run.namespace, lang=self.lang).text,
                outcome=Outcome.FAILED,
                approved_by=approved_by,
            )
            return
        history_id = await records.open_history(self.db, run, applied, approved_by)
        now = utcnow()
        deadline = now + self.rollout_timeout
        await self.runs.set(
            run.id,
            state=RunState.ROLLING_OUT.value,
            history_id=history_id,
            revision_before=applied.revision_before,
            applied=applied_to_json(applied),
            applied_at=now,
            deadline_at=deadline,
            lease_owner=self.owner,
            lease_until=now + self.span,
        )
        run = await self._get(run_id)
        await records.audit(self.db, run, Outcome.OK, approved_by=approved_by)
        log.info(
            "deploy.applied",
            deploy=run.id,
            app=run.app,
            namespace=run.namespace,
            image=run.image,
            generation=applied.generation,
        )
        self.spawn_follow(run, applied)

    # --- the rollout (bot/deploying/following.py) ---------------------------------------------

    def spawn_follow(self, run: Run, applied: ChangeApplied) -> None:
        """Follow the rollout in the app's task set, under the run's lease; resumable by another replica."""
        self.tasks.spawn(following.follow(self, run, applied), name=f"deploy:{run.id}:rollout", resumable=True)

    async def resume(self) -> int:
        """Claim the runs nobody holds (a restart, a dead replica) and finish them; how many were claimed."""
        return await following.resume(self)

    # --- helpers -----------------------------------------------------------------------------

    def headline(self, key: str, run: Run, **values: object) -> str:
        return say(
            key, self.lang, app=run.app, what=messages.what(run), namespace=run.namespace, image=run.image, **values
        )

    async def _get(self, run_id: str) -> Run:
        run = await self.runs.get(run_id)
        if run is None:
            raise LookupError(f"deploy run {run_id} vanished")
        return run

    async def _refuse(self, run: Run, reason: str, *, outcome: Outcome, approved_by: str | None = None) -> None:
        await self.runs.set(run.id, state=RunState.REFUSED.value, detail=reason[:2000])
        await self.show(
            run, messages.run_message(run, self.headline("deploy.refused", run, reason="") + reason, lang=self.lang)
        )
        await records.audit(self.db, run, outcome, approved_by=approved_by, reason=reason[:300])
        self.metrics.deploys.labels(source=run.source, outcome=RunState.REFUSED.value).inc()

    async def show(self, run: Run, message: Message) -> Run:
        """Post the run's message the first time, edit it afterwards; Slack trouble never stops a deploy.

        Returns the run with its message's ts (a later `show` edits that message).
        """
        if not run.channel:
            return run
        try:
            if run.message_ts:
                await self.replier.update(run.channel, run.message_ts, message)
            else:
                ts = await self.replier.post(run.channel, message)
                await self.runs.set(run.id, message_ts=ts)
                return dataclasses.replace(run, message_ts=ts)
        except (SlackApiError, ReplyFailed) as exc:
            log.warning("deploy.message_failed", deploy=run.id, error=type(exc).__name__)
        return run
