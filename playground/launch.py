"""
`klepaas playground`: the bot, started against the playground's stand-ins and its page.

The cluster is the DEMO (a simulated shop) unless a real one is asked for, by name
(`--kube-context NAME`) or as the kubeconfig's current context (`--current-context`). A real
cluster is named on the page in the warning colour; one that does not answer stops the start
with a sentence (never a silent switch to the DEMO, nor from it to whatever context is current).

The playground imports the bot; nothing in bot/ imports the playground (pyproject's layer
contract). The subcommand reaches `klepaas` through the `klepaas.commands` entry point
(`register`), so `klepaas playground` and `make run` work as before.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog
import yaml

from bot.app import preflight
from bot.app.features import build_features
from bot.app.runner import assemble, start_web
from bot.app.wiring import build_clients, build_cluster
from bot.infra.settings import Settings, SettingsError, load_settings
from cluster import errors
from playground.guard import loopback_only
from playground.session import Playground, first_free_port
from playground.slack_api import free_port

if TYPE_CHECKING:
    from cluster import Cluster

__all__ = ["DEMO", "ClusterChoice", "register", "start_playground"]

log = structlog.get_logger(__name__)

DEMO = "DEMO"
# How long an asked-for kube context gets to answer before the start is refused.
CONTEXT_PROBE_SECONDS = 3.0
HELP = (
    "The bot with a Slack-like page at http://127.0.0.1:3000/playground (PORT, or the next free port), "
    "on a DEMO cluster; a real one only with --kube-context NAME or --current-context."
)


@dataclass(frozen=True)
class ClusterChoice:
    """Which cluster the playground drives: the DEMO unless a kube context is asked for."""

    context: str | None = None  # a kubeconfig context, by name
    current: bool = False  # the kubeconfig's current context

    @property
    def real(self) -> bool:
        return self.current or self.context is not None


def current_context_name(kubeconfig: str | None) -> str | None:
    """The kubeconfig's `current-context`, as kubectl reads it (the first file of KUBECONFIG that sets one)."""
    paths = (kubeconfig or os.environ.get("KUBECONFIG") or os.path.expanduser("~/.kube/config")).split(os.pathsep)
    for path in paths:
        with contextlib.suppress(OSError, yaml.YAMLError):
            loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
            if isinstance(loaded, dict) and loaded.get("current-context"):
                return str(loaded["current-context"])
    return None


async def _real_cluster(settings: Settings, stack: contextlib.AsyncExitStack, choice: ClusterChoice) -> tuple[Any, str]:
    """The asked-for kube context, once it answered; SettingsError with a sentence otherwise."""
    name = choice.context or current_context_name(settings.kubeconfig) or "the current context"
    flag = f"--kube-context {choice.context}" if choice.context else "--current-context"
    retry = f"check it with `kubectl --context {name} get namespaces`, or start without {flag} for the DEMO cluster."
    try:
        real = build_cluster(settings)
    except errors.ClusterError as exc:  # cluster/config.py's Unconfigured: a missing context, a bad file
        raise SettingsError(f"{flag}: the kube context {name} cannot be used ({type(exc).__name__}); {retry}") from None
    if real is None:
        raise SettingsError(f"{flag}: there is no kubeconfig (KUBECONFIG or ~/.kube/config); {retry}")
    try:
        async with asyncio.timeout(CONTEXT_PROBE_SECONDS):
            await real.ping()
    except (errors.ClusterError, TimeoutError) as exc:  # refused, unreachable, timed out: it does not answer
        await real.close()
        raise SettingsError(f"{flag}: the kube context {name} did not answer ({type(exc).__name__}); {retry}") from None
    stack.push_async_callback(real.close)
    return real, name


async def _cluster(
    session: Playground,
    settings: Settings,
    stack: contextlib.AsyncExitStack,
    choice: ClusterChoice,
    *,
    demo_step: float,
) -> tuple[Cluster, str]:
    if choice.real:
        return await _real_cluster(settings, stack, choice)
    from playground.cluster.shop import NAMESPACE, running_demo  # NB: loads kubernetes and kmock; see `register`

    demo = await stack.enter_async_context(running_demo(step_seconds=demo_step, default_namespace=NAMESPACE))
    session.demo = demo
    return demo.cluster, DEMO


async def start_playground(
    settings: Settings,
    stack: contextlib.AsyncExitStack,
    *,
    workdir: Path,
    choice: ClusterChoice = ClusterChoice(),
    demo_step: float = 1.5,
) -> Playground:
    """Start the playground's stand-ins and page, the cluster and the bot; `stack` stops them all."""
    session = Playground(port=first_free_port(start=settings.port), bot_port=free_port(), workdir=workdir)
    settings = load_settings(**session.environment())
    preflight.check(settings, port=False)  # the rest of the environment still counts (routes, LLM keys)
    if choice.real:
        settings = settings.model_copy(update={"kube_context": choice.context})  # None: the current context
    cluster, label = await _cluster(session, settings, stack, choice, demo_step=demo_step)
    if label == DEMO:
        from playground.cluster.shop import NAMESPACE

        settings = settings.model_copy(update={"default_namespace": NAMESPACE})
    clients = await build_clients(settings, cluster=cluster)
    stack.push_async_callback(clients.close)
    await clients.db.upgrade()
    features = await build_features(clients)
    _, web_app = assemble(clients, features, cluster_label=label)
    web_app.middlewares.append(loopback_only(session.bot_port))
    runner = await start_web(settings, web_app)
    stack.push_async_callback(runner.cleanup)
    await session.start(cluster_label=label)
    stack.push_async_callback(session.stop)
    return session


async def serve_playground(settings: Settings, choice: ClusterChoice) -> None:
    """Run until stopped; print the page's URL."""
    with tempfile.TemporaryDirectory(prefix="klepaas-playground-") as workdir:
        async with contextlib.AsyncExitStack() as stack:
            session = await start_playground(settings, stack, workdir=Path(workdir), choice=choice)
            stop = asyncio.Event()
            for sig in (signal.SIGINT, signal.SIGTERM):  # NB: before the URL is printed, which people act on
                asyncio.get_running_loop().add_signal_handler(sig, stop.set)
            label = session.page.cluster_label if session.page else "?"
            kind = "DEMO cluster" if label == DEMO else f"REAL cluster {label}: changes are real"
            print(f"\nklepaas playground ({kind}): open {session.url}\n", flush=True)
            await stop.wait()


def _run(args: argparse.Namespace) -> int:
    from bot.infra import logging as bot_logging

    settings = load_settings()
    bot_logging.configure(settings.log_level)
    choice = ClusterChoice(context=args.kube_context, current=args.current_context)
    asyncio.run(serve_playground(settings, choice))
    return 0


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `klepaas playground` to the command line (the `klepaas.commands` entry point).

    Every `klepaas` run loads this module to build its parser, `serve` too: what only the playground
    needs (the DEMO cluster, which loads the kubernetes client and kmock) is imported where it is used.
    """
    parser = command("playground", HELP, _run)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--kube-context", metavar="NAME", help="drive this kubeconfig context (a real cluster)")
    which.add_argument(
        "--current-context", action="store_true", help="drive the kubeconfig's current context (a real cluster)"
    )
