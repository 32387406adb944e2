"""
The error tree of deploys/.

    DeploysError
    ├── InvalidRules     a deploy rules file that does not validate; one sentence naming the bad rule
    └── InvalidPayload   a webhook body that is not the event it claims to be (answer 400)

Errors carry fields, not only prose; foreign errors (pydantic, yaml) are chained as `__cause__`.
"""

from __future__ import annotations

__all__ = ["DeploysError", "InvalidPayload", "InvalidRules"]


class DeploysError(Exception):
    """Anything deploys/ reports."""


class InvalidRules(DeploysError):
    """The deploy rules do not validate; `rule` is the index of the bad rule, if one is to blame."""

    def __init__(self, message: str, *, rule: int | None = None) -> None:
        self.rule = rule
        self.message = message
        super().__init__(message)


class InvalidPayload(DeploysError):
    """The body is not valid JSON of the expected shape; `problems` lists what is wrong."""

    def __init__(self, what: str, problems: list[str]) -> None:
        self.what = what
        self.problems = problems
        super().__init__(f"invalid {what}: " + "; ".join(problems))
