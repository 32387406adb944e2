"""
The `klepaas` command line: serve, socket, run, manifest, parse, db, check, audit, and the subcommands
other packages add through the `klepaas.commands` entry point (`playground`, playground/launch.py:
bot/ does not import the playground).

Settings are built here, once, and passed down (nothing reads the environment
at import time). A missing or malformed setting stops with one sentence.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from importlib.metadata import entry_points
from typing import Any
from urllib.parse import urlsplit

from bot.infra.settings import Settings, SettingsError, load_settings, require

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
when no Slack credentials are set): a Slack-like page in your browser, on a DEMO cluster (a real
one only with --kube-context NAME or --current-context).
"""


MAX_APP_NAME = 35  # Slack's limit for display_information.name in an app manifest
COMMANDS = "klepaas.commands"  # entry points: register(command) adds a subcommand


def _settings() -> Settings:
    return load_settings()


def _start(mode: str, *required: str) -> int:
    """Start the bot in `mode` ("serve" or "socket") once the credentials it needs are set."""
    from bot.app import preflight, runner
    from bot.infra import logging as bot_logging

    settings = _settings()
    try:
        require(settings, *required)
    except SettingsError as exc:
        print(NO_CREDENTIALS.format(problem=exc), file=sys.stderr)
        return 2
    preflight.check(settings)  # before any client, database file or migration
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
    if "playground" not in _plugins():  # an install without the playground (the image)
        print(NO_CREDENTIALS.format(problem="No Slack credentials are set."), file=sys.stderr)
        return 2
    print("No Slack credentials are set, so this is the playground; `klepaas manifest` starts a real Slack app.")
    playground = build_parser().parse_args(["playground"])
    return playground.run(playground)


def _plugins() -> dict[str, Any]:
    """The installed subcommands other packages add (entry points `klepaas.commands`), by name."""
    found = {}
    for entry in entry_points(group=COMMANDS):
        try:
            found[entry.name] = entry.load()
        except ModuleNotFoundError:
            continue  # an install without that package (the image ships no playground)
    return found


def _manifest(args: argparse.Namespace) -> int:
    from bot.slack.manifest import manifest_yaml

    if args.url is not None:
        parts = urlsplit(args.url)
        if parts.scheme != "https" or not parts.hostname:
            raise SettingsError(
                f"--url {args.url} is not an https:// URL: Slack sends requests only to https, so give the "
                "bot's public https base URL (e.g. https://klepaas.example.com), or omit --url for Socket Mode."
            )
    if not 1 <= len(args.name) <= MAX_APP_NAME:
        raise SettingsError(
            f"--name is {len(args.name)} characters long: Slack allows app names of 1 to {MAX_APP_NAME} "
            "characters, so choose a shorter --name."
        )

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
    from bot.app import preflight
    from bot.storage import Database

    settings = _settings()
    preflight.check_database(settings)

    async def upgrade() -> None:
        db = Database.connect(settings.database_url)
        try:
            await db.upgrade(args.revision)
        finally:
            await db.close()

    asyncio.run(upgrade())
    print(f"database upgraded to {args.revision}")
    return 0


def _check(args: argparse.Namespace) -> int:
    """Check every part once, one line each (bot/app/health.py); exit 1 when one fails."""
    from bot.app import health, preflight
    from bot.app.wiring import build_clients

    settings = _settings()
    preflight.check(settings, port=False)

    async def check() -> int:
        clients = await build_clients(settings)
        try:
            lines = await health.report(
                settings, slack=clients.slack, cluster=clients.cluster, db=clients.db, cache=clients.cache
            )
        finally:
            await clients.close()
        for line in lines:
            print(line)
        return 1 if any(line.status == "FAIL" for line in lines) else 0

    return asyncio.run(check())


def _audit_export(args: argparse.Namespace) -> int:
    """The audit log since `--since` as JSON lines (oldest first), for a SIEM."""
    from bot.app import preflight
    from bot.commands.audit_filters import span_of
    from bot.infra.clock import utcnow
    from bot.storage import Database
    from bot.storage.audit_query import export_rows

    span = span_of(args.since)
    if span is None:
        print(f"--since {args.since!r} is not a span like 30m, 2h, 7d or 4w", file=sys.stderr)
        return 2
    settings = _settings()
    preflight.check_database(settings)

    async def export(out: Any) -> int:
        db = Database.connect(settings.database_url)
        count = 0
        try:
            async for row in export_rows(db, since=utcnow() - span):
                out.write(json.dumps(row.json(), ensure_ascii=False) + "\n")
                count += 1
        finally:
            await db.close()
        return count

    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            count = asyncio.run(export(out))
        print(f"{count} audit rows written to {args.output}", file=sys.stderr)
    else:
        asyncio.run(export(sys.stdout))
    return 0


def build_parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="klepaas", description="Operate Kubernetes apps from Slack.")
    sub = root.add_subparsers(dest="command", required=True, metavar="command")

    def command(name: str, text: str, run: Any, **kwargs: Any) -> argparse.ArgumentParser:
        """A subcommand whose --help says what it does (the same text as in `klepaas --help`)."""
        parser = sub.add_parser(name, help=text, description=text, **kwargs)
        parser.set_defaults(run=run)
        return parser

    command(
        "serve",
        "HTTP mode: serve Slack's requests on /slack/events, with /healthz, /readyz and /metrics "
        "(needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET).",
        _serve,
    )
    command(
        "socket",
        "Socket Mode: connect to Slack with SLACK_APP_TOKEN (no public URL needed), with "
        "/healthz, /readyz and /metrics.",
        _socket,
    )
    command(
        "run",
        "What `make run` starts: Socket Mode with SLACK_APP_TOKEN, HTTP mode with SLACK_BOT_TOKEN, "
        "else the playground.",
        _run,
    )
    for register in _plugins().values():
        register(command)  # `klepaas playground` (playground/launch.py)
    m = command("manifest", "Print the Slack app manifest (YAML) to create the app from.", _manifest)
    m.add_argument("--url", help="the bot's public https base URL (HTTP mode); omit for Socket Mode")
    m.add_argument("--name", default="klepaas", help=f"the app's name in Slack (at most {MAX_APP_NAME} characters)")
    p = command("parse", "Turn text into a Command frame with the built-in parser (offline, no Slack).", _parse)
    p.add_argument("text", nargs="*", help="what a person would type, e.g. `scale web 3`")
    p.add_argument("--jsonl", action="store_true", help="read {id, text, apps?, namespaces?} lines on stdin")
    p.add_argument("--app", dest="apps", action="append", help="a known app (repeatable)")
    p.add_argument("--namespace", dest="namespaces", action="append", help="a known namespace (repeatable)")
    d = command("db", "Database migrations (DATABASE_URL).", None)
    dsub = d.add_subparsers(dest="db_command", required=True, metavar="command")
    up = dsub.add_parser(
        "upgrade",
        help="apply migrations up to a revision (default: head)",
        description="Apply the database migrations to DATABASE_URL, up to a revision (default: head).",
    )
    up.add_argument("revision", nargs="?", default="head", help="the revision to upgrade to (default: head)")
    up.set_defaults(run=_db)
    a = command("audit", "The audit log (DATABASE_URL).", None)
    asub = a.add_subparsers(dest="audit_command", required=True, metavar="command")
    export = asub.add_parser(
        "export",
        help="write the audit log as JSON lines",
        description="Write every audit row since --since as one JSON object per line (oldest first), for a SIEM.",
    )
    export.add_argument("--since", required=True, help="how far back: 30m, 2h, 7d, 4w")
    export.add_argument("--output", help="a file to write (default: standard output)")
    export.set_defaults(run=_audit_export)
    command(
        "check",
        "Check each configured connection once (Slack auth, Kubernetes, database and its migrations, "
        "Redis, Alertmanager, LLM keys), one line each; exit 1 when one fails.",
        _check,
    )
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
