"""When a contract needs attention: one rule for the contract list and page, the home page,
the forums' agendas and the responsibility matrix's findings.

A contract needs notice soon while its notice deadline lies ahead within the window, or, the
deadline passed, while its term ends within the window; it has expired once its term has ended.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

NOTICE_WINDOW_DAYS = 90


class Standing(StrEnum):
    ACTIVE = "active"
    NOTICE_SOON = "notice_soon"
    EXPIRED = "expired"


def standing(
    *,
    ends_on: dt.date,
    notice_deadline: dt.date,
    today: dt.date,
    window_days: int = NOTICE_WINDOW_DAYS,
) -> Standing:
    """Where a contract stands on `today`.

    >>> day = dt.date(2026, 12, 1)
    >>> standing(ends_on=dt.date(2027, 6, 30), notice_deadline=dt.date(2027, 1, 31), today=day)
    <Standing.NOTICE_SOON: 'notice_soon'>
    >>> standing(ends_on=dt.date(2028, 6, 30), notice_deadline=dt.date(2026, 11, 1), today=day)
    <Standing.ACTIVE: 'active'>
    >>> standing(ends_on=dt.date(2027, 1, 31), notice_deadline=dt.date(2026, 11, 1), today=day)
    <Standing.NOTICE_SOON: 'notice_soon'>
    >>> standing(ends_on=dt.date(2026, 11, 30), notice_deadline=dt.date(2026, 9, 1), today=day)
    <Standing.EXPIRED: 'expired'>
    """
    if ends_on < today:
        return Standing.EXPIRED
    horizon = today + dt.timedelta(days=window_days)
    if today <= notice_deadline <= horizon or ends_on <= horizon:
        return Standing.NOTICE_SOON
    return Standing.ACTIVE


def needs_notice_soon(
    *,
    ends_on: dt.date,
    notice_deadline: dt.date,
    today: dt.date,
    window_days: int = NOTICE_WINDOW_DAYS,
) -> bool:
    return (
        standing(
            ends_on=ends_on, notice_deadline=notice_deadline, today=today, window_days=window_days
        )
        is Standing.NOTICE_SOON
    )
