"""Watermelon alerts: per business service over a rolling window, the tickets that were green
for every party and red end to end — each party met its own (OLA) target while the end-to-end
(SLA) target was missed. Nobody's dashboard shows the failure, so the integrator has to.

A ticket counts in the window in which its end-to-end clock was breached; the watermelon rule
itself is `core.collaboration.watermelon` (at least one party clock, none of them breached),
over `core.clocks.evaluate_clocks` as of `now` — the same engine as the analysis and the goals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from podium.core.clocks.business_time import UTC_DATETIME
from podium.core.collaboration import watermelon
from podium.core.goals import ClockGroup, evaluate_groups

MAX_WINDOW = dt.timedelta(days=366)


class WatermelonError(ValueError):
    """A window the alerts cannot be read over."""


@dataclass(frozen=True, slots=True)
class WatermelonAlert:
    """One service's watermelons in [start, end): the tickets (by case id, in order), and the
    tickets whose end-to-end clock was breached in the window at all (the watermelons among
    them are the ones no party's clock shows)."""

    service: str
    start: dt.datetime
    end: dt.datetime
    tickets: tuple[str, ...]
    breached: int

    @property
    def count(self) -> int:
        return len(self.tickets)

    @property
    def share_of_breaches(self) -> float:
        return self.count / self.breached if self.breached else 0.0


def watermelon_alerts(
    groups: Sequence[ClockGroup],
    service_of: Mapping[str, str],
    *,
    now: dt.datetime,
    window: dt.timedelta,
) -> tuple[WatermelonAlert, ...]:
    """The services with at least one watermelon ticket breached in [now - window, now), most
    watermelons first (then by service). Cases without a service in `service_of` are left out.

    >>> from podium.core.clocks import ClockPolicy, WallClockTime
    >>> from podium.core.eventlog import EventLog
    >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    >>> h = dt.timedelta(hours=1)
    >>> frame = pl.DataFrame({"case_id": ["T1", "T1", "T1", "T2", "T2"],
    ...     "timestamp": [t, t + 2 * h, t + 4 * h, t, t + 5 * h],
    ...     "activity": ["New", "Work", "Resolved", "New", "Resolved"],
    ...     "party": ["A", "B", "B", "A", "A"]})
    >>> policy = ClockPolicy(default_target_seconds=3 * 3600, party_targets={"A": 7200.0,
    ...     "B": 7200.0})
    >>> group = ClockGroup(EventLog.from_frame(frame), WallClockTime(), policy)
    >>> alerts = watermelon_alerts([group], {"T1": "shop", "T2": "shop"}, now=t + 6 * h,
    ...     window=dt.timedelta(days=1))
    >>> [(a.service, a.tickets, a.breached) for a in alerts]
    [('shop', ('T1',), 2)]
    """
    start, melons, breached = _tally(groups, service_of, now=now, window=window)
    alerts = [
        WatermelonAlert(service, start, now, tuple(sorted(cases)), breached.get(service, 0))
        for service, cases in melons.items()
    ]
    alerts.sort(key=lambda a: (-a.count, a.service))
    return tuple(alerts)


def service_watermelons(
    groups: Sequence[ClockGroup], service: str, *, now: dt.datetime, window: dt.timedelta
) -> WatermelonAlert:
    """One service's verdict over [now - window, now), every case of `groups` being of that
    service: its watermelon tickets and how many were breached end to end — both zero when
    nothing was (a service page shows the verdict either way).

    >>> from podium.core.clocks import ClockPolicy, WallClockTime
    >>> from podium.core.eventlog import EventLog
    >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    >>> frame = pl.DataFrame({"case_id": ["T1", "T1"], "timestamp": [t, t + dt.timedelta(hours=1)],
    ...     "activity": ["New", "Resolved"], "party": ["A", "A"]})
    >>> policy = ClockPolicy(default_target_seconds=3 * 3600, party_targets={"A": 7200.0})
    >>> group = ClockGroup(EventLog.from_frame(frame), WallClockTime(), policy)
    >>> verdict = service_watermelons([group], "shop", now=t + dt.timedelta(hours=6),
    ...     window=dt.timedelta(days=1))
    >>> (verdict.count, verdict.breached)
    (0, 0)
    """
    cases = {str(c) for g in groups for c in g.log.frame["case_id"].unique()}
    start, melons, breached = _tally(groups, dict.fromkeys(cases, service), now=now, window=window)
    return WatermelonAlert(
        service, start, now, tuple(sorted(melons.get(service, ()))), breached.get(service, 0)
    )


def _tally(
    groups: Sequence[ClockGroup],
    service_of: Mapping[str, str],
    *,
    now: dt.datetime,
    window: dt.timedelta,
) -> tuple[dt.datetime, dict[str, list[str]], dict[str, int]]:
    """The window's start, and per service its watermelon cases and its breached count."""
    if now.tzinfo is None:
        raise WatermelonError("`now` must be timezone-aware")
    if window <= dt.timedelta(0) or window > MAX_WINDOW:
        raise WatermelonError(f"the window is between a second and {MAX_WINDOW.days} days")
    start = now - window
    in_window = (pl.col("breached_at") >= pl.lit(start, dtype=UTC_DATETIME)) & (
        pl.col("breached_at") < pl.lit(now, dtype=UTC_DATETIME)
    )
    melons: dict[str, list[str]] = {}
    breached: dict[str, int] = {}
    for result in evaluate_groups(groups, as_of=now):
        recent = result.cases.filter(pl.col("breached") & in_window).select("case_id")
        for case_id in recent["case_id"]:
            service = service_of.get(case_id)
            if service is not None:
                breached[service] = breached.get(service, 0) + 1
        found = watermelon(result).cases.join(recent, on="case_id", how="inner")
        for case_id in found["case_id"]:
            service = service_of.get(case_id)
            if service is not None:
                melons.setdefault(service, []).append(case_id)
    return start, melons, breached


def alerts_from_verdicts(
    verdicts: Iterable[tuple[str, str, Mapping[str, Any]]],
    *,
    now: dt.datetime,
    window: dt.timedelta,
) -> tuple[WatermelonAlert, ...]:
    """The alerts of :func:`watermelon_alerts` from the clock verdicts the live path keeps on
    each ticket (case id, service, verdict: its ``state``, ``due_at``, ``breached_at`` and
    ``parties`` as stored, instants in ISO 8601) instead of the engine over every event: a
    verdict is evaluated at the ticket's last change, and no event came since, so a clock
    still running at `now` breached at its due time if that has passed — where the engine
    would place the breach. The verdicts are those of the tickets with an event in the window.

    >>> t = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    >>> green = [{"party": "A", "breached_at": None, "due_at": None, "holding": False}]
    >>> stopped = {"state": "stopped", "breached_at": "2026-03-02T12:00:00+00:00",
    ...     "due_at": None, "parties": green}
    >>> running = {"state": "running", "breached_at": None, "due_at": "2026-03-02T13:00:00+00:00",
    ...     "parties": [{"party": "A", "breached_at": None, "due_at": "2026-03-02T14:00:00+00:00",
    ...     "holding": True}]}
    >>> alerts = alerts_from_verdicts([("T1", "shop", stopped), ("T2", "shop", running)],
    ...     now=t + dt.timedelta(hours=6), window=dt.timedelta(days=1))
    >>> [(a.service, a.tickets, a.breached) for a in alerts]
    [('shop', ('T1',), 2)]
    """
    if now.tzinfo is None:
        raise WatermelonError("`now` must be timezone-aware")
    if window <= dt.timedelta(0) or window > MAX_WINDOW:
        raise WatermelonError(f"the window is between a second and {MAX_WINDOW.days} days")
    start = now - window
    melons: dict[str, list[str]] = {}
    breached: dict[str, int] = {}
    for case_id, service, verdict in verdicts:
        running = verdict.get("state") == "running"
        at = _breach(verdict, running, now)
        if at is None or not start <= at < now:
            continue
        breached[service] = breached.get(service, 0) + 1
        parties = verdict.get("parties") or ()
        if parties and all(
            _breach(p, running and bool(p.get("holding")), now) is None for p in parties
        ):
            melons.setdefault(service, []).append(case_id)
    alerts = [
        WatermelonAlert(service, start, now, tuple(sorted(cases)), breached.get(service, 0))
        for service, cases in melons.items()
    ]
    alerts.sort(key=lambda a: (-a.count, a.service))
    return tuple(alerts)


def _breach(clock: Mapping[str, Any], running: bool, now: dt.datetime) -> dt.datetime | None:
    """When a stored clock breached as known at `now`: its stored breach, or its due time
    when it is still running and that has passed (a verdict read later than `now` may hold
    a breach still to come at `now`: it does not count yet)."""
    if clock.get("breached_at"):
        at = dt.datetime.fromisoformat(clock["breached_at"])
        return at if at <= now else None
    if running and clock.get("due_at"):
        due = dt.datetime.fromisoformat(clock["due_at"])
        if due <= now:
            return due
    return None
