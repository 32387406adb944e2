"""Each intent handler is built from what it uses, and only that: here, without a cluster."""

from __future__ import annotations

import datetime as dt

from slack_sdk.web.async_client import AsyncWebClient

from bot.commands.changes import ChangeRequests
from bot.commands.pending import PendingChanges
from bot.commands.queries import Queries
from bot.deploying.history import History
from bot.infra.cache import MemoryCache
from bot.messages.invocation import Invocation
from bot.messages.replies import Replier
from bot.policy.access import Access
from bot.policy.groups import GroupDirectory
from bot.policy.rules import Policy
from bot.storage import Database
from bot.storage.outcome import Outcome
from intents import Command, Intent

WHO = Invocation(
    source="slash", text="status web", user_id="U0ALICE01", channel_id="C0OPS0001", team_id="T0ACME001", lang="ko"
)


async def test_without_a_cluster_every_cluster_handler_says_so_and_records_unavailable(tmp_path) -> None:
    db = Database.connect(f"sqlite+aiosqlite:///{tmp_path}/k.db")
    replier = Replier(AsyncWebClient(token="xoxb-never-used", base_url="http://127.0.0.1:9/api/"))
    access = Access(policy=Policy.read_only(), directory=GroupDirectory(slack=replier.slack, cache=MemoryCache()))
    handlers = [
        Queries(cluster=None, access=access, replier=replier),
        ChangeRequests(
            cluster=None, access=access, pending=PendingChanges(db, ttl=dt.timedelta(minutes=5)), replier=replier
        ),
        History(cluster=None, access=access, db=db),
    ]
    try:
        answers = [await handler(WHO, Command(intent=Intent.STATUS, app="web")) for handler in handlers]
    finally:
        await db.close()

    assert [a.outcome for a in answers] == [Outcome.UNAVAILABLE] * 3
    assert all("클러스터" in a.message.text for a in answers), [a.message.text for a in answers]
