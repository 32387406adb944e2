"""
The `klepaas` command line: serve, socket, manifest, parse, db, check.

Settings are built here, once, and passed down (nothing reads the environment
at import time).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys

from intents import Context
from intents.builtin import BuiltinParser


def _parse(args: argparse.Namespace) -> int:
    parser = BuiltinParser()
    if args.jsonl:
        for line in sys.stdin:
            if not line.strip():
                continue
            item = json.loads(line)
            context = Context(apps=tuple(item.get("apps") or ()), namespaces=tuple(item.get("namespaces") or ()))
            command = parser.parse_sync(item.get("text", ""), context=context)
            print(json.dumps({"id": item.get("id"), **command.frame()}, ensure_ascii=False), flush=False)
        return 0
    context = Context(apps=tuple(args.apps or ()), namespaces=tuple(args.namespaces or ()))
    command = parser.parse_sync(" ".join(args.text), context=context)
    print(json.dumps(command.frame(), ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="klepaas", description="Operate Kubernetes apps from Slack.")
    sub = root.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="turn text into a Command frame (offline parser)")
    p.add_argument("text", nargs="*")
    p.add_argument("--jsonl", action="store_true", help="read {id, text, apps?, namespaces?} lines on stdin")
    p.add_argument("--app", dest="apps", action="append", help="a known app (repeatable)")
    p.add_argument("--namespace", dest="namespaces", action="append", help="a known namespace (repeatable)")
    p.set_defaults(run=_parse)
    return root


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
