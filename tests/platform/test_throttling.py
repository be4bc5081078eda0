"""Log-in throttling cannot be stepped around: spellings of one name, other accounts, spoofed
addresses."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from podium.platform.models import LoginAttempt
from podium.platform.throttling import client_address, throttle_key

pytestmark = pytest.mark.django_db
LIMIT = 5  # settings.LOGIN_THROTTLE_ATTEMPTS, pinned so the arithmetic below reads plainly


def log_in(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_pinned_limit_is_the_configured_one() -> None:
    assert settings.LOGIN_THROTTLE_ATTEMPTS == LIMIT
    assert settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS == 4 * LIMIT


@pytest.mark.parametrize(
    "spelling",
    ["party-member ", " party-member", "party-member\t", "PARTY-MEMBER", "ｐａｒｔｙ-ｍｅｍｂｅｒ"],
)
def test_every_spelling_that_logs_in_as_a_user_counts_against_that_user(
    world: Any, password: str, spelling: str
) -> None:
    client = Client()
    for _ in range(LIMIT):
        log_in(client, spelling, "wrong")
    response = log_in(client, "party-member", password)
    assert b"Too many failed log-ins" in response.content
    assert not logged_in(client)


def test_a_padded_name_logs_in_as_the_account_it_names(world: Any, password: str) -> None:
    """Log-in strips and NFKC-normalises the name exactly as the counter does."""
    client = Client()
    response = log_in(client, "  ｐａｒｔｙ-member ", password)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == world.users["party_member"].pk


def test_failures_under_many_spellings_lock_the_account(world: Any, password: str) -> None:
    client = Client()
    for spaces in range(LIMIT):
        log_in(client, "party-member" + " " * spaces, "wrong")
    assert set(LoginAttempt.objects.values_list("username", flat=True)) == {"party-member"}
    response = log_in(client, "party-member ", password)
    assert b"Too many failed log-ins" in response.content
    assert not logged_in(client)


def test_logging_in_to_ones_own_account_does_not_reset_anothers_counter(
    world: Any, password: str
) -> None:
    client = Client()
    for _ in range(LIMIT - 1):
        log_in(client, "party-member", "wrong")
    assert log_in(Client(), "auditor", password).status_code == 302  # same address
    log_in(client, "party-member", "wrong")
    response = log_in(client, "party-member", password)
    assert b"Too many failed log-ins" in response.content
    assert not logged_in(client)


def test_logging_in_does_not_reset_the_address_counter(world: Any, password: str) -> None:
    client = Client()
    for n in range(4 * LIMIT - 1):
        log_in(client, f"guess-{n}", "wrong")
    assert log_in(Client(), "auditor", password).status_code == 302
    log_in(client, "guess-last", "wrong")
    response = log_in(Client(), "party-manager", password)
    assert b"Too many failed log-ins" in response.content


def test_a_successful_log_in_forgives_only_its_own_mistakes_from_its_own_address(
    world: Any, password: str
) -> None:
    log_in(Client(REMOTE_ADDR="198.51.100.1"), "auditor", "wrong")
    log_in(Client(REMOTE_ADDR="198.51.100.2"), "auditor", "wrong")
    log_in(Client(REMOTE_ADDR="198.51.100.1"), "party-member", "wrong")
    assert log_in(Client(REMOTE_ADDR="198.51.100.1"), "auditor ", password).status_code == 302
    assert sorted(LoginAttempt.objects.values_list("username", "address")) == [
        ("auditor", "198.51.100.2"),
        ("party-member", "198.51.100.1"),
    ]


def test_a_forwarded_header_is_ignored_unless_configured(world: Any, password: str) -> None:
    client = Client(REMOTE_ADDR="198.51.100.9")
    for n in range(4 * LIMIT):
        log_in(client, f"guess-{n}", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert set(LoginAttempt.objects.values_list("address", flat=True)) == {"198.51.100.9"}
    response = log_in(client, "auditor", password, HTTP_X_FORWARDED_FOR="203.0.113.200")
    assert b"Too many failed log-ins" in response.content


def test_behind_a_trusted_proxy_the_address_is_the_one_the_proxy_saw(
    world: Any, settings: Any
) -> None:
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_HOPS = 1
    client = Client(REMOTE_ADDR="10.0.0.2")
    log_in(client, "auditor", "wrong", HTTP_X_FORWARDED_FOR="192.0.2.66, 203.0.113.7")
    assert list(LoginAttempt.objects.values_list("address", flat=True)) == ["203.0.113.7"]


@pytest.mark.parametrize(
    ("header", "hops", "remote", "forwarded", "expected"),
    [
        (None, 1, "198.51.100.9", "203.0.113.7", "198.51.100.9"),
        ("X-Forwarded-For", 1, "10.0.0.2", "203.0.113.7", "203.0.113.7"),
        ("X-Forwarded-For", 1, "10.0.0.2", "1.1.1.1, 203.0.113.7", "203.0.113.7"),
        ("X-Forwarded-For", 2, "10.0.0.2", "1.1.1.1, 203.0.113.7, 10.0.0.3", "203.0.113.7"),
        # fewer entries than trusted hops, a missing header or garbage: the nearest peer
        ("X-Forwarded-For", 2, "10.0.0.2", "203.0.113.7", "10.0.0.2"),
        ("X-Forwarded-For", 1, "10.0.0.2", None, "10.0.0.2"),
        ("X-Forwarded-For", 1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        ("X-Forwarded-For", 1, "10.0.0.2", "1.1.1.1,", "10.0.0.2"),
        # one IPv6 /64 is one address; mapped IPv4 is IPv4
        (None, 1, "2001:db8:1:2:aaaa::1", None, "2001:db8:1:2::"),
        (None, 1, "::ffff:192.0.2.1", None, "192.0.2.1"),
        ("X-Real-IP", 1, "10.0.0.2", " 2001:DB8::5 ", "2001:db8::"),
    ],
)
def test_client_address(
    settings: Any,
    header: str | None,
    hops: int,
    remote: str,
    forwarded: str | None,
    expected: str,
) -> None:
    settings.TRUSTED_PROXY_HEADER = header
    settings.TRUSTED_PROXY_HOPS = hops
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None and header is not None:
        meta["HTTP_" + header.upper().replace("-", "_")] = forwarded
    elif forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    assert client_address(request) == expected


def test_no_address_at_all_is_none() -> None:
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR", None)
    assert client_address(request) is None


@pytest.mark.parametrize(
    ("typed", "key"),
    [("auditor", "auditor"), (" Auditor\t", "auditor"), ("ａｕｄｉｔｏｒ", "auditor"), ("", "")],
)
def test_throttle_key(typed: str, key: str) -> None:
    assert throttle_key(typed) == key
