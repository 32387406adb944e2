"""
The error tree of alerts/.

    AlertsError
    ├── InvalidPayload      a webhook body that is not Alertmanager's payload v4 (answer 400)
    ├── InvalidRoutes       a routing file that does not validate; names the bad rule
    ├── UnsilenceableGroup  a group whose labels give no matcher that is safe to silence with
    └── SilenceError        Alertmanager's API answered 4xx/5xx, or could not be reached

Errors carry fields, not only prose; foreign errors (pydantic, aiohttp, yaml)
are chained as `__cause__`.
"""

from __future__ import annotations


class AlertsError(Exception):
    """Anything alerts/ reports."""


class InvalidPayload(AlertsError):
    """The webhook body is not a valid Alertmanager payload; `problems` lists what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid Alertmanager webhook payload: " + "; ".join(problems))


class InvalidRoutes(AlertsError):
    """The routing rules do not validate; `rule` is the index of the bad rule, if one is to blame."""

    def __init__(self, message: str, *, rule: int | None = None) -> None:
        self.rule = rule
        super().__init__(message)


class UnsilenceableGroup(AlertsError):
    """The group has no non-empty label to match on, so a silence would match everything."""


class SilenceError(AlertsError):
    """Alertmanager refused or failed a request; `status` is None when it could not be reached."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        self.status = status
        self.message = message
        super().__init__(f"Alertmanager answered {status}: {message}" if status else message)
