"""Secrets in what the cluster says (container logs) never reach Slack; each one is counted."""

from __future__ import annotations

import json
from datetime import timedelta

from playground.cluster import pods, resources

LOG = """\
2026-12-07T03:00:00Z starting web
2026-12-07T03:00:01Z connecting to postgresql://shop:Tr0ub4dor-3@db.prod:5432/shop
2026-12-07T03:00:02Z auth header Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWhlcmU
2026-12-07T03:00:03Z loaded AWS key AKIAIOSFODNN7EXAMPLE, password=hunter2
2026-12-07T03:00:04Z image sha256:9b2a5c0e6f1d4e8a7b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a ready
"""


async def test_logs_with_credentials_are_posted_redacted_and_counted(start, kmock, fake_slack, shop):
    pod = pods.pods_for(kmock, shop, count=1)[0]
    pod["metadata"]["creationTimestamp"] = resources.stamp(timedelta(seconds=-60))
    kmock.objects[resources.PODS, "shop", pod["metadata"]["name"]] = pod
    pods.logs(kmock, pod, LOG)
    bot = await start()
    await bot.sender.slash("logs web", response_url=fake_slack.hook_url())
    await fake_slack.wait_for(lambda s: len(s.hooks) >= 1)
    await bot.settle()
    sent = json.dumps(fake_slack.hooks[-1].args, ensure_ascii=False)
    for secret in ("Tr0ub4dor-3", "eyJhbGciOiJIUzI1NiJ9", "AKIAIOSFODNN7EXAMPLE", "hunter2"):
        assert secret not in sent
    assert sent.count("«redacted»") == 4
    assert "postgresql://shop:«redacted»@db.prod:5432/shop" in sent
    assert "sha256:9b2a5c0e6f1d4e8a7b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a" in sent  # a digest is no secret
    metrics = bot.clients.metrics.registry
    assert metrics.get_sample_value("klepaas_redactions_total", {"kind": "aws_access_key"}) >= 1
