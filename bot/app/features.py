"""
The parts plugged into the core, as one value: intent handlers, the parser's
context, Bolt listeners, HTTP routes, and the alerting part when configured.

`build_features(clients)` constructs every part with the few collaborators it
uses, by keyword; bot/slack/bolt.py and bot/app/web.py take what it returns, so
nothing is looked up by name at run time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from aiohttp import web

from bot.alerting import Alerting, start_alerting
from bot.alerting.feature import load_router
from bot.app.wiring import Clients, build_alertmanager, build_outbox_slack, build_prometheus
from bot.commands.answer import ContextSource, IntentHandler
from bot.commands.audit_log import AuditLog, slack_names
from bot.commands.changes import ChangeRequests
from bot.commands.confirmation import Confirmations
from bot.commands.handlers import Inventory, handlers
from bot.commands.pending import PendingChanges
from bot.commands.queries import Queries
from bot.commands.rollout_watch import DEFAULT_POLL, RolloutWatch
from bot.commands.usage import UsageAnswers
from bot.conversation.dispatch import Dispatcher
from bot.conversation.throttle import Limits, Throttle
from bot.deploying.deliveries import Deliveries
from bot.deploying.feature import Deploying, History, start_deploying
from bot.deploying.intake import DeployIntake
from bot.deploying.runs import DeployRunner
from bot.infra.rate_limits import rate_limiter_for
from bot.messages.uploads import Uploader
from bot.slack.listeners import ChoiceListeners, CommandListeners, Registrar
from bot.slack.listeners.alerts import AlertListeners
from bot.slack.listeners.changes import ChangeListeners
from bot.slack.listeners.deploys import DeployListeners
from bot.slack.listeners.usergroups import UserGroupListeners
from intents import Intent


@dataclass(frozen=True)
class Features:
    dispatcher: Dispatcher
    listeners: Sequence[Registrar]
    routes: Sequence[web.RouteDef]
    rollouts: RolloutWatch
    pending: PendingChanges
    alerting: Alerting | None = None
    deploying: Deploying | None = None


def _seconds(value: float) -> dt.timedelta:
    return dt.timedelta(seconds=value)


async def build_features(
    clients: Clients,
    *,
    rollout_poll: float = DEFAULT_POLL,
    alert_poll: float = 0.5,
    alert_backoff: float = 1.0,
    handlers_for: Mapping[Intent, IntentHandler] | None = None,
    context: ContextSource | None = None,
) -> Features:
    """Every configured part; alerting only when KLEPAAS_ALERTMANAGER_TOKEN is set.

    `handlers_for` and `context` replace the cluster's handlers and the parser's context (tests of
    the conversation, which look at the Command the bot arrives at, not at the cluster).
    """
    c, settings = clients, clients.settings
    pending = PendingChanges(c.db, ttl=_seconds(settings.confirm_ttl_seconds))
    rollouts = RolloutWatch(
        db=c.db,
        cluster=c.cluster,
        replier=c.replier,
        tasks=c.tasks,
        metrics=c.metrics,
        span=_seconds(settings.watch_lease_seconds),
        poll=rollout_poll,
        acting_as=c.access.cluster_for,
    )
    confirmations = Confirmations(
        pending=pending,
        cluster=c.cluster,
        access=c.access,
        replier=c.replier,
        recorder=c.recorder,
        db=c.db,
        metrics=c.metrics,
        watch=rollouts,
        lease=_seconds(settings.confirm_lease_seconds),
        rollout_timeout=_seconds(settings.rollout_timeout_seconds),
    )
    deploying = await _deploying(clients, poll=rollout_poll)
    prometheus = build_prometheus(clients)
    uploader = Uploader(slack=c.slack, metrics=c.metrics)
    usage = UsageAnswers(
        prometheus=prometheus,
        uploader=uploader,
        replier=c.replier,
        policy=c.policy,
        default_namespace=settings.default_namespace,
        metrics=c.metrics,
        window=settings.usage_rate_window,
    )
    cluster_handlers = {
        **handlers(
            queries=Queries(cluster=c.cluster, access=c.access, replier=c.replier, uploader=uploader),
            changes=ChangeRequests(cluster=c.cluster, access=c.access, pending=pending, replier=c.replier),
        ),
        Intent.HISTORY: History(cluster=c.cluster, access=c.access, db=c.db),
        Intent.USAGE: usage,
        Intent.AUDIT: AuditLog(db=c.db, access=c.access, names=slack_names(c.slack)),
    }
    dispatcher = Dispatcher(
        intents=c.intents,
        replier=c.replier,
        recorder=c.recorder,
        metrics=c.metrics,
        policy=c.policy,
        cache=c.cache,
        cluster=c.cluster,
        handlers=cluster_handlers if handlers_for is None else handlers_for,
        throttle=Throttle(
            limiter=rate_limiter_for(c.cache),
            cache=c.cache,
            limits=Limits(
                changes_per_person=settings.rate_changes_per_person,
                reads_per_person=settings.rate_reads_per_person,
                changes_per_channel=settings.rate_changes_per_channel,
                reads_per_channel=settings.rate_reads_per_channel,
            ),
        ),
        context=context or Inventory(cluster=c.cluster, policy=c.policy, cache=c.cache, acting_as=c.access.cluster_for),
    )
    # The user groups the policy names are read now, so a plan without them is explained at start.
    await c.access.directory.check(c.policy.group_ids())
    listeners: list[Registrar] = [
        CommandListeners(dispatcher=dispatcher, tasks=c.tasks, replier=c.replier).register,
        ChoiceListeners(dispatcher=dispatcher, tasks=c.tasks, replier=c.replier).register,
        ChangeListeners(dispatcher=dispatcher, confirmations=confirmations, tasks=c.tasks, replier=c.replier).register,
        DeployListeners(approvals=deploying.approvals, tasks=c.tasks, replier=c.replier).register,
        UserGroupListeners(directory=c.access.directory, tasks=c.tasks).register,
    ]
    routes: list[web.RouteDef] = [*deploying.routes()]
    alerting = None
    if settings.alertmanager_token is not None:
        alerting = await start_alerting(
            token=settings.alertmanager_token,
            router=load_router(routes=settings.alert_routes_path, default_channel=settings.slack_alert_channel_default),
            db=c.db,
            cache=c.cache,
            metrics=c.metrics,
            slack=c.slack,
            outbox_slack=build_outbox_slack(clients),
            replier=c.replier,
            recorder=c.recorder,
            policy=c.policy,
            groups_of=c.access.groups_of,
            alertmanager=build_alertmanager(clients),
            tasks=c.tasks,
            cluster=c.cluster,
            prometheus=prometheus,
            cause_window=dt.timedelta(minutes=settings.alert_cause_minutes),
            poll_interval=alert_poll,
            backoff_base=alert_backoff,
        )
        clients.closers.append(alerting.close)
        listeners.append(AlertListeners(buttons=alerting.buttons, tasks=c.tasks, replier=c.replier).register)
        routes.extend(alerting.intake.routes())
    return Features(
        dispatcher=dispatcher,
        listeners=tuple(listeners),
        routes=tuple(routes),
        rollouts=rollouts,
        pending=pending,
        alerting=alerting,
        deploying=deploying,
    )


async def _deploying(clients: Clients, *, poll: float) -> Deploying:
    c, settings = clients, clients.settings
    runner = DeployRunner(
        db=c.db,
        cluster=c.cluster,
        policy=c.policy,
        replier=c.replier,
        tasks=c.tasks,
        metrics=c.metrics,
        rules=c.deploy_rules,
        span=_seconds(settings.watch_lease_seconds),
        rollout_timeout=_seconds(settings.rollout_timeout_seconds),
        approval_ttl=_seconds(settings.approval_ttl_seconds),
        default_namespace=settings.default_namespace,
        poll=poll,
    )
    intake = DeployIntake(
        runner=runner,
        deliveries=Deliveries(c.db, c.cache),
        github_secret=settings.github_webhook_secret,
        deploy_token=settings.deploy_token,
    )
    deploying = await start_deploying(
        runner=runner,
        intake=intake,
        watch=sorted({*settings.watch_namespaces, *c.deploy_rules.watch}),
        watch_poll=settings.watch_poll_seconds,
        access=c.access,
    )
    clients.closers.append(deploying.close)
    return deploying
