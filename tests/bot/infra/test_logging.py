"""Logs are JSON lines with the request's context, and never carry a secret."""

from __future__ import annotations

import io
import json

import structlog

from bot.infra import logging as bot_logging


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_secrets_are_redacted_by_key_and_by_shape():
    stream = io.StringIO()
    bot_logging.configure("info", stream=stream)
    log = structlog.get_logger("test")
    with structlog.contextvars.bound_contextvars(team="T0ACME001", user="U0ALICE01", channel="C0OPS0001"):
        log.info(
            "slack.called",
            token="xoxb-123-456-abcdef",
            detail="header was Bearer s3cr3t-value",
            note="app token xapp-1-A0-abc",
            signing_secret="8f742231b10e",
        )
    structlog.reset_defaults()
    line = _lines(stream)[0]
    assert (line["event"], line["team"], line["user"], line["channel"]) == (
        "slack.called",
        "T0ACME001",
        "U0ALICE01",
        "C0OPS0001",
    )
    text = json.dumps(line)
    for secret in ("xoxb-123-456-abcdef", "s3cr3t-value", "xapp-1-A0-abc", "8f742231b10e"):
        assert secret not in text
    assert line["token"] == "[redacted]" and line["signing_secret"] == "[redacted]"


def test_settings_never_show_secrets_in_their_repr():
    from bot.infra.settings import Settings

    settings = Settings(_env_file=None, SLACK_BOT_TOKEN="xoxb-very-secret", SLACK_SIGNING_SECRET="shh")
    assert "xoxb-very-secret" not in repr(settings) and "shh" not in str(settings)
