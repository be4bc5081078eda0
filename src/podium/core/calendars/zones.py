"""UTC offsets of an IANA zone as constant pieces, found from `zoneinfo` alone.

`zoneinfo` does not publish its transition list, so the offset is sampled once a day and each
change is bisected down to the second (tzdata transitions fall on whole seconds). Two offset
changes less than a day apart that cancel out would be seen as none; tzdata has no such pair
in the years Podium serves (daylight saving lasts weeks at the shortest). The result lets the table turn wall-clock intervals into UTC instants
with array arithmetic instead of one conversion per day.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

import numpy as np
import numpy.typing as npt

from podium.core.calendars.errors import CalendarError

SECOND_US = 1_000_000
DAY_US = 86_400 * SECOND_US
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_STEP_S = 86_400

Int64Array = npt.NDArray[np.int64]


# The longest IANA key is 32 characters (America/Argentina/ComodRivadavia); model fields hold 64.
MAX_KEY_LENGTH = 64
_SHOWN = 32


@functools.cache
def time_zone_keys() -> frozenset[str]:
    """Every key of the installed IANA database (read once per process)."""
    # "localtime" is the machine's own zone file on some systems, not a key of the database.
    return frozenset(available_timezones() - {"localtime"})


def is_time_zone_key(name: object) -> bool:
    """Whether `name` is a key of the IANA time zone database installed here.

    Only listed keys pass: `ZoneInfo` itself would open directories ("Europe"), overlong
    names and paths and fail with whatever the file system says.

    >>> is_time_zone_key("Europe/Amsterdam"), is_time_zone_key("Europe"), is_time_zone_key("UTC ")
    (True, False, False)
    """
    return isinstance(name, str) and 0 < len(name) <= MAX_KEY_LENGTH and name in time_zone_keys()


def time_zone_problem(name: str) -> str | None:
    """None for an IANA key, else the sentence that says why not (a long value shortened).

    >>> time_zone_problem("Etc")
    "'Etc' is not an IANA time zone such as Europe/Amsterdam"
    """
    if is_time_zone_key(name):
        return None
    shown = (
        repr(name) if len(name) <= _SHOWN else f"{name[:_SHOWN] + '…'!r} ({len(name)} characters)"
    )
    return f"{shown} is not an IANA time zone such as Europe/Amsterdam"


def load_zone(name: str) -> ZoneInfo:
    """Open an IANA zone; anything that is not a key is a `CalendarError` saying so."""
    problem = time_zone_problem(name)
    if problem is not None:
        raise CalendarError(problem)
    return ZoneInfo(name)


def _offset_s(zone: ZoneInfo, second: int) -> int:
    try:
        offset = datetime.fromtimestamp(second, zone).utcoffset()
    except (OverflowError, OSError, ValueError):  # outside the platform's time_t
        offset = (_EPOCH + timedelta(seconds=second)).astimezone(zone).utcoffset()
    assert offset is not None
    return offset // timedelta(seconds=1)


def offset_pieces(zone: ZoneInfo, lo_s: int, hi_s: int) -> tuple[Int64Array, Int64Array]:
    """Split UTC seconds ``[lo_s, hi_s)`` where the offset changes.

    Returns ``(bounds, offsets)`` in microseconds: piece ``j`` is ``[bounds[j], bounds[j+1])``
    with local time = UTC + ``offsets[j]``; ``bounds`` has one more entry than ``offsets``.
    """
    bounds = [lo_s]
    offsets = [_offset_s(zone, lo_s)]
    current = offsets[0]
    at = lo_s
    while at < hi_s:
        probe = min(at + _STEP_S, hi_s)
        probe_offset = _offset_s(zone, probe)
        if probe_offset != current:
            low, high = at, probe  # offset(low) == current, offset(high) != current
            while high - low > 1:
                middle = (low + high) // 2
                if _offset_s(zone, middle) == current:
                    low = middle
                else:
                    high = middle
            bounds.append(high)
            current = _offset_s(zone, high)
            offsets.append(current)
            at = high
        else:
            at = probe
    bounds.append(hi_s)
    return (
        np.asarray(bounds, dtype=np.int64) * SECOND_US,
        np.asarray(offsets, dtype=np.int64) * SECOND_US,
    )


def on_wall_clock(local: datetime, zone_name: str) -> datetime:
    """The instant a wall-clock time (no zone) means in `zone_name`.

    A time the clocks skip (02:30 on the night summer time starts) is refused with the reason;
    a time they pass twice (02:30 when it ends) is its first passing, before the change.

    >>> on_wall_clock(datetime(2026, 10, 25, 2, 30), "Europe/Amsterdam").isoformat()
    '2026-10-25T02:30:00+02:00'
    >>> on_wall_clock(datetime(2026, 3, 29, 2, 30), "Europe/Amsterdam")
    Traceback (most recent call last):
    ...
    podium.core.calendars.errors.CalendarError: 2026-03-29 02:30 does not exist in Europe/Amsterdam: the clocks skip it
    """
    zone = ZoneInfo(zone_name)
    wall = local.replace(tzinfo=None)
    instant = wall.replace(tzinfo=zone, fold=0)
    if instant.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        raise CalendarError(
            f"{wall:%Y-%m-%d %H:%M} does not exist in {zone_name}: the clocks skip it"
        )
    return instant
