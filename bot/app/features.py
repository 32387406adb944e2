"""
The parts plugged into the core, as one value: intent handlers, the parser's
context, Bolt listeners, HTTP routes, and the alerting part when configured.

`build_features(deps)` builds them; bot/slack/bolt.py and bot/app/web.py take
what it returns, so nothing is looked up by name at run time.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.async_app import AsyncApp

from bot.alerting import Alerting, start_alerting
from bot.app.deps import Deps
from bot.app.wiring import build_alertmanager, build_outbox_slack, build_prometheus
from bot.commands.confirmation import Confirmations
from bot.commands.handlers import handlers, inventory_context
from bot.commands.outcome import ContextSource, IntentHandler
from bot.commands.rollout_watch import DEFAULT_POLL, RolloutWatch
from bot.commands.usage import UsageAnswers
from bot.conversation.dispatch import Dispatcher
from bot.deploying.feature import Deploying, show_history, start_deploying
from bot.messages.uploads import Uploader
from bot.slack.apology import apologize
from bot.slack.listeners import Registrar
from bot.slack.listeners.changes import ChangeListeners
from bot.slack.listeners.deploys import DeployListeners
from intents import Intent


@dataclass(frozen=True)
class Features:
    handlers: Mapping[Intent, IntentHandler]
    context: ContextSource
    listeners: Sequence[Registrar]
    routes: Sequence[web.RouteDef]
    rollouts: RolloutWatch
    alerting: Alerting | None = None
    deploying: Deploying | None = None


async def build_features(
    deps: Deps, *, rollout_poll: float = DEFAULT_POLL, alert_poll: float = 0.5, alert_backoff: float = 1.0
) -> Features:
    """Every configured part; alerting only when KLEPAAS_ALERTMANAGER_TOKEN is set."""
    rollouts = RolloutWatch(deps, poll=rollout_poll)
    confirmations = Confirmations(deps, rollouts)

    def change_buttons(app: AsyncApp, dispatcher: Dispatcher) -> None:
        ChangeListeners(dispatcher, confirmations).register(app)

    deploying = await start_deploying(deps, poll=rollout_poll)

    def deploy_buttons(app: AsyncApp, dispatcher: Dispatcher) -> None:
        DeployListeners(deploying.approvals).register(app)

    listeners: list[Registrar] = [change_buttons, deploy_buttons]
    routes: list[web.RouteDef] = [*deploying.routes()]
    alerting = None
    prometheus = build_prometheus(deps)
    usage = UsageAnswers(
        prometheus=prometheus,
        uploader=Uploader(slack=deps.slack, metrics=deps.metrics),
        replier=deps.replier,
        policy=deps.policy,
        default_namespace=deps.settings.default_namespace,
        metrics=deps.metrics,
        window=deps.settings.usage_rate_window,
    )
    if deps.settings.alertmanager_token is not None:
        alerting = await start_alerting(
            deps,
            outbox_slack=build_outbox_slack(deps),
            alertmanager=build_alertmanager(deps),
            prometheus=prometheus,
            poll_interval=alert_poll,
            backoff_base=alert_backoff,
        )
        buttons = dataclasses.replace(alerting.buttons, apology=functools.partial(apologize, deps))
        listeners.append(buttons.register)
        routes.extend(alerting.intake.routes())
    return Features(
        handlers={**handlers(), Intent.HISTORY: show_history, Intent.USAGE: usage},
        context=inventory_context,
        listeners=tuple(listeners),
        routes=tuple(routes),
        rollouts=rollouts,
        alerting=alerting,
        deploying=deploying,
    )
