"""
Real `klepaas serve` processes for tests: several replicas of the bot on one PostgreSQL and one Redis.

Each replica is a subprocess started exactly as in production (the CLI, the
environment), reaching the test's parts over loopback: the Slack Web API
stand-in, the real control plane (through its kubeconfig file) and Alertmanager's
webhook client (the test). Its log goes to a file, shown when a test fails.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from playground.signed_requests import SlackSender
from playground.slack_api import free_port

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
START_TIMEOUT = 90.0  # a loaded 2-core machine can take a minute to start a replica; a healthy one answers in ~2 s


@dataclass
class Replica:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    started: float = field(default_factory=time.monotonic)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def sender(self) -> SlackSender:
        return SlackSender(url=f"{self.url}/slack/events", secret=SECRET)

    def sigterm(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    def sigkill(self) -> None:
        self.process.kill()

    async def exited(self, timeout: float = 30.0) -> int:
        """Wait for the process to end; its exit code."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} did not exit within {timeout}s")
            await asyncio.sleep(0.05)
        return self.process.returncode

    async def metric(self, name: str) -> float | None:
        async with aiohttp.ClientSession() as session, session.get(f"{self.url}/metrics") as response:
            for line in (await response.text()).splitlines():
                if line.startswith(name + " ") or line.startswith(name + "{"):
                    return float(line.rsplit(" ", 1)[1])
        return None

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


async def start_replica(name: str, env: dict[str, str], workdir: Path) -> Replica:
    """Start `klepaas serve` with `env` on a free port; returns once /healthz answers."""
    port = free_port()
    log = workdir / f"{name}.log"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "KLEPAAS_"))}
    environment.update(env, PORT=str(port), KLEPAAS_HOST="127.0.0.1", KLEPAAS_LOG_LEVEL="info")
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.app.cli", "serve"],
            env=environment,
            cwd=workdir,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    replica = Replica(name=name, port=port, process=process, log=log)
    deadline = time.monotonic() + START_TIMEOUT
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}:\n{replica.tail()}")
            try:
                async with session.get(f"{replica.url}/healthz") as response:
                    if response.status == 200:
                        return replica
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{name} did not answer /healthz within {START_TIMEOUT}s:\n{replica.tail()}")


async def post_alerts(replica: Replica, payload: dict[str, Any], token: str) -> int:
    import json

    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{replica.url}/alerts/alertmanager",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        ) as response,
    ):
        return response.status
