"""
Built-in parser latency over the shared development set, and its accuracy.

    .venv/bin/python bench/bench_intents.py [--repeat 50]

Prints p50/p99/max per sentence (in-process, many repetitions) and the score line of
../shared/eval/score_intents.py run on `klepaas parse --jsonl`.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intents.builtin import BuiltinParser  # noqa: E402
from intents.provider import Context  # noqa: E402

DEV_SET = ROOT.parent / "shared/eval/intents-dev.jsonl"
SCORER = ROOT.parent / "shared/eval/score_intents.py"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()
    items = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    cases = [
        (item["text"], Context(apps=tuple(item.get("apps") or ()), namespaces=tuple(item.get("namespaces") or ())))
        for item in items
    ]
    parser = BuiltinParser()
    samples: list[float] = []
    started = time.perf_counter()
    for _ in range(args.repeat):
        for text, context in cases:
            t0 = time.perf_counter_ns()
            parser.parse_sync(text, context=context)
            samples.append((time.perf_counter_ns() - t0) / 1e6)
    total = time.perf_counter() - started
    samples.sort()
    p50 = statistics.median(samples)
    p99 = samples[int(len(samples) * 0.99) - 1]
    print(f"sentences {len(cases)} x {args.repeat} repetitions = {len(samples)} parses in {total:.2f}s")
    print(f"latency per sentence: p50 {p50:.3f} ms  p99 {p99:.3f} ms  max {samples[-1]:.3f} ms")
    print(f"whole dev set once: {total / args.repeat * 1000:.1f} ms")
    klepaas = ROOT / ".venv/bin/klepaas"
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(DEV_SET), "--parser", f"{klepaas} parse --jsonl"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    score = [line for line in proc.stdout.splitlines() if line.startswith(("intent accuracy", "wall time"))]
    print("\n".join(score) or proc.stdout[-2000:] + proc.stderr[-2000:])
    return proc.returncode


if __name__ == "__main__":
    raise SystemExit(main())
