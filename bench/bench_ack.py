"""
Ack latency of signed slash commands, and idle memory of `klepaas serve`.

    .venv/bin/python bench/bench_ack.py [--concurrency 200]

Starts the real bot (Bolt + aiohttp + SQLite) against the fake Slack on loopback,
sends N signed `/klepaas help` requests at once, and reports the time from send
to the HTTP answer (the ack) as p50/p99. Then starts `klepaas serve` as its own
process and reads its resident memory once it is idle.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.bot import SECRET, make_deps, make_settings, start_bot  # noqa: E402
from playground.slack_api import SlackWebApi, free_port  # noqa: E402
from playground.signed_requests import sign, slash_body  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def ack_latency(concurrency: int) -> list[float]:
    fake = await SlackWebApi().start()
    with tempfile.TemporaryDirectory() as tmp:
        bot = await start_bot(await make_deps(make_settings(fake, f"{tmp}/bench.db")))
        url = f"{bot.url}/slack/events"
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:

            async def one() -> float:
                body = slash_body("help", response_url=fake.hook_url())
                headers = {**sign(SECRET, body), "Content-Type": "application/x-www-form-urlencoded"}
                started = time.perf_counter()
                async with session.post(url, data=body.encode(), headers=headers) as response:
                    await response.read()
                    assert response.status == 200, response.status
                return (time.perf_counter() - started) * 1000

            await asyncio.gather(*(one() for _ in range(10)))  # warm up (auth.test, connections)
            await bot.settle(60)
            latencies = await asyncio.gather(*(one() for _ in range(concurrency)))
            await bot.settle(120)
        replies = len(fake.hooks)
        await bot.stop()
    await fake.stop()
    print(f"replies posted: {replies} (expected {concurrency + 10})")
    return list(latencies)


def idle_rss_mib() -> float:
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": "bench", "PORT": str(port),
               "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/idle.db", "KUBECONFIG": f"{tmp}/none",
               "KLEPAAS_LOG_LEVEL": "warning"}
        proc = subprocess.Popen([str(ROOT / ".venv/bin/klepaas"), "serve"], env=env, cwd=tmp,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    import urllib.request

                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.2)
            time.sleep(2)
            status = Path(f"/proc/{proc.pid}/status").read_text()
            rss_kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
            return rss_kb / 1024
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--concurrency", type=int, default=200)
    args = parser.parse_args()
    latencies = asyncio.run(ack_latency(args.concurrency))
    print(f"ack latency for {args.concurrency} concurrent signed slash commands: "
          f"p50 {percentile(latencies, 0.5):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms, "
          f"max {max(latencies):.1f} ms, mean {statistics.mean(latencies):.1f} ms")
    print(f"idle RSS of `klepaas serve`: {idle_rss_mib():.1f} MiB")


if __name__ == "__main__":
    main()
