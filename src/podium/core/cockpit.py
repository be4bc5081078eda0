"""The conductor's overview in figures: health per business service, what needs attention first.

Pure: the cockpit's selectors hand in event-log groups, outage intervals and the items each
context reports, with `now`; this module decides the period's windows, the attainment and
availability of each service and their trend, and the order of "needs attention" by impact.
The same functions feed the web cockpit and the monthly report, so the two cannot disagree.

- **SLA attainment** of a service: percent of its tickets whose end-to-end clock stopped in
  the window without a breach (the `sla_attainment` of `core.goals`, per service), read from
  the verdict the live path keeps on each ticket when its clock stops.
- **Availability** of a service: percent of the window without an open P1 ticket on it
  (a P1 is a major incident: the service is down or unusable while one is open). Overlapping
  P1s count once.
- **Trend**: the attainment of each bucket of the period (days of a week, weeks of a month or
  a quarter), and "up", "down" or "flat" for the last bucket against the earlier ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from podium.core.goals import Window
from podium.core.scorecard import trend

PERIODS: dict[str, tuple[str, int, int]] = {
    "7d": ("Last 7 days", 7, 1),
    "30d": ("Last 30 days", 30, 7),
    "90d": ("Last 90 days", 91, 7),
}
"""Period key → (label, days, days per trend bucket)."""
DEFAULT_PERIOD = "30d"
NOTICE_HORIZON_DAYS = 90
"""Notice deadlines this close are shown."""


class CockpitError(ValueError):
    """A period or an interval the cockpit cannot read."""


@dataclass(frozen=True, slots=True)
class Period:
    """The period the cockpit looks back over, ending at the day after `today` (so today's
    events count), split into trend buckets."""

    key: str
    label: str
    days: int
    bucket_days: int

    def window(self, today: dt.date) -> Window:
        """
        >>> period_of("7d").window(dt.date(2026, 3, 10)).start.isoformat()
        '2026-03-04T00:00:00+00:00'
        """
        end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        return Window(end - dt.timedelta(days=self.days), end)

    def buckets(self, today: dt.date) -> list[Window]:
        """The period's trend buckets, oldest first, covering the window exactly.

        >>> [(w.start.day, w.end.day) for w in period_of("7d").buckets(dt.date(2026, 3, 3))][:2]
        [(25, 26), (26, 27)]
        >>> len(period_of("90d").buckets(dt.date(2026, 3, 3)))
        13
        """
        whole = self.window(today)
        step = dt.timedelta(days=self.bucket_days)
        found = []
        start = whole.start
        while start < whole.end:
            found.append(Window(start, min(start + step, whole.end)))
            start += step
        return found


def period_of(key: str | None) -> Period:
    """The period named by `key`; an unknown or empty key reads as the default.

    >>> period_of("90d").days, period_of("bogus").key
    (91, '30d')
    """
    chosen = key if key in PERIODS else DEFAULT_PERIOD
    label, days, bucket = PERIODS[chosen]
    return Period(chosen, label, days, bucket)


# --- health per service ------------------------------------------------------------------------


def availability(
    outages: Iterable[tuple[dt.datetime, dt.datetime | None]], window: Window, now: dt.datetime
) -> float:
    """Percent of `window` (up to `now`) outside every outage; an outage still open runs to
    `now`. Overlaps count once.

    >>> day = Window(dt.datetime(2026, 3, 2, tzinfo=dt.UTC), dt.datetime(2026, 3, 3, tzinfo=dt.UTC))
    >>> at = lambda h: dt.datetime(2026, 3, 2, h, tzinfo=dt.UTC)
    >>> availability([(at(6), at(12)), (at(9), at(18))], day, day.end)
    50.0
    >>> availability([(at(18), None)], day, at(21))
    85.71
    """
    end = window.as_of(now)
    if end <= window.start:
        return 100.0
    spans = sorted(
        (max(start, window.start), min(stop or end, end))
        for start, stop in outages
        if start < end and (stop is None or stop > window.start)
    )
    down = dt.timedelta()
    current: tuple[dt.datetime, dt.datetime] | None = None
    for start, stop in spans:
        if stop <= start:
            continue
        if current is None or start > current[1]:
            if current is not None:
                down += current[1] - current[0]
            current = (start, stop)
        else:
            current = (current[0], max(current[1], stop))
    if current is not None:
        down += current[1] - current[0]
    total = (end - window.start).total_seconds()
    return round(100.0 * (1 - down.total_seconds() / total), 2)


@dataclass(frozen=True, slots=True)
class ServiceHealth:
    """One business service over the period: attainment (None when no ticket stopped its
    clock), how many tickets it is read from, breaches among them, availability, and the
    attainment per bucket with its direction ("up" is better)."""

    service: str
    attainment: float | None
    basis: int
    breaches: int
    availability: float
    trend: tuple[float | None, ...]
    direction: str


def _share(measured: int, breached: int) -> float | None:
    if not measured:
        return None
    return round(100.0 * (measured - breached) / measured, 2)


def service_health(
    counts: Mapping[str, Sequence[tuple[int, int]]],
    outages: Mapping[str, Sequence[tuple[dt.datetime, dt.datetime | None]]],
    services: Sequence[str],
    buckets: Sequence[Window],
    *,
    now: dt.datetime,
) -> list[ServiceHealth]:
    """The health of each of `services` (in that order) over the buckets' span.

    `counts` gives, per service and bucket, how many tickets' end-to-end clocks stopped in
    the bucket and how many of those had breached (the engine's verdict, kept on each ticket
    by the live path); `outages` each service's open-P1 intervals.

    >>> t = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    >>> days = [Window(t, t + dt.timedelta(days=1)), Window(t + dt.timedelta(days=1), t + dt.timedelta(days=2))]
    >>> [health] = service_health({"mail": [(2, 1), (1, 0)]}, {}, ["mail"], days, now=days[-1].end)
    >>> health.attainment, health.basis, health.breaches, health.trend, health.direction
    (66.67, 3, 1, (50.0, 100.0), 'up')
    """
    if not buckets:
        raise CockpitError("a period has at least one bucket")
    whole = Window(buckets[0].start, buckets[-1].end)
    found = []
    for service in services:
        per_bucket = list(counts.get(service, ()))
        per_bucket += [(0, 0)] * (len(buckets) - len(per_bucket))
        if len(per_bucket) != len(buckets):
            raise CockpitError(f"{service}: {len(per_bucket)} bucket counts for {len(buckets)}")
        measured = sum(m for m, _ in per_bucket)
        breached = sum(b for _, b in per_bucket)
        shares = tuple(_share(m, b) for m, b in per_bucket)
        found.append(
            ServiceHealth(
                service=service,
                attainment=_share(measured, breached),
                basis=measured,
                breaches=breached,
                availability=availability(outages.get(service, ()), whole, now),
                trend=shares,
                direction=trend(list(shares)),
            )
        )
    return found


# --- needs attention, by impact ----------------------------------------------------------------

PRIORITY_WEIGHT = {"P1": 100.0, "P2": 60.0, "P3": 30.0, "P4": 15.0, "P5": 10.0}
"""How much an open breach or escalation of each priority weighs (unknown: as P3)."""


def breach_impact(priority: str, *, breached: bool, hours_over: float = 0.0) -> float:
    """An open ticket's weight: its priority, doubled once its clock breached, growing by a
    tenth per hour past the deadline (capped at three times).

    >>> breach_impact("P1", breached=True, hours_over=5), breach_impact("P3", breached=False)
    (250.0, 30.0)
    """
    weight = PRIORITY_WEIGHT.get(priority, PRIORITY_WEIGHT["P3"])
    if not breached:
        return weight
    return round(weight * min(3.0, 2.0 + 0.1 * max(hours_over, 0.0)), 2)


def overdue_impact(days_overdue: int, *, base: float = 20.0) -> float:
    """An overdue action or decision: `base`, plus two per day overdue (capped at +60).

    >>> overdue_impact(3), overdue_impact(90)
    (26.0, 80.0)
    """
    return base + min(60.0, 2.0 * max(days_overdue, 0))


def deadline_impact(days_left: int, *, base: float = 50.0) -> float:
    """A deadline ahead (a contract's notice date): heavier the nearer it is, `base` at the
    day itself, nothing beyond the notice horizon.

    >>> deadline_impact(0), deadline_impact(45), deadline_impact(120)
    (50.0, 25.0, 0.0)
    """
    if days_left > NOTICE_HORIZON_DAYS:
        return 0.0
    return round(base * (1 - max(days_left, 0) / NOTICE_HORIZON_DAYS), 2)


def conflict_impact(conflicts: int, *, critical: bool = False) -> float:
    """A planned change with conflicts: ten per conflict, doubled on a critical service.

    >>> conflict_impact(2), conflict_impact(2, critical=True)
    (20.0, 40.0)
    """
    return 10.0 * conflicts * (2 if critical else 1)


def health_impact(attainment: float | None, availability: float, target: float = 95.0) -> float:
    """A service below target: the points it misses its attainment target by, and three per
    point of availability lost below 99.5 %.

    >>> health_impact(80.0, 100.0), health_impact(None, 98.5), health_impact(99.0, 100.0)
    (15.0, 3.0, 0.0)
    """
    missed = 0.0 if attainment is None else max(0.0, target - attainment)
    return round(missed + 3.0 * max(0.0, 99.5 - availability), 2)
