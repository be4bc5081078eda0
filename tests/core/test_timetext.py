"""Relative times in the console's words, for any pair of instants."""

from __future__ import annotations

import datetime as dt

import pytest

from podium.core.timetext import relative_day_text, relative_text, span_text

NOW = dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (dt.timedelta(seconds=59), "now"),
        (dt.timedelta(seconds=-59), "now"),
        (dt.timedelta(minutes=5, seconds=30), "in 5 min"),
        (dt.timedelta(minutes=-59), "59 min ago"),
        (dt.timedelta(hours=2, minutes=59), "in 2 h"),
        (dt.timedelta(hours=-47), "47 h ago"),
        (dt.timedelta(days=-3, hours=-23), "3 d ago"),
        (dt.timedelta(days=59), "in 59 d"),
        (dt.timedelta(days=-95), "3 mo ago"),
        (dt.timedelta(days=800), "in 2 y"),
    ],
)
def test_relative_text(delta: dt.timedelta, text: str) -> None:
    assert relative_text(NOW + delta, NOW) == text


def test_the_zone_of_the_instants_does_not_matter() -> None:
    india = dt.timezone(dt.timedelta(hours=5, minutes=30))
    assert relative_text((NOW - dt.timedelta(hours=3)).astimezone(india), NOW) == "3 h ago"


@pytest.mark.parametrize(
    ("days", "text"),
    [(0, "today"), (1, "tomorrow"), (-1, "yesterday"), (2, "in 2 d"), (-30, "30 d ago")],
)
def test_relative_day_text(days: int, text: str) -> None:
    today = NOW.date()
    assert relative_day_text(today + dt.timedelta(days=days), today) == text


def test_spans_round_down() -> None:
    assert [span_text(s) for s in (0, 3_599, 3_600, 172_799, 172_800)] == [
        "0 min",
        "59 min",
        "1 h",
        "47 h",
        "2 d",
    ]
