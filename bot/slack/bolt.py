"""
The Bolt AsyncApp: middleware, listeners and the error boundary.

This is the only broad `except` of the bot (convention 9): an error in a
listener is logged with an id, and the person gets a short sentence with that
id, never the exception text.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

import structlog
from slack_bolt.async_app import AsyncApp

from bot.app.deps import Deps
from bot.conversation.dispatch import Dispatcher
from bot.slack.apology import apologize
from bot.slack.listeners import ChoiceListeners, CommandListeners
from bot.slack.middleware import bind_log_context, dedupe_retries

if TYPE_CHECKING:  # NB: features assembles the listeners registered here; only its type is needed.
    from bot.app.features import Features

log = structlog.get_logger(__name__)


def build_app(
    deps: Deps, features: Features, *, dispatcher: Dispatcher | None = None, socket_mode: bool = False
) -> AsyncApp:
    settings = deps.settings
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    app = AsyncApp(
        client=deps.slack,
        signing_secret=secret or "socket-mode-has-no-signature",
        request_verification_enabled=not socket_mode,
        raise_error_for_unhandled_request=False,
        # NB: not Bolt's own auth.test on the first request: with Slack unreachable it answered 500
        # to every request; this one acks anyway and reports Slack as degraded in /readyz.
        authorize=deps.slack_identity.for_bolt(),
    )
    app.use(bind_log_context)
    app.use(dedupe_retries(deps.cache))
    dispatcher = dispatcher or Dispatcher(deps, handlers=features.handlers, context=features.context)
    CommandListeners(dispatcher).register(app)
    ChoiceListeners(dispatcher).register(app)
    for register in features.listeners:
        register(app, dispatcher)
    app.error(_error_handler(deps))
    return app


def _error_handler(deps: Deps):
    async def on_error(error: Exception, body: dict) -> None:
        error_id = secrets.token_hex(4)
        log.error("listener.failed", error_id=error_id, exc_info=error)
        try:
            await apologize(deps, body)(error, error_id)
        except Exception as exc:
            log.error("listener.apology_failed", error_id=error_id, exc_info=exc)

    return on_error
