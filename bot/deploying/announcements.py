"""
Deploys made outside the bot (kubectl, Argo CD, Flux, Helm), announced in Slack.

Opt-in per namespace (KLEPAAS_WATCH_NAMESPACES, or `watch:` in the deploy
rules). Only the elected leader watches (bot/app/leader.py, handed in as
`leading`); a replica that is not the leader does not even list. A revision is
announced by the replica whose row in deploy_announcements (unique namespace,
app, revision) is inserted first, so even two watchers (a leadership handed
over mid-poll) announce it once.
Revisions written by the bot itself (field manager `klepaas`) are not
announced again. The message follows the rollout like a CI deploy's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import structlog
from slack_sdk.errors import SlackApiError
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from bot.commands.follower import Follower
from bot.commands.rollout_messages import buttons_for
from bot.deploying.runs import DeployRunner
from bot.messages.catalog import say
from bot.messages.replies import ReplyFailed
from bot.storage.deploy_models import DeployAnnouncement
from cluster import ChangeApplied, ChangePlan, RolloutProgress, errors
from intents import Intent
from templates import Message, render
from templates.actions import Button

if TYPE_CHECKING:  # NB: cluster.RevisionSeen loads the kubernetes client; a bot without a cluster never needs it
    from cluster import RevisionSeen

log = structlog.get_logger(__name__)

__all__ = ["OutsideDeploys"]


@dataclass
class OutsideDeploys:
    runner: DeployRunner
    namespaces: Sequence[str]
    replica: str
    poll: float = 5.0
    leading: Callable[[], bool] = field(default=lambda: True)
    checks: int = 0  # lists made while leading (the tests' witness that a follower does not watch, and of the baseline)

    async def run(self) -> None:
        """Watch every namespace until cancelled."""
        await asyncio.gather(*(self.watch(ns) for ns in self.namespaces))

    async def watch(self, namespace: str) -> None:
        """Every poll, while leading: list the namespace and announce what is new.

        The first list is the baseline. A replica that loses the leadership keeps what it
        last saw, so when it leads again it announces what changed meanwhile (once: the row).
        """
        cluster = self.runner.cluster
        assert cluster is not None
        watch = None
        while True:
            await asyncio.sleep(self.poll)  # NB: first, so a replica is told whether it leads before it lists
            if self.leading():
                watch = watch or cluster.revision_watch(namespace)
                try:
                    found = await watch.check()
                    self.checks += 1  # NB: once the list is in: the first one is the baseline a change must follow
                    for seen in found:
                        if not seen.by_us:
                            await self.announce(seen)
                except errors.ClusterError as exc:
                    log.warning("deploys.watch_failed", namespace=namespace, error=type(exc).__name__)

    async def announce(self, seen: RevisionSeen) -> bool:
        """Post the revision once across replicas, then follow its rollout; False when already announced."""
        channel = self.runner.rules.channel_for(seen.app, seen.namespace)
        manager = seen.manager or "an unknown field manager"
        try:
            async with self.runner.db.session() as session:
                row = DeployAnnouncement(
                    namespace=seen.namespace,
                    app=seen.app,
                    revision=seen.revision,
                    image=seen.image,
                    manager=seen.manager,
                    channel=channel,
                    by=self.replica,
                )
                session.add(row)
                await session.flush()
                row_id = row.id
        except IntegrityError:
            log.info(
                "deploys.outside_already_announced", app=seen.app, namespace=seen.namespace, revision=seen.revision
            )
            return False
        log.info(
            "deploys.outside_deploy",
            app=seen.app,
            namespace=seen.namespace,
            revision=seen.revision,
            manager=seen.manager,
            image=seen.image,
        )
        if channel is None:
            return True
        lang = self.runner.lang
        headline = say(
            "deploy.outside",
            lang,
            app=seen.app,
            namespace=seen.namespace,
            image=seen.image or "-",
            revision=seen.revision,
            manager=manager,
        )
        buttons = self._buttons(seen)
        ts = await self._post(channel, self._message(seen, headline, None, buttons))
        if ts is None:
            return True
        async with self.runner.db.session() as session:
            await session.execute(
                update(DeployAnnouncement).where(DeployAnnouncement.id == row_id).values(message_ts=ts)
            )
        self.runner.tasks.spawn(
            self._follow(seen, channel, ts, headline, buttons),
            name=f"outside-deploy:{seen.namespace}/{seen.app}:{seen.revision}",
        )
        return True

    async def _follow(self, seen: RevisionSeen, channel: str, ts: str, headline: str, buttons: list[Button]) -> None:
        cluster = self.runner.cluster
        assert cluster is not None
        timeout = float(self.runner.rollout_timeout.total_seconds())

        async def show(line: str) -> None:
            await self.runner.replier.update(channel, ts, self._message(seen, headline, line, buttons))

        async def progress(p: RolloutProgress) -> None:
            await show(f"{p.ready}/{p.desired} ready ({round(p.elapsed or 0)} s)")

        try:
            # NB: no lease: the announcement row is claimed once, by its unique key; a restart leaves the
            # message at its last progress rather than following it twice.
            last = await Follower(cluster=cluster, poll=self.runner.poll).follow(
                app=seen.app, namespace=seen.namespace, generation=seen.generation, timeout=timeout, show=progress
            )
            if last is not None:
                await show((last.cause or last.reason or last.message) if last.failed else last.message)
        except (errors.ClusterError, SlackApiError) as exc:
            log.warning("deploys.outside_follow_failed", app=seen.app, error=type(exc).__name__)

    def _buttons(self, seen: RevisionSeen) -> list[Button]:
        """Rollback (to the revision this one replaced) and Logs."""
        plan = ChangePlan(intent=Intent.ROLLBACK, app=seen.app, namespace=seen.namespace)
        applied = ChangeApplied(plan=plan, revision_before=seen.revision_before)
        return buttons_for(applied, self.runner.lang)

    def _message(self, seen: RevisionSeen, headline: str, status_line: str | None, buttons: list[Button]) -> Message:
        fallback = f"{seen.app} in {seen.namespace} rolled to {seen.image} (revision {seen.revision})"
        return render(
            "deploy_run",
            headline=headline,
            commit=None,
            commit_url=None,
            note=None,
            author=None,
            url=None,
            url_label="",
            status_line=status_line,
            details=[],
            buttons=buttons,
            fallback=fallback,
        )

    async def _post(self, channel: str, message: Message) -> str | None:
        try:
            return await self.runner.replier.post(channel, message)
        except (SlackApiError, ReplyFailed) as exc:
            log.warning("deploys.outside_post_failed", channel=channel, error=type(exc).__name__)
            return None
