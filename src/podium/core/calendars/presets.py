"""Named calendars for the command line and for defaults: ``24x7`` and office hours by country.

A country preset is Monday to Friday 09:00-17:00 in the country's main time zone with its
public holidays from the `holidays` package; ``DE-BY`` adds a subdivision's holidays. Where a
subdivision lies in another zone than the country's main one (US states, Canadian provinces,
Australian states), the subdivision's zone is used, since office hours are local.
"""

from __future__ import annotations

from podium.core.calendars.calendar import BusinessCalendar
from podium.core.calendars.errors import CalendarError

OFFICE_HOURS = {"mon-fri": "09:00-17:00"}

COUNTRY_ZONES: dict[str, str] = {
    "AT": "Europe/Vienna",
    "AU": "Australia/Sydney",
    "BE": "Europe/Brussels",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "CH": "Europe/Zurich",
    "CN": "Asia/Shanghai",
    "CZ": "Europe/Prague",
    "DE": "Europe/Berlin",
    "DK": "Europe/Copenhagen",
    "ES": "Europe/Madrid",
    "FI": "Europe/Helsinki",
    "FR": "Europe/Paris",
    "GB": "Europe/London",
    "IE": "Europe/Dublin",
    "IN": "Asia/Kolkata",
    "IT": "Europe/Rome",
    "JP": "Asia/Tokyo",
    "LU": "Europe/Luxembourg",
    "MX": "America/Mexico_City",
    "NL": "Europe/Amsterdam",
    "NO": "Europe/Oslo",
    "NZ": "Pacific/Auckland",
    "PH": "Asia/Manila",
    "PL": "Europe/Warsaw",
    "PT": "Europe/Lisbon",
    "RO": "Europe/Bucharest",
    "SE": "Europe/Stockholm",
    "SG": "Asia/Singapore",
    "US": "America/New_York",
    "ZA": "Africa/Johannesburg",
}

SUBDIVISION_ZONES: dict[str, str] = {
    **{
        f"US-{s}": "America/Chicago"
        for s in [
            "AL",
            "AR",
            "IA",
            "IL",
            "KS",
            "LA",
            "MN",
            "MO",
            "MS",
            "NE",
            "ND",
            "OK",
            "SD",
            "TN",
            "TX",
            "WI",
        ]
    },
    **{f"US-{s}": "America/Denver" for s in ["CO", "MT", "NM", "UT", "WY"]},
    **{f"US-{s}": "America/Los_Angeles" for s in ["CA", "NV", "OR", "WA"]},
    "US-AZ": "America/Phoenix",
    "US-AK": "America/Anchorage",
    "US-HI": "Pacific/Honolulu",
    "CA-AB": "America/Edmonton",
    "CA-BC": "America/Vancouver",
    "CA-MB": "America/Winnipeg",
    "CA-NL": "America/St_Johns",
    "CA-NS": "America/Halifax",
    "CA-NB": "America/Moncton",
    "CA-SK": "America/Regina",
    "AU-QLD": "Australia/Brisbane",
    "AU-SA": "Australia/Adelaide",
    "AU-NT": "Australia/Darwin",
    "AU-WA": "Australia/Perth",
    "AU-TAS": "Australia/Hobart",
    "AU-VIC": "Australia/Melbourne",
}


class UnknownCalendarError(CalendarError):
    """A calendar name that is neither ``24x7`` nor a supported country (and subdivision)."""


def preset_names() -> tuple[str, ...]:
    """Every accepted name without a subdivision, for help texts."""
    return ("24x7", *sorted(COUNTRY_ZONES))


def calendar_preset(name: str) -> BusinessCalendar:
    """The calendar a short name stands for: ``24x7``, ``NL``, ``DE-BY``, ``US-CA``, ...

    >>> calendar_preset("24x7") == BusinessCalendar.always_open()
    True
    >>> print(calendar_preset("de-by"))
    mon-fri 09:00-17:00; sat-sun closed (Europe/Berlin, DE-BY)
    >>> calendar_preset("Mars")
    Traceback (most recent call last):
    ...
    podium.core.calendars.presets.UnknownCalendarError: unknown calendar 'Mars': ...
    """
    key = name.strip().upper()
    if key == "24X7":
        return BusinessCalendar.always_open()
    country, _, subdivision = key.partition("-")
    if country not in COUNTRY_ZONES:
        raise UnknownCalendarError(f"unknown calendar {name!r}: {_accepted()}")
    zone = SUBDIVISION_ZONES.get(key, COUNTRY_ZONES[country])
    try:
        return BusinessCalendar.weekly(
            zone, OFFICE_HOURS, country=country, subdivision=subdivision or None
        )
    except CalendarError as error:
        raise UnknownCalendarError(f"unknown calendar {name!r} ({error}): {_accepted()}") from error


def _accepted() -> str:
    return (
        f"accepted are {', '.join(preset_names())}, "
        "or COUNTRY-SUBDIVISION such as DE-BY or US-CA (subdivisions as in the holidays package)"
    )
