"""The klepaas command line as a person meets it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml


def klepaas(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "KLEPAAS_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot.app.cli", *args],
        capture_output=True,
        text=True,
        env={**clean, **(env or {})},
        timeout=60,
        cwd=os.environ.get("TMPDIR", "/tmp"),
    )


def test_manifest_for_http_mode_names_command_scopes_event_and_urls():
    result = klepaas("manifest", "--url", "https://bot.example.com/")
    assert result.returncode == 0, result.stderr
    manifest = yaml.safe_load(result.stdout)
    command = manifest["features"]["slash_commands"][0]
    assert command["command"] == "/klepaas"
    assert command["url"] == "https://bot.example.com/slack/events"
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == ["app_mention", "subteam_members_changed"]
    assert manifest["settings"]["event_subscriptions"]["request_url"] == "https://bot.example.com/slack/events"
    assert manifest["settings"]["interactivity"] == {
        "is_enabled": True,
        "request_url": "https://bot.example.com/slack/events",
    }
    # Exactly the scopes of the Web API methods the bot calls, and no more (least privilege).
    assert manifest["oauth_config"]["scopes"]["bot"] == [
        "app_mentions:read",
        "chat:write",
        "chat:write.public",
        "commands",
        "files:write",
        "usergroups:read",
        "users:read",
    ]
    assert manifest["settings"]["socket_mode_enabled"] is False


def test_manifest_for_socket_mode_has_no_urls():
    manifest = yaml.safe_load(klepaas("manifest").stdout)
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "url" not in manifest["features"]["slash_commands"][0]
    assert "request_url" not in manifest["settings"]["interactivity"]


def test_serve_without_credentials_explains_and_points_to_the_playground():
    result = klepaas("serve")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "SLACK_BOT_TOKEN is not set" in result.stderr
    assert "klepaas playground" in result.stderr


def test_run_without_credentials_starts_the_playground_and_prints_its_url(tmp_path):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "KLEPAAS_"))}
    root = Path(__file__).resolve().parents[3]  # the checkout under test
    env = {
        **clean,
        "PORT": str(port),
        "KUBECONFIG": str(tmp_path / "none"),
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": str(root),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.app.cli", "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        lines = []
        for line in process.stdout:  # type: ignore[union-attr]
            lines.append(line)
            if "/playground" in line and "open http" in line:
                break
        assert f"open http://127.0.0.1:{port}/playground" in "".join(lines), "".join(lines)
        assert "DEMO" in "".join(lines)
    finally:
        process.terminate()
        assert process.wait(timeout=20) == 0
    assert not (tmp_path / "klepaas.db").exists()


def test_malformed_setting_is_named_in_one_sentence():
    result = klepaas("serve", env={"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "PORT": "eighty"})
    assert result.returncode == 2
    assert result.stderr.strip().startswith("PORT is not valid")
    assert "Traceback" not in result.stderr


def test_database_url_without_async_driver_is_refused():
    result = klepaas("db", "upgrade", env={"DATABASE_URL": "mysql://x"})
    assert result.returncode == 2 and "DATABASE_URL is not valid" in result.stderr
