"""Standard Webhooks signing and the retry schedule (podium.core.webhooks)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from podium.core import webhooks

NOW = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
SECRET = webhooks.new_secret(bytes(range(32)))


def _signed(body: bytes = b'{"eventId": "e1"}', at: dt.datetime = NOW) -> dict[str, str]:
    return webhooks.signed_headers(SECRET, "msg_1", int(at.timestamp()), body)


def test_the_specifications_own_example_signs_alike() -> None:
    # the example of the Standard Webhooks specification
    assert (
        webhooks.signature(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            b'{"test": 2432232314}',
        )
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_a_receiver_accepts_the_message_and_refuses_any_change_to_it() -> None:
    body = b'{"eventId": "e1"}'
    headers = _signed(body)
    webhooks.verify(SECRET, headers, body, now=NOW + dt.timedelta(seconds=30))
    with pytest.raises(webhooks.SignatureError, match="no signature matches"):
        webhooks.verify(SECRET, headers, body.replace(b"e1", b"e2"), now=NOW)
    with pytest.raises(webhooks.SignatureError, match="no signature matches"):
        webhooks.verify(SECRET, {**headers, "webhook-id": "msg_2"}, body, now=NOW)
    with pytest.raises(webhooks.SignatureError, match="no signature matches"):
        webhooks.verify(webhooks.new_secret(bytes(32)), headers, body, now=NOW)
    with pytest.raises(webhooks.SignatureError, match="too far"):
        webhooks.verify(SECRET, headers, body, now=NOW + dt.timedelta(minutes=6))
    with pytest.raises(webhooks.SignatureError, match="required"):
        webhooks.verify(SECRET, {}, body, now=NOW)


def test_while_a_key_rotates_any_of_several_signatures_passes() -> None:
    body = b"{}"
    headers = _signed(body)
    old = webhooks.signature(webhooks.new_secret(bytes(24)), "msg_1", int(NOW.timestamp()), body)
    rotated = {**headers, "webhook-signature": f"{old} {headers['webhook-signature']}"}
    webhooks.verify(SECRET, rotated, body, now=NOW)


def test_a_secret_needs_enough_randomness() -> None:
    with pytest.raises(ValueError, match="24 random bytes"):
        webhooks.new_secret(bytes(16))


@given(failures=st.integers(1, 11), draw=st.floats(0, 1, exclude_max=True))
def test_each_wait_is_the_backoff_within_its_jitter_and_never_shorter_than_before(
    failures: int, draw: float
) -> None:
    policy = webhooks.DEFAULT_POLICY
    delay = webhooks.retry_delay(failures, draw)
    assert delay is not None
    base = min(policy.max_delay, policy.first_delay * policy.factor ** (failures - 1))
    assert base * (1 - policy.jitter) <= delay <= base * (1 + policy.jitter)
    following = webhooks.retry_delay(failures + 1, draw)
    assert following is None or following >= delay


@given(asked=st.floats(0, 10 * 86_400), draw=st.floats(0, 1, exclude_max=True))
def test_retry_after_is_honoured_up_to_a_day(asked: float, draw: float) -> None:
    delay = webhooks.retry_delay(1, draw, retry_after=asked)
    assert delay is not None
    assert delay >= min(asked, 86_400)
    assert delay <= max(min(asked, 86_400), 18.0)


def test_after_the_last_try_it_gives_up() -> None:
    policy = webhooks.RetryPolicy(max_attempts=3)
    assert webhooks.retry_delay(2, 0.5, policy=policy) is not None
    assert webhooks.retry_delay(3, 0.5, policy=policy) is None
