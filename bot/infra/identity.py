"""Who holds a lease: the Pod name (hostname), the pid and a random part, so each holder is unique."""

from __future__ import annotations

import os
import secrets
import socket


def replica_id() -> str:
    """`<hostname>/<pid>/<random>`: what a lease records as its holder (at most 64 characters)."""
    return f"{socket.gethostname()[:40]}/{os.getpid()}/{secrets.token_hex(4)}"
