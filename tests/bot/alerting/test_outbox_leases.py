"""The outbox's fence is in the database: a row is claimed with a lease and settled only by its holder."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import select

from bot.alerting.outbox import OutboxWorker
from bot.alerting.outbox_rows import Busy, LeaseLost, OutboxKind, OutboxRows, QueuedCall, enqueue
from bot.infra.metrics import Metrics
from bot.storage import Database
from bot.storage.alerting_models import OutboxEntry
from tests.support.services import postgres_server

LEASE = dt.timedelta(seconds=30)
T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def postgres_url():
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request, tmp_path) -> Database:
    url = (
        f"sqlite+aiosqlite:///{tmp_path / 'o.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    database = Database.connect(url)
    await database.upgrade()
    async with database.session() as session:  # NB: the PostgreSQL server is shared by this module's tests
        await session.execute(OutboxEntry.__table__.delete())
    yield database
    await database.close()


async def _queue(db: Database, n: int, channel: str = "C1") -> None:
    async with db.session() as session:
        for i in range(n):
            enqueue(session, kind=OutboxKind.POST_PARENT, channel=channel, thread_id=f"t{i}", text=f"m{i}", blocks=[])


async def _states(db: Database) -> list[tuple[str, str | None]]:
    async with db.session() as session:
        rows = (await session.execute(select(OutboxEntry).order_by(OutboxEntry.id))).scalars()
        return [(r.state, r.lease_owner) for r in rows]


async def test_the_head_row_is_claimed_once_and_nothing_behind_it_is_sent_meanwhile(db):
    await _queue(db, 2)
    rows = OutboxRows(db)
    first = await rows.claim_next("C1", owner="a", lease=LEASE, now=T0)
    assert isinstance(first, QueuedCall) and first.text == "m0"
    assert isinstance(await rows.claim_next("C1", owner="b", lease=LEASE, now=T0), Busy)  # not m1: order holds
    await rows.mark_sent(first, ts="1.0")
    second = await rows.claim_next("C1", owner="b", lease=LEASE, now=T0)
    assert isinstance(second, QueuedCall) and second.text == "m1" and second.owner == "b"
    assert await _states(db) == [("sent", None), ("sending", "b")]


async def test_many_claims_at_once_make_exactly_one_holder(db):
    await _queue(db, 1)
    rows = OutboxRows(db)
    found = await asyncio.gather(*(rows.claim_next("C1", owner=f"w{i}", lease=LEASE, now=T0) for i in range(10)))
    winners = [f for f in found if isinstance(f, QueuedCall)]
    assert len(winners) == 1 and all(isinstance(f, Busy) for f in found if f not in winners)


async def test_a_holder_whose_lease_ran_out_cannot_settle_the_row(db):
    await _queue(db, 1)
    rows = OutboxRows(db)
    slow = await rows.claim_next("C1", owner="slow", lease=LEASE, now=T0)
    later = T0 + LEASE + dt.timedelta(seconds=1)
    taken = await rows.claim_next("C1", owner="fast", lease=LEASE, now=later)
    assert isinstance(taken, QueuedCall) and taken.reclaimed
    with pytest.raises(LeaseLost):
        await rows.mark_sent(slow, ts="1.0")
    with pytest.raises(LeaseLost):
        await rows.postpone(slow, until=later, error="ratelimited", count_attempt=False)
    await rows.mark_sent(taken, ts="2.0")
    async with db.session() as session:
        row = (await session.execute(select(OutboxEntry))).scalar_one()
    assert (row.state, row.sent_ts) == ("sent", "2.0")


class _SlowSlack:
    """A Slack client whose chat.postMessage outlasts the worker's lease."""

    def __init__(self, rows: OutboxRows) -> None:
        self.rows = rows
        self.posted: list[str] = []

    async def chat_postMessage(self, **kwargs):
        # While this send hangs, the lease runs out and another worker claims the row.
        await self.rows.claim_next(
            kwargs["channel"], owner="other", lease=LEASE, now=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
        )
        self.posted.append(kwargs["text"])
        return {"ts": "9.9"}


async def test_a_lost_lease_is_logged_as_an_error_and_counted(db, capsys):
    await _queue(db, 1)
    rows = OutboxRows(db)
    metrics = Metrics.create(CollectorRegistry())
    worker = OutboxWorker(
        rows=rows, slack=_SlowSlack(rows), metrics=metrics, poll_interval=0.05, lease=dt.timedelta(seconds=1)
    )
    worker.start()
    for _ in range(100):
        if metrics.registry.get_sample_value("klepaas_leases_lost_total", {"kind": "outbox"}):
            break
        await asyncio.sleep(0.02)
    await worker.close()
    assert metrics.registry.get_sample_value("klepaas_leases_lost_total", {"kind": "outbox"}) == 1
    logged = [line for line in capsys.readouterr().out.splitlines() if "outbox.lease_lost" in line]
    assert len(logged) == 1 and "error" in logged[0]
    assert await _states(db) == [("sending", "other")]  # the row stays with its new holder, not marked sent
