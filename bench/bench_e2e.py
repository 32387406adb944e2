"""
End-to-end latency: a signed slash command in, the bot's answer posted to Slack.

    .venv/bin/python bench/bench_e2e.py [--runs 50]

Runs the real bot (Bolt + aiohttp + SQLite + the official kubernetes client)
against the fake Slack and kmock's Kubernetes emulator on loopback, and times
from sending the signed request to the reply arriving at the fake Slack:
`status web` (answer through response_url) and `scale web N` (dry run, pending
change stored, confirmation posted with chat.postMessage). Prints p50/p95.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import kmock  # noqa: E402

from bot.policy.rules import Policy  # noqa: E402
from playground.cluster import objects, pods  # noqa: E402
from playground.cluster.emulator import KubeEmulator, cluster_for  # noqa: E402
from playground.slack_api import SlackWebApi  # noqa: E402
from tests.support.bot import make_clients, make_settings, start_bot  # noqa: E402

POLICY = "roles: {ops: {users: [U0ALICE01], allow: [restart, scale, rollback, deploy]}}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def measure(runs: int) -> dict[str, list[float]]:
    fake = await SlackWebApi().start()
    async with KubeEmulator() as emulator, kmock.Server(emulator):
        objects.namespace(emulator, "shop")
        dep = objects.deployment(emulator, "web", "shop", revisions=["nginx:1.24", "nginx:1.25"])
        pods.pods_for(emulator, dep)
        with tempfile.TemporaryDirectory() as tmp:
            cluster = cluster_for(emulator, default_namespace="shop")
            settings = make_settings(fake, f"{tmp}/bench.db")
            clients = await make_clients(settings, cluster=cluster, policy=Policy.parse(POLICY))
            clients.closers.append(cluster.close)
            bot = await start_bot(clients)
            timings: dict[str, list[float]] = {"status": [], "scale": []}

            async def timed(text: str, arrived) -> float:
                before = arrived()
                started = time.perf_counter()
                await bot.sender.slash(text, response_url=fake.hook_url())
                await fake.wait_for(lambda s: arrived() > before, timeout=30)
                return (time.perf_counter() - started) * 1000

            await timed("status web", lambda: len(fake.hooks))  # warm up (auth.test, connections, caches)
            for i in range(runs):
                timings["status"].append(await timed("status web", lambda: len(fake.hooks)))
                timings["scale"].append(await timed(f"scale web {3 + i % 5}", lambda: len(fake.posts())))
                await bot.settle(30)
            await bot.stop()
    await fake.stop()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    timings = asyncio.run(measure(args.runs))
    for name, values in timings.items():
        print(
            f"e2e {name:<6} runs={len(values)} p50={percentile(values, 0.5):.1f} ms "
            f"p95={percentile(values, 0.95):.1f} ms mean={statistics.fmean(values):.1f} ms"
        )


if __name__ == "__main__":
    main()
