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
    """Every event as one JSON line, exactly as ``json.dumps`` of its record would write it.

    Built by Polars a batch at a time: each distinct text value is JSON-encoded once (by
    ``json.dumps``, so escaping is Python's) and joined back, and the records are assembled by
    string concatenation. Columns of other types than text and integers take the row loop.
    """
    columns = {*attributes, *objects.values(), "activity"}
    if not all(frame.schema[c] == pl.String or frame.schema[c].is_integer() for c in columns):
        _write_events_by_row(frame, objects, attributes, out, progress)
        return
    encoded = {c: _encoded(frame, c) for c in columns if frame.schema[c] == pl.String}

    def value(column: str) -> pl.Expr:
        if column in encoded:
            return encoded[column]
        return pl.col(column).cast(pl.String)

    def quoted(text: str) -> pl.Expr:
        return pl.lit(json.dumps(text))

    attribute_parts = [
        pl.when(pl.col(name).is_not_null()).then(
            pl.concat_str(
                pl.lit('{"name": '), quoted(name), pl.lit(', "value": '), value(name), pl.lit("}")
            )
        )
        for name in attributes
    ]
    relation_parts = [
        pl.when(pl.col(column).is_not_null()).then(
            pl.concat_str(
                pl.lit('{"objectId": '),
                _object_id_json(kind, column, encoded),
                pl.lit(', "qualifier": '),
                quoted(QUALIFIERS[kind]),
                pl.lit("}"),
            )
        )
        for kind, column in objects.items()
    ]
    done = 0
    for batch in frame.iter_slices(BATCH_ROWS):
        number = pl.int_range(done + 1, done + batch.height + 1, dtype=pl.Int64)
        record = pl.concat_str(
            pl.lit('{"id": "e'),
            number.cast(pl.String),
            pl.lit('", "type": '),
            value("activity"),
            pl.lit(', "time": "'),
            pl.col("timestamp").dt.strftime(TIME_FORMAT),
            pl.lit('", "attributes": ['),
            pl.concat_str(attribute_parts, separator=", ", ignore_nulls=True)
            if attribute_parts
            else pl.lit(""),
            pl.lit('], "relationships": ['),
            pl.concat_str(relation_parts, separator=", ", ignore_nulls=True),
            pl.lit("]}"),
        )
        lines = batch.lazy().select(record.alias("line")).collect()["line"]
        lead = "\n" if done == 0 else ",\n"
        out.write(lead + ",\n".join(lines.to_list()))
        done += batch.height
        if progress is not None:
            progress(done, frame.height)


def _encoded(frame: pl.DataFrame, column: str) -> pl.Expr:
    """The column's values as JSON strings, each distinct value encoded once by json.dumps."""
    values = frame[column].drop_nulls().unique().to_list()
    return pl.col(column).replace_strict(
        values, [json.dumps(v) for v in values], default=None, return_dtype=pl.String
    )


def _object_id_json(kind: str, column: str, encoded: dict[str, pl.Expr]) -> pl.Expr:
    """``json.dumps(f"{kind}:{value}")``: the prefix is ASCII, so it goes inside the quotes."""
    if column in encoded:
        return pl.concat_str(pl.lit(f'"{kind}:'), encoded[column].str.slice(1))
    return pl.concat_str(pl.lit(f'"{kind}:'), pl.col(column).cast(pl.String), pl.lit('"'))


def _write_events_by_row(
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
