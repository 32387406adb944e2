"""
The work the app owns: everything that runs after Slack's ack, and background loops.

Nothing here is fire-and-forget. Every task is referenced until it ends, its
error is logged, at most `limit` of them do their work at once (the others
wait for a slot, after their ack was sent), and on SIGTERM `drain(grace)` lets
them finish within the Pod's grace period before the database closes under
them. Tests wait on `join()`, not on Bolt's internals.

Three ways in:

- `async with tasks.owned(ack, name=...)`: a Bolt listener. Bolt runs the
  listener in a future of its own; `owned` adopts that future (before acking,
  so there is no moment when nothing owns the work), acks, lets the requests
  still waiting for their ack go first (bot/infra/acks.py), then waits for a
  slot. The future stays owned until it ends, and nothing it raises leaves the
  listener (Bolt would turn the sent ack back into a timeout).
- `tasks.spawn(coro, name=...)`: a new task, e.g. a rollout watch.
  `resumable=True` marks work another replica (or the next start) picks up from
  the database: drain cancels it at once instead of waiting for it.
- `await tasks.run(coro, name=...)`: run `coro` as an owned task and wait for
  its result; the caller's cancellation does not cancel it.
- `tasks.spawn(coro, name=..., daemon=True)`: a loop that runs as long as the
  app (leader election, the watch-resume sweep). It takes no slot, `join()`
  does not wait for it, and drain cancels it at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import structlog

from bot.infra.acks import PendingAcks

log = structlog.get_logger(__name__)

T = TypeVar("T")

DEFAULT_LIMIT = 100  # post-ack works running at once; the rest wait for a slot
DEFAULT_GRACE = 20.0  # seconds; the chart's terminationGracePeriodSeconds is 30


class BackgroundTasks:
    """The app's task set: a bounded pool for post-ack work and background loops."""

    def __init__(self, *, limit: int = DEFAULT_LIMIT, acks: PendingAcks | None = None) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._resumable: set[asyncio.Task[Any]] = set()
        self._awaited: set[asyncio.Task[Any]] = set()  # their caller sees the error; not logged twice
        self._daemons: set[asyncio.Task[Any]] = set()
        self._slots = asyncio.Semaphore(limit)
        self._idle = asyncio.Event()
        self._idle.set()
        self.stopping = False
        self.limit = limit
        self.acks = acks or PendingAcks()  # the HTTP edge counts unanswered requests; post-ack work lets them go first

    # --- ways in -------------------------------------------------------------------------

    def spawn(
        self, coro: Coroutine[Any, Any, T], *, name: str, resumable: bool = False, daemon: bool = False
    ) -> asyncio.Task[T]:
        task = asyncio.get_running_loop().create_task(coro if daemon else self._in_slot(coro), name=name)
        if daemon:
            self._daemons.add(task)
            task.add_done_callback(self._daemon_done)
            task.add_done_callback(lambda _: coro.close())
            if self.stopping:
                task.cancel()
            return task
        self._own(task)
        task.add_done_callback(lambda _: coro.close())  # NB: a task cancelled before it ran never started `coro`
        if resumable:
            self._resumable.add(task)
            if self.stopping:
                task.cancel()
        return task

    async def run(self, coro: Coroutine[Any, Any, T], *, name: str) -> T:
        task = self.spawn(coro, name=name)
        self._awaited.add(task)
        return await asyncio.shield(task)

    @contextlib.asynccontextmanager
    async def owned(
        self,
        ack: Callable[[], Awaitable[Any]],
        *,
        name: str,
        on_error: Callable[[Exception, str], Awaitable[None]] | None = None,
    ) -> AsyncIterator[None]:
        """Adopt the current task, ack, then hold one slot while the body runs.

        This is the listener's error boundary: what the body raises is logged with an error id
        and goes no further (see the NB below); `on_error(error, error_id)` may tell the person.
        """
        task = asyncio.current_task()
        if task is not None and task not in self._tasks:
            task.set_name(name)
            self._own(task)
            self._awaited.add(task)  # the boundary below logs what it raises
        self.acks.acked(await ack())  # the edge answers Slack now (bot/infra/acks.py)
        await self.acks.turn()
        async with self._slots:
            try:
                yield
            except Exception as exc:
                # NB: nothing may leave a Bolt listener after ack(). Bolt 1.30 runs the listener in a
                # future and, when it raises, sets ack.response back to None; when that happens before
                # Bolt's 10 ms poll saw the ack (a reply that fails at once), Slack gets a 404 after 3 s
                # although we acked (asyncio_runner.py, "didn't call ack()" in the log).
                error_id = secrets.token_hex(4)
                log.error("listener.failed", task=name, error_id=error_id, exc_info=exc)
                if on_error is not None:
                    await on_error(exc, error_id)  # NB: handles its own failures (bot/slack/apology.py)

    # --- waiting and stopping ------------------------------------------------------------

    async def join(self, timeout: float | None = None) -> bool:
        """Wait until no owned task is left (tests); False when `timeout` passed first."""
        try:
            async with asyncio.timeout(timeout):
                while self._tasks - {asyncio.current_task()}:
                    self._idle.clear()
                    await self._idle.wait()
        except TimeoutError:
            return False
        return True

    async def drain(self, grace: float = DEFAULT_GRACE) -> int:
        """Cancel resumable work, let the rest finish within `grace` seconds, cancel what is left.

        Returns how many tasks had to be cancelled after the grace period.
        """
        self.stopping = True
        started = time.monotonic()
        daemons = list(self._daemons)
        for task in [*daemons, *self._resumable]:
            task.cancel()
        await asyncio.gather(*daemons, return_exceptions=True)
        finished = await self.join(timeout=grace)
        left = [t for t in self._tasks if t is not asyncio.current_task()]
        if not finished:
            log.error(
                "tasks.drain_timed_out", left=len(left), names=sorted({t.get_name() for t in left})[:20], grace=grace
            )
            for task in left:
                task.cancel()
            await asyncio.gather(*left, return_exceptions=True)
        log.info("tasks.drained", seconds=round(time.monotonic() - started, 2), cancelled=0 if finished else len(left))
        return 0 if finished else len(left)

    async def close(self, grace: float = DEFAULT_GRACE) -> None:
        await self.drain(grace)

    def __len__(self) -> int:
        return len(self._tasks)

    def names(self) -> list[str]:
        """The names of the owned tasks (for logs and test messages)."""
        return sorted(t.get_name() for t in self._tasks)

    # --- bookkeeping ---------------------------------------------------------------------

    async def _in_slot(self, coro: Coroutine[Any, Any, T]) -> T:
        async with self._slots:
            return await coro

    def _own(self, task: asyncio.Task[Any]) -> None:
        self._tasks.add(task)
        self._idle.clear()
        task.add_done_callback(self._finished)

    def _daemon_done(self, task: asyncio.Task[Any]) -> None:
        self._daemons.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            log.error("task.failed", task=task.get_name(), exc_info=error)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        self._resumable.discard(task)
        awaited = task in self._awaited
        self._awaited.discard(task)
        self._idle.set()  # join() looks again (the task calling it may be the only one left)
        if awaited or task.cancelled():
            return
        if (error := task.exception()) is not None:
            log.error("task.failed", task=task.get_name(), exc_info=error)
