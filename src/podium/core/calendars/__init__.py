"""Business calendars and vectorised business time.

A `BusinessCalendar` says when a party is open: weekly hours as local wall-clock intervals in
an IANA time zone, less public holidays (``holidays`` package) and extra closures. Over arrays
of UTC instants it gives business seconds between instants and the deadline after a business
duration, exactly, in microseconds. Definitions are in the `calendar` module and
docs/calendars.md.
"""

from podium.core.calendars.calendar import BusinessCalendar, Closure
from podium.core.calendars.errors import CalendarError
from podium.core.calendars.hours import OpeningInterval, WeeklyHours
from podium.core.calendars.presets import UnknownCalendarError, calendar_preset, preset_names

__all__ = [
    "BusinessCalendar",
    "CalendarError",
    "Closure",
    "OpeningInterval",
    "UnknownCalendarError",
    "WeeklyHours",
    "calendar_preset",
    "preset_names",
]
