"""
The floor every figure of bench/bench_load.py is compared with: a bare Bolt app behind aiohttp.

    .venv/bin/python bench/bare_bolt.py PORT SIGNING_SECRET SLACK_API_URL

It verifies Slack's signature, acks `/klepaas` and answers through response_url,
the least any Slack bot on Bolt does; /alerts/alertmanager reads the body and
answers 200 without storing anything; /healthz says it is up. No logging.
"""

from __future__ import annotations

import json
import sys

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient


def build(secret: str, api_url: str) -> web.Application:
    bolt = AsyncApp(client=AsyncWebClient(token="xoxb-test-token", base_url=api_url), signing_secret=secret)

    @bolt.command("/klepaas")
    async def on_command(ack, respond) -> None:
        await ack()
        await respond(text="klepaas help")

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def alerts(request: web.Request) -> web.Response:
        json.loads(await request.read())
        return web.json_response({"status": "ok"})

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app = web.Application()
    app.router.add_post("/slack/events", events)
    app.router.add_post("/alerts/alertmanager", alerts)
    app.router.add_get("/healthz", healthz)
    return app


if __name__ == "__main__":
    port, secret, api_url = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    web.run_app(build(secret, api_url), host="127.0.0.1", port=port, access_log=None, print=None)
