"""
structlog configuration: JSON lines, context from contextvars, secrets redacted.

Configured once by the CLI. Event names are `noun.verb`; fields are keyword
arguments; a processor masks anything that looks like a credential so that a
careless field cannot leak a token.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog
from structlog.typing import Processor

from templates import redaction

_SECRET_KEYS = re.compile(r"(token|secret|password|authorization|api_key|apikey|credentials)", re.IGNORECASE)
_SECRET_VALUES = re.compile(r"(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|Bearer\s+\S+|sk-[A-Za-z0-9_-]{8,})")
REDACTED = "[redacted]"


def redact(value: Any) -> Any:
    if isinstance(value, str):
        return redaction.redact(_SECRET_VALUES.sub(REDACTED, value))
    if isinstance(value, dict):
        return {k: (REDACTED if _SECRET_KEYS.search(str(k)) else redact(v)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(redact(v) for v in value)
    return value


def _redact_processor(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in list(event):
        if _SECRET_KEYS.search(key):
            event[key] = REDACTED
        else:
            event[key] = redact(event[key])
    return event


def configure(level: str = "info", *, stream: Any = None) -> None:
    numeric = logging.getLevelName(level.upper())
    numeric = numeric if isinstance(numeric, int) else logging.INFO
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[
            *shared,
            structlog.processors.format_exc_info,
            _redact_processor,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(file=stream or sys.stdout),
        cache_logger_on_first_use=True,
    )
    # Route the standard library's logging (Bolt, slack_sdk, aiohttp) through the same renderer.
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                _redact_processor,
                structlog.processors.JSONRenderer(),
            ],
            foreign_pre_chain=[*shared, structlog.stdlib.add_logger_name],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(max(numeric, logging.INFO) if numeric < logging.INFO else numeric)
