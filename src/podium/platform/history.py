"""The past of a row: its audit trail, and the row as it stood at the end of a day.

Both are derived views of an object, so they answer only for an object the caller has already
read through its scoped selector, and a context passes a `redact` function for values that
name other rows (a service's components) so that the trail shows no more than the object does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from podium.platform.audit import changed_fields
from podium.platform.models import AuditEvent

M = TypeVar("M", bound=models.Model)
Redact = Callable[[str, Any], Any]

# "As of" reaches back to the oldest contract anyone keeps and forward no further than dates
# can be computed with (notice windows are added to it).
EARLIEST_AS_OF = dt.date(1900, 1, 1)
LATEST_AS_OF = dt.date(2999, 12, 31)


class AsOfError(ValueError):
    """An ``as_of`` that is not a usable day; the message says what is accepted."""


@dataclass(frozen=True)
class HistoryEntry:
    """One audit entry about an object, with the fields it changed as (before, after) pairs."""

    at: dt.datetime
    who: str
    action: str
    changes: dict[str, tuple[Any, Any]]


def _keep(field: str, value: Any) -> Any:
    return value


def history_of(row: models.Model, *, redact: Redact = _keep) -> list[HistoryEntry]:
    """The audit trail of one row, newest first, each value passed through `redact`."""
    events = AuditEvent.objects.filter(
        target_type=f"{row._meta.app_label}.{row._meta.model_name}", target_id=str(row.pk)
    ).order_by("-at", "-id")
    entries = []
    for event in events:
        changes = {
            name: (redact(name, old), redact(name, new))
            for name, (old, new) in changed_fields(event.before or {}, event.after or {}).items()
        }
        changes = {name: pair for name, pair in changes.items() if pair[0] != pair[1]}
        entries.append(
            HistoryEntry(
                at=event.at,
                who=event.actor_label,
                action=event.action.rsplit(".", 1)[-1],
                changes=changes,
            )
        )
    return entries


def parse_as_of(raw: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` within the supported range, or None when empty; else :class:`AsOfError`.

    >>> parse_as_of("2026-03-31")
    datetime.date(2026, 3, 31)
    >>> parse_as_of("") is None
    True
    >>> parse_as_of("9999-12-31")
    Traceback (most recent call last):
    ...
    podium.platform.history.AsOfError: as_of must be a day from 1900-01-01 to 2999-12-31
    """
    text = (raw or "").strip()
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise AsOfError(f"{text[:40]!r} is not a date such as 2026-01-31") from exc
    return check_as_of(day)


def check_as_of(day: dt.date) -> dt.date:
    if not EARLIEST_AS_OF <= day <= LATEST_AS_OF:
        raise AsOfError(
            f"as_of must be a day from {EARLIEST_AS_OF.isoformat()} to {LATEST_AS_OF.isoformat()}"
        )
    return day


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after `day` in the viewer's time zone (set by the middleware)."""
    zone = timezone.get_current_timezone()
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)


def as_of(row: M, day: dt.date) -> M | None:
    """`row` as it was at the end of `day` (simple-history), or None if it did not exist yet."""
    instant = end_of_day(check_as_of(day)) - dt.timedelta(microseconds=1)
    try:
        old: M = row.history.as_of(instant)  # type: ignore[attr-defined]
    except type(row).DoesNotExist:  # type: ignore[attr-defined]
        return None
    return old


def detail_context(
    request: Any, row: models.Model, name: str, history: list[HistoryEntry]
) -> dict[str, Any]:
    """A detail page's object — or its past self under ``?as_of=YYYY-MM-DD`` — and its trail.

    A bad ``as_of`` is said on the page, which then shows today's object; `http_status` is then 400
    for the view to answer with.
    """
    context: dict[str, Any] = {name: row, "object": row, "history": history, "http_status": 200}
    try:
        day = parse_as_of(request.GET.get("as_of"))
    except AsOfError as error:
        context["as_of_error"] = f"as_of: {error}; showing today."
        context["http_status"] = 400
        return context
    if day is None:
        return context
    past = as_of(row, day)
    context["as_of"] = day
    if past is None:
        context["as_of_error"] = f"{row} did not exist yet at the end of {day.isoformat()}."
    else:
        context[name] = past
    return context
