"""
Acks first: the work after an ack waits for the request's own answer, and for a while for the
answers of the requests still waiting for theirs.

Slack wants its ack within 3 seconds; the answer may come later. Both run on one event loop.
Bolt sends a listener's ack when its runner next looks (every 10 ms), so a listener that went
on with its work at once held the loop while its own ack waited to be sent; and in a burst the
work after earlier acks (reading the text, replying, the audit rows) took turns with later
requests' acks and delayed them. The HTTP edge (bot/slack/gate.py) marks each request until its
answer is made; work after an ack (bot/infra/tasks.py, `owned`) starts once its own request is
answered and no other waits, or `patience` after that at most: a steady stream of requests
delays the answers by that much, and never starves them.

Parked work goes on one at a time, one per turn of the event loop, oldest first: while no request
waits, or once its patience is over; the loop reads its sockets between two, and a request that
arrives stops the release until it is answered (work whose patience is over still goes, one per
turn). Woken all at once, the fifty works parked at the start of a burst each ran their first step
(reading the text, building the reply) in one turn when their patience ended together, and the
requests arriving then waited for all fifty: the slowest 1% of acks, in `make bench`.

The edge answers as soon as the listener acks (`acked`), not when Bolt next looks for the ack:
Bolt's runner polls for it every 10 ms, which under load is a tenth of the whole ack.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections import deque
from collections.abc import Iterator

__all__ = ["PATIENCE", "PendingAcks"]

PATIENCE = 0.25  # seconds the work after an ack waits, at most, for the other requests still unanswered

# The request the current task serves: its answer made, the task answering it, and its listener's ack. A
# listener's task copies it (asyncio tasks copy the context); the answering task never waits for its own answer.
_Request = tuple[asyncio.Event, "asyncio.Task[object] | None", "asyncio.Future[object]"]
_ANSWERED: contextvars.ContextVar[_Request | None] = contextvars.ContextVar("klepaas_answered", default=None)


class PendingAcks:
    """How many requests wait for their ack, and a turn for the work after one."""

    def __init__(self, *, patience: float = PATIENCE) -> None:
        self.patience = patience
        self.waiting = 0
        # work waiting for its turn, oldest first, with the time its patience is over
        self._parked: deque[tuple[float, asyncio.Future[None]]] = deque()
        self._releasing = False  # a release is scheduled for the loop's next turn
        self._timer: asyncio.TimerHandle | None = None  # the release when the oldest's patience is over

    @contextlib.contextmanager
    def pending(self) -> Iterator[asyncio.Future[object]]:
        """Around one request, from its arrival until its answer is made; yields the future of its ack
        (`acked`), so the edge may answer as soon as the listener acks."""
        answered = asyncio.Event()
        ack: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        token = _ANSWERED.set((answered, asyncio.current_task(), ack))
        self.waiting += 1
        try:
            yield ack
        finally:
            answered.set()
            ack.cancel()  # NB: a no-op once acked; a request answered without an ack leaves nothing waiting
            _ANSWERED.reset(token)
            self.waiting -= 1
            if not self.waiting and self._parked:
                self._release_soon()

    @staticmethod
    def acked(response: object) -> None:
        """The listener of the current request acked with `response` (Bolt's ack returns it)."""
        if (request := _ANSWERED.get()) is not None and not request[2].done():
            request[2].set_result(response)

    async def turn(self) -> None:
        """Return once this task's request is answered and no other waits, or `patience` after that."""
        if (request := _ANSWERED.get()) is not None and request[1] is not asyncio.current_task():
            await request[0].wait()
        if (not self.waiting and not self._parked) or self.patience <= 0:
            return
        loop = asyncio.get_running_loop()
        parked: asyncio.Future[None] = loop.create_future()
        self._parked.append((loop.time() + self.patience, parked))
        self._release_soon()
        await parked  # NB: cancelled with its task; the release passes over it

    def _release_soon(self) -> None:
        if not self._releasing:
            self._releasing = True
            asyncio.get_running_loop().call_soon(self._release_one)

    def _release_one(self) -> None:
        """Let the oldest parked work go on if no request waits or its patience is over; the next one on
        the loop's next turn, or when its patience is over."""
        self._releasing = False
        while self._parked and self._parked[0][1].done():
            self._parked.popleft()  # its task was cancelled
        if not self._parked:
            return
        loop = asyncio.get_running_loop()
        due, parked = self._parked[0]
        if self.waiting and loop.time() < due:
            if self._timer is None or self._timer.when() > due:
                if self._timer is not None:
                    self._timer.cancel()
                self._timer = loop.call_at(due, self._on_time)
            return  # the last waiting request's answer, or the timer, starts the release again
        self._parked.popleft()
        parked.set_result(None)
        if self._parked:
            self._release_soon()

    def _on_time(self) -> None:
        self._timer = None
        self._release_soon()
