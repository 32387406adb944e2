"""The redaction pass over log text: secrets masked, everything else as it was."""

from __future__ import annotations

import pytest

from templates.redaction import REDACTED as MASK
from templates.redaction import redact


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("db password=hunter2 ok", "hunter2"),
        ('{"api_key": "sk-abc123def"}', "sk-abc123def"),
        ("Authorization: Bearer eyJhbGciOi.J9eyJzdWIi.OiIxMjM0NTY3", "eyJhbGciOi"),
        ("token xoxb-1234567890-abcdefghij", "xoxb-1234567890-abcdefghij"),
        ("key AKIAIOSFODNN7EXAMPLE used", "AKIAIOSFODNN7EXAMPLE"),
        ("dsn postgres://app:s3cr3t@db:5432/app", "s3cr3t"),
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----", "MIIE"),
    ],
)
def test_secrets_in_log_lines_are_masked(line, secret):
    masked = redact(line)
    assert secret not in masked and MASK in masked


def test_plain_log_lines_are_left_alone():
    text = "GET /healthz 200 3ms\npassword reset mail sent to user 42\n"
    assert redact(text) == text
