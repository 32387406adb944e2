"""`klepaas parse --jsonl`: answers stream line by line, and a malformed line costs only itself."""

from __future__ import annotations

import io
import json
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from intents.builtin import BuiltinParser
from intents.jsonl import run_jsonl

KLEPAAS = Path(sys.executable).parent / "klepaas"


class _Watched(io.StringIO):
    """stdout that records what had been flushed each time the next input line was read."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed = ""

    def flush(self) -> None:
        self.flushed = self.getvalue()


def test_each_answer_is_flushed_before_the_next_line_is_read():
    out = _Watched()
    seen: list[int] = []

    def lines() -> Iterator[str]:
        for ident in ("a", "b", "c"):
            seen.append(out.flushed.count("\n"))
            yield json.dumps({"id": ident, "text": "restart web", "apps": ["web"]}) + "\n"

    run_jsonl(lines(), out, BuiltinParser())  # type: ignore[arg-type]
    assert seen == [0, 1, 2]
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == ["a", "b", "c"]


def test_a_malformed_line_yields_an_error_for_its_id_or_number_and_the_run_goes_on():
    stdin = io.StringIO(
        '{"id": "ok-1", "text": "scale web 3", "apps": ["web"]}\n'
        "not json at all\n"
        '{"id": "bad-text", "text": 42}\n'
        '{"id": "bad-apps", "text": "restart web", "apps": "web"}\n'
        "\n"
        '["a list"]\n'
        '{"id": "ok-2", "text": "help"}\n'
    )
    out = io.StringIO()
    errors = run_jsonl(stdin, out, BuiltinParser())
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert errors == 4
    assert [row["id"] for row in rows] == ["ok-1", 2, "bad-text", "bad-apps", 6, "ok-2"]
    assert rows[0]["intent"] == "scale" and rows[0]["replicas"] == 3
    assert all("error" in row for row in rows[1:5])
    assert rows[5]["intent"] == "help"


def _line(stdout: io.TextIOBase) -> str:
    """The next output line, failing (not hanging) when none comes within 10 s."""
    ready, _, _ = select.select([stdout], [], [], 10)
    assert ready, "no answer while the input is still open: output is not streamed"
    return stdout.readline()


def test_the_command_line_answers_a_line_before_the_next_one_is_written():
    proc = subprocess.Popen(
        [str(KLEPAAS), "parse", "--jsonl"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(json.dumps({"id": 1, "text": "logs web", "apps": ["web"]}) + "\n")
        proc.stdin.flush()
        first = json.loads(_line(proc.stdout))
        proc.stdin.write("{broken\n")
        proc.stdin.flush()
        second = json.loads(_line(proc.stdout))
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
    assert first["id"] == 1 and first["intent"] == "logs"
    assert second["id"] == 2 and "error" in second
    assert proc.returncode == 0
