"""From source columns to the canonical schema: one mapping step shared by every reader."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

import polars as pl

from podium.core.eventlog.errors import cell_error
from podium.core.eventlog.schema import CANONICAL_SCHEMA, EventLog, EventLogError, Origin
from podium.core.eventlog.timestamps import parse_timestamps

SEQ = "__podium_seq__"
"""Raw-frame column with the file order of each record."""
AT = "__podium_at__"
"""Raw-frame column with the number a person looks up to find the record (row or line)."""

MAX_MAPPING_BYTES = 64 << 10
"""A column mapping file is a few lines; anything longer is refused unread."""

LINE_SUFFIX = r"(?i)(?:^|\s)([123])(?:st|nd|rd)(?:\s|$)"
"""First support-line suffix in a team name: ``V5 3rd`` -> 3, ``V13 2nd 3rd`` -> 2, none -> 1."""


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which source column feeds which canonical column; the generic reader's whole contract.

    ``line_from_team`` derives the support line from the team name's suffix (BPIC 2013 style)
    when no line column exists.

    >>> ColumnMapping(case="Ticket", timestamp="When", activity="State").required
    ('Ticket', 'When', 'State')
    """

    case: str
    timestamp: str
    activity: str
    party: str | None = None
    team: str | None = None
    resource: str | None = None
    sub_status: str | None = None
    line: str | None = None
    line_from_team: bool = False

    @property
    def required(self) -> tuple[str, str, str]:
        return (self.case, self.timestamp, self.activity)

    def sources(self) -> dict[str, str]:
        """Canonical name -> source column, for the columns this mapping fills."""
        pairs = {
            "case_id": self.case,
            "timestamp": self.timestamp,
            "activity": self.activity,
            "party": self.party,
            "team": self.team,
            "resource": self.resource,
            "sub_status": self.sub_status,
            "line": self.line,
        }
        return {name: column for name, column in pairs.items() if column is not None}

    @classmethod
    def from_yaml(cls, path: str | Path) -> ColumnMapping:
        """Read a mapping file whose keys are this class's field names (case, timestamp, ...).

        The file may also hold the keys of
        :data:`~podium.core.eventlog.conventions.CONVENTION_KEYS` (waiting, pause, targets,
        ...), read by :func:`~podium.core.eventlog.conventions.overrides_from_yaml`.
        """
        path = Path(path)
        mapping = cls.from_loaded(load_yaml_mapping(path), path.name)
        if mapping is None:
            raise EventLogError(f"{path.name}: missing key(s) case, timestamp, activity")
        return mapping

    @classmethod
    def from_loaded(cls, loaded: dict[str, object], name: str) -> ColumnMapping | None:
        """The mapping in a loaded file; None when the file names no column at all."""
        from podium.core.eventlog.conventions import CONVENTION_KEYS

        known = {f.name for f in fields(cls)}
        unknown = sorted(str(k) for k in loaded if k not in known and k not in CONVENTION_KEYS)
        if unknown:
            listed = ", ".join(sorted(known | set(CONVENTION_KEYS)))
            raise EventLogError(f"{name}: unknown key(s) {', '.join(unknown)}; known: {listed}")
        if not any(k in known for k in loaded):
            return None
        missing = [k for k in ("case", "timestamp", "activity") if not loaded.get(k)]
        if missing:
            raise EventLogError(f"{name}: missing key(s) {', '.join(missing)}")
        flag = loaded.get("line_from_team", False)
        if not isinstance(flag, bool):
            raise EventLogError(f"{name}: line_from_team must be true or false")

        for key in sorted(known - {"line_from_team"}):
            value = loaded.get(key)
            if isinstance(value, bool) or not isinstance(value, str | int | float | None):
                # Never str() a list or mapping: an aliased one could expand a billion times.
                kind = type(value).__name__
                raise EventLogError(f"{name}: {key} must be one column name, not a {kind}")

        def text(key: str) -> str | None:
            value = loaded.get(key)
            return None if value is None else str(value)

        return cls(
            case=str(loaded["case"]),
            timestamp=str(loaded["timestamp"]),
            activity=str(loaded["activity"]),
            party=text("party"),
            team=text("team"),
            resource=text("resource"),
            sub_status=text("sub_status"),
            line=text("line"),
            line_from_team=flag,
        )


def load_yaml_mapping(path: Path) -> dict[str, object]:
    """A small YAML file's top-level mapping, refusing long files and anything else."""
    size = path.stat().st_size
    if size > MAX_MAPPING_BYTES:
        raise EventLogError(
            f"{path.name}: {size:,} bytes is too long for a column mapping "
            f"(at most {MAX_MAPPING_BYTES:,})"
        )
    import yaml  # read only for a mapping file, so `analyze` without one never imports it

    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise EventLogError(f"{path.name}: not valid YAML: {error}") from None
    except RecursionError:
        raise EventLogError(f"{path.name}: not valid YAML: nested too deeply") from None
    if not isinstance(loaded, dict):
        raise EventLogError(f"{path.name}: expected a mapping such as 'case: Ticket'")
    return {str(k): v for k, v in loaded.items()}


def column_key(name: str) -> str:
    """Compare header names the way people vary them: case, spaces versus underscores.

    >>> column_key(" Assignment group ") == column_key("assignment_group")
    True
    """
    return "_".join(name.strip().lower().replace("_", " ").split())


def pick(columns: Sequence[str], *candidates: str) -> str | None:
    """The first column whose key matches one of the candidates, in candidate order."""
    keyed = {column_key(c): c for c in columns}
    for candidate in candidates:
        found = keyed.get(column_key(candidate))
        if found is not None:
            return found
    return None


def line_from_team(team: pl.Expr) -> pl.Expr:
    """Support line from the team name's suffix; a team without one is first line.

    >>> teams = pl.DataFrame({"team": ["V5 3rd", "G97 2nd", "V30", "V13 2nd 3rd", None]})
    >>> teams.select(line_from_team(pl.col("team")))["line"].to_list()
    [3, 2, 1, 2, None]
    """
    return (
        pl.when(team.is_null())
        .then(pl.lit(None, dtype=pl.Int8))
        .otherwise(team.str.extract(LINE_SUFFIX, 1).cast(pl.Int8).fill_null(1))
        .alias("line")
    )


def check_columns(columns: list[str], mapping: ColumnMapping, source: str) -> None:
    """Fail before parsing anything when a mapped column is absent, showing what is there."""
    absent = [c for c in mapping.sources().values() if c not in columns]
    if absent:
        shown = ", ".join(f'"{c}"' for c in absent)
        header = ", ".join(c for c in columns if c not in (SEQ, AT))
        raise EventLogError(f"{source}: column(s) {shown} not found; the file has: {header}")


def _blank_to_null(column: str) -> pl.Expr:
    text = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(text.str.len_chars() > 0).then(text).alias(column)


def _first_null(frame: pl.DataFrame, column: str) -> int | None:
    nulls = frame[column].is_null()
    return int(frame[AT][int(nulls.arg_true()[0])]) if nulls.any() else None


def to_event_log(
    raw: pl.DataFrame,
    mapping: ColumnMapping,
    *,
    source: str,
    unit: str = "row",
    tz: str | None = None,
    date_format: str | None = None,
    assume_sorted: bool = False,
) -> EventLog:
    """Map, validate and type a raw frame of text columns into a canonical, sorted log.

    ``raw`` carries SEQ and AT beside the source columns. Unmapped source columns stay as
    string attribute columns (renamed ``source:<name>`` if they clash with a canonical name).
    """
    check_columns(raw.columns, mapping, source)
    sources = mapping.sources()
    raw = raw.with_columns(_blank_to_null(c) for c in set(sources.values()))
    for name, problem in (("case_id", "a case id"), ("activity", "an activity (status)")):
        row = _first_null(raw, sources[name])
        if row is not None:
            raise cell_error(
                source, unit, row, sources[name], f"is empty; every event needs {problem}"
            )
    timestamps = parse_timestamps(
        raw[sources["timestamp"]],
        locations=raw[AT],
        source=source,
        column=sources["timestamp"],
        unit=unit,
        date_format=date_format,
        tz=tz,
    )
    columns = [pl.col(SEQ).cast(pl.Int64).alias("seq")]
    for name, column in sources.items():
        if name not in ("timestamp", "line"):
            columns.append(pl.col(column).alias(name))
    if mapping.line_from_team and mapping.team is not None:
        columns.append(line_from_team(pl.col(mapping.team)).alias("line"))
    used = set(sources.values()) | {SEQ, AT}
    for column in raw.columns:
        if column not in used:
            name = f"source:{column}" if column in CANONICAL_SCHEMA else column
            columns.append(pl.col(column).cast(pl.String).alias(name))
    frame = raw.select(columns).with_columns(timestamps.alias("timestamp"))
    if mapping.line is not None:
        frame = frame.with_columns(_line_column(raw, mapping.line, source, unit))
    log = EventLog.from_frame(frame, source=source, assume_sorted=assume_sorted)
    places = raw.select(pl.col(SEQ).cast(pl.Int64).alias("seq"), pl.col(AT).alias("place"))
    return replace(log, origin=Origin(unit=unit, columns=sources, places=places))


def _line_column(raw: pl.DataFrame, column: str, source: str, unit: str) -> pl.Series:
    numbers = raw[column].cast(pl.Int8, strict=False)
    bad = numbers.is_null() & raw[column].is_not_null()
    if bad.any():
        at = int(bad.arg_true()[0])
        raise cell_error(
            source,
            unit,
            int(raw[AT][at]),
            column,
            f'"{raw[column][at]}" is not a support line (1, 2, 3)',
        )
    return numbers.alias("line")
