"""Durations and instants in the words a console uses: "in 2 h", "3 d ago", "45 min".

Pure: the caller passes both instants (pages pass the request's now), so the same text can be
tested for any pair of times.
"""

from __future__ import annotations

import datetime as dt

_MINUTE = 60
_HOUR = 3_600
_DAY = 86_400
_MONTH = 30.44 * _DAY
_YEAR = 365.25 * _DAY


def span_text(seconds: float) -> str:
    """A duration in its largest sensible unit, rounded down.

    >>> [span_text(s) for s in (30, 150, 7_200, 200_000, 8_000_000, 80_000_000)]
    ['0 min', '2 min', '2 h', '2 d', '3 mo', '2 y']
    """
    seconds = abs(seconds)
    if seconds < _HOUR:
        return f"{int(seconds // _MINUTE)} min"
    if seconds < 2 * _DAY:
        return f"{int(seconds // _HOUR)} h"
    if seconds < 60 * _DAY:
        return f"{int(seconds // _DAY)} d"
    if seconds < 2 * _YEAR:
        return f"{int(seconds // _MONTH)} mo"
    return f"{int(seconds // _YEAR)} y"


def relative_text(moment: dt.datetime, now: dt.datetime) -> str:
    """``moment`` as seen from ``now``: "in 2 h", "3 d ago", or "now" within a minute.

    >>> now = dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC)
    >>> relative_text(now + dt.timedelta(hours=2, minutes=5), now)
    'in 2 h'
    >>> relative_text(now - dt.timedelta(days=3, hours=20), now)
    '3 d ago'
    >>> relative_text(now - dt.timedelta(seconds=20), now)
    'now'
    """
    seconds = (moment - now).total_seconds()
    if abs(seconds) < _MINUTE:
        return "now"
    text = span_text(seconds)
    return f"in {text}" if seconds > 0 else f"{text} ago"


def relative_day_text(day: dt.date, today: dt.date) -> str:
    """A calendar day as seen from ``today``: "today", "tomorrow", "in 12 d", "3 d ago".

    >>> today = dt.date(2026, 10, 5)
    >>> [relative_day_text(today + dt.timedelta(days=n), today) for n in (0, 1, -1, 12, -90)]
    ['today', 'tomorrow', 'yesterday', 'in 12 d', '2 mo ago']
    """
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    text = span_text(days * _DAY)
    return f"in {text}" if days > 0 else f"{text} ago"
