"""The shared development sets, found at ../shared/eval beside the clone (as CI lays it out).

Locally a missing set skips the tests that need it; with CI set, a missing set fails them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from intents.provider import Context

EVAL = Path(__file__).resolve().parents[2].parent / "shared/eval"
NAMES = ("intents-dev.jsonl", "intents-dev2.jsonl", "intents-dev3.jsonl")


@dataclass(frozen=True)
class Item:
    id: str
    set: str  # the file it comes from
    text: str
    context: Context
    expect: dict[str, Any]


def dev_items() -> list[Item]:
    """Every sentence of the dev sets; skips (fails in CI) when they are not checked out."""
    missing = [name for name in NAMES if not (EVAL / name).exists()]
    if missing:
        message = f"the shared evaluation sets are not at {EVAL}: {', '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    items: list[Item] = []
    for name in NAMES:
        for line in (EVAL / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                context = Context(apps=tuple(row.get("apps") or ()), namespaces=tuple(row.get("namespaces") or ()))
                items.append(Item(row["id"], name, row["text"], context, row["expect"]))
    return items
