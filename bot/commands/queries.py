"""
The read-only intents: status, logs, endpoint, overview and the list_* kinds.

Each one checks the policy's namespaces (the bot reads only where it may
work), asks the cluster, renders the result and replies to whoever asked:
slash commands through response_url, mentions in their thread. Logs too long
for one message are posted in the channel as a short preview, with the full
text (secrets redacted) uploaded as a snippet in its thread; when Slack refuses
the upload (no `files:write` scope, say), the text goes there as messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import structlog

from bot.commands.admission import admit
from bot.commands.answer import Answer
from bot.commands.cluster_errors import explain
from bot.messages.catalog import say
from bot.messages.invocation import Invocation
from bot.messages.replies import Replier
from bot.messages.uploads import Uploader, UploadFailed
from bot.policy.access import Access
from bot.storage.outcome import Outcome
from cluster import DeploymentStatus, Endpoint, Listing, LogsResult, Overview, errors
from intents import Command
from intents.language import Language
from templates import Message, render
from templates.redaction import redact

if TYPE_CHECKING:  # NB: cluster.Cluster loads the kubernetes client; a bot without a cluster never needs it
    from cluster import Cluster

log = structlog.get_logger(__name__)

__all__ = ["LOG_PART_CHARS", "LOG_PARTS", "PAGE_CHARS", "PAGE_ROWS", "Queries", "page"]

PAGE_ROWS = 20  # rows of a list_* page ("20 of 57 shown")
PAGE_CHARS = 2700  # the rows' characters that fit one section with its code fences
LOG_PART_CHARS = 2800  # characters of log text per thread message
LOG_PARTS = 3  # thread messages at most for the full text of a trimmed log (when the upload is refused)
PREVIEW_CHARS = 900  # the tail shown in the message when the full text is attached as a file


@dataclass(frozen=True)
class Queries:
    """The IntentHandler of every read-only cluster intent."""

    cluster: Cluster | None
    access: Access  # the policy applied to a person (groups, channel, Kubernetes identity)
    replier: Replier
    uploader: Uploader | None = None  # None: long logs go to the thread as messages

    async def __call__(self, who: Invocation, command: Command) -> Answer:
        admitted = await admit(who, command, cluster=self.cluster, access=self.access)
        if isinstance(admitted, Answer):
            return admitted
        namespace, target = admitted.namespace, admitted.target
        try:
            result = await admitted.cluster.query(command)
        except errors.ClusterError as exc:
            log.info("query.failed", intent=command.intent.value, error=type(exc).__name__)
            return Answer(explain(exc, command, namespace=namespace or "-", lang=who.lang), Outcome.FAILED, target)
        match result:
            case LogsResult() if result.truncated:
                await self._post_long_logs(who, result)
                return Answer(logs_message(result, who.lang), Outcome.OK, target, replied=True)
            case LogsResult():
                return Answer(logs_message(result, who.lang), Outcome.OK, target)
            case DeploymentStatus():
                return Answer(status_message(result, who.lang), Outcome.OK, target)
            case Endpoint():
                return Answer(endpoint_message(result, who.lang), Outcome.OK, target)
            case Overview():
                return Answer(overview_message(result, who.lang), Outcome.OK, target)
            case Listing():
                if result.kind == "namespaces":
                    visible = set(self.access.policy.visible([row[0] for row in result.rows]))
                    result = Listing(
                        result.kind,
                        result.namespace,
                        result.columns,
                        tuple(row for row in result.rows if row[0] in visible),
                    )
                return Answer(listing_message(result, who.lang), Outcome.OK, target)
        raise TypeError(f"no message for {type(result).__name__}")

    async def _post_long_logs(self, who: Invocation, r: LogsResult) -> None:
        """A preview in the channel (in the clicked alert's thread), and the full text as a snippet in its thread."""
        if who.channel_id is None:
            await self.replier.reply(who, logs_message(r, who.lang))
            return
        # NB: a Logs button on an alert's parent answers in that alert's thread.
        thread = who.thread_ts or (who.message_ts if who.source == "button" else None)
        name = log_file_name(r) if self.uploader is not None else None
        ts = await self.replier.post(who.channel_id, logs_message(r, who.lang, attached=name), thread_ts=thread)
        if self.uploader is not None and name is not None:
            try:
                await self.uploader.upload(
                    channel=who.channel_id,
                    thread_ts=thread or ts,
                    content=redact(r.full_text),
                    filename=name,
                    title=say("logs.file_title", who.lang, namespace=r.namespace, app=r.app, pod=r.pod),
                    kind="logs",
                    snippet_type="text",
                )
                return
            except UploadFailed as exc:
                log.warning("logs.upload_refused", error=exc.error, note="posting the text as thread messages")
        chunks, cut = log_parts(redact(r.full_text))
        for number, chunk in enumerate(chunks, start=1):
            title = say("logs.part", who.lang, pod=r.pod, part=number, parts=len(chunks))
            notes = (
                [say("logs.part_cut", who.lang, pod=r.pod, namespace=r.namespace, shown=sum(map(len, chunks)))]
                if cut and number == 1
                else []
            )
            message = render(
                "logs", title=title, body=chunk, notes=notes, fallback=f"Logs of {r.pod} ({number}/{len(chunks)})"
            )
            await self.replier.post(who.channel_id, message, thread_ts=thread or ts)


def status_message(s: DeploymentStatus, lang: Language) -> Message:
    title = say("status.title", lang, namespace=s.namespace, app=s.name, ready=s.ready, desired=s.desired)
    fallback = f"{s.namespace}/{s.name}: {s.ready}/{s.desired} ready, {s.rollout.message}"
    return render("status", title=title, s=s, fallback=fallback)


def logs_message(r: LogsResult, lang: Language, *, attached: str | None = None) -> Message:
    """The logs as one message; with `attached` (a file name), a short preview of a file in the thread."""
    title = say("logs.title", lang, namespace=r.namespace, app=r.app, pod=r.pod, container=r.container)
    notes = []
    if r.previous:
        notes.append(say("logs.previous", lang))
    text = redact(r.text)
    if attached is not None:
        text = _tail(redact(r.full_text), PREVIEW_CHARS)
        notes.append(say("logs.attached", lang, shown=len(text), total=len(r.full_text), file=attached))
    elif r.truncated:
        notes.append(say("logs.trimmed", lang, shown=len(r.text), total=len(r.full_text)))
    body = text or say("logs.empty", lang)
    return render("logs", title=title, body=body, notes=notes, fallback=f"Logs of {r.namespace}/{r.app} ({r.pod})")


def log_parts(text: str, *, size: int = LOG_PART_CHARS, parts: int = LOG_PARTS) -> tuple[list[str], bool]:
    """The text in chunks of at most `size` characters, cut at line ends.

    Returns the last `parts` of them, and whether any were dropped.
    """
    chunks: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > size:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:size])
            line = line[size:]
        if len(current) + len(line) > size:
            chunks.append(current)
            current = ""
        current += line
    if current:
        chunks.append(current)
    return chunks[-parts:], len(chunks) > parts


def _tail(text: str, size: int) -> str:
    """The last whole lines of `text` within `size` characters (the last `size` if one line is longer)."""
    if len(text) <= size:
        return text
    cut = text[-size:]
    newline = cut.find("\n")
    return cut[newline + 1 :] if 0 <= newline < len(cut) - 1 else cut


def log_file_name(r: LogsResult) -> str:
    return f"{r.pod}{'-previous' if r.previous else ''}.log"


def endpoint_message(e: Endpoint, lang: Language) -> Message:
    title = say("endpoint.title", lang, namespace=e.namespace, app=e.app)
    fallback = f"{e.namespace}/{e.app}: " + (
        ", ".join(e.urls) or ", ".join(s.name for s in e.services) or "not exposed"
    )
    return render(
        "endpoint",
        title=title,
        e=e,
        empty=say("endpoint.none", lang, namespace=e.namespace, app=e.app),
        fallback=fallback[:3000],
    )


def overview_message(o: Overview, lang: Language) -> Message:
    more = say("list.paged", lang, shown=40, total=len(o.deployments), kind="deployments")
    fallback = f"{o.namespace}: {len(o.deployments)} deployments, {len(o.unready_pods)} pods not ready"
    return render(
        "overview",
        title=say("overview.title", lang, namespace=o.namespace),
        o=o,
        healthy_text=say("overview.healthy", lang),
        unready_label=say("overview.unready", lang),
        warnings_label=say("overview.warnings", lang),
        more=more,
        fallback=fallback,
    )


def page(
    rows: tuple[tuple[str, ...], ...], *, limit: int = PAGE_ROWS, chars: int = PAGE_CHARS
) -> list[tuple[str, ...]]:
    """The first rows that fit one section: at most `limit` rows and `chars` characters."""
    shown: list[tuple[str, ...]] = []
    used = 0
    for row in rows[:limit]:
        width = sum(min(len(cell), 60) + 2 for cell in row) * 2  # NB: escaping can double a cell's length
        if shown and used + width > chars:
            break
        shown.append(row)
        used += width
    return shown


def listing_message(listing: Listing, lang: Language) -> Message:
    where = listing.namespace or say("list.cluster", lang)
    rows = page(listing.rows)
    paged = (
        say("list.paged", lang, shown=len(rows), total=listing.total, kind=listing.kind)
        if len(rows) < listing.total
        else None
    )
    return render(
        "listing",
        title=say("list.title", lang, kind=listing.kind, where=where),
        columns=listing.columns,
        rows=rows,
        paged=paged,
        empty=say("list.empty", lang, kind=listing.kind, where=where),
        fallback=f"{listing.kind} in {where}: {len(rows)} of {listing.total}",
    )
