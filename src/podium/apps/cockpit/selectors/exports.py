"""Exports of live data: the ticket history a viewer may see, as the engine's event log, for
the engine's writers (XES, OCEL 2.0, CSV, Parquet) — the same writers `podium convert` uses.

What a party exports is what it may see: the tickets it raised or held (`tickets_visible_to`);
the integrator's staff may narrow an export to one party's share with `party`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Any

from podium.apps.ecosystem import selectors as ecosystem
from podium.apps.operations import selectors as operations
from podium.core.eventlog import EventLog, write_csv, write_ocel, write_parquet, write_xes
from podium.platform.access import Actor


class ExportFormat(StrEnum):
    xes = "xes"
    ocel = "ocel"
    csv = "csv"
    parquet = "parquet"


SUFFIXES = {
    ExportFormat.xes: ".xes",
    ExportFormat.ocel: ".jsonocel",
    ExportFormat.csv: ".csv",
    ExportFormat.parquet: ".parquet",
}
CONTENT_TYPES = {
    ExportFormat.xes: "application/xml",
    ExportFormat.ocel: "application/json",
    ExportFormat.csv: "text/csv; charset=utf-8",
    ExportFormat.parquet: "application/vnd.apache.parquet",
}


def exportable_party(user: Actor, slug: str) -> Any:
    """A party whose share the viewer may export (one it may see), or None."""
    return ecosystem.parties_visible_to(user).filter(slug=slug).first()


def export_log(user: Actor, *, start: dt.datetime, end: dt.datetime, party: Any = None) -> EventLog:
    """The events in [start, end) of the tickets `user` may see (of those `party` raised or
    held, when given)."""
    tickets = operations.tickets_visible_to(user)
    if party is not None:
        tickets = tickets.filter(pk__in=operations.tickets_of_parties({party.pk}).values("pk"))
    return operations.ticket_history_log(tickets, start=start, end=end)


def write_export(log: EventLog, kind: ExportFormat, path: Path) -> None:
    """Write `log` as `kind` with the engine's writer (a `.xes.gz` path is gzipped)."""
    if kind is ExportFormat.xes:
        write_xes(log, path)
    elif kind is ExportFormat.ocel:
        write_ocel(log, path)
    elif kind is ExportFormat.parquet:
        write_parquet(log, path)
    else:
        write_csv(log, path)
