"""
Who may ask for a deploy: GitHub signs its webhooks, any other CI sends a bearer token.

GitHub's `X-Hub-Signature-256` is `sha256=` + the hex HMAC-SHA256 of the raw body
with the webhook secret (PROTOCOLS.md §9). Comparisons are constant-time
(`hmac.compare_digest`), so response times do not leak how much of a guess was
right. An empty configured secret or token accepts nothing: an open deploy
endpoint would let anyone roll images into the cluster.
"""

from __future__ import annotations

import hashlib
import hmac

from pydantic import SecretStr

__all__ = ["bearer_matches", "github_signature", "verify_github_signature"]

_PREFIX = "sha256="


def github_signature(secret: str | bytes, body: bytes) -> str:
    """The `X-Hub-Signature-256` value GitHub sends for `body` (also what a test or CI signs with)."""
    key = secret.encode() if isinstance(secret, str) else secret
    return _PREFIX + hmac.new(key, body, hashlib.sha256).hexdigest()


def verify_github_signature(secret: SecretStr | str | None, body: bytes, header: str | None) -> bool:
    """True when `header` is GitHub's signature of exactly these bytes with `secret`."""
    value = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
    if not value or not header or not header.startswith(_PREFIX):
        return False
    # NB: compare bytes, not str: compare_digest refuses non-ASCII str, and a header is attacker text.
    return hmac.compare_digest(github_signature(value, body).encode(), header.strip().encode("utf-8", "replace"))


def bearer_matches(authorization: str | None, token: SecretStr | str | None) -> bool:
    """True when `Authorization: Bearer <token>` carries the configured deploy token."""
    value = token.get_secret_value() if isinstance(token, SecretStr) else token
    if not value or not authorization:
        return False
    scheme, _, given = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode("utf-8", "replace"), value.encode())
