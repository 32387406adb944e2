"""`deploy <image>` where the image's repository names the app, even when the app's words are gate words."""

from __future__ import annotations

import pytest

from intents.builtin.parser import parse_text
from intents.provider import Context

APPS = Context(apps=("pricing-engine", "report-builder", "cost-explorer", "web"), namespaces=("default", "prod"))


@pytest.mark.parametrize(
    ("text", "app", "image"),
    [
        ("deploy pricing-engine:2.0.1", "pricing-engine", "pricing-engine:2.0.1"),
        ("ship ghcr.io/acme/cost-explorer:v3 please", "cost-explorer", "ghcr.io/acme/cost-explorer:v3"),
        ("report-builder:1.4.2 배포해줘", "report-builder", "report-builder:1.4.2"),
    ],
)
def test_the_image_names_the_app_to_deploy(text: str, app: str, image: str) -> None:
    command = parse_text(text, APPS)
    assert (command.intent.value, command.app, command.image) == ("deploy", app, image)


def test_talk_about_pricing_is_still_no_deploy() -> None:
    assert parse_text("how much does the pricing-engine deploy cost us?", APPS).intent.value != "deploy"
