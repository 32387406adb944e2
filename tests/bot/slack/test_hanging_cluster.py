"""An API server that accepts connections and never answers: the person hears so within the deadline.

The bot's cluster has a 1 s deadline here (KLEPAAS_KUBE_DEADLINE, 10 s by default); a command is
the parser's app list and then the read (or plan) in sequence, and it must end within one
deadline, with /readyz polled all the while.
"""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest

from bot.app.wiring import build_cluster
from bot.infra.settings import Settings
from playground.signed_requests import slash_body
from tests.support.bot import SECRET
from tests.support.hanging import SilentServer, kubeconfig
from tests.support.slack_requests import post, signed_headers

DEADLINE = 1.0


@pytest.fixture
async def silent_cluster(tmp_path):
    server = SilentServer()
    url = await server.start()
    settings = Settings(
        _env_file=None,
        KUBECONFIG=kubeconfig(tmp_path, url),
        KLEPAAS_KUBE_DEADLINE=str(DEADLINE),
        KLEPAAS_DEFAULT_NAMESPACE="shop",
    )
    yield build_cluster(settings)  # as the bot builds it: the deadline is KLEPAAS_KUBE_DEADLINE
    await server.stop()


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("status web", "The Kubernetes API did not answer within 1 s"),
        ("restart web", "The Kubernetes API did not answer within 1 s"),
        ("web 재시작해줘", "Kubernetes API가 1초 안에 답하지 않았어요"),
    ],
)
async def test_with_a_hanging_api_server_the_person_gets_the_deadline_sentence_within_the_deadline(
    start, silent_cluster, elsewhere, text, sentence
) -> None:
    bot = await start(cluster=silent_cluster)
    body = slash_body(text, response_url=elsewhere.url()).encode()
    started = time.perf_counter()

    async def readyz() -> int:
        async with aiohttp.ClientSession() as session, session.get(f"{bot.url}/readyz") as response:
            return response.status

    polls = [asyncio.ensure_future(readyz()) for _ in range(20)]  # a kubelet and a load balancer, impatient
    status, _ = await post(f"{bot.url}/slack/events", body, signed_headers(SECRET, body))
    async with asyncio.timeout(DEADLINE + 2):
        while not elsewhere.seen:
            await asyncio.sleep(0.02)
    answered = time.perf_counter() - started

    assert status == 200
    assert answered < DEADLINE + 1  # one deadline, not one per request, and not retried
    assert sentence in json.loads(elsewhere.seen[0][2])["text"]
    assert set(await asyncio.gather(*polls)) == {503}  # readiness says so too, and did not hold the command up
