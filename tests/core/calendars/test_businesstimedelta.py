"""Cross-check against the `businesstimedelta` library on random intervals: identical results.

businesstimedelta gets one WorkDayRule per opening interval (pytz zone) and a HolidayRule over
the same holiday dates. Inputs are whole seconds (it drops microseconds) and stay before 2037
(pytz applies no daylight saving after 2037). A tenth of the intervals start on the weekend of a
clock change, and a tenth on a holiday, where mistakes would hide.
"""

from __future__ import annotations

import datetime as dt

import businesstimedelta as btd
import holidays
import numpy as np
import pytest
import pytz

from podium.core.calendars import BusinessCalendar

FIRST, LAST = 2000, 2036


def random_intervals(
    rng: np.random.Generator, n: int, special_days: list[dt.date]
) -> tuple[np.ndarray, np.ndarray]:
    lo = int(dt.datetime(FIRST, 1, 1, tzinfo=dt.UTC).timestamp())
    hi = int(dt.datetime(LAST, 1, 1, tzinfo=dt.UTC).timestamp())
    starts = rng.integers(lo, hi, size=n)
    special = np.asarray(
        [int(dt.datetime.combine(d, dt.time(), dt.UTC).timestamp()) for d in special_days]
    )
    pick = rng.random(n) < 0.2
    starts[pick] = rng.choice(special, size=int(pick.sum())) + rng.integers(
        -2 * 86400, 2 * 86400, size=int(pick.sum())
    )
    lengths = np.exp(rng.uniform(np.log(60), np.log(2 * 86400), size=n)).astype(np.int64)
    return starts.astype("datetime64[s]"), (starts + lengths).astype("datetime64[s]")


def clock_change_days(zone: str) -> list[dt.date]:
    tz = pytz.timezone(zone)
    return sorted(
        t.date()
        for t in tz._utc_transition_times  # type: ignore[attr-defined]
        if FIRST <= t.year < LAST
    )


@pytest.mark.parametrize(
    ("zone", "country", "rules", "n"),
    [
        (
            "Europe/Amsterdam",
            "NL",
            [
                ((8, 0), (12, 0), [0, 1, 2, 3, 4]),
                ((13, 0), (17, 0), [0, 1, 2, 3, 4]),
                ((9, 0), (12, 0), [5]),
            ],
            10_000,
        ),
        ("America/New_York", "US", [((9, 0), (17, 30), [0, 1, 2, 3, 4])], 2_000),
    ],
)
def test_identical_to_businesstimedelta(
    zone: str, country: str, rules: list[tuple[tuple[int, int], tuple[int, int], list[int]]], n: int
) -> None:
    hours: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for start, end, days in rules:
        for day in days:
            hours.setdefault(day, []).append((dt.time(*start), dt.time(*end)))
    calendar = BusinessCalendar.weekly(zone, hours, country=country)

    tz = pytz.timezone(zone)
    holiday_dates = set(holidays.country_holidays(country, years=range(FIRST - 1, LAST + 6)))
    other = btd.Rules(
        [btd.WorkDayRule(dt.time(*s), dt.time(*e), days, tz=tz) for s, e, days in rules]
        + [btd.HolidayRule(holiday_dates, tz=tz)]
    )

    rng = np.random.default_rng(20240331)
    special = clock_change_days(zone) + sorted(d for d in holiday_dates if FIRST <= d.year < LAST)
    starts, ends = random_intervals(rng, n, special)
    found = calendar.business_seconds_between(starts, ends)
    expected = [
        other.difference(
            s.replace(tzinfo=pytz.utc), e.replace(tzinfo=pytz.utc)
        ).timedelta.total_seconds()
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
    ]
    mismatches = np.flatnonzero(found != np.asarray(expected))
    assert mismatches.size == 0, [
        (starts[i], ends[i], found[i], expected[i]) for i in mismatches[:5]
    ]
    assert np.count_nonzero(found) > n // 4  # the comparison is not vacuous
