"""Leader election on the database lease: one leader at a time, takeover after expiry, at once after a release."""

from __future__ import annotations

import asyncio

from prometheus_client import CollectorRegistry

from bot.app.leader import DatabaseLease, LeaderElection
from bot.infra.metrics import Metrics
from bot.storage import Database


def _elector(db: Database, holder: str, duration: float = 0.5) -> LeaderElection:
    return LeaderElection(
        DatabaseLease(db), holder=holder, duration=duration, metrics=Metrics.create(CollectorRegistry())
    )


async def test_one_leader_at_a_time_and_the_other_takes_over_once_the_lease_ran_out(tmp_path):
    db = Database.connect(f"sqlite+aiosqlite:///{tmp_path / 'l.db'}")
    await db.upgrade()
    a, b = _elector(db, "a"), _elector(db, "b")
    assert await a.step() and not await b.step()
    assert await a.step() and not await b.step()  # a renews; b still waits
    # a is killed: it renews no more. b becomes leader once a's lease ran out, not before.
    await asyncio.sleep(0.2)
    assert not await b.step()
    await asyncio.sleep(0.4)
    assert await b.step()
    assert not await a.step()  # the old leader, back, is not leader any more
    assert b._metrics.registry.get_sample_value("klepaas_leader") == 1
    await db.close()


async def test_a_leader_that_stops_releases_the_lease_for_the_other_at_once(tmp_path):
    db = Database.connect(f"sqlite+aiosqlite:///{tmp_path / 'l.db'}")
    await db.upgrade()
    a, b = _elector(db, "a", duration=30), _elector(db, "b", duration=30)
    running = asyncio.create_task(a.run())
    await asyncio.sleep(0.05)
    assert a.is_leader and not await b.step()
    running.cancel()  # SIGTERM
    await asyncio.gather(running, return_exceptions=True)
    assert not a.is_leader and await b.step()
    await db.close()


async def test_a_leader_that_cannot_renew_stops_being_leader_before_its_lease_could_be_taken(tmp_path):
    db = Database.connect(f"sqlite+aiosqlite:///{tmp_path / 'l.db'}")
    await db.upgrade()
    a = _elector(db, "a", duration=0.3)
    assert await a.step()
    await db.close()  # the database goes away
    await asyncio.sleep(0.35)
    assert not a.is_leader
