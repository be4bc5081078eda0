"""After the fuzzing, say how many requests it made and how they were answered."""

from __future__ import annotations

from typing import Any

from tests.support import fuzzing


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for line in fuzzing.summary():
        terminalreporter.write_line(line)
