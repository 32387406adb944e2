"""The work after an ack lets the requests still waiting for theirs go first, for a bounded while."""

from __future__ import annotations

import asyncio

from bot.infra.acks import PendingAcks
from bot.infra.tasks import BackgroundTasks


async def test_with_no_request_waiting_the_work_goes_at_once() -> None:
    acks = PendingAcks(patience=5.0)
    async with asyncio.timeout(0.1):
        await acks.turn()


async def test_the_work_waits_until_the_last_waiting_request_is_answered() -> None:
    acks = PendingAcks(patience=5.0)
    order: list[str] = []

    async def work() -> None:
        await acks.turn()
        order.append("work")

    with acks.pending():
        with acks.pending():
            waiting = asyncio.create_task(work())
            await asyncio.sleep(0.05)
            order.append("first answered")
        await asyncio.sleep(0.05)
        order.append("second answered")
    await waiting
    assert order == ["first answered", "second answered", "work"]
    assert acks.waiting == 0


async def test_a_steady_stream_of_requests_delays_the_work_by_the_patience_only() -> None:
    acks = PendingAcks(patience=0.2)
    loop = asyncio.get_running_loop()
    waited: list[float] = []

    async def work() -> None:
        started = loop.time()
        await acks.turn()
        waited.append(loop.time() - started)

    waiting = asyncio.create_task(work())  # made outside the request: not its work; it runs at the sleep
    with acks.pending():  # another request, not answered while the work waits
        await asyncio.wait_for(asyncio.shield(waiting), timeout=2.0)
    assert 0.15 <= waited[0] < 1.0


async def test_the_task_answering_a_request_never_waits_for_its_own_answer() -> None:
    acks = PendingAcks(patience=0.0)
    with acks.pending():
        async with asyncio.timeout(1.0):
            await acks.turn()


async def test_the_work_waits_for_its_own_request_even_past_the_patience() -> None:
    acks = PendingAcks(patience=0.0)
    order: list[str] = []

    async def work() -> None:
        await acks.turn()
        order.append("work")

    with acks.pending():  # the request whose listener the work is (the task below copies the context)
        waiting = asyncio.create_task(work())
        await asyncio.sleep(0.1)
        order.append("answered")
    await waiting
    assert order == ["answered", "work"]


async def test_another_requests_work_does_not_wait_for_this_ones_answer_past_the_patience() -> None:
    acks = PendingAcks(patience=0.0)
    done = asyncio.Event()

    async def work() -> None:
        await acks.turn()
        done.set()

    waiting = asyncio.create_task(work())  # made outside the request: not its work
    with acks.pending():
        async with asyncio.timeout(1.0):
            await done.wait()
    await waiting


async def test_an_owned_listener_acks_first_and_runs_once_its_request_is_answered() -> None:
    tasks = BackgroundTasks()
    events: list[str] = []

    async def ack() -> None:
        events.append("ack")

    async def listener() -> None:
        async with tasks.owned(ack, name="test.listener"):
            events.append("work")

    with tasks.acks.pending():  # the request this listener answers, as the gate counts it
        running = asyncio.ensure_future(listener())
        await asyncio.sleep(0.05)
        events.append("answered")
    await running
    assert events == ["ack", "answered", "work"]
    assert await tasks.join(timeout=1.0)


class LoopTurns:
    """Counts the event loop's turns: a callback that schedules itself again for the next one."""

    def __init__(self) -> None:
        self.count = 0
        self._handle = asyncio.get_running_loop().call_soon(self._tick)

    def _tick(self) -> None:
        self.count += 1
        self._handle = asyncio.get_running_loop().call_soon(self._tick)

    def stop(self) -> None:
        self._handle.cancel()


async def test_parked_work_goes_one_per_loop_turn_once_the_last_request_is_answered() -> None:
    acks = PendingAcks(patience=5.0)
    resumed: list[tuple[str, int]] = []
    turns = LoopTurns()

    async def work(name: str) -> None:
        await acks.turn()
        resumed.append((name, turns.count))

    works = [asyncio.create_task(work(f"w{i}")) for i in range(5)]  # not this request's work: they run below
    with acks.pending():  # a request still waiting: all five park
        await asyncio.sleep(0.05)
        assert resumed == []
    async with asyncio.timeout(1.0):
        await asyncio.gather(*works)
    turns.stop()
    assert [name for name, _ in resumed] == ["w0", "w1", "w2", "w3", "w4"]  # in the order they parked
    at = [turn for _, turn in resumed]
    assert all(later > earlier for earlier, later in zip(at, at[1:])), at  # never two in one turn


async def test_work_whose_patience_is_over_goes_while_requests_wait_still_one_per_turn() -> None:
    acks = PendingAcks(patience=0.05)
    loop = asyncio.get_running_loop()
    resumed: list[tuple[float, int]] = []
    turns = LoopTurns()

    async def work() -> None:
        await acks.turn()
        resumed.append((loop.time(), turns.count))

    works = [asyncio.create_task(work()) for _ in range(5)]  # not this request's work; they park together
    with acks.pending():  # never answered while the works wait
        started = loop.time()
        async with asyncio.timeout(1.0):
            await asyncio.gather(*works)
    turns.stop()
    assert all(at - started >= 0.05 for at, _ in resumed)
    at = [turn for _, turn in resumed]
    assert len(set(at)) == 5, at  # their patience ended together; they went on in five turns, not one


async def test_a_new_request_stops_the_release_until_it_is_answered() -> None:
    acks = PendingAcks(patience=5.0)
    resumed: list[str] = []

    async def work(name: str) -> None:
        await acks.turn()
        resumed.append(name)

    works = [asyncio.create_task(work(f"w{i}")) for i in range(5)]
    with acks.pending():
        await asyncio.sleep(0.01)
    await asyncio.sleep(0)  # the release has begun: one goes on this turn
    with acks.pending():  # a request arrives: at most the one already let go goes on, the rest stay parked
        await asyncio.sleep(0.05)
        assert 1 <= len(resumed) <= 2, resumed
    async with asyncio.timeout(1.0):
        await asyncio.gather(*works)
    assert resumed == ["w0", "w1", "w2", "w3", "w4"]


async def test_a_parked_work_cancelled_is_passed_over() -> None:
    acks = PendingAcks(patience=5.0)
    resumed: list[str] = []

    async def work(name: str) -> None:
        await acks.turn()
        resumed.append(name)

    first, second = asyncio.create_task(work("first")), asyncio.create_task(work("second"))
    with acks.pending():
        await asyncio.sleep(0.01)
        first.cancel()
    async with asyncio.timeout(1.0):
        await second
    assert resumed == ["second"] and first.cancelled()
