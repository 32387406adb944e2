"""
The composition root: the only place that builds real clients from Settings.

`Clients` holds what it built, for bot/app/ alone: every part below is constructed
from it (bot/app/features.py) with the few collaborators it uses, by keyword, and
never sees the whole. Tests build Clients on fakes instead (tests/support).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import aiohttp
import structlog
from slack_sdk.web.async_client import AsyncWebClient

from alerts import Alertmanager
from bot.graphs.prometheus import Prometheus
from bot.infra.cache import Cache, MemoryCache
from bot.infra.metrics import Metrics
from bot.infra.settings import Settings, SettingsError
from bot.infra.slack_client import build_slack_client
from bot.infra.slack_identity import SlackIdentity
from bot.infra.tasks import BackgroundTasks
from bot.messages.replies import Replier
from bot.policy.access import Access
from bot.policy.groups import GroupDirectory
from bot.policy.rules import Policy
from bot.storage import Database
from bot.storage.audit import Recorder
from cluster import where
from deploys import DeployRules
from deploys.errors import InvalidRules
from intents import ProviderChain

if TYPE_CHECKING:  # NB: cluster/ imports the kubernetes client; only build_cluster() loads it.
    from cluster import Cluster

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Clients:
    """Everything that does I/O, built once; only the composition root holds it whole."""

    settings: Settings
    slack: AsyncWebClient
    db: Database
    cache: Cache
    metrics: Metrics
    intents: ProviderChain
    tasks: BackgroundTasks
    policy: Policy = field(default_factory=Policy.read_only)  # read-only for everyone without a file
    cluster: Cluster | None = None  # None when no cluster is configured
    deploy_rules: DeployRules = field(default_factory=DeployRules.empty)  # KLEPAAS_DEPLOYS; none deploys nothing
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    @functools.cached_property
    def recorder(self) -> Recorder:
        return Recorder(self.db)

    @functools.cached_property
    def slack_identity(self) -> SlackIdentity:
        """Who the bot is in Slack; Bolt authorizes with it, /readyz reports it (bot/infra/slack_identity.py)."""
        return SlackIdentity(self.slack)

    @functools.cached_property
    def replier(self) -> Replier:
        return Replier(self.slack)

    @functools.cached_property
    def access(self) -> Access:
        """The policy applied to a person: user groups, channel, Kubernetes identity (bot/policy/access.py)."""
        return Access(policy=self.policy, directory=GroupDirectory(slack=self.slack, cache=self.cache))

    async def close(self) -> None:
        await self.tasks.close()
        for close in reversed(self.closers):
            await close()


def build_cache(settings: Settings) -> Cache:
    if not settings.redis_url:
        return MemoryCache()
    from bot.infra.redis_cache import RedisCache  # NB: redis is imported only when REDIS_URL is set

    return RedisCache.from_url(settings.redis_url)


def build_intents(settings: Settings, cache: Cache) -> ProviderChain:
    from intents.chain import build_chain

    def secret(value: object) -> str | None:
        return value.get_secret_value() if value is not None else None  # type: ignore[attr-defined]

    return build_chain(
        settings.intent_providers,
        gemini_api_key=secret(settings.gemini_api_key),
        gemini_model=settings.gemini_model,
        gemini_base_url=settings.gemini_base_url,
        openai_api_key=secret(settings.openai_api_key),
        openai_base_url=settings.openai_base_url,
        openai_model=settings.openai_model,
        timeout=settings.intent_timeout,
        cache=cache,
    )


def build_cluster(settings: Settings):
    """A Cluster when there is a kubeconfig or we run inside a cluster; None otherwise."""
    if not where.configured(settings.kubeconfig):
        log.warning("cluster.not_configured", hint="set KUBECONFIG or run in a cluster")
        return None
    from cluster import Cluster

    return Cluster.from_config(
        kubeconfig=settings.kubeconfig,
        context=settings.kube_context,
        default_namespace=settings.default_namespace,
        deadline=settings.kube_deadline_seconds,
    )


def build_deploy_rules(settings: Settings) -> DeployRules:
    """The deploy rules file (KLEPAAS_DEPLOYS); a bad one stops start-up with one sentence."""
    if settings.deploys_path is None:
        return DeployRules.empty()
    try:
        return DeployRules.from_yaml(settings.deploys_path)
    except InvalidRules as exc:
        raise SettingsError(f"KLEPAAS_DEPLOYS is not valid: {exc.message}") from None


async def build_clients(
    settings: Settings, *, metrics: Metrics | None = None, cluster: Cluster | None = None
) -> Clients:
    """Every client from `settings`; a `cluster` given here (the playground's DEMO) is closed by its owner."""
    from intents.chain import close_chain

    metrics = metrics or Metrics.create()
    cache = build_cache(settings)
    db = Database.connect(settings.database_url)
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    # One aiohttp session for all Slack HTTP: Web API calls, the outbox, response_url replies.
    slack_http = aiohttp.ClientSession()
    slack = build_slack_client(token=token, base_url=settings.slack_api_url, metrics=metrics, session=slack_http)
    owned = cluster is None
    cluster = build_cluster(settings) if owned else cluster
    clients = Clients(
        settings=settings,
        slack=slack,
        db=db,
        cache=cache,
        metrics=metrics,
        intents=build_intents(settings, cache),
        tasks=BackgroundTasks(),
        cluster=cluster,
        policy=Policy.load(settings.policy_path),
        deploy_rules=build_deploy_rules(settings),
    )
    clients.closers.extend([slack_http.close, db.close, cache.close, functools.partial(close_chain, clients.intents)])
    if cluster is not None and owned:
        clients.closers.append(cluster.close)
    return clients


def build_outbox_slack(clients: Clients) -> AsyncWebClient:
    """The alert outbox's Slack client: no 429 retries inside, the worker reschedules by Retry-After."""
    settings = clients.settings
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    return build_slack_client(
        token=token,
        base_url=settings.slack_api_url,
        metrics=clients.metrics,
        rate_limit_retries=0,
        session=clients.slack.session,
    )


def build_alertmanager(clients: Clients) -> Alertmanager | None:
    """The Alertmanager API client for silences, when ALERTMANAGER_URL is set; its session closes with the clients."""
    if not clients.settings.alertmanager_url:
        return None
    session = aiohttp.ClientSession()
    clients.closers.append(session.close)
    return Alertmanager(session, clients.settings.alertmanager_url)


def build_prometheus(clients: Clients) -> Prometheus | None:
    """The Prometheus client for graphs and `usage`, when PROMETHEUS_URL is set; it closes with the clients."""
    if not clients.settings.prometheus_url:
        return None
    prometheus = Prometheus(url=clients.settings.prometheus_url)
    clients.closers.append(prometheus.close)
    return prometheus
