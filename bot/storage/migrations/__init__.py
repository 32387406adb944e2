"""
Alembic migrations of the bot's tables (versions/), and the head revision read without Alembic.

`klepaas serve` asks whether the database is at `head_revision()` before it
migrates, so a server whose database is current never imports Alembic (a large
import the running bot has no use for).
"""

from __future__ import annotations

import re
from pathlib import Path

VERSIONS = Path(__file__).resolve().parent / "versions"
_REVISION = re.compile(r'^revision\s*=\s*["\']([^"\']+)["\']', re.MULTILINE)
_DOWN = re.compile(r'^down_revision\s*=\s*["\']([^"\']+)["\']', re.MULTILINE)


def head_revision() -> str:
    """The one revision no other revision builds on; ValueError when the history has no single head."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in VERSIONS.glob("*.py"):
        source = script.read_text(encoding="utf-8")
        if match := _REVISION.search(source):
            revisions.add(match.group(1))
        parents.update(_DOWN.findall(source))
    heads = revisions - parents
    if len(heads) != 1:
        raise ValueError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()
