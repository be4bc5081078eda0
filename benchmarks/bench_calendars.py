"""Business time of many intervals: Podium's calendar table against `businesstimedelta`.

    .venv/bin/python benchmarks/bench_calendars.py [--n 100000] [--seed 7] [--max-days 14]

Both sides get the same seeded random intervals (whole seconds, since businesstimedelta drops
microseconds) on the same calendar: Amsterdam, Mon-Fri 08:00-12:00 and 13:00-17:00, Sat
09:00-12:00, Dutch public holidays. businesstimedelta is given its fastest form: one
WorkDayRule per opening interval and a HolidayRule over a plain set of the same holiday dates.
Intervals stay within 2015-2035 because pytz stops applying daylight saving after 2037.
The script checks every result is identical and prints seconds and the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import businesstimedelta as btd
import holidays
import numpy as np
import pytz

from podium.core.calendars import BusinessCalendar

ZONE = "Europe/Amsterdam"
HOURS = {"mon-fri": "08:00-12:00, 13:00-17:00", "sat": "09:00-12:00"}
FIRST, LAST = dt.datetime(2015, 1, 1, tzinfo=dt.UTC), dt.datetime(2035, 1, 1, tzinfo=dt.UTC)


def random_intervals(n: int, seed: int, max_days: float = 14) -> tuple[np.ndarray, np.ndarray]:
    """Starts uniform over 2015-2035; lengths log-uniform from a minute to `max_days`."""
    rng = np.random.default_rng(seed)
    lo, hi = int(FIRST.timestamp()), int(LAST.timestamp())
    starts = rng.integers(lo, hi, size=n)
    lengths = np.exp(rng.uniform(np.log(60), np.log(max_days * 86400), size=n)).astype(np.int64)
    return (
        starts.astype("datetime64[s]").astype("datetime64[us]"),
        (starts + lengths).astype("datetime64[s]").astype("datetime64[us]"),
    )


def businesstimedelta_rules() -> btd.Rules:
    """The same calendar in businesstimedelta's terms."""
    zone = pytz.timezone(ZONE)
    days = set(holidays.country_holidays("NL", years=range(2010, 2041)))
    return btd.Rules(
        [
            btd.WorkDayRule(dt.time(8), dt.time(12), [0, 1, 2, 3, 4], tz=zone),
            btd.WorkDayRule(dt.time(13), dt.time(17), [0, 1, 2, 3, 4], tz=zone),
            btd.WorkDayRule(dt.time(9), dt.time(12), [5], tz=zone),
            btd.HolidayRule(days, tz=zone),
        ]
    )


def businesstimedelta_seconds(rules: btd.Rules, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    out = np.empty(starts.size, dtype=np.float64)
    for i, (start, end) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        delta = rules.difference(start.replace(tzinfo=pytz.utc), end.replace(tzinfo=pytz.utc))
        out[i] = delta.timedelta.total_seconds()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of intervals")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-days", type=float, default=14, help="longest interval, days")
    args = parser.parse_args()
    starts, ends = random_intervals(args.n, args.seed, args.max_days)

    began = time.perf_counter()
    calendar = BusinessCalendar.weekly(ZONE, HOURS, country="NL")
    cold = calendar.business_seconds_between(starts, ends)
    podium_cold = time.perf_counter() - began
    began = time.perf_counter()
    podium = calendar.business_seconds_between(starts, ends)
    podium_warm = time.perf_counter() - began
    assert np.array_equal(cold, podium)

    began = time.perf_counter()
    reference = businesstimedelta_seconds(businesstimedelta_rules(), starts, ends)
    other = time.perf_counter() - began

    mismatches = int(np.count_nonzero(podium != reference))
    print(f"intervals                          {args.n:>12,}")
    print(f"podium, first call (builds table)  {podium_cold:>12.4f} s")
    print(f"podium, table built                {podium_warm:>12.4f} s")
    print(f"businesstimedelta                  {other:>12.4f} s")
    print(f"ratio, first call                  {other / podium_cold:>12,.0f} x")
    print(f"ratio, table built                 {other / podium_warm:>12,.0f} x")
    print(f"identical results                  {args.n - mismatches:>12,} of {args.n:,}")
    if mismatches:
        raise SystemExit(f"{mismatches} results differ")


if __name__ == "__main__":
    main()
