"""The pure rules of notifications: when a user's digest falls due on their own wall clock
(daylight-saving days included), how a mail groups what it carries, and the CloudEvent."""

from __future__ import annotations

import datetime as dt

import pytest

from podium.core import notifications as n

UTC = dt.UTC


@pytest.mark.parametrize(
    ("now", "zone", "hour", "cutoff"),
    [
        # an ordinary day: 08:00 in Paris (UTC+1) is 07:00 UTC
        (dt.datetime(2026, 12, 1, 7, 0, tzinfo=UTC), "Europe/Paris", 8, (2026, 12, 1, 7)),
        (dt.datetime(2026, 12, 1, 6, 59, tzinfo=UTC), "Europe/Paris", 8, (2026, 11, 30, 7)),
        # summer time: 08:00 in Paris (UTC+2) is 06:00 UTC
        (dt.datetime(2026, 7, 1, 6, 30, tzinfo=UTC), "Europe/Paris", 8, (2026, 7, 1, 6)),
        # 02:00 does not exist on 29 March in Paris: the digest goes at 03:00 (01:00 UTC)
        (dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC), "Europe/Paris", 2, (2026, 3, 29, 1)),
        # 02:00 happens twice on 25 October: the first passing (00:00 UTC)
        (dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "Europe/Paris", 2, (2026, 10, 25, 0)),
        # west of UTC the user's day starts later
        (dt.datetime(2026, 12, 1, 12, 0, tzinfo=UTC), "America/New_York", 8, (2026, 11, 30, 13)),
    ],
)
def test_the_digest_falls_due_at_the_users_hour_on_their_wall_clock(
    now: dt.datetime, zone: str, hour: int, cutoff: tuple[int, int, int, int]
) -> None:
    assert n.digest_cutoff(now, zone, hour) == dt.datetime(*cutoff, tzinfo=UTC)


def test_the_cutoff_never_lies_after_now_and_moves_by_a_day() -> None:
    start = dt.datetime(2026, 3, 27, 0, 0, tzinfo=UTC)
    previous = None
    for quarter in range(4 * 24 * 5):
        now = start + dt.timedelta(minutes=15 * quarter)
        cutoff = n.digest_cutoff(now, "Europe/Paris", 2)
        assert cutoff <= now
        assert now - cutoff < dt.timedelta(hours=25)
        if previous is not None and cutoff != previous:
            assert dt.timedelta(hours=23) <= cutoff - previous <= dt.timedelta(hours=25)
        previous = cutoff


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        n.digest_cutoff(dt.datetime(2026, 12, 1, 9), "UTC", 8)  # noqa: DTZ001


def test_a_mail_groups_by_event_type_in_a_fixed_order_oldest_first() -> None:
    at = dt.datetime(2026, 12, 1, 9, tzinfo=UTC)
    later = at + dt.timedelta(hours=1)
    items = [
        n.Item(n.ASSIGNED, "INC-3 came to your party", "", "/t/3/", at),
        n.Item(n.BREACH, "INC-2 breached", "P1", "/t/2/", later),
        n.Item(n.BREACH, "INC-1 breached", "P2", "/t/1/", at),
    ]
    mail = n.compose(items, digest=True, base_url="https://podium.example/")
    assert mail.subject == "Podium daily digest: 3 notifications"
    lines = mail.text.splitlines()
    assert lines.index("Breaches (2)") < lines.index("Tickets assigned to my party (1)")
    assert lines.index("- INC-1 breached") < lines.index("- INC-2 breached")
    assert "  https://podium.example/t/1/" in lines
    single = n.compose(items[:1], digest=False, base_url="https://podium.example")
    assert single.subject == "Podium: INC-3 came to your party"
    with pytest.raises(ValueError, match="at least one"):
        n.compose([], digest=True, base_url="")


def test_email_modes_fall_back_to_the_defaults() -> None:
    assert n.email_mode(n.WARNING, {}) == n.DIGEST
    assert n.email_mode(n.WARNING, {n.WARNING: "hourly"}) == n.OFF
    assert n.email_mode(n.STEP, {n.STEP: n.OFF}) == n.OFF


def test_a_cloud_event_needs_its_id_source_and_type() -> None:
    at = dt.datetime(2026, 12, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    event = n.cloud_event(
        event_id="evt_1", event_type=n.STEP, source="/ops", subject="INC-1", time=at, data={}
    )
    assert event["time"] == "2026-12-01T07:00:00Z"
    with pytest.raises(ValueError, match="an id"):
        n.cloud_event(event_id="", event_type=n.STEP, source="/ops", subject="", time=at, data={})
