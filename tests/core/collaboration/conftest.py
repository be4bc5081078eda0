"""One small literal log shared by the collaboration tests; every expectation is hand-computed.

Case X bounces A→B→A (with a party-less wait in B's hands); case Y loops A→B→C→A; case Z
stays with A. Minutes after 08:00 UTC on Monday 4 March 2024.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from podium.core.eventlog import EventLog

BASE = dt.datetime(2024, 3, 4, 8, tzinfo=dt.UTC)
ROWS = [
    ("X", 0, "Queued", None, "A", "A1", 1),
    ("X", 10, "Accepted", "In Progress", "B", "B2", 2),
    ("X", 20, "Accepted", "Wait - User", None, None, None),
    ("X", 40, "Accepted", "In Progress", "A", "A1", 1),
    ("X", 60, "Completed", "Resolved", "A", "A1", 1),
    ("Y", 0, "Queued", None, "A", "A1", 1),
    ("Y", 5, "Accepted", "In Progress", "B", "B2", 2),
    ("Y", 15, "Accepted", "In Progress", "C", "C3", 3),
    ("Y", 30, "Accepted", "Wait - Vendor", "A", "A1", 1),
    ("Y", 50, "Completed", "Closed", "A", "A1", 1),
    ("Z", 0, "Queued", None, "A", "A1", 1),
    ("Z", 30, "Completed", "Resolved", "A", "A1", 1),
]


@pytest.fixture
def log() -> EventLog:
    frame = pl.DataFrame(
        {
            "case_id": [r[0] for r in ROWS],
            "timestamp": [BASE + dt.timedelta(minutes=r[1]) for r in ROWS],
            "activity": [r[2] for r in ROWS],
            "sub_status": [r[3] for r in ROWS],
            "party": [r[4] for r in ROWS],
            "team": [r[5] for r in ROWS],
            "resource": [r[4] for r in ROWS],
            "line": [r[6] for r in ROWS],
        }
    )
    return EventLog.from_frame(frame)
