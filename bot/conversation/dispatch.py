"""
From an Invocation to an answer: parse the text, fill gaps from the thread or
ask for them, run the intent, reply, record.

Intent handlers are small callables registered per intent; help and unknown
are built in, the cluster intents plug in from bot/cluster_commands.py.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import structlog

from bot.commands import namespaces
from bot.commands.answer import Answer, ContextSource, IntentHandler, no_context
from bot.conversation.clarify import Ask, complete
from bot.conversation.memory import Conversations, Memory
from bot.conversation.throttle import Throttle, Throttled
from bot.conversation.unknown import unknown_reply
from bot.infra.cache import Cache
from bot.infra.metrics import Metrics
from bot.messages import builders as messages
from bot.messages.catalog import say
from bot.messages.invocation import Invocation
from bot.messages.replies import Replier
from bot.policy.rules import Policy
from bot.storage.audit import Recorder
from bot.storage.outcome import Outcome
from intents import Command, Context, Intent, Parsed, ProviderChain
from intents.command import MAX_REPLICAS
from intents.gate import Block

if TYPE_CHECKING:  # NB: cluster.Cluster loads the kubernetes client; a bot without a cluster never needs it
    from cluster import Cluster

log = structlog.get_logger(__name__)


async def _help(who: Invocation, command: Command) -> Answer:
    return Answer(messages.help_message(who.lang), Outcome.OK)


async def _unknown(who: Invocation, command: Command) -> Answer:
    return Answer(messages.unknown_message(who.lang), Outcome.UNKNOWN)


async def _not_ready(who: Invocation, command: Command) -> Answer:
    return Answer(messages.notice(say("error.not_ready", who.lang, intent=command.intent.value)), Outcome.UNAVAILABLE)


# Changes the parser refused for a reason the person can act on: say it, never guess.
_SAID_WHY = frozenset({Block.SCOPE, Block.SHELL, Block.VALUE})

_BUILTIN: dict[Intent, IntentHandler] = {Intent.HELP: _help, Intent.UNKNOWN: _unknown}


@dataclass(frozen=True)
class Dispatcher:
    intents: ProviderChain
    replier: Replier
    recorder: Recorder
    metrics: Metrics
    policy: Policy
    cache: Cache  # thread memory, and the cluster's namespace list
    cluster: Cluster | None = None
    handlers: Mapping[Intent, IntentHandler] = field(default_factory=dict)
    context: ContextSource = no_context
    throttle: Throttle | None = None  # rate limits per person and channel (bot/conversation/throttle.py)

    @property
    def conversations(self) -> Conversations:
        return Conversations(self.cache)

    def handler_for(self, intent: Intent) -> IntentHandler:
        return self.handlers.get(intent) or _BUILTIN.get(intent) or _not_ready

    def _deadline(self) -> AbstractContextManager[object]:
        """One time budget for all a command asks of Kubernetes: the parser's context, then the plan or query.

        NB: each cluster call alone has the same budget; in sequence (app list, then the read) a hanging
        API server kept a person waiting for each of them in turn.
        """
        return self.cluster.deadline() if self.cluster is not None else nullcontext()

    async def handle(self, who: Invocation) -> Answer:
        """Run what `who` typed and answer them; the caller has already acked."""
        if (throttled := await self._throttled(who)) is not None:
            # Counted every time; said and audited once per window (bot/conversation/throttle.py).
            message = throttled.message(who.lang)
            self.metrics.commands.labels(intent=throttled.kind, outcome=Outcome.RATE_LIMITED.value).inc()
            if throttled.tell:
                await self.recorder.audit(
                    who, action=throttled.kind, outcome=Outcome.RATE_LIMITED, detail={"scope": throttled.scope}
                )
                await self.replier.reply(who, message)
            return Answer(message, Outcome.RATE_LIMITED)
        with self._deadline():
            return await self._handle(who)

    async def _throttled(self, who: Invocation) -> Throttled | None:
        if self.throttle is None:
            return None
        # NB: before anything costly (the cluster's inventory, an LLM): what the message asks at first sight
        return await self.throttle.check(who, self.intents.glance(who.text, bot_user=who.bot_user_id))

    async def _context(self, who: Invocation, memory: Memory, *, fresh: bool = False) -> Context:
        """The parser's context: the cluster's names, who the bot is, and the question the thread waits on."""
        question = memory.pending if memory.pending and memory.missing else None
        found = await self.context(who, fresh=fresh)
        return replace(found, bot_user=who.bot_user_id, question=question)

    async def _handle(self, who: Invocation) -> Answer:
        memory = await self.conversations.recall(who)
        context = await self._context(who, memory)
        parsed = await self.intents.parse(who.text, context=context)
        if parsed.command.intent is Intent.UNKNOWN and parsed.refused is None and parsed.wanted is None:
            # NB: the app list is cached for a while; an app created seconds ago is looked up again
            # before the person hears "I didn't understand".
            fresh = await self._context(who, memory, fresh=True)
            if fresh != context:
                context, parsed = fresh, await self.intents.parse(who.text, context=fresh)
        log.info("command.parsed", intent=parsed.command.intent.value, app=parsed.command.app, provider=parsed.provider)
        refused = parsed.refused
        if refused is None and parsed.command.intent is Intent.UNKNOWN and parsed.said.out_of_range:
            refused = Block.VALUE
        if refused in _SAID_WHY:
            # refused, and never completed from the thread's memory
            message = messages.notice(say(f"refused.{refused}", who.lang, max=MAX_REPLICAS))
            return await self._refuse(who, parsed, Answer(message, Outcome.REFUSED))
        if parsed.wanted is not None:  # "restart it", "scale to 3": completed from the thread, or asked for below
            parsed = replace(parsed, command=parsed.wanted)
        command = parsed.command
        said = [n for n in parsed.said.namespaces if n != command.app]
        if command.namespace is None and command.intent is not Intent.UNKNOWN and said:
            # NB: the parser knows only the namespaces the policy opens, so "restart web in kube-system"
            # (or "in nowhere") came back without one, and the default would have been used. With the
            # cluster's list at hand, what was said is the namespace; resolve() refuses it by name if
            # it is closed or unknown.
            known = await namespaces.cluster_namespaces(self.cluster, self.cache)
            meant = [n for n in said if n in known] or [n for n in said if len(n) > 1 and not n.isdigit()]
            if known and meant:
                parsed = replace(parsed, command=command.model_copy(update={"namespace": meant[0]}))
        checked = namespaces.resolve(
            parsed.said.flag_namespace,
            parsed.command,
            user_id=who.user_id,
            context=context,
            policy=self.policy,
            lang=who.lang,
        )
        if isinstance(checked, namespaces.Refusal):
            return await self._refuse(who, parsed, Answer(checked.message, checked.outcome, checked.target))
        parsed = replace(parsed, command=checked)
        unsure = [a.app for a in parsed.alternatives if a.app]  # the parser could not choose: ask, don't guess
        step = complete(
            parsed.command,
            memory,
            said=parsed.said,
            answer_parse=parsed.answer,  # the text read as the answer to the bot's last question, if it asked
            context=context,
            lang=who.lang,
            unsure_apps=unsure,
        )
        if isinstance(step, Ask):
            await self._record(who, parsed, Answer(step.message, Outcome.CLARIFY))
            await self.conversations.remember(who, replace(step.memory, app=step.memory.app or memory.app))
            await self.replier.reply(who, step.message)
            return Answer(step.message, Outcome.CLARIFY)
        parsed = replace(parsed, command=step.command)
        if step.command.intent is Intent.UNKNOWN:
            # how the text was read (a change mentioned, not asked for) and the closest commands as buttons
            message = unknown_reply(parsed, context=context, lang=who.lang)
            return await self._refuse(who, parsed, Answer(message, Outcome.UNKNOWN))
        outcome = await self.execute(who, step.command, parsed=parsed)
        if step.command.app:
            await self.conversations.remember(who, Memory(app=step.command.app, namespace=step.command.namespace))
        return outcome

    async def _refuse(self, who: Invocation, parsed: Parsed, outcome: Answer) -> Answer:
        await self._record(who, parsed, outcome)
        await self.replier.reply(who, outcome.message)
        return outcome

    async def execute(self, who: Invocation, command: Command, *, parsed: Parsed | None = None) -> Answer:
        """Run a Command that is complete (typed, or chosen with a button) and answer."""
        started = time.perf_counter()
        with self._deadline():
            result = await self.handler_for(command.intent)(who, command)
        parsed = parsed or Parsed(command, who.source, (time.perf_counter() - started) * 1000)
        # NB: recorded before the reply: a reply that fails (an expired response_url, a channel the
        # bot left) must not lose the attempt from the audit log, least of all a denied one.
        await self._record(who, parsed, result)
        if not result.replied:
            await self.replier.reply(who, result.message, public=result.public)
        return result

    async def _record(self, who: Invocation, parsed: Parsed, result: Answer) -> None:
        command = parsed.command
        self.metrics.commands.labels(intent=command.intent.value, outcome=result.outcome).inc()
        await self.recorder.command(
            who,
            parsed,
            outcome=result.outcome,
            target=result.target,
            detail={"text": who.text[:500], "provider": parsed.provider, "command": command.frame()},
        )
