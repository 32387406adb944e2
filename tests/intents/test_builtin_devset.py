"""The shared development set, scored like ../shared/eval/score_intents.py does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intents.builtin import BuiltinParser
from intents.provider import Context

DEV_SET = Path(__file__).resolve().parents[2].parent / "shared/eval/intents-dev.jsonl"
FIELDS = ("intent", "app", "namespace", "replicas", "lines", "image", "revision")


@pytest.mark.skipif(not DEV_SET.exists(), reason="the shared evaluation set is not checked out")
def test_dev_set_meets_the_accuracy_bar():
    parser = BuiltinParser()
    items = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    intent_ok = frame_ok = 0
    for item in items:
        context = Context(apps=tuple(item.get("apps") or ()), namespaces=tuple(item.get("namespaces") or ()))
        got = parser.parse_sync(item["text"], context=context).frame()
        want = {field: item["expect"].get(field) for field in FIELDS}
        intent_ok += got["intent"] == want["intent"]
        frame_ok += got == want
    assert intent_ok / len(items) >= 0.95
    assert frame_ok / len(items) >= 0.90
