"""Who may POST alerts: a bearer token or basic-auth credentials, compared in constant time."""

from __future__ import annotations

import base64

import pytest
from pydantic import SecretStr

from alerts.auth import WebhookCredentials, is_authorized


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize(
    "header, accepted",
    [
        ("Bearer s3cr3t", True),
        ("bearer s3cr3t", True),
        ("Bearer  s3cr3t ", True),
        ("Bearer s3cr3", False),
        ("Bearer s3cr3t-and-more", False),
        ("Bearer ", False),
        ("s3cr3t", False),
        ("", False),
        (None, False),
        (basic("am", "pw"), False),  # basic auth is not configured here
    ],
)
def test_a_bearer_token_must_match_exactly(header, accepted):
    assert is_authorized(header, bearer_token="s3cr3t") is accepted


@pytest.mark.parametrize(
    "header, accepted",
    [
        (basic("am", "pa:ss"), True),
        (basic("am", "wrong"), False),
        (basic("other", "pa:ss"), False),
        ("Basic !!!not-base64", False),
        ("Basic " + base64.b64encode(b"no-colon").decode(), False),
        ("Basic " + base64.b64encode(b"\xff\xfe:x").decode(), False),
        ("Bearer pa:ss", False),  # no bearer token configured
    ],
)
def test_basic_auth_needs_the_username_and_password(header, accepted):
    credentials = WebhookCredentials(username="am", password=SecretStr("pa:ss"))
    assert credentials.accepts(header) is accepted


def test_both_kinds_may_be_configured_at_once():
    credentials = WebhookCredentials(bearer_token=SecretStr("t"), username="am", password=SecretStr("pw"))
    assert credentials.accepts("Bearer t")
    assert credentials.accepts(basic("am", "pw"))


@pytest.mark.parametrize("header", ["Bearer ", "Bearer", "", basic("", "")])
def test_nothing_or_empty_secrets_configured_refuses_everything(header):
    assert not WebhookCredentials().accepts(header)
    assert not is_authorized(header, bearer_token="", username="", password="")


def test_secrets_stay_out_of_the_repr():
    credentials = WebhookCredentials(bearer_token=SecretStr("s3cr3t"), username="am", password=SecretStr("pw"))
    assert "s3cr3t" not in repr(credentials) and "pw" not in repr(credentials)
