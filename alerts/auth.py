"""
Who may POST alerts: Alertmanager's `http_config` sends a bearer token or basic auth.

Comparisons are constant-time (`hmac.compare_digest`), so the response time
does not leak how much of a guessed secret was right. With nothing configured,
every request is refused: an open alert endpoint would let anyone page the team.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass, field

from pydantic import SecretStr


@dataclass(frozen=True, slots=True)
class WebhookCredentials:
    """What the route accepts; give a bearer token, a username and password, or both."""

    bearer_token: SecretStr | None = None
    username: str | None = None
    password: SecretStr | None = field(default=None, repr=False)

    def accepts(self, authorization: str | None) -> bool:
        """True when the Authorization header carries a configured credential."""
        if not authorization:
            return False
        scheme, _, credentials = authorization.strip().partition(" ")
        credentials = credentials.strip()
        if scheme.lower() == "bearer" and self.bearer_token is not None:
            return _same(credentials, self.bearer_token.get_secret_value())
        if scheme.lower() == "basic" and self.username is not None and self.password is not None:
            return self._accepts_basic(credentials)
        return False

    def _accepts_basic(self, credentials: str) -> bool:
        try:
            decoded = base64.b64decode(credentials, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        username, sep, password = decoded.partition(":")
        if self.username is None or self.password is None:
            return False
        # NB: both comparisons always run, so a wrong username takes as long as a wrong password.
        good_user = _same(username, self.username)
        good_password = _same(password, self.password.get_secret_value())
        return bool(sep) and good_user and good_password


def _same(given: str, expected: str) -> bool:
    if not expected:
        return False  # an empty configured secret must never match an empty header
    return hmac.compare_digest(given.encode(), expected.encode())


def is_authorized(
    authorization: str | None,
    *,
    bearer_token: SecretStr | str | None = None,
    username: str | None = None,
    password: SecretStr | str | None = None,
) -> bool:
    """Check one Authorization header against a bearer token and/or basic-auth credentials."""
    credentials = WebhookCredentials(
        bearer_token=SecretStr(bearer_token) if isinstance(bearer_token, str) else bearer_token,
        username=username,
        password=SecretStr(password) if isinstance(password, str) else password,
    )
    return credentials.accepts(authorization)
