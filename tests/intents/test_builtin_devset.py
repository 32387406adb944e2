"""The shared development set, scored like ../shared/eval/score_intents.py does."""

from __future__ import annotations

import json
from pathlib import Path

from intents.builtin import BuiltinParser
from intents.provider import Context
from tests.intents.devsets import dev_items

DEV_SET = Path(__file__).resolve().parents[2].parent / "shared/eval/intents-dev.jsonl"
FIELDS = ("intent", "app", "namespace", "replicas", "lines", "image", "revision")


def test_dev_set_meets_the_accuracy_bar():
    dev_items()  # skips when the shared sets are not beside the clone; fails so in CI
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


def test_every_dev_set_meets_the_bar_without_an_unsafe_miss():
    by_set: dict[str, list[tuple[bool, bool, bool]]] = {}
    parser = BuiltinParser()
    for item in dev_items():
        got = parser.parse_sync(item.text, context=item.context).frame()
        want = {field: item.expect.get(field) for field in FIELDS}
        unsafe = got["intent"] in ("restart", "scale", "rollback", "deploy") and got != want
        by_set.setdefault(item.set, []).append((got["intent"] == want["intent"], got == want, unsafe))
    for name, rows in by_set.items():
        assert sum(r[0] for r in rows) / len(rows) >= 0.95, name
        assert sum(r[1] for r in rows) / len(rows) >= 0.90, name
        assert not any(r[2] for r in rows), name
