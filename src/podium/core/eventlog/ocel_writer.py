"""OCEL 2.0 JSON export: the log seen as events touching objects (ticket, party, service, contract).

Object-centric tools then see, per event, which ticket it belongs to and which party held it,
instead of one flat case notion. The layout follows the OCEL 2.0 JSON specification:
``objectTypes``, ``eventTypes``, ``objects`` and ``events`` with ``relationships`` made of
``{objectId, qualifier}``. Ids are prefixed by type (``ticket:INC1``, ``party:Acme``) so that a
ticket and a party with the same name stay distinct objects.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl

from podium.core.eventlog.progress import ProgressCallback
from podium.core.eventlog.schema import CANONICAL_SCHEMA, EventLog

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%.6fZ"
BATCH_ROWS = 50_000
EVENT_ATTRIBUTES = ("sub_status", "team", "resource", "line")
QUALIFIERS = {"ticket": "case", "party": "held by", "service": "affects", "contract": "under"}
"""Object type -> the qualifier of an event's relation to an object of that type."""


def object_columns(frame: pl.DataFrame) -> dict[str, str]:
    """Object type -> column: ticket and party always, service/contract when such a column exists.

    >>> object_columns(pl.DataFrame({"case_id": [], "party": [], "Service": []}))
    {'ticket': 'case_id', 'party': 'party', 'service': 'Service'}
    """
    found = {"ticket": "case_id", "party": "party"}
    for kind in ("service", "contract"):
        match = [
            c for c in frame.columns if c.strip().lower() == kind and c not in CANONICAL_SCHEMA
        ]
        if match:
            found[kind] = match[0]
    return found


def _type_name(dtype: pl.DataType) -> str:
    return "integer" if dtype.is_integer() else "float" if dtype.is_float() else "string"


def write_ocel(
    log: EventLog, path: str | Path, *, progress: ProgressCallback | None = None
) -> None:
    """Write OCEL 2.0 JSON; every event relates to its ticket and, when known, its party."""
    frame = log.frame
    objects = object_columns(frame)
    attributes = [*EVENT_ATTRIBUTES, *(c for c in frame.columns if c not in CANONICAL_SCHEMA)]
    attributes = [c for c in attributes if c not in objects.values()]
    typed = [{"name": c, "type": _type_name(frame.schema[c])} for c in attributes]
    activities = frame["activity"].unique(maintain_order=True).sort().to_list()
    with Path(path).open("w", encoding="utf-8") as out:
        out.write('{\n"objectTypes": ')
        json.dump([{"name": kind, "attributes": []} for kind in objects], out)
        out.write(',\n"eventTypes": ')
        json.dump([{"name": name, "attributes": typed} for name in activities], out)
        out.write(',\n"objects": [')
        _write_objects(frame, objects, out)
        out.write('],\n"events": [')
        _write_events(frame, objects, attributes, out, progress)
        out.write("]\n}\n")


def _object_id(kind: str, value: object) -> str:
    return f"{kind}:{value}"


def _write_objects(frame: pl.DataFrame, objects: dict[str, str], out: Any) -> None:
    """Tickets relate to the services and contracts they concern (object-to-object)."""
    first = True
    links = [kind for kind in ("service", "contract") if kind in objects]
    tickets = frame.group_by("case_id", maintain_order=True).agg(
        *(pl.col(objects[k]).drop_nulls().unique(maintain_order=True).alias(k) for k in links)
    )
    for row in tickets.iter_rows(named=True):
        related = [
            {"objectId": _object_id(kind, value), "qualifier": QUALIFIERS[kind]}
            for kind in links
            for value in row[kind]
        ]
        record: dict[str, Any] = {
            "id": _object_id("ticket", row["case_id"]),
            "type": "ticket",
            "attributes": [],
        }
        if related:
            record["relationships"] = related
        out.write(("" if first else ",") + "\n" + json.dumps(record))
        first = False
    for kind, column in objects.items():
        if kind == "ticket":
            continue
        for value in frame[column].drop_nulls().unique(maintain_order=True).to_list():
            record = {"id": _object_id(kind, value), "type": kind, "attributes": []}
            out.write(("" if first else ",") + "\n" + json.dumps(record))
            first = False


def _write_events(
    frame: pl.DataFrame,
    objects: dict[str, str],
    attributes: list[str],
    out: Any,
    progress: ProgressCallback | None,
) -> None:
    done = 0
    for batch in frame.iter_slices(BATCH_ROWS):
        batch = batch.with_columns(pl.col("timestamp").dt.strftime(TIME_FORMAT))
        for offset, row in enumerate(batch.iter_rows(named=True)):
            record = {
                "id": f"e{done + offset + 1}",
                "type": row["activity"],
                "time": row["timestamp"],
                "attributes": [
                    {"name": name, "value": row[name]}
                    for name in attributes
                    if row[name] is not None
                ],
                "relationships": [
                    {"objectId": _object_id(kind, row[column]), "qualifier": QUALIFIERS[kind]}
                    for kind, column in objects.items()
                    if row[column] is not None
                ],
            }
            out.write(("" if done + offset == 0 else ",") + "\n" + json.dumps(record))
        done += batch.height
        if progress is not None:
            progress(done, frame.height)
