"""
The `klepaas` command line: serve, socket, run, playground, manifest, parse, db, check.

Settings are built here, once, and passed down (nothing reads the environment
at import time). A missing or malformed setting stops with one sentence.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys

from bot.app.settings import Settings, SettingsError, load_settings, require

NO_CREDENTIALS = """\
klepaas needs a Slack app to talk to. {problem}

  1. Print the app manifest:  .venv/bin/klepaas manifest --url https://<your-host>   (or without --url for Socket Mode)
  2. Create the app from it:  https://api.slack.com/apps → Create New App → From an app manifest
  3. Install it to your workspace, then put these in .env (or the environment):
       SLACK_BOT_TOKEN=xoxb-…        (OAuth & Permissions → Bot User OAuth Token)
       SLACK_SIGNING_SECRET=…        (Basic Information → App Credentials → Signing Secret)
       SLACK_APP_TOKEN=xapp-…        (only for Socket Mode: Basic Information → App-Level Tokens)
  4. Run `make run` again.

To try the bot without a Slack workspace: `.venv/bin/klepaas playground` (what `make run` starts
when no Slack credentials are set): a Slack-like page in your browser, on a DEMO cluster when no
kube context answers.
"""


def _settings() -> Settings:
    return load_settings()


def _start(mode: str, *required: str) -> int:
    """Start the bot in `mode` ("serve" or "socket") once the credentials it needs are set."""
    from bot.infra import logging as bot_logging
    from bot.app import runner

    settings = _settings()
    try:
        require(settings, *required)
    except SettingsError as exc:
        print(NO_CREDENTIALS.format(problem=exc), file=sys.stderr)
        return 2
    bot_logging.configure(settings.log_level)
    asyncio.run(getattr(runner, mode)(settings))
    return 0


def _serve(args: argparse.Namespace) -> int:
    return _start("serve", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")


def _socket(args: argparse.Namespace) -> int:
    return _start("socket", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")


def _run(args: argparse.Namespace) -> int:
    """`make run`: Socket Mode with an app token, HTTP mode with a bot token, else the playground."""
    settings = _settings()
    if settings.slack_app_token:
        return _socket(args)
    if settings.slack_bot_token or settings.slack_signing_secret:
        return _serve(args)
    print("No Slack credentials are set, so this is the playground; `klepaas manifest` starts a real Slack app.")
    return _playground(args)


def _playground(args: argparse.Namespace) -> int:
    from bot.app import runner
    from bot.infra import logging as bot_logging

    settings = _settings()
    bot_logging.configure(settings.log_level)
    asyncio.run(runner.playground(settings))
    return 0


def _manifest(args: argparse.Namespace) -> int:
    from bot.slack.manifest import manifest_yaml

    print(manifest_yaml(url=args.url, name=args.name), end="")
    return 0


def _parse(args: argparse.Namespace) -> int:
    from intents import Context
    from intents.builtin import BuiltinParser

    parser = BuiltinParser()
    if args.jsonl:
        from intents.jsonl import run_jsonl

        run_jsonl(sys.stdin, sys.stdout, parser)
        return 0
    context = Context(apps=tuple(args.apps or ()), namespaces=tuple(args.namespaces or ()))
    command = parser.parse_sync(" ".join(args.text), context=context)
    print(json.dumps(command.frame(), ensure_ascii=False))
    return 0


def _db(args: argparse.Namespace) -> int:
    from bot.storage import Database

    async def upgrade() -> None:
        db = Database.connect(_settings().database_url)
        try:
            await db.upgrade(args.revision)
        finally:
            await db.close()

    asyncio.run(upgrade())
    print(f"database upgraded to {args.revision}")
    return 0


def _check(args: argparse.Namespace) -> int:
    """Check every configured connection once and say which work."""
    from bot.app.wiring import build_deps

    async def check() -> int:
        deps = await build_deps(_settings())
        failures = 0
        parts = {"database": deps.db.ping, "cache": deps.cache.ping}
        if deps.cluster is not None:
            parts["kubernetes"] = deps.cluster.ping
        if deps.settings.slack_bot_token:
            parts["slack"] = deps.slack.auth_test
        for name, probe in parts.items():
            try:
                await probe()
                print(f"ok    {name}")
            except Exception as exc:  # noqa: BLE001 - report every failure by its type, keep going
                failures += 1
                print(f"FAIL  {name}: {type(exc).__name__}")
        await deps.close()
        return 1 if failures else 0

    return asyncio.run(check())


def build_parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="klepaas", description="Operate Kubernetes apps from Slack.")
    sub = root.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="HTTP mode: serve /slack/events, health and metrics").set_defaults(run=_serve)
    sub.add_parser("socket", help="Socket Mode (SLACK_APP_TOKEN), with health and metrics").set_defaults(run=_socket)
    sub.add_parser(
        "run", help="Socket Mode with SLACK_APP_TOKEN, HTTP mode with SLACK_BOT_TOKEN, else the playground"
    ).set_defaults(run=_run)
    sub.add_parser(
        "playground",
        help="the bot with a Slack-like page at http://127.0.0.1:3000/playground (PORT, or the next free port); "
        "the current kube context, or a DEMO cluster when none answers",
    ).set_defaults(run=_playground)
    m = sub.add_parser("manifest", help="print the Slack app manifest (YAML)")
    m.add_argument("--url", help="the bot's public base URL (HTTP mode); omit for Socket Mode")
    m.add_argument("--name", default="klepaas")
    m.set_defaults(run=_manifest)
    p = sub.add_parser("parse", help="turn text into a Command frame (offline parser)")
    p.add_argument("text", nargs="*")
    p.add_argument("--jsonl", action="store_true", help="read {id, text, apps?, namespaces?} lines on stdin")
    p.add_argument("--app", dest="apps", action="append", help="a known app (repeatable)")
    p.add_argument("--namespace", dest="namespaces", action="append", help="a known namespace (repeatable)")
    p.set_defaults(run=_parse)
    d = sub.add_parser("db", help="database migrations")
    dsub = d.add_subparsers(dest="db_command", required=True)
    up = dsub.add_parser("upgrade", help="apply migrations (DATABASE_URL)")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(run=_db)
    sub.add_parser("check", help="check the configured connections").set_defaults(run=_check)
    return root


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
