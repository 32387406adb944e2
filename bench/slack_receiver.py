"""
The fake Slack the slash-command rounds answer to, as a process of its own.

    .venv/bin/python bench/slack_receiver.py PORT

It is playground/slack_api.py's stand-in, noting when each response_url post arrives
(time.perf_counter: CLOCK_MONOTONIC, the same clock in every process of the machine), and
serving those arrival times at GET /bench/arrivals?prefix=…. Judging a reply (slack_sdk's
Block Kit models) costs the receiver about 0.8 ms for klepaas's help and nothing for the
bare app's one line of text: in the bench's own process, that work shared the loop that
times the acks, and delayed klepaas's by as much. Here it runs on a loop of its own.
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground.slack_api import SlackWebApi


@dataclass
class TimedSlack(SlackWebApi):
    """The fake Slack, noting when each response_url post arrives."""

    arrivals: dict[str, float] = field(default_factory=dict)

    async def _hook(self, request: web.Request) -> web.Response:
        self.arrivals[request.match_info["tail"].removeprefix("commands/")] = time.perf_counter()
        return await super()._hook(request)

    async def arrived(self, prefix: str) -> dict[str, float]:
        """When each response_url post whose name starts with `prefix` arrived."""
        return {tail: at for tail, at in self.arrivals.items() if tail.startswith(prefix)}

    def routes(self) -> list[web.RouteDef]:
        async def arrivals(request: web.Request) -> web.Response:
            return web.json_response(await self.arrived(request.query.get("prefix", "")))

        return [*super().routes(), web.get("/bench/arrivals", arrivals)]


async def serve(port: int) -> None:
    slack = await TimedSlack().start(port=port)
    try:
        await asyncio.Event().wait()  # until the bench stops the process
    finally:
        await slack.stop()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1])))
