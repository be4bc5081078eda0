"""Field validators that more than one context needs; the rules themselves live in core, so
forms, the API, governance as code and the engine all refuse the same values."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from podium.core.calendars.zones import time_zone_problem
from podium.core.currencies import currency_problem


def validate_time_zone(value: str) -> None:
    """An IANA time zone key such as ``Europe/Amsterdam`` (`core.calendars.zones`)."""
    problem = time_zone_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="time_zone")


def validate_currency(value: str) -> None:
    """An ISO 4217 code of money in use, such as ``EUR`` (`core.currencies`)."""
    problem = currency_problem(value)
    if problem is not None:
        raise ValidationError(problem, code="currency")
