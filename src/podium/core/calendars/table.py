"""The open-time table: every open stretch of a range of years as sorted UTC microseconds.

Business time between two instants is ``elapsed(end) - elapsed(start)``, where ``elapsed`` is
the open time since the table's first instant. With the stretches sorted and their cumulative
open time stored, ``elapsed`` is one binary search and a clip per instant, so a million
intervals cost a few array passes and no Python loop. Everything is integer microseconds, so
sums are exact; callers divide by 1e6 once at the end.

The table is built from local dates ``[first_day, end_day)`` and is exact for UTC instants in
``[lo, hi]``, two days inside that range, which is more than any UTC offset can shift a date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np

from podium.core.calendars.hours import WeeklyHours
from podium.core.calendars.zones import DAY_US, SECOND_US, Int64Array, offset_pieces

_MARGIN_US = 2 * DAY_US


def union(starts: Int64Array, ends: Int64Array) -> tuple[Int64Array, Int64Array]:
    """Merge overlapping or touching stretches and drop empty ones; result sorted."""
    keep = ends > starts
    starts, ends = starts[keep], ends[keep]
    if starts.size == 0:
        return starts, ends
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)
    new_group = np.empty(starts.size, dtype=bool)
    new_group[0] = True
    new_group[1:] = starts[1:] > reach[:-1]
    group_starts = starts[new_group]
    last_of_group = np.flatnonzero(np.append(new_group[1:], True))
    return group_starts, reach[last_of_group]


def intersect(
    a: tuple[Int64Array, Int64Array], b: tuple[Int64Array, Int64Array]
) -> tuple[Int64Array, Int64Array]:
    """Intersect two sets of disjoint stretches by sweeping their boundaries."""
    positions = np.concatenate([a[0], a[1], b[0], b[1]])
    ones = np.ones(a[0].size, dtype=np.int64)
    others = np.ones(b[0].size, dtype=np.int64)
    deltas = np.concatenate([ones, -ones, others, -others])
    order = np.lexsort((deltas, positions))  # at one position, ends before starts
    positions, deltas = positions[order], deltas[order]
    depth = np.cumsum(deltas)
    inside = depth[:-1] == 2
    return union(positions[:-1][inside], positions[1:][inside])


def local_open(
    hours: WeeklyHours, first_day: int, end_day: int, closed_days: Iterable[int]
) -> tuple[Int64Array, Int64Array]:
    """Open stretches in local wall-clock microseconds (as if the zone were UTC)."""
    days = np.arange(first_day, end_day, dtype=np.int64)
    closed = np.fromiter(closed_days, dtype=np.int64)
    days = days[~np.isin(days, closed)]
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    starts: list[Int64Array] = []
    ends: list[Int64Array] = []
    for index, intervals in enumerate(hours.days):
        midnights = days[weekday == index] * DAY_US
        for interval in intervals:
            starts.append(midnights + interval.start * SECOND_US)
            ends.append(midnights + interval.end * SECOND_US)
    if not starts:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    return union(np.concatenate(starts), np.concatenate(ends))


def wall_to_utc(
    zone: ZoneInfo, local: tuple[Int64Array, Int64Array], lo_us: int, hi_us: int
) -> tuple[Int64Array, Int64Array]:
    """Map wall-clock stretches to the UTC instants whose local time falls inside them.

    Within a piece of constant offset the map is a shift, so each piece takes the local
    stretches overlapping its local image and shifts them back. Wall times skipped by a
    spring-forward change belong to no instant and vanish; wall times repeated in autumn belong
    to two instants and count twice. That is the definition: open means the wall clock shows
    an open time.
    """
    bounds, offsets = offset_pieces(zone, lo_us // SECOND_US, hi_us // SECOND_US)
    local_starts, local_ends = local
    out_starts: list[Int64Array] = []
    out_ends: list[Int64Array] = []
    for j, offset in enumerate(offsets.tolist()):
        image_lo, image_hi = int(bounds[j]) + offset, int(bounds[j + 1]) + offset
        first = int(np.searchsorted(local_ends, image_lo, side="right"))
        last = int(np.searchsorted(local_starts, image_hi, side="left"))
        out_starts.append(np.maximum(local_starts[first:last], image_lo) - offset)
        out_ends.append(np.minimum(local_ends[first:last], image_hi) - offset)
    return union(np.concatenate(out_starts), np.concatenate(out_ends))


@dataclass(frozen=True, slots=True, eq=False)
class OpenTable:
    """Sorted disjoint open stretches in UTC microseconds, with cumulative open time."""

    first_day: int
    end_day: int
    lo: int
    hi: int
    starts: Int64Array
    ends: Int64Array
    before: Int64Array  # open time in [lo, starts[k])
    through: Int64Array  # open time in [lo, ends[k])
    day_index: Int64Array  # per UTC day from lo's: last stretch starting at or before midnight
    steps: int  # most stretches starting within one UTC day

    @classmethod
    def build(
        cls,
        zone: ZoneInfo,
        hours: WeeklyHours,
        first_day: int,
        end_day: int,
        closed_days: Iterable[int],
        closed_spans: tuple[Int64Array, Int64Array],
    ) -> OpenTable:
        """Build for local dates ``[first_day, end_day)``; exact on ``[lo, hi]`` (see module)."""
        lo, hi = first_day * DAY_US + _MARGIN_US, end_day * DAY_US - _MARGIN_US
        local = local_open(hours, first_day, end_day, closed_days)
        starts, ends = wall_to_utc(zone, local, first_day * DAY_US, end_day * DAY_US)
        window = (np.asarray([lo], dtype=np.int64), np.asarray([hi], dtype=np.int64))
        starts, ends = intersect((starts, ends), window)
        if closed_spans[0].size:
            span_starts, span_ends = union(*closed_spans)
            gaps = (
                np.concatenate([[lo], span_ends]).astype(np.int64),
                np.concatenate([span_starts, [hi]]).astype(np.int64),
            )
            starts, ends = intersect((starts, ends), union(*gaps))
        through = np.cumsum(ends - starts)
        midnights = np.arange(lo // DAY_US, hi // DAY_US + 2, dtype=np.int64) * DAY_US
        found = np.searchsorted(starts, midnights, side="right")
        steps = int(np.diff(found).max(initial=0))
        return cls(
            first_day,
            end_day,
            lo,
            hi,
            starts,
            ends,
            through - (ends - starts),
            through,
            (found - 1).astype(np.int64),
            steps,
        )

    @property
    def total(self) -> int:
        """Open microseconds in ``[lo, hi]``."""
        return int(self.through[-1]) if self.through.size else 0

    def elapsed(self, at: Int64Array) -> Int64Array:
        """Open microseconds in ``[lo, at)`` for each instant (all inside ``[lo, hi]``)."""
        if self.starts.size == 0:
            return np.zeros(at.shape, dtype=np.int64)
        k = self.locate(at)
        index = np.maximum(k, 0)
        start = self.starts[index]
        inside = np.clip(at - start, 0, self.ends[index] - start)
        return np.where(k >= 0, self.before[index] + inside, 0)

    def locate(self, at: Int64Array) -> Int64Array:
        """Index of the last stretch starting at or before each instant (-1 if none).

        Start from the stretch known for the instant's UTC midnight and step over the few
        that start later that day: a gather and a handful of comparisons, several times faster
        than a binary search over random instants.
        """
        if self.steps > 8:
            return np.searchsorted(self.starts, at, side="right") - 1
        k = self.day_index[at // DAY_US - self.lo // DAY_US]
        padded = np.append(self.starts, np.iinfo(np.int64).max)
        for _ in range(self.steps):
            k += padded[k + 1] <= at
        return k

    def forward(self, target: Int64Array) -> Int64Array:
        """Earliest instant whose elapsed time is ``target``; needs ``0 < target <= total``."""
        k = np.searchsorted(self.through, target, side="left")
        return self.starts[k] + (target - self.before[k])

    def backward(self, target: Int64Array) -> Int64Array:
        """Latest instant whose elapsed time is ``target``; needs ``0 <= target < total``."""
        k = np.searchsorted(self.before, target, side="right") - 1
        return self.starts[k] + (target - self.before[k])

    def is_open(self, at: int) -> bool:
        """Whether ``at`` lies in an open stretch (stretches include their start)."""
        k = int(np.searchsorted(self.starts, at, side="right")) - 1
        return k >= 0 and at < int(self.ends[k])

    def next_change(self, at: int) -> int | None:
        """First instant after ``at`` where the state flips, or None if not within the table."""
        k = int(np.searchsorted(self.starts, at, side="right")) - 1
        if k >= 0 and at < int(self.ends[k]):
            change = int(self.ends[k])
        elif k + 1 < self.starts.size:
            change = int(self.starts[k + 1])
        else:
            return None
        return change if change < self.hi else None  # a stretch cut at hi is no real change
