"""English and CLI-style commands."""

from __future__ import annotations

import pytest

CASES = [
    ("please bounce cart-service", {"intent": "restart", "app": "cart-service"}),
    ("set replicas of gateway to 4", {"intent": "scale", "app": "gateway", "replicas": 4}),
    ("please scale gateway down to zero", {"intent": "scale", "app": "gateway", "replicas": 0}),
    ("show me the last 100 lines from shipping", {"intent": "logs", "app": "shipping", "lines": 100}),
    ("search worker logs, last fifty lines", {"intent": "logs", "app": "search-worker", "lines": 50}),
    ("is jenkins up?", {"intent": "status", "app": "jenkins"}),
    ("how is the gateway doing on prod", {"intent": "status", "app": "gateway", "namespace": "prod"}),
    ("what's the endpoint for admin web", {"intent": "endpoint", "app": "admin-web"}),
    ("roll inventory-api back to revision 3", {"intent": "rollback", "app": "inventory-api", "revision": 3}),
    ("upgrade kafka-consumer to v2.0.1", {"intent": "deploy", "app": "kafka-consumer", "image": "v2.0.1"}),
    ("revert the last release of frontend", {"intent": "rollback", "app": "frontend"}),
    ("describe gateway", {"intent": "status", "app": "gateway"}),
    ("gateway", {"intent": "status", "app": "gateway"}),
    ("help", {"intent": "help"}),
    ("what can you do?", {"intent": "help"}),
    ("summary of prod", {"intent": "overview", "namespace": "prod"}),
    ("is everything ok?", {"intent": "overview"}),
    ("what's running in stage?", {"intent": "list_apps", "namespace": "stage"}),
]

CLI = [
    ("restart cart-service -n prod", {"intent": "restart", "app": "cart-service", "namespace": "prod"}),
    ("logs inventory-api --tail 80", {"intent": "logs", "app": "inventory-api", "lines": 80}),
    (
        "logs inventory-api --tail=80 -n=dev",
        {"intent": "logs", "app": "inventory-api", "lines": 80, "namespace": "dev"},
    ),
    (
        "scale search-worker 5 -n stage",
        {"intent": "scale", "app": "search-worker", "replicas": 5, "namespace": "stage"},
    ),
    ("deploy gateway gateway:2.3.4", {"intent": "deploy", "app": "gateway", "image": "gateway:2.3.4"}),
    ("rollback shipping --to 7", {"intent": "rollback", "app": "shipping", "revision": 7}),
    ("kubectl rollout undo deploy/shipping --to-revision=2", {"intent": "rollback", "app": "shipping", "revision": 2}),
    ("kubectl get po -n infra", {"intent": "list_pods", "namespace": "infra"}),
    ("get deploy", {"intent": "list_deployments"}),
    ("get ing -n prod", {"intent": "list_ingresses", "namespace": "prod"}),
    ("get ns", {"intent": "list_namespaces"}),
    ("endpoint admin-web -n prod", {"intent": "endpoint", "app": "admin-web", "namespace": "prod"}),
    ("status jenkins", {"intent": "status", "app": "jenkins"}),
    # the bot strips its own leading mention (bot/messages/invocation.py); one left asks that person
    ("<@U0123ABCD> restart gateway", {"intent": "unknown"}),
    ("/klepaas scale gateway 2", {"intent": "scale", "app": "gateway", "replicas": 2}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_english_sentences_become_commands(parse_frame, text, expected):
    assert parse_frame(text) == expected


@pytest.mark.parametrize(("text", "expected"), CLI, ids=[c[0] for c in CLI])
def test_cli_style_commands_become_commands(parse_frame, text, expected):
    assert parse_frame(text) == expected


async def test_async_parse_answers_like_parse_sync():
    from intents.builtin import BuiltinParser
    from intents.provider import Context

    parser = BuiltinParser()
    context = Context(apps=("web",), namespaces=("default",))
    assert parser.name == "builtin"
    assert await parser.parse("restart web", context=context) == parser.parse_sync("restart web", context=context)
