"""
Issue 12's figures in one run, each beside a bare-Bolt floor (`make bench`).

    .venv/bin/python bench/bench_load.py [--rounds 5] [--requests 1000] [--concurrency 50] [--only slash|alerts|sigterm]

Everything runs on loopback, each server a process of its own started the same way
(bench/servers.py): `klepaas serve`, bench/bare_bolt.py, and for the slash rounds the fake
Slack their replies go to (bench/slack_receiver.py: judging klepaas's Block Kit replies in
this process delayed the reading of klepaas's acks). The other parts' fake Slack runs in this
process. Logs go to a temporary directory; nothing but the table is printed.

- slash ack p99: `--requests` signed `/klepaas help` at `--concurrency`, in
  rounds that alternate between the bare Bolt app and klepaas (which goes first
  alternates too), after the same warm-up (50 requests at 10, then one uncounted
  round as measured); a round ends when its replies are in.
  The figure is the median over round pairs of klepaas p99 ÷ bare p99; every
  pair's ratio and the load average are printed too (a round's p99 is its
  1%-slowest ack: with 400 requests, 4 requests decide it; with 1000, 10).
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
import os
import signal
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from alert_bursts import ALERT_TOKEN, ALERTS_PER_GROUP, alert_burst
from servers import Process, p99, signed_slash, start_bare, start_klepaas, start_receiver
from slack_receiver import TimedSlack

CHANNEL = "C0BENCH01"


@dataclass
class Round:
    acks: list[float]  # ms
    replies: list[float]  # ms, request sent -> response_url post arrived
    lost: int


async def slash_round(
    session: aiohttp.ClientSession,
    target: Process,
    hook_url: Callable[[str], str],
    arrived: Callable[[str], Awaitable[dict[str, float]]],
    tag: str,
    requests: int,
    concurrency: int,
    *,
    settle: float = 20.0,
    text: str = "help",
) -> Round:
    """`requests` signed commands at `concurrency`; their acks, then (within `settle`) their replies."""
    gate = asyncio.Semaphore(concurrency)
    prefix = f"T0ACME001/{tag}-"
    sent: dict[str, float] = {}
    acks: list[float] = []

    tails = [f"{prefix}{i:07d}/bench" for i in range(requests)]
    # NB: signed before the first is sent: signing the other 950 while the first 50 waited for their acks
    # counted this process's work in those acks (the p99 of a server twice as fast as the floor)
    signed = [signed_slash(text, hook_url(tail)) for tail in tails]

    async def one(i: int) -> None:
        tail, (body, headers) = tails[i], signed[i]
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
    arrivals = await arrived(prefix)
    while time.perf_counter() < deadline and len(arrivals) < len(sent):
        await asyncio.sleep(0.05)
        arrivals = await arrived(prefix)
    replies = [(arrivals[tail] - t0) * 1000 for tail, t0 in sent.items() if tail in arrivals]
    return Round(acks, replies, lost=len(sent) - len(replies))


def has_table(db: Path, name: str) -> bool:
    return count_rows(db, f"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{name}'") == 1


def count_rows(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(sql).fetchone()[0])


Rows = list[tuple[str, str, str, str]]


async def slash_part(
    args: argparse.Namespace, workdir: Path, fake: TimedSlack, session: aiohttp.ClientSession, rows: Rows
) -> None:
    """Slash commands and idle memory, default settings; the replies go to a fake Slack in its own process."""
    slack = start_receiver(workdir)
    bot, bare = start_klepaas(workdir, slack, "serve"), start_bare(workdir, slack)
    ratios: list[float] = []
    loads = [os.getloadavg()[0]]
    try:
        bot.wait_ready()
        bare.wait_ready()
        await asyncio.sleep(2)
        rss_bot, rss_bare = bot.rss_mib(), bare.rss_mib()

        def arrived(prefix: str) -> Awaitable[dict[str, float]]:
            return slack.arrived(session, prefix)

        for target in (bare, bot):  # warm up, each the same: auth.test, connections, first-call caches, and
            # one round as measured (pools and queues grown to the concurrency), not counted
            await slash_round(session, target, slack.hook_url, arrived, f"w{target.name}", 50, 10)
            size = (args.requests, args.concurrency)
            await slash_round(session, target, slack.hook_url, arrived, f"v{target.name}", *size)
        rounds: dict[str, list[Round]] = {"bot": [], "bare": []}
        for pair in range(args.rounds):
            order = (bare, bot) if pair % 2 == 0 else (bot, bare)
            for target in order:
                key = "bot" if target is bot else "bare"
                rounds[key].append(
                    await slash_round(
                        session, target, slack.hook_url, arrived, f"{key}{pair}", args.requests, args.concurrency
                    )
                )
            ratios.append(p99(rounds["bot"][-1].acks) / p99(rounds["bare"][-1].acks))
            loads.append(os.getloadavg()[0])
    finally:
        bot.stop()
        bare.stop()
        slack.stop()
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
            "… each pair (klepaas ÷ bare)",
            " ".join(f"{r:.2f}" for r in ratios),
            " ".join(f"{p99(r.acks):.0f}" for r in rounds["bare"]) + " ms",
            "each ≤ 1.0×",
        )
    )
    rows.append(("… load average (1 min) per pair", " ".join(f"{x:.1f}" for x in loads), "", ""))
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
        await slash_round(session, bot, fake.hook_url, fake.arrived, "ws", 5, 5, text="도움말")  # not counted
        burst = asyncio.create_task(slash_round(session, bot, fake.hook_url, fake.arrived, "st", 450, 50, settle=0))
        await burst
        took = await asyncio.to_thread(bot.stop, signal.SIGTERM)  # NB: the fake Slack must keep answering
    finally:
        bot.stop(signal.SIGKILL)
    db = workdir / "sigterm.db"
    audit = count_rows(db, "SELECT count(*) FROM audit_log WHERE json_extract(detail, '$.text') = 'help'")
    history = count_rows(db, "SELECT count(*) FROM command_history WHERE text = 'help'")
    replied = len(await fake.arrived("T0ACME001/st-"))
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
    parser.add_argument("--requests", type=int, default=1000, help="per round: its p99 is its 10th-slowest ack")
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
