"""App names people type, resolved against the Deployments of a namespace.

Why the emulator: "an exact name is one GET" and "a prefix lists after a 404" count the requests sent,
which only a recording server shows.
"""

from __future__ import annotations

import pytest

from cluster import errors
from cluster.resolve import match
from intents.command import Command, Intent
from playground.cluster import emulator, objects

NAMES = ["payment-api", "payment-worker", "web", "Legacy_Shop", "auth-api"]


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ("web", "web"),
        ("legacy-shop", "Legacy_Shop"),
        ("LEGACY_SHOP", "Legacy_Shop"),
        ("paymentworker", "payment-worker"),
        ("payment-w", "payment-worker"),
        ("auth", "auth-api"),
        ("worker", "payment-worker"),
    ],
    ids=["exact", "case-and-separator", "upper", "squashed", "prefix", "unique-prefix", "suffix"],
)
def test_match_finds_the_one_name_meant(wanted: str, expected: str) -> None:
    assert match(wanted, NAMES, namespace="shop") == expected


def test_a_shared_prefix_is_ambiguous_and_names_every_candidate() -> None:
    with pytest.raises(errors.AmbiguousApp) as caught:
        match("payment", NAMES, namespace="shop")
    assert caught.value.candidates == ("payment-api", "payment-worker")
    assert caught.value.namespace == "shop"


def test_a_shared_suffix_is_ambiguous() -> None:
    with pytest.raises(errors.AmbiguousApp) as caught:
        match("api", NAMES, namespace="shop")
    assert caught.value.candidates == ("auth-api", "payment-api")


def test_no_match_is_app_not_found_with_the_closest_names() -> None:
    with pytest.raises(errors.AppNotFound) as caught:
        match("paymnt-api", NAMES, namespace="shop")
    assert not isinstance(caught.value, errors.AmbiguousApp)
    assert caught.value.app == "paymnt-api"
    assert caught.value.candidates[0] == "payment-api"
    assert "web" not in caught.value.candidates


async def test_an_exact_name_is_one_get(kmock, cluster, web) -> None:
    await cluster.plan(Command(intent=Intent.SCALE, app="web", replicas=2))
    assert emulator.requests_of(kmock)[0] == "GET /apis/apps/v1/namespaces/shop/deployments/web"
    assert len(emulator.requests_of(kmock)) == 1  # same replicas: a no-op plan needs no dry run


async def test_a_prefix_is_resolved_by_listing_after_a_404(kmock, cluster) -> None:
    objects.deployment(kmock, "checkout-api", "shop", replicas=1)
    objects.deployment(kmock, "web", "shop")
    plan = await cluster.plan(Command(intent=Intent.SCALE, app="checkout", replicas=3))
    assert plan.app == "checkout-api" and plan.replicas_from == 1 and plan.replicas_to == 3
    assert emulator.requests_of(kmock)[:2] == [
        "GET /apis/apps/v1/namespaces/shop/deployments/checkout",
        "GET /apis/apps/v1/namespaces/shop/deployments",
    ]


async def test_an_unknown_app_raises_app_not_found_in_that_namespace(kmock, cluster) -> None:
    objects.deployment(kmock, "checkout-api", "staging")
    objects.deployment(kmock, "web", "shop")
    with pytest.raises(errors.AppNotFound) as caught:
        await cluster.query(Command(intent=Intent.STATUS, app="checkout-apl", namespace="staging"))
    assert (caught.value.app, caught.value.namespace, caught.value.candidates) == (
        "checkout-apl",
        "staging",
        ("checkout-api",),
    )


async def test_apps_and_namespaces_give_the_parser_its_context(kmock, cluster) -> None:
    for ns in ("shop", "staging", "default"):
        objects.namespace(kmock, ns)
    objects.deployment(kmock, "web", "shop")
    objects.deployment(kmock, "api", "shop")
    objects.deployment(kmock, "other", "staging")
    inventory = await cluster.inventory()
    assert inventory.apps == ("api", "web")
    assert inventory.namespaces == ("default", "shop", "staging")
    assert await cluster.apps("staging") == ["other"]
