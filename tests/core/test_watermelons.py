"""Watermelon alerts from the engine: per service, tickets breached end to end in the window
while no party's own clock was; tiny literal logs in, exact alerts out."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from podium.core.clocks import ClockPolicy, WallClockTime
from podium.core.eventlog import EventLog
from podium.core.goals import ClockGroup
from podium.core.watermelons import WatermelonError, watermelon_alerts

T = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)
POLICY = ClockPolicy(default_target_seconds=3 * 3600, party_targets={"A": 7200.0, "B": 7200.0})


def _group(rows: list[tuple[str, dt.datetime, str, str | None]]) -> ClockGroup:
    frame = pl.DataFrame(
        rows, schema=["case_id", "timestamp", "activity", "party"], orient="row"
    ).with_columns(pl.col("timestamp").dt.cast_time_unit("us"))
    return ClockGroup(EventLog.from_frame(frame), WallClockTime(), POLICY)


def _green_for_each_red_overall(
    case: str, start: dt.datetime
) -> list[tuple[str, dt.datetime, str, str | None]]:
    """A holds 2 h, B holds 2 h: both within 2 h, the whole 4 h past the 3 h target."""
    return [
        (case, start, "New", "A"),
        (case, start + 2 * H, "Work", "B"),
        (case, start + 4 * H, "Resolved", "B"),
    ]


def test_a_watermelon_is_counted_for_its_service_in_the_window() -> None:
    group = _group(
        [
            *_green_for_each_red_overall("T1", T),
            *[("T2", T, "New", "A"), ("T2", T + 5 * H, "Resolved", "A")],  # red for A: no melon
            *_green_for_each_red_overall("T3", T),
        ]
    )
    alerts = watermelon_alerts(
        [group],
        {"T1": "shop", "T2": "shop", "T3": "voice"},
        now=T + 6 * H,
        window=dt.timedelta(days=1),
    )
    assert [(a.service, a.tickets, a.breached) for a in alerts] == [
        ("shop", ("T1",), 2),
        ("voice", ("T3",), 1),
    ]
    assert alerts[0].share_of_breaches == 0.5


def test_the_window_holds_the_breach_not_the_ticket() -> None:
    group = _group(_green_for_each_red_overall("OLD", T - dt.timedelta(days=10)))
    now = T + 6 * H
    assert watermelon_alerts([group], {"OLD": "shop"}, now=now, window=dt.timedelta(days=7)) == ()
    [alert] = watermelon_alerts([group], {"OLD": "shop"}, now=now, window=dt.timedelta(days=11))
    assert alert.start == now - dt.timedelta(days=11)


def test_a_ticket_without_a_party_or_a_service_is_no_watermelon() -> None:
    nobody = [("N", T, "New", None), ("N", T + 4 * H, "Resolved", None)]
    group = _group(nobody + _green_for_each_red_overall("T1", T))
    assert (
        watermelon_alerts([group], {"N": "shop"}, now=T + 6 * H, window=dt.timedelta(days=1)) == ()
    )


def test_a_live_ticket_breached_in_the_window_counts_as_of_now() -> None:
    # A 0.5 h, B 1.5 h, A again from 2 h: at 3.2 h each party is within 2 h, the whole past 3 h
    group = _group(
        [("L", T, "New", "A"), ("L", T + 0.5 * H, "Work", "B"), ("L", T + 2 * H, "Work", "A")]
    )
    early = watermelon_alerts([group], {"L": "shop"}, now=T + 2.5 * H, window=dt.timedelta(days=1))
    assert early == ()
    [late] = watermelon_alerts([group], {"L": "shop"}, now=T + 3.2 * H, window=dt.timedelta(days=1))
    assert late.tickets == ("L",)


@pytest.mark.parametrize("window", [dt.timedelta(0), dt.timedelta(days=400)])
def test_a_window_out_of_bounds_is_refused(window: dt.timedelta) -> None:
    with pytest.raises(WatermelonError, match="window"):
        watermelon_alerts([], {}, now=T, window=window)


def test_now_must_be_aware() -> None:
    with pytest.raises(WatermelonError, match="now"):
        watermelon_alerts([], {}, now=T.replace(tzinfo=None), window=dt.timedelta(days=1))
