"""Presets: how each exporting tool names its columns and spells its values.

A preset knows how to recognise its tool's header row (or Parquet columns, or XES keys) and how
to turn the raw text frame into one that a :class:`ColumnMapping` can map. Every reader (CSV,
XES, Parquet) builds a raw frame of text columns and hands it to :func:`prepare_raw`, so a
preset or a mapping means the same thing whatever the file format. Adding a tool means adding
one preset here (or a module beside it, as for Jira) and a fixture file under ``tests/data``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl

from podium.core.csv_safety import unescape_expr
from podium.core.eventlog.jira import JIRA_COLUMNS, prepare_jira
from podium.core.eventlog.mapping import AT, SEQ, ColumnMapping, column_key, pick
from podium.core.eventlog.schema import EventLogError
from podium.core.eventlog.xes_keys import guess_xes_mapping


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a preset may need besides the frame: where it came from and how to read times."""

    source: str
    tz: str | None = None
    date_format: str | None = None
    kind: str = "csv"
    """The file format the raw frame came from: ``csv``, ``xes`` or ``parquet``."""


Prepare = Callable[[pl.DataFrame, ReadContext], tuple[pl.DataFrame, ColumnMapping]]


@dataclass(frozen=True, slots=True)
class CsvPreset:
    """One exporting tool's dialect: its column names (or XES keys) and value spellings.

    ``encoding`` and ``null_values`` apply to its CSV files only."""

    name: str
    matches: Callable[[Sequence[str]], bool]
    prepare: Prepare
    encoding: str | None = None
    """None: UTF-8 (with or without BOM), falling back to cp1252."""
    null_values: tuple[str, ...] = ()


# --- BPI Challenge 2013 (Volvo IT "VINST") ----------------------------------------------

BPIC2013_INCIDENTS = ColumnMapping(
    case="SR Number",
    timestamp="Change Date+Time",
    activity="Status",
    sub_status="Sub Status",
    team="Involved ST",
    party="Involved Org line 3",
    resource="Owner First Name",
    line_from_team=True,
)
BPIC2013_PROBLEMS = ColumnMapping(
    case="Problem Number",
    timestamp="Problem Change Date+Time",
    activity="Problem Status",
    sub_status="Problem Sub Status",
    team="Problem Involved Owner ST",
    party="Problem Involved ST Org line 3",
    resource="Problem Involved Action Owner First Name",
    line_from_team=True,
)


def _bpic2013_matches(columns: Sequence[str]) -> bool:
    return ("SR Number" in columns and "Involved ST" in columns) or (
        "Problem Number" in columns and "Problem Involved Owner ST" in columns
    )


def _prepare_bpic2013(
    raw: pl.DataFrame, context: ReadContext
) -> tuple[pl.DataFrame, ColumnMapping]:
    """Pick the incident or problem layout by name; the problem files order columns differently.

    The XES files of the challenge use the standard keys, with the organisation and team keys
    swapped between the incident and problem logs: :func:`guess_xes_mapping` settles that."""
    if "SR Number" in raw.columns:
        return raw, BPIC2013_INCIDENTS
    if "Problem Number" in raw.columns:
        return raw, BPIC2013_PROBLEMS
    if "time:timestamp" in raw.columns and "concept:name" in raw.columns:
        return raw, guess_xes_mapping(raw)
    shown = ", ".join(c for c in raw.columns if c not in (SEQ, AT))
    raise EventLogError(
        f"{context.source}: a BPIC 2013 log needs the columns SR Number (incidents) or Problem "
        f"Number (problems), or the XES keys concept:name and time:timestamp; it has: {shown}"
    )


# --- ServiceNow -----------------------------------------------------------------------

SERVICENOW_STATES = {
    "1": "New",
    "2": "In Progress",
    "3": "On Hold",
    "6": "Resolved",
    "7": "Closed",
    "8": "Canceled",
}
SERVICENOW_HOLD_REASONS = {
    "1": "Awaiting Caller",
    "3": "Awaiting Problem",
    "4": "Awaiting Vendor",
    "5": "Awaiting Change",
}


def _servicenow_columns(columns: Sequence[str]) -> dict[str, str | None]:
    return {
        "case": pick(columns, "number", "case:number", "case:concept:name"),
        "timestamp": pick(columns, "sys_updated_at", "sys_updated_on", "updated", "time:timestamp"),
        "activity": pick(columns, "incident_state", "state", "concept:name"),
        "team": pick(columns, "assignment_group", "org:group"),
        "resource": pick(columns, "assigned_to", "org:resource"),
        "party": pick(columns, "vendor", "u_vendor", "supplier", "party"),
        "sub_status": pick(columns, "hold_reason", "on_hold_reason", "lifecycle:transition"),
    }


def _servicenow_matches(columns: Sequence[str]) -> bool:
    found = _servicenow_columns(columns)
    return all(found[k] is not None for k in ("case", "timestamp", "activity"))


def _prepare_servicenow(
    raw: pl.DataFrame, context: ReadContext
) -> tuple[pl.DataFrame, ColumnMapping]:
    """Map numeric state codes to names; word states (the UCI log) pass through unchanged."""
    found = _servicenow_columns(raw.columns)
    case, timestamp, activity = found["case"], found["timestamp"], found["activity"]
    if case is None or timestamp is None or activity is None:
        raise EventLogError(
            f"{context.source}: a ServiceNow export needs columns number, sys_updated_at "
            f"(or sys_updated_on) and incident_state (or state); the file has: {', '.join(raw.columns)}"
        )
    recoded = [_recode(activity, SERVICENOW_STATES)]
    if found["sub_status"] is not None:
        recoded.append(_recode(found["sub_status"], SERVICENOW_HOLD_REASONS))
    mapping = ColumnMapping(
        case=case,
        timestamp=timestamp,
        activity=activity,
        team=found["team"],
        resource=found["resource"],
        party=found["party"],
        sub_status=found["sub_status"],
    )
    return raw.with_columns(recoded), mapping


def _recode(column: str, codes: dict[str, str]) -> pl.Expr:
    text = pl.col(column).str.strip_chars()
    return text.replace(codes).alias(column)


# --- Jira and Podium's own CSV --------------------------------------------------------


def _jira_matches(columns: Sequence[str]) -> bool:
    keys = {column_key(c) for c in columns}
    return {column_key(c) for c in ("issue_key", "created", "field", "toString")} <= keys and (
        len(keys & {column_key(c) for c in JIRA_COLUMNS}) >= 6
    )


PODIUM_MAPPING = ColumnMapping(
    case="case_id",
    timestamp="timestamp",
    activity="activity",
    sub_status="sub_status",
    party="party",
    team="team",
    resource="resource",
    line="line",
)


def _prepare_podium(raw: pl.DataFrame, context: ReadContext) -> tuple[pl.DataFrame, ColumnMapping]:
    """Undo the writer's formula quoting: exactly one leading ``'`` goes from every text cell
    of a CSV file (Parquet and XES are written unquoted)."""
    if context.kind != "csv":
        return raw, PODIUM_MAPPING
    text = [name for name, dtype in raw.schema.items() if dtype == pl.String]
    unquoted = raw.with_columns(unescape_expr(pl.col(name)).alias(name) for name in text)
    return unquoted, PODIUM_MAPPING


def _podium_matches(columns: Sequence[str]) -> bool:
    return list(columns[: len(PODIUM_MAPPING.sources())]) == [
        "case_id", "timestamp", "activity", "sub_status", "party", "team", "resource", "line"
    ]  # fmt: skip


PRESETS: dict[str, CsvPreset] = {
    preset.name: preset
    for preset in (
        CsvPreset("podium", _podium_matches, _prepare_podium),
        CsvPreset("bpic2013", _bpic2013_matches, _prepare_bpic2013, encoding="cp1252"),
        CsvPreset("servicenow", _servicenow_matches, _prepare_servicenow, null_values=("?",)),
        CsvPreset("jira", _jira_matches, prepare_jira),
    )
}
PRESET_NAMES: tuple[str, ...] = (*PRESETS, "generic")


def preset_for_header(columns: Sequence[str], source: str) -> str:
    """Name the preset whose tool wrote this header, or explain that none did.

    >>> preset_for_header(["number", "incident_state", "sys_updated_at", "x"], "a.csv")
    'servicenow'
    """
    for preset in PRESETS.values():
        if preset.matches(columns):
            return preset.name
    shown = ", ".join(columns[:12]) + (", …" if len(columns) > 12 else "")
    raise EventLogError(
        f"{source}: the columns ({shown}) match no preset; give preset= one of "
        f"{', '.join(PRESET_NAMES)} (generic with a column mapping)"
    )


def check_choice(preset: str | None, mapping: ColumnMapping | None, source: str) -> None:
    """A preset or a mapping (the generic preset), never both; a known preset name."""
    if preset is not None and preset not in PRESET_NAMES:
        raise EventLogError(
            f"{source}: unknown preset {preset!r}; known: {', '.join(PRESET_NAMES)}"
        )
    if mapping is not None and preset not in (None, "generic"):
        raise EventLogError(
            f"{source}: give either preset={preset!r} or a column mapping, not both"
        )
    if mapping is None and preset == "generic":
        raise EventLogError(f"{source}: the generic preset needs a column mapping")


def prepare_raw(
    raw: pl.DataFrame,
    *,
    preset: str | None,
    mapping: ColumnMapping | None,
    context: ReadContext,
    default: Callable[[pl.DataFrame], ColumnMapping] | None = None,
) -> tuple[pl.DataFrame, ColumnMapping, str | None]:
    """The raw frame recoded by its preset, and the mapping that makes it canonical.

    The same for every format: a mapping renames columns as given; a preset names its tool's
    columns and recodes values; with neither, ``default`` (the XES standard keys) or the preset
    whose signature the columns match is used. The third value names the tool preset applied
    (None for a mapping or the default).
    """
    check_choice(preset, mapping, context.source)
    if mapping is not None:
        return raw, mapping, None
    if preset is None:
        if default is not None:
            return raw, default(raw), None
        columns = [c for c in raw.columns if c not in (SEQ, AT)]
        preset = preset_for_header(columns, context.source)
    prepared, chosen = PRESETS[preset].prepare(raw, context)
    return prepared, chosen, preset
