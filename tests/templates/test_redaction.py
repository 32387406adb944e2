"""The redactor against a corpus of real-looking secrets, and of look-alikes that must stay as they are."""

from __future__ import annotations

import json

import pytest
from prometheus_client import CollectorRegistry

from bot.infra.metrics import Metrics
from templates import redaction, render
from templates.redaction import REDACTED, redact

JWT = (
    "eyJhbGciOiJSUzI1NiIsImtpZCI6IjRkM2YifQ.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwic3ViIjoic3lzdGVtIn0."
    "dGhpc19pc19ub3RfYV9yZWFsX3NpZ25hdHVyZV9idXRfaXRfbG9va3NfbGlrZV9vbmU"
)
PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
    "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n-----END RSA PRIVATE KEY-----"
)

# (text, the secret part that must disappear)
SECRETS = [
    ("GET /api 401: Authorization: Bearer 8f14e45fceea167a5a36dedd4bea2543xyz", "8f14e45fceea167a5a36dedd4bea2543xyz"),
    (f"token rejected: {JWT}", JWT),
    ("connecting with password=hunter2-Prod! failed", "hunter2-Prod!"),
    ("env SECRET=s3cr3tValue42 set", "s3cr3tValue42"),
    ('{"token": "ghs-abc.def-123456"}', "ghs-abc.def-123456"),
    ("url?api_key=AbCdEf0123456789&x=1", "AbCdEf0123456789"),
    (f"key material:\n{PEM}\nend", "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun"),
    ("-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n(truncated", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"),
    ("aws: AKIAIOSFODNN7EXAMPLE in use", "AKIAIOSFODNN7EXAMPLE"),
    ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    ("maps key AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI leaked", "AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI"),
    ("gcloud ya29.a0AfH6SMBx3Kq9ZcVbJ-lmnOPQrst12345 expired", "ya29.a0AfH6SMBx3Kq9ZcVbJ-lmnOPQrst12345"),
    ("dial postgresql://app:Sup3r$ecret@db.prod:5432/shop", "Sup3r$ecret"),
    ("redis://:pa55word@cache:6379/0 refused", "pa55word"),
    ("mongodb+srv://admin:Mongo%40pass@cluster0.example.net/db", "Mongo%40pass"),
    ("slack xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp", "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp"),
    ("gh ghp_16C7e42F292c6912E7710c838347Ae178B4a00 pushed", "ghp_16C7e42F292c6912E7710c838347Ae178B4a00"),
    ("openai sk-proj-Abc123Def456Ghi789Jkl012Mno345", "sk-proj-Abc123Def456Ghi789Jkl012Mno345"),
    ("client_secret: 'q8Z~a1b2c3d4e5f6'", "q8Z~a1b2c3d4e5f6"),
]

# Look-alikes that are not secrets and must pass unchanged.
NOT_SECRETS = [
    "commit 3f786850e387550fdab836ed7e6dc881de23001b deployed",
    "image ghcr.io/acme/web@sha256:9b2a5c0e6f1d4e8a7b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a pulled",
    "pod uid 123e4567-e89b-12d3-a456-426614174000 restarted",
    "md5 d41d8cd98f00b204e9800998ecf8427e of the config",
    "Back-off restarting failed container web in pod web-7d9f8b6c5-x2x9z",
    "Readiness probe failed: HTTP probe failed with statuscode: 503",
    "tokens: 5 used; passwords are rotated monthly",
    "https://grafana.example.com/d/abc?orgId=1&from=now-1h",
    "postgresql://db.prod:5432/shop",
    "nginx:1.27 → nginx:1.28, replicas 2 → 3",
    "ReplicaSet web-5d8f7c9b4 revision 12",
]


@pytest.mark.parametrize(("text", "secret"), SECRETS, ids=[s[1][:12] for s in SECRETS])
def test_a_secret_is_redacted_and_what_surrounds_it_stays(text, secret):
    out = redact(text)
    assert secret not in out
    assert REDACTED in out
    assert out[:2] == text[:2] or text.startswith("-----")  # only the secret goes


@pytest.mark.parametrize("text", NOT_SECRETS)
def test_hashes_digests_uuids_and_plain_words_are_left_alone(text):
    assert redact(text) == text


def test_the_key_stays_so_the_reader_knows_what_was_hidden():
    assert redact("password=hunter2") == f"password={REDACTED}"
    assert redact("postgresql://app:pw123@db/x") == f"postgresql://app:{REDACTED}@db/x"
    assert redact("Authorization: Bearer abcdefgh12345678") == f"Authorization: Bearer {REDACTED}"


def test_every_rendered_message_passes_the_redactor_and_each_replacement_is_counted():
    metrics = Metrics.create(CollectorRegistry())
    before = metrics.registry.get_sample_value("klepaas_redactions_total", {"kind": "connection_string"}) or 0
    text = "DB down: dial postgresql://app:Sup3r@db:5432/shop refused"
    message = render("notice", text=text, fallback=text, detail=None, buttons=[])
    dumped = json.dumps(message.model_dump(), ensure_ascii=False)
    assert "Sup3r" not in dumped and REDACTED in message.text
    after = metrics.registry.get_sample_value("klepaas_redactions_total", {"kind": "connection_string"})
    assert after == before + 2  # the fallback text and the section
    assert redaction.counts()["connection_string"] >= 2
