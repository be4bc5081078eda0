"""What a stored value must be so that every later page, export, feed and computation can use
it: one rule per kind of field, applied to every row of every context before it is saved
(:class:`podium.platform.models.ValidatedModel`).

- text: no NUL and no lone surrogate anywhere (PostgreSQL, UTF-8 and every export refuse them);
  one-line fields hold no control characters at all — a CR or LF in a name would break a
  calendar feed's header, a CSV row, an e-mail subject;
- dates and times: from 1900 to 2999, so that adding a notice period, a meeting length or a
  window of days can never leave the calendar;
- JSON: the same text rule for every string inside.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from typing import Any

from django.db import models

EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2999, 12, 31)
MULTILINE_ALLOWED = frozenset("\n\r\t")
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: in a name or title they reorder what follows
("\u202egnp.exe" shows as "exe.png"); the marks U+200E and U+200F stay allowed."""


def text_problem(value: str, *, multiline: bool) -> str | None:
    """Why `value` cannot be stored as text, or None.

    >>> text_problem("Alpha Cloud", multiline=False) is None
    True
    >>> text_problem("Board\\r\\nX-Injected: yes", multiline=False)
    "must be one line without control characters (found '\\\\r')"
    >>> text_problem("line one\\nline two", multiline=True) is None
    True
    >>> text_problem("\\u202egnp.exe", multiline=False)
    "must not hold a direction control (found '\\\\u202e')"
    """
    for char in value:
        if char == "\x00":
            return "must not contain the NUL character"
        if "\ud800" <= char <= "\udfff":
            return "must not contain a lone surrogate (text that is not valid Unicode)"
        if unicodedata.category(char) == "Cc" and not (multiline and char in MULTILINE_ALLOWED):
            return f"must be one line without control characters (found {char!r})"
        if not multiline and unicodedata.category(char) in {"Zl", "Zp"}:
            return f"must be one line (found the separator {char!r})"
        if not multiline and char in BIDI_CONTROLS:
            return f"must not hold a direction control (found {char!r})"
    return None


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def day_problem(day: dt.date) -> str | None:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        return f"must be from {EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}"
    return None


def field_problem(field: models.Field[Any, Any], value: Any) -> str | None:
    """Why `value` cannot be stored in `field`, beyond what the field itself checks."""
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        for text in _strings(value):
            problem = text_problem(text, multiline=True)
            if problem:
                return problem
        return None
    if isinstance(value, str) and isinstance(field, models.CharField | models.TextField):
        return text_problem(value, multiline=isinstance(field, models.TextField))
    if isinstance(value, dt.datetime):
        return day_problem(value.date())
    if isinstance(value, dt.date):
        return day_problem(value)
    return None
