"""
Issue 12's figures in one run, each beside a bare-Bolt floor (`make bench`).

    .venv/bin/python bench/bench_load.py [--rounds 5] [--requests 400] [--concurrency 50] [--only slash|alerts|sigterm]

Everything runs on loopback: the fake Slack (playground/slack_api.py) in this
process, `klepaas serve` and bench/bare_bolt.py as their own processes, with
their logs in a temporary directory (nothing but the table is printed).

- slash ack p99: `--requests` signed `/klepaas help` at `--concurrency`, in
  rounds that alternate between the bare Bolt app and klepaas; the figure is the
  median over round pairs of klepaas p99 ÷ bare p99.
- reply p99: request sent → its response_url post arriving at the fake Slack;
  replies that never arrive are counted as lost.
- idle RSS: VmRSS of each process 2 s after it answered /healthz (default settings).
- alert intake: 200 Alertmanager webhooks × 3 alerts at 20 concurrent; alerts/s
  answered 200 (klepaas answers 200 once the notification is stored), then the
  time from the last answer until every group's parent message is in Slack.
- audit + history after SIGTERM: 450 commands at 50 concurrent, SIGTERM as soon
  as the last ack is in, then the rows in audit_log and command_history.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playground.slack_api import SlackWebApi, free_port  # noqa: E402 - after the sys.path line

SECRET = "bench-signing-secret"
ALERT_TOKEN = "bench-alert-token"
CHANNEL = "C0BENCH01"
ALERTS_PER_GROUP = 3


def signed_slash(text: str, response_url: str) -> tuple[bytes, dict[str, str]]:
    """A `/klepaas` form body signed exactly as Slack signs it (PROTOCOLS.md §1)."""
    body = urllib.parse.urlencode(
        {
            "token": "gIkuvaNzQIHg97ATvDxqgjtO",
            "team_id": "T0ACME001",
            "team_domain": "acme",
            "channel_id": "C0OPS0001",
            "channel_name": "ops",
            "user_id": "U0ALICE01",
            "user_name": "alice",
            "command": "/klepaas",
            "text": text,
            "api_app_id": "A0K8SBOT1",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": "1234567890123.1234567890.0123456789abcdef",
        }
    )
    stamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return body.encode(), {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": "application/x-www-form-urlencoded",
    }


@dataclass
class TimedSlack(SlackWebApi):
    """The fake Slack, noting when each response_url post arrives."""

    arrivals: dict[str, float] = field(default_factory=dict)

    async def _hook(self, request: web.Request) -> web.Response:
        self.arrivals[request.match_info["tail"].removeprefix("commands/")] = time.perf_counter()
        return await super()._hook(request)


@dataclass
class Process:
    """A server under test, started as its own process."""

    name: str
    proc: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.log.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not answer /healthz")

    def rss_mib(self) -> float:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))) / 1024

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60.0) -> float:
        """Send `sig`, wait for the exit; returns the seconds it took."""
        started = time.perf_counter()
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return time.perf_counter() - started


def start_klepaas(workdir: Path, fake: SlackWebApi, name: str, **extra: str) -> Process:
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KLEPAAS_", "SLACK_", "REDIS_", "DATABASE_", "GEMINI_", "OPENAI_", "KUBE"))
    }
    env.update(
        SLACK_BOT_TOKEN=fake.token,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=fake.api_url,
        PORT=str(port),
        KLEPAAS_HOST="127.0.0.1",
        DATABASE_URL=f"sqlite+aiosqlite:///{workdir}/{name}.db",
        KUBECONFIG=str(workdir / "no-kubeconfig"),
        KLEPAAS_LOG_LEVEL="warning",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    log = workdir / f"{name}.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.app.cli", "serve"],
        env=env,
        cwd=workdir,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    return Process(name, proc, port, log)


def start_bare(workdir: Path, fake: SlackWebApi) -> Process:
    port = free_port()
    log = workdir / "bare.log"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "bare_bolt.py"), str(port), SECRET, fake.api_url],
        cwd=workdir,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    return Process("bare", proc, port, log)


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


@dataclass
class Round:
    acks: list[float]  # ms
    replies: list[float]  # ms, request sent -> response_url post arrived
    lost: int


async def slash_round(
    session: aiohttp.ClientSession,
    target: Process,
    fake: TimedSlack,
    tag: str,
    requests: int,
    concurrency: int,
    *,
    settle: float = 20.0,
    text: str = "help",
) -> Round:
    gate = asyncio.Semaphore(concurrency)
    sent: dict[str, float] = {}
    acks: list[float] = []

    async def one(i: int) -> None:
        tail = f"T0ACME001/{tag}{i:07d}/bench"
        body, headers = signed_slash(text, fake.hook_url(tail))
        async with gate:
            started = time.perf_counter()
            sent[tail] = started
            async with session.post(f"{target.url}/slack/events", data=body, headers=headers) as response:
                await response.read()
                if response.status != 200:
                    raise RuntimeError(f"{target.name} answered {response.status}")
            acks.append((time.perf_counter() - started) * 1000)

    await asyncio.gather(*(one(i) for i in range(requests)))
    deadline = time.perf_counter() + settle
    while time.perf_counter() < deadline and not all(tail in fake.arrivals for tail in sent):
        await asyncio.sleep(0.02)
    replies = [(fake.arrivals[tail] - t0) * 1000 for tail, t0 in sent.items() if tail in fake.arrivals]
    return Round(acks, replies, lost=len(sent) - len(replies))


def alert_payload(group: int) -> bytes:
    """One Alertmanager webhook (payload v4) for its own group, with ALERTS_PER_GROUP firing alerts."""
    name = f"Bench{group}"
    alerts = [
        {
            "status": "firing",
            "labels": {"alertname": name, "namespace": "shop", "pod": f"p{i}", "severity": "warning"},
            "annotations": {"summary": f"Pod shop/p{i} is crash looping"},
            "startsAt": "2026-11-22T01:45:35Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus.example:9090/graph",
            "fingerprint": f"{group:08x}{i:08x}",
        }
        for i in range(ALERTS_PER_GROUP)
    ]
    return json.dumps(
        {
            "version": "4",
            "groupKey": f'{{}}:{{alertname="{name}"}}',
            "truncatedAlerts": 0,
            "status": "firing",
            "receiver": "klepaas",
            "groupLabels": {"alertname": name},
            "commonLabels": {"alertname": name, "namespace": "shop"},
            "commonAnnotations": {},
            "externalURL": "http://alertmanager.example:9093",
            "alerts": alerts,
        }
    ).encode()


async def alert_burst(
    session: aiohttp.ClientSession, target: Process, groups: range, concurrency: int
) -> tuple[float, float]:
    """Send every group's webhook; returns (alerts/s answered 200, perf_counter of the last answer)."""
    gate = asyncio.Semaphore(concurrency)
    headers = {"Authorization": f"Bearer {ALERT_TOKEN}", "Content-Type": "application/json"}
    bodies = [alert_payload(g) for g in groups]

    async def send(body: bytes) -> None:
        async with gate, session.post(f"{target.url}/alerts/alertmanager", data=body, headers=headers) as r:
            if r.status != 200:
                raise RuntimeError(f"{target.name} answered {r.status}: {await r.text()}")

    started = time.perf_counter()
    await asyncio.gather(*(send(b) for b in bodies))
    finished = time.perf_counter()
    return len(bodies) * ALERTS_PER_GROUP / (finished - started), finished


def has_table(db: Path, name: str) -> bool:
    return count_rows(db, f"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{name}'") == 1


def count_rows(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(sql).fetchone()[0])


Rows = list[tuple[str, str, str, str]]


async def slash_part(
    args: argparse.Namespace, workdir: Path, fake: TimedSlack, session: aiohttp.ClientSession, rows: Rows
) -> None:
    """Slash commands and idle memory, default settings."""
    bot, bare = start_klepaas(workdir, fake, "serve"), start_bare(workdir, fake)
    try:
        bot.wait_ready()
        bare.wait_ready()
        await asyncio.sleep(2)
        rss_bot, rss_bare = bot.rss_mib(), bare.rss_mib()
        for target in (bare, bot):  # warm up: auth.test, connections, first-call caches
            await slash_round(session, target, fake, f"w{target.name}", 50, 10)
        ratios: list[float] = []
        rounds: dict[str, list[Round]] = {"bot": [], "bare": []}
        for pair in range(args.rounds):
            order = (bare, bot) if pair % 2 == 0 else (bot, bare)
            for target in order:
                key = "bot" if target is bot else "bare"
                rounds[key].append(
                    await slash_round(session, target, fake, f"{key[:2]}{pair}", args.requests, args.concurrency)
                )
            ratios.append(p99(rounds["bot"][-1].acks) / p99(rounds["bare"][-1].acks))
    finally:
        bot.stop()
        bare.stop()
    ack_bot = statistics.median(p99(r.acks) for r in rounds["bot"])
    ack_bare = statistics.median(p99(r.acks) for r in rounds["bare"])
    rows.append(
        (
            "slash ack p99 ÷ bare Bolt's (median of pairs)",
            f"{statistics.median(ratios):.2f}×  ({ack_bot:.1f} ms)",
            f"1.00×  ({ack_bare:.1f} ms)",
            "≤ 1.0×",
        )
    )
    reply_bot = [ms for r in rounds["bot"] for ms in r.replies]
    reply_bare = [ms for r in rounds["bare"] for ms in r.replies]
    lost_bot, lost_bare = sum(r.lost for r in rounds["bot"]), sum(r.lost for r in rounds["bare"])
    rows.append(
        (
            "reply p99 (request → response_url post)",
            f"{p99(reply_bot):.0f} ms, {lost_bot} lost",
            f"{p99(reply_bare):.0f} ms, {lost_bare} lost",
            "≤ 2000 ms, 0 lost",
        )
    )
    rows.append(("idle RSS", f"{rss_bot:.0f} MiB", f"{rss_bare:.0f} MiB", "≤ 90 MiB"))


async def alert_part(
    args: argparse.Namespace, workdir: Path, fake: TimedSlack, session: aiohttp.ClientSession, rows: Rows
) -> None:
    """Alert intake and the time until every parent is posted."""
    bot = start_klepaas(
        workdir, fake, "alerts", KLEPAAS_ALERTMANAGER_TOKEN=ALERT_TOKEN, SLACK_ALERT_CHANNEL_DEFAULT=CHANNEL
    )
    bare = start_bare(workdir, fake)
    try:
        bot.wait_ready()
        bare.wait_ready()
        await alert_burst(session, bot, range(10_000, 10_002), 2)  # warm up
        await fake.wait_for(lambda s: len(s.posts(CHANNEL)) >= 2, timeout=30)
        before = len(fake.posts(CHANNEL))
        rate_bare, _ = await alert_burst(session, bare, range(args.groups), 20)
        rate_bot, last = await alert_burst(session, bot, range(args.groups), 20)
        # durably stored: a 200 from klepaas means the notification is committed (the inbox, or before it the thread)
        inbox = "+ (SELECT count(*) FROM alert_inbox)" if has_table(workdir / "alerts.db", "alert_inbox") else ""
        stored = count_rows(workdir / "alerts.db", f"SELECT (SELECT count(*) FROM alert_threads) {inbox}") - 2
        try:
            await fake.wait_for(lambda s: len(s.posts(CHANNEL)) >= before + args.groups, timeout=60)
            parents = f"{time.perf_counter() - last:.2f} s"
        except TimeoutError:
            parents = f"{len(fake.posts(CHANNEL)) - before} of {args.groups} in 60 s"
    finally:
        bot.stop()
        bare.stop()
    rows.append(
        (
            f"alert intake ({args.groups} webhooks × {ALERTS_PER_GROUP}, 20 concurrent)",
            f"{rate_bot:.0f} alerts/s ({stored} of {args.groups} stored at the last 200)",
            f"{rate_bare:.0f} alerts/s (no storage)",
            "≥ 1000 alerts/s",
        )
    )
    rows.append(("all parents posted, after the last webhook", parents, "—", "≤ 3 s"))


async def sigterm_part(
    args: argparse.Namespace, workdir: Path, fake: TimedSlack, session: aiohttp.ClientSession, rows: Rows
) -> None:
    """Audit and history rows after SIGTERM during a burst."""
    bot = start_klepaas(workdir, fake, "sigterm")
    try:
        bot.wait_ready()
        await slash_round(session, bot, fake, "ws", 5, 5, text="도움말")  # warm-up rows are not counted
        burst = asyncio.create_task(slash_round(session, bot, fake, "st", 450, 50, settle=0))
        await burst
        took = await asyncio.to_thread(bot.stop, signal.SIGTERM)  # NB: the fake Slack must keep answering
    finally:
        bot.stop(signal.SIGKILL)
    db = workdir / "sigterm.db"
    audit = count_rows(db, "SELECT count(*) FROM audit_log WHERE json_extract(detail, '$.text') = 'help'")
    history = count_rows(db, "SELECT count(*) FROM command_history WHERE text = 'help'")
    replied = sum(1 for tail in fake.arrivals if tail.startswith("T0ACME001/st"))
    rows.append(
        (
            "audit + history rows after SIGTERM in a 450-command burst",
            f"{audit} + {history} of 450 (replies {replied}, exit {took:.1f} s)",
            "—",
            "450 of 450",
        )
    )


PARTS = {"slash": slash_part, "alerts": alert_part, "sigterm": sigterm_part}


async def run(args: argparse.Namespace) -> Rows:
    fake = await TimedSlack().start()
    rows: Rows = []
    with tempfile.TemporaryDirectory() as tmp:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
            for name in args.only or list(PARTS):
                await PARTS[name](args, Path(tmp), fake, session, rows)
    await fake.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="round pairs (bare, klepaas)")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--only", action="append", choices=list(PARTS), help="run only this part (repeatable)")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = asyncio.run(run(args))
    header = ("figure", "klepaas", "bare Bolt floor", "goal")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    print(
        f"({time.perf_counter() - started:.0f} s; {args.rounds} round pairs of {args.requests} requests "
        f"at {args.concurrency} concurrent)"
    )


if __name__ == "__main__":
    main()
