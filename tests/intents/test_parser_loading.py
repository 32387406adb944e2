"""Loading the parser loads only what reading a message needs (bench/bench_intents.py times it)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from intents.lazy_pattern import LazyPattern

ROOT = Path(__file__).resolve().parents[2]
_FIRST_PARSE = (
    "import json, sys; from intents.builtin import BuiltinParser; from intents.provider import Context; "
    "BuiltinParser().parse_sync('web 재시작해줘', context=Context(apps=('web',))); "
    "print(json.dumps(sorted(sys.modules)))"
)


def test_the_first_parse_loads_no_logging_library_no_reading_and_no_html_entities() -> None:
    out = subprocess.run([sys.executable, "-c", _FIRST_PARSE], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    assert "intents.builtin.parser" in loaded
    not_needed = {"structlog", "intents.builtin.reading", "intents.builtin.closest", "intents.reader", "html.entities"}
    assert not loaded & not_needed


def test_a_lazy_pattern_compiles_at_its_first_use_and_answers_as_re_compile() -> None:
    text = "scale web to 3, then api to 4"
    lazy, compiled = LazyPattern(r"(\w+) to (\d)", re.IGNORECASE), re.compile(r"(\w+) to (\d)", re.IGNORECASE)
    assert lazy._compiled is None
    assert lazy.search(text).group(0) == compiled.search(text).group(0)  # type: ignore[union-attr]
    assert lazy.compiled is lazy.compiled
    assert lazy.match(text) is None and compiled.match(text) is None
    assert lazy.fullmatch("web to 3") is not None
    assert lazy.findall(text) == compiled.findall(text) == [("web", "3"), ("api", "4")]
    assert [m.span() for m in lazy.finditer(text, 10)] == [m.span() for m in compiled.finditer(text, 10)]
    assert lazy.sub(r"\1=\2", text) == compiled.sub(r"\1=\2", text)
    assert lazy.split(text, 1) == compiled.split(text, 1)
    assert lazy.pattern == compiled.pattern
