"""
Every benchmark in bench/, one after the other (`make bench-all`); `make bench` is bench_load.py alone.

Each runs with the bot's logs at warning level, so only figures are printed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# NB: the in-process benchmarks never call bot.infra.logging.configure; structlog would print every request.
QUIET = """
import logging, runpy, sys
import structlog
structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
sys.argv = [sys.argv[1]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""

if __name__ == "__main__":
    failed = 0
    for script in sorted(HERE.glob("bench_*.py"), key=lambda path: (path.name != "bench_load.py", path.name)):
        print(f"== {script.name}", flush=True)
        failed |= subprocess.run([sys.executable, "-c", QUIET, str(script)], cwd=HERE.parent).returncode
    sys.exit(1 if failed else 0)
