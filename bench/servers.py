"""
The processes bench/bench_load.py drives, each started the same way: `klepaas serve`, the bare
Bolt floor (bench/bare_bolt.py) and the fake Slack the slash rounds answer to
(bench/slack_receiver.py), with their logs in the bench's temporary directory.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playground.slack_api import SlackWebApi, free_port  # noqa: E402 - after the sys.path line

SECRET = "bench-signing-secret"
TOKEN = "xoxb-test-token"  # the fake Slack's bot token (playground/slack_api.py)


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
class Process:
    """A server under test, started as its own process."""

    name: str
    proc: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 60.0, *, path: str = "/healthz") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.log.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{self.url}{path}", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not answer {path}")

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


@dataclass
class RemoteSlack:
    """The fake Slack in a process of its own (bench/slack_receiver.py), asked over HTTP when replies arrived."""

    process: Process
    token: str = TOKEN

    @property
    def url(self) -> str:
        return self.process.url

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def hook_url(self, name: str) -> str:
        return f"{self.url}/hooks/commands/{name}"

    async def arrived(self, session: aiohttp.ClientSession, prefix: str) -> dict[str, float]:
        async with session.get(f"{self.url}/bench/arrivals", params={"prefix": prefix}) as response:
            return dict(await response.json())

    def stop(self) -> None:
        self.process.stop()


def start_receiver(workdir: Path) -> RemoteSlack:
    port = free_port()
    log = workdir / "slack.log"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "slack_receiver.py"), str(port)],
        cwd=workdir,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    receiver = RemoteSlack(Process("slack", proc, port, log))
    receiver.process.wait_ready(path="/bench/arrivals")
    return receiver


def start_klepaas(workdir: Path, fake: SlackWebApi | RemoteSlack, name: str, **extra: str) -> Process:
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


def start_bare(workdir: Path, fake: SlackWebApi | RemoteSlack) -> Process:
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
