"""
One time budget for everything a command asks of the API server.

A command is several requests in sequence (the exact read, then the list that
resolves a near name, then the read before a patch). Giving each request its
own timeout multiplies it: a server that accepts connections and never answers
kept a person waiting 81 s. So a command opens one `scope`; every request made
inside it (`Kube.call`) gets at most what is left of the budget, and the whole
command ends with `errors.Deadline` when the budget is spent.

The deadline lives in a context variable, so it follows the awaiting task and
nested scopes can only shorten it, never extend it.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["DEFAULT_DEADLINE", "Deadline", "current", "scope"]

DEFAULT_DEADLINE = 10.0  # seconds for one command, all of its requests included


@dataclass(frozen=True, slots=True)
class Deadline:
    """An instant on the event loop's clock (`at`), and the budget it was set from (`seconds`)."""

    at: float
    seconds: float

    def left(self) -> float:
        """Seconds until the deadline; zero or less once it has passed."""
        return self.at - asyncio.get_running_loop().time()


_current: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("klepaas_cluster_deadline", default=None)


def current() -> Deadline | None:
    """The deadline of the command being run in this task, if any."""
    return _current.get()


@contextlib.contextmanager
def scope(seconds: float) -> Iterator[Deadline]:
    """Run the enclosed requests within `seconds` from now, or sooner if an outer scope ends first."""
    wanted = Deadline(at=asyncio.get_running_loop().time() + seconds, seconds=seconds)
    outer = _current.get()
    deadline = outer if outer is not None and outer.at <= wanted.at else wanted
    token = _current.set(deadline)
    try:
        yield deadline
    finally:
        _current.reset(token)
