"""
`klepaas parse --jsonl`: one JSON line in, one JSON line out, flushed as it goes.

Each input line is {"id", "text", "apps"?, "namespaces"?}; each output line is
{"id", **frame} (DESIGN.md): what the message alone can run, `unknown` for a command it
leaves incomplete (intents.command.Command.runnable), as the chain answers the bot. A line
that is not such an object does not end the run: it yields {"id": <its id or line number>,
"error": "..."} and the next line is read. Output is flushed per line, so a caller reading
a pipe sees each answer as soon as it is made.
"""

from __future__ import annotations

import json
from typing import Protocol, TextIO

from intents.command import Command
from intents.provider import Context


class SyncParser(Protocol):
    def parse_sync(self, text: str, *, context: Context) -> Command: ...


def _names(value: object, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{field} must be a list of strings")
    return tuple(value)


def answer(line: str, number: int, parser: SyncParser) -> dict[str, object]:
    """The output object for one input line (an error object when the line is malformed)."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": number, "error": f"not JSON: {exc.msg}"}
    if not isinstance(item, dict):
        return {"id": number, "error": "not a JSON object"}
    ident = item.get("id", number)
    text = item.get("text")
    if not isinstance(text, str):
        return {"id": ident, "error": "text must be a string"}
    try:
        context = Context(
            apps=_names(item.get("apps"), "apps"), namespaces=_names(item.get("namespaces"), "namespaces")
        )
    except ValueError as exc:
        return {"id": ident, "error": str(exc)}
    try:
        command = parser.parse_sync(text, context=context)
    except Exception as exc:
        return {"id": ident, "error": f"parser failed: {type(exc).__name__}"}
    return {"id": ident, **command.runnable().frame()}  # as the chain's answer (intents/provider.py)


def run_jsonl(stdin: TextIO, stdout: TextIO, parser: SyncParser) -> int:
    """Answer every line of `stdin` on `stdout`, one flushed line each; returns how many were errors."""
    errors = 0
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        out = answer(line, number, parser)
        errors += "error" in out
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()
    return errors
