"""Outbound deliveries as the Standard Webhooks specification has them: the signature a
receiver checks, and when to try again after a failed attempt.

A message is signed with the subscription's secret (``whsec_`` and the base64 of the key):
``webhook-signature`` is ``v1,`` and the base64 HMAC-SHA256 of ``"{id}.{timestamp}.{body}"``
(several signatures, space-separated, while a key is being rotated). Retries back off
exponentially with jitter; a 429's ``Retry-After`` is honoured when it asks for longer. Pure: the
caller passes the time, the random draw and the bytes.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import email.utils
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass

SECRET_PREFIX = "whsec_"  # noqa: S105  (the marker every secret starts with, not a secret)
SIGNATURE_VERSION = "v1"
# A receiver refuses a message whose timestamp is further than this from its own clock.
TOLERANCE_SECONDS = 5 * 60


class SignatureError(ValueError):
    """A message whose signature, id or timestamp does not check out."""


def new_secret(key: bytes) -> str:
    """A secret for a subscription from random bytes (24 or more).

    >>> new_secret(bytes(24))
    'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
    """
    if len(key) < 24:
        raise ValueError("a webhook secret needs at least 24 random bytes")
    return SECRET_PREFIX + base64.b64encode(key).decode()


def _key(secret: str) -> bytes:
    try:
        return base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureError("the secret is not whsec_ and base64") from exc


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value of one message.

    >>> signature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
    ...           1614265330, b'{"test": 2432232314}')
    'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
    """
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return f"{SIGNATURE_VERSION},{base64.b64encode(digest).decode()}"


def signed_headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three headers that go with a message."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, message_id, timestamp, body),
    }


def verify(secret: str, headers: Mapping[str, str], body: bytes, *, now: dt.datetime) -> None:
    """Check a received message as a receiver would; raises `SignatureError` saying why not.

    `headers` are looked up in lower case (``webhook-id`` …).
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    message_id = lowered.get("webhook-id", "")
    raw_timestamp = lowered.get("webhook-timestamp", "")
    offered = lowered.get("webhook-signature", "")
    if not message_id or not raw_timestamp or not offered:
        raise SignatureError("webhook-id, webhook-timestamp and webhook-signature are required")
    try:
        timestamp = int(raw_timestamp)
    except ValueError as exc:
        raise SignatureError("webhook-timestamp is not a number of seconds") from exc
    if abs(now.timestamp() - timestamp) > TOLERANCE_SECONDS:
        raise SignatureError("webhook-timestamp is too far from now")
    expected = signature(secret, message_id, timestamp, body)
    for candidate in offered.split():
        if hmac.compare_digest(candidate, expected):
            return
    raise SignatureError("no signature matches")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to keep trying: the n-th failure waits ``first_delay ×
    factorⁿ⁻¹`` seconds (at most ``max_delay``), stretched by up to ``jitter`` either way."""

    first_delay: float = 15.0
    factor: float = 2.0
    max_delay: float = 4 * 3600.0
    max_attempts: int = 12
    jitter: float = 0.2
    max_retry_after: float = 24 * 3600.0


DEFAULT_POLICY = RetryPolicy()


def retry_delay(
    failures: int,
    draw: float,
    *,
    retry_after: float | None = None,
    policy: RetryPolicy = DEFAULT_POLICY,
) -> float | None:
    """Seconds to wait after the `failures`-th failed attempt, or None to give up.

    `draw` is a random number in [0, 1) (the jitter); `retry_after` what the receiver asked for
    (never earlier than that, up to a day).

    >>> [round(retry_delay(n, 0.5)) for n in (1, 2, 3)]
    [15, 30, 60]
    >>> retry_delay(1, 0.0), retry_delay(1, 0.999999) < 18
    (12.0, True)
    >>> retry_delay(1, 0.5, retry_after=120)
    120.0
    >>> retry_delay(12, 0.5) is None
    True
    """
    if failures >= policy.max_attempts:
        return None
    base = min(policy.max_delay, policy.first_delay * policy.factor ** (failures - 1))
    delay = base * (1 - policy.jitter + 2 * policy.jitter * draw)
    if retry_after is not None:
        delay = max(delay, min(max(float(retry_after), 0.0), policy.max_retry_after))
    return delay


def retry_after_seconds(value: str, *, now: dt.datetime) -> float | None:
    """A ``Retry-After`` header as seconds from `now` (delta-seconds or an HTTP date).

    >>> now = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    >>> retry_after_seconds("120", now=now), retry_after_seconds("Tue, 01 Dec 2026 09:01:00 GMT", now=now)
    (120.0, 60.0)
    >>> retry_after_seconds("soon", now=now) is None
    True
    """
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())
