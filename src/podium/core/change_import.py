"""Planned changes from a CSV file as a party's tool exports them, as plain values.

A ServiceNow ``change_request`` list export (``number, short_description, type, risk,
start_date, end_date, cmdb_ci, backout_plan, …``) reads as it is, and so does a file with
Podium's own names (``reference, title, kind, risk, planned_start, planned_end, components,
rollback_plan, …``); headers are matched without regard to case, spaces or underscores.
Several components go in one cell, separated by ``;``, ``,`` or ``|``. Times with an offset
are read as written; times without one are on the wall clock of the zone given (``tz``), and
are refused when none is. The delimiter (``,``, ``;`` or tab) is found from the header, and a
UTF-8 byte-order mark is skipped.

Every problem names its row (the file's own line numbering: the header is row 1), the column
as the file spells it and the field it was read into, so that a person can fix the file.
Components are named here, and found (by slug or name) by the importing service.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FIELDS: Mapping[str, tuple[str, ...]] = {
    "reference": ("reference", "number", "external id", "change id", "id", "key"),
    "title": ("title", "short description", "summary"),
    "description": ("description", "request", "justification"),
    "kind": ("kind", "type", "change type"),
    "risk": ("risk",),
    "planned_start": ("planned start", "start date", "planned start date", "start"),
    "planned_end": ("planned end", "end date", "planned end date", "end"),
    "components": ("components", "cmdb ci", "configuration item", "configuration items", "ci"),
    "rollback_plan": ("rollback plan", "backout plan", "back out plan"),
    "internal_notes": ("internal notes", "work notes"),
}
"""Each field and the headers it goes by (normalised: lower case, spaces for ``_``/``-``)."""

REQUIRED = ("reference", "title", "planned_start", "planned_end", "components")

KINDS: Mapping[str, str] = {
    "standard": "standard",
    "normal": "normal",
    "emergency": "emergency",
    "expedited": "emergency",
}
RISKS: Mapping[str, str] = {
    "low": "low",
    "medium": "medium",
    "moderate": "medium",
    "high": "high",
    "very high": "high",
}
_PREFIXED = re.compile(r"^\s*-?\d+\s*-\s*")  # ServiceNow's "2 - High", "4 - Low"
_SPLIT = re.compile(r"\s*[;,|]\s*")
_DELIMITERS = (",", ";", "\t")


class ChangeFileError(ValueError):
    """The file cannot be read as changes at all (its message names the file and the fix)."""


@dataclass(frozen=True)
class RowProblem:
    """Why one cell (or row) of the file cannot become a change."""

    row: int
    column: str
    field: str
    message: str

    def where(self, file_name: str) -> str:
        """``changes.csv, row 4, column "end_date"``."""
        return f'{file_name}, row {self.row}, column "{self.column}"'


@dataclass(frozen=True)
class ChangeRow:
    """One change as the file plans it."""

    row: int
    reference: str
    title: str
    planned_start: dt.datetime
    planned_end: dt.datetime
    components: tuple[str, ...]
    kind: str = "normal"
    risk: str = "medium"
    description: str = ""
    rollback_plan: str = ""
    internal_notes: str = ""


@dataclass(frozen=True)
class ChangeFile:
    """The rows read, the problems found, and the column each field was read from."""

    rows: tuple[ChangeRow, ...]
    problems: tuple[RowProblem, ...]
    columns: Mapping[str, str] = field(default_factory=dict)

    def column(self, name: str) -> str:
        """The file's column for a field (the field's own name when the file has none)."""
        return self.columns.get(name, name)


def _normal(header: str) -> str:
    return " ".join(re.sub(r"[_\-.]+", " ", header.strip().lower()).split())


def match_columns(headers: list[str]) -> dict[str, str]:
    """The file's column for each field it has, the first that fits.

    >>> match_columns(["number", "Short_Description", "start_date", "end_date", "cmdb_ci"])
    {'reference': 'number', 'title': 'Short_Description', 'planned_start': 'start_date', 'planned_end': 'end_date', 'components': 'cmdb_ci'}
    """
    normal = {_normal(h): h for h in reversed(headers)}
    out: dict[str, str] = {}
    for name, aliases in FIELDS.items():
        for alias in aliases:
            if alias in normal:
                out[name] = normal[alias]
                break
    return out


def parse_time(text: str, zone: ZoneInfo | None) -> dt.datetime:
    """A time as a tool writes it, in UTC: ISO 8601 with an offset, or a wall-clock time in
    ``zone`` (``2026-12-08 22:00:00``, ``2026-12-08T22:00``).

    >>> parse_time("2026-12-08 22:00:00", ZoneInfo("Europe/Amsterdam"))
    datetime.datetime(2026, 12, 8, 21, 0, tzinfo=datetime.timezone.utc)
    >>> parse_time("2026-12-08T22:00Z", None)
    datetime.datetime(2026, 12, 8, 22, 0, tzinfo=datetime.timezone.utc)
    """
    value = text.strip()
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{value!r} is not a date and time; write it as 2026-12-08 22:00 "
            "(with an offset such as +01:00, or pass the file's time zone)"
        ) from None
    if parsed.tzinfo is None:
        if zone is None:
            raise ValueError(
                f"{value!r} has no offset; pass the time zone the file's times are in (--tz)"
            )
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(dt.UTC)


def _choice(text: str, choices: Mapping[str, str], what: str, default: str) -> str:
    value = _normal(_PREFIXED.sub("", text))
    if not value:
        return default
    if value not in choices:
        raise ValueError(
            f"{text.strip()!r} is not a {what}; write one of {', '.join(sorted(set(choices)))}"
        )
    return choices[value]


def read_changes_csv(text: str, *, tz: str | None = None) -> ChangeFile:
    """The changes a CSV file plans, and every problem with a cell or row.

    >>> f = read_changes_csv(
    ...     "number,short_description,type,start_date,end_date,cmdb_ci\\n"
    ...     "CHG1,Patch,Normal,2026-12-08 22:00,2026-12-09 01:00,erp-db; erp-app\\n"
    ...     "CHG2,Upgrade,Sideways,2026-12-08 22:00,soon,erp-db\\n",
    ...     tz="UTC",
    ... )
    >>> [(r.reference, r.kind, r.components) for r in f.rows]
    [('CHG1', 'normal', ('erp-db', 'erp-app'))]
    >>> [(p.row, p.column, p.field) for p in f.problems]
    [(3, 'end_date', 'planned_end'), (3, 'type', 'kind')]
    """
    try:
        zone = ZoneInfo(tz) if tz else None
    except (ZoneInfoNotFoundError, ValueError):
        raise ChangeFileError(f"--tz {tz}: not an IANA time zone (e.g. Europe/Amsterdam)") from None
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        raise ChangeFileError("the file is empty: it needs a header row") from None
    columns = match_columns(headers)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        wanted = "; ".join(f"{name} (as {' or '.join(FIELDS[name][:3])})" for name in missing)
        raise ChangeFileError(f"row 1: no column for {wanted}")
    index = {name: headers.index(column) for name, column in columns.items()}
    rows: list[ChangeRow] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(headers):
            problems.append(
                RowProblem(number, columns["reference"], "reference",
                           f"{len(cells)} cells where the header has {len(headers)}")
            )  # fmt: skip
            continue
        row = _read_row(number, {name: cells[i].strip() for name, i in index.items()},
                        columns, zone, seen)  # fmt: skip
        if isinstance(row, ChangeRow):
            seen[row.reference] = number
            rows.append(row)
        else:
            problems.extend(row)
    return ChangeFile(tuple(rows), tuple(problems), columns)


def _read_row(
    number: int,
    cells: Mapping[str, str],
    columns: Mapping[str, str],
    zone: ZoneInfo | None,
    seen: Mapping[str, int],
) -> ChangeRow | list[RowProblem]:
    """One row as a change, or every problem with its cells."""
    found: list[RowProblem] = []

    def cell(name: str) -> str:
        return cells.get(name, "")

    def problem(name: str, message: str) -> None:
        found.append(RowProblem(number, columns.get(name, name), name, message))

    for name in ("reference", "title", "components"):
        if not cell(name):
            problem(name, f"empty: every change needs its {name.replace('_', ' ')}")
    reference = cell("reference")
    if reference in seen:
        problem("reference", f"{reference} is also on row {seen[reference]}")
    times: dict[str, dt.datetime] = {}
    for name in ("planned_start", "planned_end"):
        try:
            times[name] = parse_time(cell(name), zone)
        except ValueError as error:
            problem(name, str(error))
    choices: dict[str, str] = {}
    for name, vocabulary, what, default in (
        ("kind", KINDS, "type of change", "normal"),
        ("risk", RISKS, "risk", "medium"),
    ):
        try:
            choices[name] = _choice(cell(name), vocabulary, what, default)
        except ValueError as error:
            problem(name, str(error))
    if found:
        return found
    return ChangeRow(
        row=number,
        reference=reference,
        title=cell("title"),
        planned_start=times["planned_start"],
        planned_end=times["planned_end"],
        components=tuple(c for c in _SPLIT.split(cell("components")) if c),
        kind=choices["kind"],
        risk=choices["risk"],
        description=cell("description"),
        rollback_plan=cell("rollback_plan"),
        internal_notes=cell("internal_notes"),
    )
