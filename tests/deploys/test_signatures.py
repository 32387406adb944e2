"""GitHub's X-Hub-Signature-256 and the generic CI bearer token."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from deploys import bearer_matches, github_signature, verify_github_signature
from tests.deploys.conftest import raw

# GitHub's published test vector (docs: "Validating webhook deliveries"), PROTOCOLS.md §9.
VECTOR = (
    "It's a Secret to Everybody",
    b"Hello, World!",
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
)


def test_the_signature_matches_githubs_published_test_vector() -> None:
    secret, body, expected = VECTOR
    assert github_signature(secret, body) == expected
    assert verify_github_signature(SecretStr(secret), body, expected)


def test_a_signature_of_the_real_payload_bytes_verifies() -> None:
    body = raw("workflow_run.completed")
    assert verify_github_signature("s3cret", body, github_signature("s3cret", body))


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "sha256=",
        "sha256=" + "0" * 64,
        VECTOR[2].removeprefix("sha256="),  # no prefix
        "sha1=757107ea0eb2509fc211221cce984b8a37570b6d",
        VECTOR[2].upper(),
        VECTOR[2] + "00",
        "sha256=ü" + "0" * 63,  # non-ASCII must be refused, not crash
    ],
    ids=["missing", "empty", "empty-hex", "zeros", "no-prefix", "sha1", "uppercase", "longer", "non-ascii"],
)
def test_a_forged_or_missing_signature_is_refused(header: str | None) -> None:
    secret, body, _ = VECTOR
    assert not verify_github_signature(secret, body, header)


def test_a_signature_of_other_bytes_is_refused() -> None:
    secret, body, good = VECTOR
    assert not verify_github_signature(secret, body + b" ", good)


@pytest.mark.parametrize("secret", [None, "", SecretStr("")])
def test_no_configured_secret_accepts_nothing(secret: object) -> None:
    body = b"{}"
    assert not verify_github_signature(secret, body, github_signature("", body))  # type: ignore[arg-type]


def test_the_deploy_token_is_accepted_only_as_a_bearer_token() -> None:
    token = SecretStr("t0ken")
    assert bearer_matches("Bearer t0ken", token)
    assert bearer_matches("bearer  t0ken ", token)
    assert not bearer_matches("Bearer t0ke", token)
    assert not bearer_matches("Basic t0ken", token)
    assert not bearer_matches("t0ken", token)
    assert not bearer_matches(None, token)
    assert not bearer_matches("Bearer ", SecretStr(""))
    assert not bearer_matches("Bearer ü", token)
