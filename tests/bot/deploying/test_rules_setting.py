"""KLEPAAS_DEPLOYS at start-up: a good file is the Deps' rules, a bad one is one sentence naming the rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app.wiring import build_deploy_rules
from bot.infra.settings import Settings, SettingsError
from tests.bot.deploying.conftest import RULES


def test_the_rules_file_is_loaded_for_the_clients(tmp_path: Path) -> None:
    path = tmp_path / "deploys.yaml"
    path.write_text(RULES)
    rules = build_deploy_rules(Settings(_env_file=None, KLEPAAS_DEPLOYS=str(path)))
    assert [r.repo for r in rules] == ["acme/web", "acme/web"] and rules.default_channel == "C0DEPLOYS"
    assert build_deploy_rules(Settings(_env_file=None)).rules == ()


def test_a_bad_rules_file_stops_start_up_with_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "deploys.yaml"
    path.write_text(
        "deploys:\n  - {repo: acme/web, events: [workflow_run], app: web, image: 'x:{tag}', channel: C0DEPLOYS}\n"
    )
    with pytest.raises(SettingsError) as caught:
        build_deploy_rules(Settings(_env_file=None, KLEPAAS_DEPLOYS=str(path)))
    assert str(caught.value) == (
        "KLEPAAS_DEPLOYS is not valid: deploy rule #1 (acme/web → web): workflow_run events give no {tag}."
    )


def test_a_missing_rules_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="cannot be read"):
        build_deploy_rules(Settings(_env_file=None, KLEPAAS_DEPLOYS=str(tmp_path / "nowhere.yaml")))
