"""
A real Alertmanager (Debian's prometheus-alertmanager) for tests, on a free loopback port.

    with running_alertmanager(tmp_path, webhook_url=url, bearer_token="t") as am:
        am.post_alerts([{"labels": {"alertname": "X"}}])

It gets a temporary storage dir, a generated config with short group timers
(PROTOCOLS.md §8), a webhook receiver pointing at `webhook_url` with the given
bearer token, and no cluster gossip. The helpers are plain HTTP calls to its
API v2 with urllib, so they work from sync and async tests alike (they take a
few milliseconds). Without the binary the test is skipped, or fails when the
CI environment variable is set.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

BINARIES = ("prometheus-alertmanager", "alertmanager")
READY_TIMEOUT = 15.0


def binary() -> str:
    """The Alertmanager executable; skips the test (fails it under CI) when there is none."""
    for name in BINARIES:
        if path := shutil.which(name):
            return path
    reason = "prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def config(
    *, webhook_url: str, bearer_token: str | None, group_wait: str, group_interval: str, max_alerts: int
) -> dict[str, Any]:
    """The test config: one route to one webhook receiver called 'bot'."""
    webhook: dict[str, Any] = {"url": webhook_url, "send_resolved": True, "max_alerts": max_alerts}
    if bearer_token is not None:
        webhook["http_config"] = {"authorization": {"type": "Bearer", "credentials": bearer_token}}
    return {
        "route": {
            "receiver": "bot",
            "group_by": ["alertname", "namespace"],
            "group_wait": group_wait,
            "group_interval": group_interval,
            "repeat_interval": "1h",
        },
        "receivers": [{"name": "bot", "webhook_configs": [webhook]}],
    }


@dataclass
class AlertmanagerServer:
    """A started Alertmanager; `url` is its base URL."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def post_alerts(self, alerts: Sequence[Mapping[str, Any]]) -> None:
        """POST /api/v2/alerts (a JSON array); raises on any answer but 200."""
        self.request("POST", "/api/v2/alerts", body=list(alerts))

    def list_alerts(self, *filters: str) -> list[dict[str, Any]]:
        return self.request("GET", "/api/v2/alerts", params=[("filter", f) for f in filters]) or []

    def list_silences(self, *filters: str) -> list[dict[str, Any]]:
        return self.request("GET", "/api/v2/silences", params=[("filter", f) for f in filters]) or []

    def get_silence(self, silence_id: str) -> dict[str, Any]:
        return self.request("GET", f"/api/v2/silence/{silence_id}")

    def request(self, method: str, path: str, *, body: Any = None, params: Sequence[tuple[str, str]] = ()) -> Any:
        url = self.url + path + ("?" + urllib.parse.urlencode(params) if params else "")
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                text = response.read().decode()
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{method} {path}: {exc.code} {exc.read().decode()!r}") from exc
        return json.loads(text) if text.strip() else None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


@contextlib.contextmanager
def running_alertmanager(
    workdir: Path,
    *,
    webhook_url: str,
    bearer_token: str | None = None,
    group_wait: str = "200ms",
    group_interval: str = "1s",
    max_alerts: int = 0,
) -> Iterator[AlertmanagerServer]:
    """Start Alertmanager in `workdir`, wait until /-/ready answers, and stop it on exit."""
    executable = binary()
    workdir.mkdir(parents=True, exist_ok=True)
    config_path = workdir / "alertmanager.yml"
    config_path.write_text(
        yaml.safe_dump(
            config(
                webhook_url=webhook_url,
                bearer_token=bearer_token,
                group_wait=group_wait,
                group_interval=group_interval,
                max_alerts=max_alerts,
            )
        )
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = workdir / "alertmanager.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                executable,
                f"--config.file={config_path}",
                f"--storage.path={workdir / 'data'}",
                f"--web.listen-address=127.0.0.1:{port}",
                "--cluster.listen-address=",  # NB: otherwise it gossips on 0.0.0.0:9094
                f"--web.external-url={url}",
                "--log.level=debug",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    server = AlertmanagerServer(url=url, process=process, log_path=log_path)
    try:
        _wait_ready(server)
        yield server
    finally:
        server.stop()


def _wait_ready(server: AlertmanagerServer) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"alertmanager exited with {server.process.returncode}:\n{server.log()[-3000:]}")
        try:
            with urllib.request.urlopen(server.url + "/-/ready", timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.05)
    raise RuntimeError(f"alertmanager was not ready within {READY_TIMEOUT}s:\n{server.log()[-3000:]}")
