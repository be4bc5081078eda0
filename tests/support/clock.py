"""The test clock: every test runs on the same day, whatever day the suite itself runs.

`tests/conftest.py` moves the clock of the test process to `TEST_NOW` (with time-machine) before
the session's first fixture and again at the start of every test, and lets it tick from there:
`timezone.now()`, `timezone.localdate()`, `datetime.now()`, `date.today()` and `time.time()` all
read the test day, in the test's own thread and in the live server's. Monotonic clocks are left
alone, so timeouts, Hypothesis deadlines and `time.sleep` behave as usual.

The dates of the test world (tests/support/world.py) are chosen against this day; a test that
needs another "now" passes it to the function under test, or moves the clock itself with the
`time_machine` fixture. Processes a test starts (`podium serve`, `podium worker`, Chromium) run
on the real clock: tests that drive them assert nothing that depends on the date, and CI runs
the whole suite a second time on SQLite with the clock two years ahead to prove it.
"""

from __future__ import annotations

import datetime as dt

TEST_NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
"""A Tuesday, 09:00 UTC: 10:00 in Amsterdam, and the same date from New York to Tokyo."""

TEST_TODAY = TEST_NOW.date()
