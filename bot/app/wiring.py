"""
The composition root: the only place that builds real clients from Settings.

Tests build Deps from fakes instead (tests/support), and everything below
receives its dependencies as arguments.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import aiohttp
import structlog
from slack_sdk.web.async_client import AsyncWebClient

from alerts import Alertmanager
from bot.app.deps import Deps
from bot.app.settings import Settings, SettingsError
from bot.app.slack_client import build_slack_client
from bot.graphs.prometheus import Prometheus
from bot.infra.cache import Cache, MemoryCache
from bot.infra.metrics import Metrics
from bot.infra.tasks import BackgroundTasks
from bot.policy.rules import Policy
from bot.storage import Database
from cluster import where
from deploys import DeployRules
from deploys.errors import InvalidRules
from intents import ProviderChain

if TYPE_CHECKING:  # NB: cluster/ imports the kubernetes client; only build_cluster() loads it.
    from cluster import Cluster

log = structlog.get_logger(__name__)


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


async def build_deps(settings: Settings, *, metrics: Metrics | None = None, cluster: Cluster | None = None) -> Deps:
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
    deps = Deps(
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
    deps.closers.extend([slack_http.close, db.close, cache.close, functools.partial(close_chain, deps.intents)])
    if cluster is not None and owned:
        deps.closers.append(cluster.close)
    return deps


def build_outbox_slack(deps: Deps) -> AsyncWebClient:
    """The alert outbox's Slack client: no 429 retries inside, the worker reschedules by Retry-After."""
    settings = deps.settings
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else ""
    return build_slack_client(
        token=token,
        base_url=settings.slack_api_url,
        metrics=deps.metrics,
        rate_limit_retries=0,
        session=deps.slack.session,
    )


def build_alertmanager(deps: Deps) -> Alertmanager | None:
    """The Alertmanager API client for silences, when ALERTMANAGER_URL is set; its session closes with deps."""
    if not deps.settings.alertmanager_url:
        return None
    session = aiohttp.ClientSession()
    deps.closers.append(session.close)
    return Alertmanager(session, deps.settings.alertmanager_url)


def build_prometheus(deps: Deps) -> Prometheus | None:
    """The Prometheus client for graphs and `usage`, when PROMETHEUS_URL is set; it closes with deps."""
    if not deps.settings.prometheus_url:
        return None
    prometheus = Prometheus(url=deps.settings.prometheus_url)
    deps.closers.append(prometheus.close)
    return prometheus
