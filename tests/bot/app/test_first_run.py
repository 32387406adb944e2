"""
A first run without tracebacks: every bad setting stops start-up with one sentence naming the
variable and what to do, exit code 2, before any database file exists; `klepaas check` and
/readyz say what is missing (an unmigrated database, no cluster) instead of "ok".
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.app.cli import build_parser
from tests.support.bot import make_clients, make_settings, start_bot
from tests.support.services import postgres_server

CREDENTIALS = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s3cr3t"}
ROOT = Path(__file__).resolve().parents[3]  # the checkout under test, not whatever is installed


def klepaas(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "KLEPAAS_", "GEMINI_", "OPENAI_"))}
    clean |= {
        "KUBECONFIG": str(cwd / "no-kubeconfig"),
        "DATABASE_URL": "sqlite+aiosqlite:///./klepaas.db",
        "PYTHONPATH": str(ROOT),
    }
    clean.pop("REDIS_URL", None)
    return subprocess.run([sys.executable, "-m", "bot.app.cli", *args], capture_output=True, text=True,
                          env={**clean, **(env or {})}, timeout=60, cwd=cwd)  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def assert_one_sentence(result: subprocess.CompletedProcess[str], variable: str, cwd: Path) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0] and lines[0].endswith(".")
    assert not list(cwd.glob("*.db")), "a database file was created before the settings were checked"


POLICY_UNKNOWN_VERB = "roles:\n  ops:\n    users: [U0ALICE01]\n    allow: [restart, explode]\n"
POLICY_NOT_YAML = "roles: [unclosed\n  : :\n"

BAD = {
    "policy pointing nowhere": ({"KLEPAAS_POLICY": "missing.yaml"}, "KLEPAAS_POLICY", None),
    "policy with an unknown verb": ({"KLEPAAS_POLICY": "policy.yaml"}, "KLEPAAS_POLICY", POLICY_UNKNOWN_VERB),
    "policy that is not YAML": ({"KLEPAAS_POLICY": "policy.yaml"}, "KLEPAAS_POLICY", POLICY_NOT_YAML),
    "redis url nonsense": ({"REDIS_URL": "nonsense"}, "REDIS_URL", None),
    "sqlite in a missing directory": (
        {"DATABASE_URL": "sqlite+aiosqlite:///./nowhere/klepaas.db"},
        "DATABASE_URL",
        None,
    ),
    "gemini without a key": ({"KLEPAAS_INTENT_PROVIDERS": "gemini"}, "GEMINI_API_KEY", None),
    "alert routes pointing nowhere": ({"KLEPAAS_ALERT_ROUTES": "routes.yaml"}, "KLEPAAS_ALERT_ROUTES", None),
    "namespace not a kubernetes name": ({"KLEPAAS_DEFAULT_NAMESPACE": "Shop_Prod"}, "KLEPAAS_DEFAULT_NAMESPACE", None),
    "log level not a level": ({"KLEPAAS_LOG_LEVEL": "loud"}, "KLEPAAS_LOG_LEVEL", None),
}


@pytest.mark.parametrize(("env", "variable", "policy"), BAD.values(), ids=BAD.keys())
def test_a_bad_setting_stops_serve_with_one_sentence_and_exit_2(tmp_path, env, variable, policy):
    if policy is not None:
        (tmp_path / "policy.yaml").write_text(policy)
    result = klepaas(tmp_path, "serve", env={**CREDENTIALS, "PORT": str(free_port()), **env})
    assert_one_sentence(result, variable, tmp_path)


def test_a_port_in_use_stops_serve_with_one_sentence_and_exit_2(tmp_path):
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = klepaas(tmp_path, "serve", env={**CREDENTIALS, "PORT": str(port)})
    assert_one_sentence(result, "PORT", tmp_path)
    assert "already in use" in result.stderr


def test_manifest_wants_an_https_url(tmp_path):
    result = klepaas(tmp_path, "manifest", "--url", "http://bot.example.com")
    assert_one_sentence(result, "--url", tmp_path)
    assert "https" in result.stderr and result.stdout == ""


def test_manifest_keeps_the_name_within_slacks_35_characters(tmp_path):
    assert klepaas(tmp_path, "manifest", "--name", "k" * 35).returncode == 0
    result = klepaas(tmp_path, "manifest", "--name", "k" * 36)
    assert_one_sentence(result, "--name", tmp_path)
    assert "35" in result.stderr


def test_every_subcommand_has_help_text():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"serve", "socket", "run", "playground", "manifest", "parse", "db", "check"} <= set(commands)
    for name, sub in commands.items():
        assert sub.description and len(sub.description) > 20, name


def test_check_says_the_database_is_not_migrated_and_no_cluster_is_configured(tmp_path):
    with postgres_server() as url:
        result = klepaas(
            tmp_path,
            "check",
            env={**CREDENTIALS, "DATABASE_URL": url, "SLACK_API_URL": f"http://127.0.0.1:{free_port()}/api/"},
        )
    lines = {line.split(":", 1)[0].split()[-1]: line for line in result.stdout.splitlines()}
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert set(lines) >= {"slack", "kubernetes", "database", "redis", "alertmanager", "llm"}, result.stdout
    assert lines["database"] == "FAIL  database: database not migrated: run `klepaas db upgrade`"
    assert lines["kubernetes"].startswith("FAIL  kubernetes: no cluster configured")
    assert lines["slack"].startswith("FAIL  slack: did not answer")


async def test_readyz_says_the_database_is_not_migrated_and_no_cluster_is_configured(fake_slack, tmp_path):
    with postgres_server() as url:
        clients = await make_clients(
            make_settings(fake_slack, str(tmp_path / "unused.db"), DATABASE_URL=url), migrate=False
        )
        bot = await start_bot(clients)
        try:
            async with aiohttp.ClientSession() as http, http.get(f"{bot.url}/readyz") as answer:
                status, body = answer.status, await answer.json()
        finally:
            await bot.stop()
    assert status == 503
    assert body["failing"] == {"database": "database not migrated: run `klepaas db upgrade`"}


async def test_readyz_says_when_no_cluster_is_configured(bot):
    async with aiohttp.ClientSession() as http, http.get(f"{bot.url}/readyz") as answer:
        body = await answer.json()
    assert answer.status == 200 and body["kubernetes"].startswith("no cluster configured")


def test_a_bad_setting_stops_the_playground_too(tmp_path):
    result = klepaas(tmp_path, "playground", env={"PORT": str(free_port()), "KLEPAAS_ALERT_ROUTES": "routes.yaml"})
    assert_one_sentence(result, "KLEPAAS_ALERT_ROUTES", tmp_path)
