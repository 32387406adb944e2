"""The app's task set: owned, bounded, drained within a grace period."""

from __future__ import annotations

import asyncio

from bot.infra.tasks import BackgroundTasks


async def test_join_waits_for_spawned_work_and_run_returns_its_result():
    tasks = BackgroundTasks()
    done: list[int] = []

    async def work(n: int) -> int:
        await asyncio.sleep(0.01 * n)
        done.append(n)
        return n * 10

    for n in range(3):
        tasks.spawn(work(n), name=f"w{n}")
    assert await tasks.run(work(5), name="w5") == 50
    assert await tasks.join(timeout=2)
    assert sorted(done) == [0, 1, 2, 5] and len(tasks) == 0


async def test_no_more_than_limit_works_run_at_once():
    tasks = BackgroundTasks(limit=2)
    running = peak = 0

    async def work() -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.02)
        running -= 1

    for n in range(6):
        tasks.spawn(work(), name=f"w{n}")
    await tasks.join(timeout=2)
    assert peak == 2


async def test_owned_adopts_the_listener_task_before_acking():
    tasks = BackgroundTasks()
    seen: list[int] = []
    finished = asyncio.Event()

    async def ack() -> None:
        seen.append(len(tasks))  # the listener is owned already when Slack gets its answer

    async def listener() -> None:
        async with tasks.owned(ack, name="slash"):
            await asyncio.sleep(0.05)
        finished.set()

    bolt_future = asyncio.ensure_future(listener())  # what Bolt does with a listener
    await asyncio.sleep(0.01)
    assert seen == [1]
    assert await tasks.join(timeout=2)
    assert finished.is_set() and bolt_future.done()


async def test_drain_finishes_work_within_grace_and_cancels_resumable_work_at_once():
    tasks = BackgroundTasks()
    replies: list[str] = []
    watch_cancelled = asyncio.Event()

    async def reply() -> None:
        await asyncio.sleep(0.1)
        replies.append("sent")

    async def watch() -> None:
        try:
            await asyncio.sleep(60)
        finally:
            watch_cancelled.set()

    tasks.spawn(reply(), name="reply")
    tasks.spawn(watch(), name="watch", resumable=True)
    await asyncio.sleep(0.01)
    cancelled = await tasks.drain(grace=2)
    assert cancelled == 0 and replies == ["sent"] and watch_cancelled.is_set()


async def test_drain_cancels_what_outlives_the_grace_period():
    tasks = BackgroundTasks()

    async def stuck() -> None:
        await asyncio.sleep(60)

    task = tasks.spawn(stuck(), name="stuck")
    assert await tasks.drain(grace=0.05) == 1
    assert task.cancelled() and len(tasks) == 0


async def test_a_failing_spawned_task_is_logged_and_does_not_block_join(caplog):
    tasks = BackgroundTasks()

    async def boom() -> None:
        raise RuntimeError("boom")

    tasks.spawn(boom(), name="boom")
    assert await tasks.join(timeout=1)


async def test_a_daemon_loop_is_not_waited_for_and_is_cancelled_first_on_drain():
    tasks = BackgroundTasks()
    stopped = asyncio.Event()

    async def loop() -> None:
        try:
            while True:
                await asyncio.sleep(0.01)
        finally:
            stopped.set()

    tasks.spawn(loop(), name="leader", daemon=True)
    await asyncio.sleep(0.02)
    assert await tasks.join(timeout=0.1) and len(tasks) == 0
    assert await tasks.drain(grace=1) == 0 and stopped.is_set()
