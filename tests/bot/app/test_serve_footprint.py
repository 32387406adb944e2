"""
What a running `klepaas serve` holds in memory with default settings.

The server runs as a real process; a thread inside it waits for /healthz, writes
down sys.modules and the garbage collector's frozen count, then sends SIGTERM.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.serve_process import serve_env

HEAVY = ("kubernetes", "openai", "google.genai", "redis", "alembic", "asyncpg")

PROBE = r"""
import gc, json, os, signal, sys, threading, time, urllib.request

def probe():
    url = f"http://127.0.0.1:{os.environ['PORT']}/healthz"
    for _ in range(600):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            break
        except OSError:
            time.sleep(0.05)
    time.sleep(0.3)
    with open(os.environ["PROBE_OUT"], "w") as out:
        json.dump({"modules": sorted(sys.modules), "frozen": gc.get_freeze_count()}, out)
    os.kill(os.getpid(), signal.SIGTERM)

threading.Thread(target=probe, daemon=True).start()
from bot.app.cli import main
sys.exit(main(["serve"]))
"""


def serve_and_probe(tmp_path: Path, **env: str) -> dict:
    out = tmp_path / "probe.json"
    base = serve_env(
        tmp_path,
        SLACK_BOT_TOKEN="xoxb-footprint",
        SLACK_SIGNING_SECRET="footprint",
        SLACK_API_URL="http://127.0.0.1:9/api/",
        PROBE_OUT=str(out),
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=base, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(out.read_text())


def test_serve_with_default_settings_never_imports_the_heavy_clients(tmp_path):
    probe = serve_and_probe(tmp_path)
    loaded = [name for name in HEAVY if name in probe["modules"]]
    assert loaded == []
    assert "bot.slack.bolt" in probe["modules"]  # the probe saw a server that had started


def test_serve_freezes_its_start_up_objects_out_of_the_collector(tmp_path):
    probe = serve_and_probe(tmp_path)
    assert probe["frozen"] > 10_000
