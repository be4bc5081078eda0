"""The cockpit's figures: periods cut into buckets that cover them exactly, availability that
counts overlapping outages once and stays within 0–100, attainment and trend from the counts."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from podium.core import cockpit
from podium.core.goals import Window

DAY = Window(dt.datetime(2026, 3, 2, tzinfo=dt.UTC), dt.datetime(2026, 3, 3, tzinfo=dt.UTC))


@pytest.mark.parametrize("key", sorted(cockpit.PERIODS))
def test_buckets_cover_the_period_without_gap_or_overlap(key: str) -> None:
    period = cockpit.period_of(key)
    today = dt.date(2026, 3, 10)
    buckets = period.buckets(today)
    whole = period.window(today)
    assert buckets[0].start == whole.start
    assert buckets[-1].end == whole.end
    assert all(a.end == b.start for a, b in itertools.pairwise(buckets))
    assert whole.end == dt.datetime(2026, 3, 11, tzinfo=dt.UTC)  # today counts


def test_an_outage_still_open_runs_to_now_and_overlaps_count_once() -> None:
    at = lambda h: DAY.start + dt.timedelta(hours=h)  # noqa: E731
    assert cockpit.availability([(at(0), at(6)), (at(3), at(6))], DAY, DAY.end) == 75.0
    assert cockpit.availability([(at(12), None)], DAY, at(18)) == round(100 * 12 / 18, 2)
    assert cockpit.availability([(at(-5), at(-1))], DAY, DAY.end) == 100.0  # before the window


hours = st.integers(min_value=-30, max_value=30)


@given(st.lists(st.tuples(hours, st.integers(min_value=0, max_value=40)), max_size=8))
def test_availability_stays_between_0_and_100_and_falls_with_more_outages(
    spans: list[tuple[int, int]],
) -> None:
    outages = [
        (DAY.start + dt.timedelta(hours=s), DAY.start + dt.timedelta(hours=s + length))
        for s, length in spans
    ]
    value = cockpit.availability(outages, DAY, DAY.end)
    assert 0.0 <= value <= 100.0
    more = [*outages, (DAY.start, DAY.start + dt.timedelta(hours=1))]
    assert cockpit.availability(more, DAY, DAY.end) <= value


def test_health_reads_attainment_and_trend_from_the_counts() -> None:
    weeks = cockpit.period_of("30d").buckets(dt.date(2026, 3, 31))
    counts = {"mail": [(10, 5), (10, 4), (10, 1), (10, 0), (4, 0)]}
    [mail, idle] = cockpit.service_health(counts, {}, ["mail", "idle"], weeks, now=weeks[-1].end)
    assert (mail.basis, mail.breaches, mail.attainment) == (44, 10, 77.27)
    assert mail.trend == (50.0, 60.0, 90.0, 100.0, 100.0)
    assert mail.direction == "up"
    assert (idle.attainment, idle.basis, idle.direction) == (None, 0, "")
    with pytest.raises(cockpit.CockpitError, match="idle: 6 bucket counts for 5"):
        cockpit.service_health({"idle": [(1, 0)] * 6}, {}, ["idle"], weeks, now=weeks[-1].end)


def test_impact_orders_an_open_p1_breach_above_an_overdue_action() -> None:
    assert cockpit.breach_impact("P1", breached=True) > cockpit.overdue_impact(365)
    assert cockpit.breach_impact("P4", breached=True) < cockpit.breach_impact("P2", breached=True)
    assert cockpit.deadline_impact(1) > cockpit.deadline_impact(80) > cockpit.deadline_impact(91)
