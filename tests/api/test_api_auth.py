"""Reading the bearer token from the Authorization header and comparing it."""

import pytest

from warledger.api.auth import bearer_token, token_matches


@pytest.mark.parametrize(
    "header, token",
    [
        ("Bearer s3cret-token", "s3cret-token"),
        ("bearer s3cret-token", "s3cret-token"),  # the scheme is case-insensitive (RFC 7235)
        ("  Bearer   s3cret-token  ", "s3cret-token"),
        ("Basic dXNlcjpwYXNz", None),  # another scheme is not a bearer token
        ("Bearer", None),
        ("Bearer    ", None),
        ("", None),
        (None, None),
    ],
)
def test_bearer_token(header, token):
    assert bearer_token(header) == token


@pytest.mark.parametrize(
    "given, expected, ok",
    [
        ("s3cret-token", "s3cret-token", True),
        ("s3cret-tokem", "s3cret-token", False),
        ("s3cret", "s3cret-token", False),  # a prefix is not enough
        ("s3cret-token-and-more", "s3cret-token", False),
        (None, "s3cret-token", False),
        ("jeton-sécurisé", "jeton-sécurisé", True),  # non-ASCII tokens compare as UTF-8 bytes
    ],
)
def test_token_matches(given, expected, ok):
    assert token_matches(given, expected) is ok
