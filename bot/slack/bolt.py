"""
The Bolt AsyncApp: middleware, listeners and the error boundary.

This is the only broad `except` of the bot (convention 9): an error in a
listener is logged with an id, and the person gets a short sentence with that
id, never the exception text.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import structlog
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.infra.cache import Cache
from bot.infra.slack_identity import SlackIdentity
from bot.messages.replies import Replier
from bot.slack.apology import apologize
from bot.slack.listeners import Registrar
from bot.slack.middleware import RequestMiddleware

log = structlog.get_logger(__name__)


def build_app(
    *,
    slack: AsyncWebClient,
    signing_secret: str | None,
    identity: SlackIdentity,
    cache: Cache,
    replier: Replier,
    listeners: Sequence[Registrar],
) -> AsyncApp:
    """The Bolt app with every part's listeners; `cache` dedupes Slack's retries, `replier` apologizes."""
    app = AsyncApp(
        client=slack,
        signing_secret=signing_secret or "socket-mode-has-no-signature",
        # NB: the gate (bot/slack/gate.py) checks every HTTP request's signature before Bolt sees it
        # (Bolt's own check would only repeat it); Socket Mode has no signature.
        request_verification_enabled=False,
        raise_error_for_unhandled_request=False,
        # NB: not Bolt's own auth.test on the first request: with Slack unreachable it answered 500
        # to every request; this one acks anyway and reports Slack as degraded in /readyz.
        authorize=identity.for_bolt(),
    )
    app.use(RequestMiddleware(cache=cache))
    for register in listeners:
        register(app)
    app.error(_error_handler(replier))
    return app


def _error_handler(replier: Replier):
    async def on_error(error: Exception, body: dict) -> None:
        error_id = secrets.token_hex(4)
        log.error("listener.failed", error_id=error_id, exc_info=error)
        await apologize(replier, body)(error, error_id)  # NB: an apology Slack does not take is only logged

    return on_error
