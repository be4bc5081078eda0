"""Error messages that point a spreadsheet user at the exact cell to fix."""

from __future__ import annotations

from podium.core.eventlog.schema import EventLogError


def cell_error(source: str, unit: str, number: int, column: str, problem: str) -> EventLogError:
    """Name file, row (or XES line) and column first, so the message reads like a cell address.

    >>> str(cell_error("incidents.csv", "row", 1043, "Change Date+Time", '"x" is not a date'))
    'incidents.csv, row 1043, column "Change Date+Time": "x" is not a date'
    """
    where = f"{source}, {unit} {number}" if source else f"{unit} {number}"
    return EventLogError(f'{where}, column "{column}": {problem}')
