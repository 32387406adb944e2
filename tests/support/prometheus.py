"""
A real Prometheus (Debian's `prometheus`) for tests, scraping a tiny exporter the test runs.

    with running_prometheus(tmp_path) as prom:
        prom.exporter.memory("shop", "web-7d9f8b6c5d-x2x9q", 120 * 2**20)
        prom.wait_for('container_memory_working_set_bytes{pod="web-7d9f8b6c5d-x2x9q"}')

The exporter (prometheus_client, on a free loopback port) serves the cAdvisor series the bot
asks for (`container_cpu_usage_seconds_total`, `container_memory_working_set_bytes`) with the
labels the kubelet gives them; Prometheus scrapes it every second with a temporary config and
storage. Without the binary the test skips, or fails when CI is set.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, start_http_server

from tests.support.alertmanager import free_port
from tests.support.services import missing

SCRAPE = "1s"


@dataclass
class Exporter:
    """cAdvisor-like series on a registry of its own; CPU counters grow by `cores` per second in a thread."""

    registry: CollectorRegistry = field(default_factory=CollectorRegistry)
    port: int = 0
    cores: dict[tuple[str, str, str], float] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        labels = ["namespace", "pod", "container"]
        self.cpu = Counter("container_cpu_usage_seconds", "CPU seconds", labels, registry=self.registry)
        self.memory_gauge = Gauge("container_memory_working_set_bytes", "working set", labels, registry=self.registry)
        self.errors = Counter("http_server_errors", "5xx answers", ["namespace", "app"], registry=self.registry)

    def use(self, namespace: str, pod: str, *, cores: float, memory: float, container: str | None = None) -> None:
        """The pod's container uses `cores` CPUs and `memory` bytes from now on."""
        key = (namespace, pod, container or pod.rsplit("-", 2)[0])
        self.cores[key] = cores
        self.memory_gauge.labels(*key).set(memory)

    def start(self) -> None:
        self.port = free_port()
        self._server, _ = start_http_server(self.port, addr="127.0.0.1", registry=self.registry)
        threading.Thread(target=self._tick, name="exporter", daemon=True).start()

    def _tick(self) -> None:
        while not self._stop.wait(0.25):
            for key, cores in list(self.cores.items()):
                self.cpu.labels(*key).inc(cores * 0.25)

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()


@dataclass(frozen=True)
class RunningPrometheus:
    url: str
    exporter: Exporter

    def query(self, expr: str) -> list[dict[str, Any]]:
        query = urllib.parse.urlencode({"query": expr})
        with urllib.request.urlopen(f"{self.url}/api/v1/query?{query}", timeout=5) as response:
            return list(json.load(response)["data"]["result"])

    def wait_for(self, expr: str, *, timeout: float = 20.0) -> None:
        """Until `expr` has a result (the exporter was scraped, enough times for a rate)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.query(expr):
                return
            time.sleep(0.2)
        raise AssertionError(f"Prometheus has no result for {expr} after {timeout}s")


def binary() -> str:
    path = shutil.which("prometheus")
    if path is None:
        missing("prometheus (Debian's package prometheus)")
    assert path is not None
    return path


@contextlib.contextmanager
def running_prometheus(workdir: Path) -> Iterator[RunningPrometheus]:
    executable = binary()
    exporter = Exporter()
    exporter.start()
    port = free_port()
    config = workdir / "prometheus.yml"
    config.write_text(
        json.dumps(
            {
                "global": {"scrape_interval": SCRAPE, "evaluation_interval": SCRAPE},
                "scrape_configs": [
                    {"job_name": "exporter", "static_configs": [{"targets": [f"127.0.0.1:{exporter.port}"]}]}
                ],
            }
        )
    )
    process = subprocess.Popen(
        [
            executable,
            f"--config.file={config}",
            f"--storage.tsdb.path={workdir / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--web.enable-lifecycle",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    running = RunningPrometheus(url=f"http://127.0.0.1:{port}", exporter=exporter)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{running.url}/-/ready", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise AssertionError("prometheus did not become ready")
            time.sleep(0.1)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        exporter.stop()
