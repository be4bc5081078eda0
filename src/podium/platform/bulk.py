"""Rows written many at a time, one `executemany` per table and statement.

A bulk load of ten thousand events a request cannot afford a model object per row: Django's
`bulk_create` builds and validates one each and reaches about a sixth of what SQLite's
`executemany` does in one transaction (measured: 10,000 ticket events in 0.37 s against
0.06 s). These helpers take plain values in field order and adapt only what the backend needs
adapted (date-times, JSON), so the same code runs on SQLite and PostgreSQL.

Date-times are the one costly value: Django's SQLite adapter and converter read
`settings.USE_TZ` through the lazy settings object for every value (a third of a bulk load's
time). On SQLite with UTC connections the helpers write and read Django's own text form
(``2026-03-02 09:00:00.250000``, naive UTC) directly; elsewhere they use the backend's
adapters. `tests/platform/test_bulk.py` holds both to what the ORM writes and reads.

The caller has checked every value (the rules of `podium.platform.values` and the fields'
limits) before it comes here: nothing here calls `full_clean`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from django.db import connection, models


def _sqlite_utc() -> bool:
    return connection.vendor == "sqlite" and connection.timezone == dt.UTC


def _to_sqlite_text(value: dt.datetime) -> str:
    return str(value.astimezone(dt.UTC).replace(tzinfo=None))


def _from_sqlite(value: str | dt.datetime | None) -> dt.datetime | None:
    """Django's SQLite connections parse date-time columns into naive values already."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    if isinstance(field, models.DateTimeField):
        if _sqlite_utc():
            return _to_sqlite_text
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.JSONField):
        return lambda value: connection.ops.adapt_json_value(value, field.encoder)
    return None


def _adapted(
    fields: Sequence[models.Field[Any, Any]], rows: Iterable[Sequence[Any]]
) -> list[list[Any]]:
    adapters = [
        (index, adapt if isinstance(f, models.JSONField) else _remembering(adapt))
        for index, f in enumerate(fields)
        if (adapt := _adapter(f))
    ]  # JSON values are mostly unhashable: remembering them cost an exception each
    out = []
    for row in rows:
        values = list(row)
        for index, adapt in adapters:
            if values[index] is not None:
                values[index] = adapt(values[index])
        out.append(values)
    return out


def _remembering(adapt: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`adapt`, each distinct hashable value adapted once: the rows of one insert share most
    of their date-times (a sweep's firing time, a ladder step's due time)."""
    done: dict[Any, Any] = {}

    def adapted(value: Any) -> Any:
        try:
            return done[value]
        except KeyError:
            done[value] = result = adapt(value)
            return result
        except TypeError:  # unhashable (JSON values): adapted every time
            return adapt(value)

    return adapted


def _column(field: models.Field[Any, Any]) -> str:
    return cast("str", field.column)


def _fields(model: type[models.Model], names: Sequence[str]) -> list[models.Field[Any, Any]]:
    """Fields by name or attname (``ticket`` or ``ticket_id``)."""
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    return [by_attname.get(name) or model._meta.get_field(name) for name in names]  # type: ignore[misc]


def value_rows(queryset: models.QuerySet[Any], names: Sequence[str]) -> list[tuple[Any, ...]]:
    """``queryset.values_list(*names)`` as tuples, read without Django's per-value converters
    on SQLite (date-times from their text; JSON decoded once per distinct text, so values read
    from JSON are shared and read-only). Plain columns of the model only."""
    if not _sqlite_utc():
        return list(queryset.values_list(*names))
    fields = _fields(queryset.model, names)
    query = queryset.values_list(*names).query
    sql, params = query.get_compiler(using=queryset.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    readers: list[tuple[int, Callable[[Any], Any]]] = []
    for index, f in enumerate(fields):
        if isinstance(f, models.DateTimeField):
            readers.append((index, _from_sqlite))
        elif isinstance(f, models.JSONField):
            readers.append((index, _JsonTexts().read))
    if not readers:
        return [tuple(row) for row in rows]
    out = []
    for row in rows:
        values = list(row)
        for index, read in readers:
            values[index] = read(values[index])
        out.append(tuple(values))
    return out


class _JsonTexts:
    """Decodes a column's JSON, each distinct text once (tickets of a batch mostly share their
    policy): equal texts in one read give the same object, so treat it as read-only."""

    def __init__(self) -> None:
        self.seen: dict[str | bytes, Any] = {}

    def read(self, value: Any) -> Any:
        if not isinstance(value, str | bytes):
            return value
        if value not in self.seen:
            self.seen[value] = json.loads(value)
        return self.seen[value]


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert rows given as values in the order of `names`; returns how many."""
    fields = _fields(model, names)
    values = _adapted(fields, rows)
    if not values:
        return 0
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(f)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})",  # noqa: S608
            values,
        )
    return len(values)


def update_rows(
    model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Set the fields `names` of rows given as those values followed by the row's primary key."""
    fields = _fields(model, names)
    pk = model._meta.pk
    assert pk is not None
    values = _adapted([*fields, pk], rows)
    if not values:
        return 0
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(_column(f))} = %s" for f in fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(model._meta.db_table)} SET {assignments} "  # noqa: S608
            f"WHERE {quote(_column(pk))} = %s",
            values,
        )
    return len(values)


_OPERATORS = ("=", "<=", ">=", "in")


def rows_with_ids(
    model: type[models.Model],
    names: Sequence[str],
    column: str,
    ids: Iterable[int],
    *,
    where: Sequence[tuple[str, str, Any]] = (),
    skip_locked: bool = False,
    chunk: int = 10_000,
) -> list[tuple[Any, ...]]:
    """The fields `names` of the rows whose `column` (a field name or attname) is one of
    `ids` and that meet `where` — (field, operator, value) with operators `=`, `<=`, `>=` and
    `in` — as tuples read like `value_rows` reads them. In plain SQL, `chunk` ids a query:
    the ORM's `IN` lookup prepares each of its values through the field, which for a sweep's
    thousands of ids cost more than the query. `skip_locked` (PostgreSQL) locks the rows read,
    passing over those another transaction holds."""
    fields = _fields(model, names)
    key = _fields(model, [column])[0]
    quote = connection.ops.quote_name
    conditions: list[str] = []
    params: list[Any] = []
    for name, operator, value in where:
        if operator not in _OPERATORS:
            raise ValueError(f"where: unknown operator {operator!r} for {name}")
        field = _fields(model, [name])[0]
        adapt = _adapter(field) or (lambda v: v)
        if operator == "in":
            values = [adapt(v) for v in value]
            conditions.append(f"{quote(_column(field))} IN ({', '.join(['%s'] * len(values))})")
            params.extend(values)
        else:
            conditions.append(f"{quote(_column(field))} {operator} %s")
            params.append(adapt(value))
    select = (
        f"SELECT {', '.join(quote(_column(f)) for f in fields)} "  # noqa: S608
        f"FROM {quote(model._meta.db_table)} WHERE {quote(_column(key))} IN "
    )
    tail = "".join(f" AND {condition}" for condition in conditions)
    if skip_locked and connection.features.has_select_for_update_skip_locked:
        tail += " FOR UPDATE SKIP LOCKED"
    readers: list[tuple[int, Callable[[Any], Any]]] = []
    for index, f in enumerate(fields):
        if isinstance(f, models.DateTimeField):
            readers.append((index, _from_sqlite))
        elif isinstance(f, models.JSONField):
            readers.append((index, _JsonTexts().read))
    ordered = sorted(set(ids))
    out: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), chunk):
            part = ordered[start : start + chunk]
            cursor.execute(f"{select}({', '.join(['%s'] * len(part))}){tail}", [*part, *params])
            for row in cursor.fetchall():
                values = list(row)
                for index, read in readers:
                    values[index] = read(values[index])
                out.append(tuple(values))
    return out


def set_values(
    model: type[models.Model], name: str, rows: Iterable[tuple[Any, int]], *, chunk: int = 5_000
) -> int:
    """Set one field of many rows, given as (value, primary key): one
    `UPDATE … FROM (VALUES …)` statement a `chunk` of rows, where `update_rows` runs one
    statement a row."""
    field = _fields(model, [name])[0]
    pk = model._meta.pk
    assert pk is not None
    adapt = _remembering(_adapter(field) or (lambda v: v))
    pairs = [(key, None if value is None else adapt(value)) for value, key in rows]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    target, key_column = quote(_column(field)), quote(_column(pk))
    cast = _value_cast(field)
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), chunk):
            part = pairs[start : start + chunk]
            cursor.execute(
                f"UPDATE {table} SET {target} = {cast.format('v.column2')} "  # noqa: S608
                f"FROM (VALUES {', '.join(['(%s, %s)'] * len(part))}) AS v "
                f"WHERE {table}.{key_column} = v.column1",
                [x for pair in part for x in pair],
            )
    return len(pairs)


def _value_cast(field: models.Field[Any, Any]) -> str:
    """How a `VALUES` column is read as the field's type (PostgreSQL types the parameters;
    SQLite stores what it is given)."""
    if connection.vendor == "postgresql":
        return f"CAST({{}} AS {field.db_type(connection)})"
    return "{}"
