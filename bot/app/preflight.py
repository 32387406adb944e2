"""
What `klepaas serve` and `klepaas socket` check before they touch anything.

Settings (bot/infra/settings.py) validate each value's form; these checks need the world: files
exist and parse, the SQLite directory exists, the keys an LLM provider needs are there, the port
is free. They run before any client is built, any database file is created or any migration
runs, and each problem is one sentence naming the variable and what to do (SettingsError), which
the CLI prints without a traceback and exits with 2.
"""

from __future__ import annotations

import errno
import socket
from pathlib import Path

from bot.infra.settings import Settings, SettingsError

__all__ = ["check", "check_database", "sqlite_path"]

MISSING_KEYS = {"gemini": ("gemini_api_key", "GEMINI_API_KEY"), "openai": ("openai_api_key", "OPENAI_API_KEY")}


def check(settings: Settings, *, port: bool = True) -> None:
    """Raise SettingsError for the first problem found; `port` also checks that PORT is free."""
    _intent_keys(settings)
    check_database(settings)
    _policy(settings)
    _alert_routes(settings)
    if port:
        _port(settings)


def sqlite_path(database_url: str) -> Path | None:
    """The file behind a SQLite URL (None for PostgreSQL and in-memory SQLite)."""
    if not database_url.startswith("sqlite"):
        return None
    path = database_url.split("///", 1)[1] if "///" in database_url else ""
    path = path.split("?", 1)[0]
    return None if path in ("", ":memory:") else Path(path)


def _intent_keys(settings: Settings) -> None:
    for provider in settings.intent_providers:
        if provider in MISSING_KEYS and getattr(settings, MISSING_KEYS[provider][0]) is None:
            key = MISSING_KEYS[provider][1]
            raise SettingsError(
                f"KLEPAAS_INTENT_PROVIDERS names {provider} but {key} is not set: "
                f"set {key}, or remove {provider} from KLEPAAS_INTENT_PROVIDERS."
            )


def check_database(settings: Settings) -> None:
    """A SQLite file's directory must exist: SQLite would fail late, with a driver traceback."""
    path = sqlite_path(settings.database_url)
    if path is not None and not path.parent.is_dir():
        raise SettingsError(
            f"DATABASE_URL points at {path}, but the directory {path.parent} does not exist: "
            "create it, or set DATABASE_URL to a file in an existing directory."
        )


def _policy(settings: Settings) -> None:
    from bot.policy.rules import Policy, PolicyError

    if settings.policy_path is None:
        return
    try:
        Policy.load(settings.policy_path)
    except PolicyError as exc:
        raise SettingsError(
            f"KLEPAAS_POLICY is not usable ({_one_line(exc)}): fix the file (see docs/policy.md) "
            "or point KLEPAAS_POLICY at a readable policy YAML file."
        ) from None


def _alert_routes(settings: Settings) -> None:
    from alerts import errors
    from alerts.routing import Router

    path = settings.alert_routes_path
    if path is None:
        return
    try:
        Router.from_yaml(path, default_channel=settings.slack_alert_channel_default or "#unrouted")
    except OSError as exc:
        raise SettingsError(
            f"KLEPAAS_ALERT_ROUTES points at {path}, which cannot be read ({exc.strerror}): "
            "set it to the path of a readable alert routes YAML file (see docs/alerts.md)."
        ) from None
    except errors.InvalidRoutes as exc:
        raise SettingsError(
            f"KLEPAAS_ALERT_ROUTES is not usable ({_one_line(exc)}): fix the file (see docs/alerts.md)."
        ) from None


def _port(settings: Settings) -> None:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((settings.host, settings.port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise SettingsError(
                    f"KLEPAAS_HOST {settings.host} cannot be listened on ({exc.strerror}): "
                    "set KLEPAAS_HOST to an address of this machine, such as 0.0.0.0."
                ) from None
            raise SettingsError(
                f"PORT {settings.port} is already in use on {settings.host}: "
                "stop what listens there, or set PORT to a free port."
            ) from None


def _one_line(exc: Exception) -> str:
    """An error's text on one line; for YAML, where and what instead of the parser's source excerpts."""
    import yaml

    cause = exc.__cause__
    if isinstance(cause, yaml.MarkedYAMLError) and cause.problem_mark is not None:
        mark = cause.problem_mark
        return f"not valid YAML at line {mark.line + 1}, column {mark.column + 1}: {cause.problem}"
    return " ".join(str(exc).split()).rstrip(".")[:300]
