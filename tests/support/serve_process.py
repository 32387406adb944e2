"""`klepaas serve` as a real process, for tests about signals, crashes and what the process holds."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from playground.slack_api import free_port

ROOT = Path(__file__).resolve().parents[2]
FOREIGN = ("KLEPAAS_", "SLACK_", "REDIS_", "DATABASE_", "GEMINI_", "OPENAI_", "KUBE")


def serve_env(workdir: Path, **variables: str) -> dict[str, str]:
    """The environment of a serve process: nothing from ours but PATH and the like, then `variables`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(FOREIGN)}
    env.update(
        PORT=str(free_port()),
        KLEPAAS_HOST="127.0.0.1",
        KUBECONFIG=str(workdir / "no-kubeconfig"),
        DATABASE_URL=f"sqlite+aiosqlite:///{workdir / 'klepaas.db'}",
        PYTHONPATH=str(ROOT),
    )
    env.update(variables)
    return env


@dataclass
class ServeProcess:
    proc: subprocess.Popen
    port: int
    log: Path

    @classmethod
    def start(cls, workdir: Path, **variables: str) -> ServeProcess:
        env = serve_env(workdir, **variables)
        log = workdir / f"serve-{env['PORT']}.log"
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.app.cli", "serve"],
            env=env,
            cwd=workdir,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        return cls(proc=proc, port=int(env["PORT"]), log=log)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def ready(self, timeout: float = 30.0) -> ServeProcess:
        async with asyncio.timeout(timeout), aiohttp.ClientSession() as session:
            while True:
                assert self.proc.poll() is None, f"klepaas serve exited: {self.log.read_text()[-3000:]}"
                try:
                    async with session.get(f"{self.url}/healthz") as response:
                        if response.status == 200:
                            return self
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.05)

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int:
        """Send `sig` and wait for the exit without blocking the loop (the fake Slack lives on it)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return await asyncio.to_thread(self.proc.wait, timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()


@dataclass
class ServeProcesses:
    """Every serve process a test started; the fixture kills what is still running, even when the test failed."""

    started: list[ServeProcess] = field(default_factory=list)

    async def start(self, workdir: Path, **variables: str) -> ServeProcess:
        process = ServeProcess.start(workdir, **variables)
        self.started.append(process)
        return await process.ready()

    async def kill_all(self) -> None:
        for process in self.started:
            await process.stop(signal.SIGKILL)
