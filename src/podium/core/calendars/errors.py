"""The one error type of the calendar package."""

from __future__ import annotations


class CalendarError(ValueError):
    """A calendar that cannot be built, or an input it cannot answer for.

    It subclasses `ValueError` so callers that validate user input (the CLI, the API) can treat
    a bad calendar name, time zone or naive datetime like any other bad value.
    """
