"""
An Alertmanager storm across two replicas, with 429s and the leader stopped mid-drain: every message
once, in order.
"""

from __future__ import annotations

import asyncio
import re
import time

from sqlalchemy import select

from bot.storage.alerting_models import OutboxEntry
from tests.bot.alerting.conftest import pod_alert, webhook
from tests.scenarios.replicas.conftest import ALERT_TOKEN
from tests.support.replicas import post_alerts

CHANNEL = "C0ALERTS1"
GROUPS, STEPS = 8, 8  # each step adds a pod: 8 × (1 + … + 8) = 288 alerts in 64 notifications


async def test_a_storm_with_429s_and_the_leader_stopped_mid_drain_posts_everything_once_in_order(
    replicas, fake_slack, database
):
    a, b = await asyncio.gather(replicas("a"), replicas("b"))
    fake_slack.rate_limit("chat.postMessage", times=3, retry_after=1)
    fake_slack.rate_limit("chat.update", times=2, retry_after=1)

    async def group(g: int) -> None:
        for step in range(1, STEPS + 1):
            alerts = [pod_alert(f"p{i}", alertname=f"Storm{g}") for i in range(step)]
            assert await post_alerts((a, b)[step % 2], webhook(*alerts, alertname=f"Storm{g}"), ALERT_TOKEN) == 200

    started = time.monotonic()
    await asyncio.gather(*(group(g) for g in range(GROUPS)))
    leader = a if await a.metric("klepaas_leader") == 1 else b
    await fake_slack.wait_for(lambda s: len(s.called("chat.postMessage")) >= 20, timeout=20)
    leader.sigterm()  # mid-drain: the row in flight is finished, the rest is left to the other replica
    assert await leader.exited() == 0

    async def drained() -> bool:
        async with database.session() as session:
            states = list((await session.execute(select(OutboxEntry.state))).scalars())
        # per group: the parent, a reply and a parent update per later step, and one likely-cause reply
        return len(states) == GROUPS * (1 + 2 * (STEPS - 1) + 1) and set(states) == {"sent"}

    async with asyncio.timeout(40):
        while not await drained():
            await asyncio.sleep(0.1)
    print(f"storm of {GROUPS * STEPS * (STEPS + 1) // 2} alerts delivered in {time.monotonic() - started:.1f} s")

    async with database.session() as session:
        sent = list((await session.execute(select(OutboxEntry).order_by(OutboxEntry.id))).scalars())
    parents = {ts: m for (ch, ts), m in fake_slack.messages.items() if ch == CHANNEL and not m.get("thread_ts")}
    assert len(parents) == GROUPS  # one thread per group, none doubled
    for ts, parent in parents.items():
        replies = [m for (ch, _), m in fake_slack.messages.items() if ch == CHANNEL and m.get("thread_ts") == ts]
        causes = [r for r in replies if r["text"].startswith("🔎")]  # the likely cause (no Deployment here)
        new_pods = [re.findall(r"pod=(p\d)", str(r["blocks"])) for r in replies if r not in causes]
        assert new_pods == [[f"p{i}"] for i in range(1, STEPS)]  # each reply once, in the order they came
        assert len(causes) == 1  # and the likely cause, once
        assert f"{STEPS} firing" in str(parent["blocks"])  # the last update won
    assert len({r.sent_ts for r in sent if r.kind != "update_parent"}) == GROUPS * (STEPS + 1)
