"""Turn timestamp text, as exporting tools write it, into true UTC instants.

Detection looks at the whole column, vectorised: a format is chosen from the first value's
shape, day-first versus month-first is decided only when some value has a day above 12, and
every value must then parse in that one format. Times without an offset need the caller to name
the zone they were written in; Podium never guesses UTC.
"""

from __future__ import annotations

import polars as pl

from podium.core.calendars.zones import is_time_zone_key
from podium.core.eventlog.errors import cell_error
from podium.core.eventlog.schema import EventLogError

UTC_TYPE = pl.Datetime("us", "UTC")

_ISO_START = r"^\d{4}-\d{1,2}-\d{1,2}"
_NUMERIC_START = r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}"
_OFFSET_END = r"[+\-]\d{2}:?\d{2}$"
_AM_PM_END = r"(?i)\s[AP]M$"


def _normalise(text: pl.Series) -> pl.Series:
    """Bring harmless spelling variants to one shape so that one strptime format fits all rows."""
    return (
        text.str.replace(r"(?i)(\d)\s*(Z|UTC)$", "${1}+00:00")
        .str.replace(r"^(\d{4}-\d{1,2}-\d{1,2})[ T]", "${1}T")
        .str.replace(r"^(\d{4}-\d{1,2}-\d{1,2})$", "${1}T00:00:00")
        .str.replace(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", "${1}/${2}/${3}")
        .str.replace(r"^(\d{1,2}/\d{1,2}/\d{4})$", "${1} 00:00:00")
        .str.replace(r"([T ]\d{1,2}:\d{2})([ +\-]|$)", "${1}:00${2}")
    )


def _numeric_date_order(text: pl.Series, shown: str) -> str:
    """Decide day-first or month-first from the column; refuse to guess when no day exceeds 12."""
    parts = text.str.extract_groups(r"^(\d{1,2})/(\d{1,2})/")
    high_first = parts.struct.field("1").cast(pl.Int32, strict=False).max()
    high_second = parts.struct.field("2").cast(pl.Int32, strict=False).max()
    first_max = int(high_first) if isinstance(high_first, int) else 0
    second_max = int(high_second) if isinstance(high_second, int) else 0
    if first_max > 12 >= second_max:
        return "%d/%m/%Y"
    if second_max > 12 >= first_max:
        return "%m/%d/%Y"
    raise EventLogError(
        f'dates such as "{shown}" could be day-first or month-first and no value settles it; '
        'give date_format= (e.g. "%d/%m/%Y %H:%M" or "%m/%d/%Y %I:%M %p")'
    )


def detect_format(text: pl.Series, shown: str | None = None) -> str | None:
    """Pick one strptime format (without offset) for a normalised, non-empty timestamp column.

    Returns None when the first value has no layout Podium knows. Whether a row carries an
    offset is decided per row, so ``%z`` is never part of the answer.

    >>> detect_format(_normalise(pl.Series(["31-01-2024 14:05", "01-02-2024 09:00"])))
    '%d/%m/%Y %H:%M:%S%.f'
    >>> detect_format(_normalise(pl.Series(["2024-01-31T14:05:07Z"])))
    '%Y-%m-%dT%H:%M:%S%.f'
    """
    first = pl.Series([str(text[0])])
    if first.str.contains(_ISO_START).item():
        return "%Y-%m-%dT%H:%M:%S%.f"
    if first.str.contains(_NUMERIC_START).item():
        date_part = _numeric_date_order(text, shown or str(text[0]))
        if first.str.contains(_AM_PM_END).item():
            return f"{date_part} %I:%M:%S%.f %p"
        return f"{date_part} %H:%M:%S%.f"
    return None


def parse_timestamps(
    values: pl.Series,
    *,
    locations: pl.Series,
    source: str,
    column: str,
    unit: str = "row",
    date_format: str | None = None,
    tz: str | None = None,
) -> pl.Series:
    """Parse a text column into Datetime(us, UTC), naming the first bad cell when one fails.

    ``locations`` holds, per value, the number a person would look up (spreadsheet row, XES
    line). A row's own offset wins over ``tz``; ``tz`` is needed only for rows without one.
    Ambiguous local times (the repeated hour in autumn) take the earlier instant.

    >>> s = pl.Series(["2013-03-31T01:30:00+01:00", "2013-03-31T03:30:00+02:00"])
    >>> parse_timestamps(s, locations=pl.Series([2, 3]), source="f.csv", column="t").to_list()
    [datetime.datetime(2013, 3, 31, 0, 30, tzinfo=zoneinfo.ZoneInfo(key='UTC')), \
datetime.datetime(2013, 3, 31, 1, 30, tzinfo=zoneinfo.ZoneInfo(key='UTC'))]
    """
    text = values.cast(pl.String).str.strip_chars()
    text = pl.select(pl.when(text.str.len_chars() > 0).then(text)).to_series()
    empty = text.is_null()
    if empty.any():
        at = int(empty.arg_true()[0])
        raise cell_error(
            source, unit, int(locations[at]), column, "is empty; every event needs a time"
        )
    if text.len() == 0:
        return pl.Series(values.name, [], dtype=UTC_TYPE)
    where = _Where(source, column, unit, locations, text, "given" if date_format else "detected")
    if date_format is not None:
        parsed = where.strptime(text, date_format)
        dtype = parsed.dtype
        if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
            return parsed.dt.convert_time_zone("UTC").alias(values.name)
        return where.localise(parsed, tz).alias(values.name)
    normalised = _normalise(text)
    try:
        base = detect_format(normalised, str(text[0]))
    except EventLogError as error:
        raise EventLogError(f'{source}, column "{column}": {error}') from None
    if base is None:
        raise cell_error(
            source,
            unit,
            int(locations[0]),
            column,
            f'"{text[0]}" is not a date layout Podium recognises (ISO 8601, day-first or '
            "month-first); give date_format= with a strptime format",
        )
    with_offset = normalised.str.contains(_OFFSET_END)
    where.shown = f"{base}%z" if with_offset[0] else base
    parts: list[pl.Series] = []
    if with_offset.any():
        aware = where.strptime(normalised, f"{base}%z", rows=with_offset)
        parts.append(aware.dt.convert_time_zone("UTC"))
    if not with_offset.all():
        naive = where.strptime(normalised, base, rows=~with_offset)
        parts.append(where.localise(naive, tz, rows=~with_offset))
    if len(parts) == 1:
        return parts[0].alias(values.name)
    return (
        pl.DataFrame({"o": with_offset, "a": parts[0], "n": parts[1]})
        .select(pl.when("o").then("a").otherwise("n"))
        .to_series()
        .alias(values.name)
    )


class _Where:
    """Everything needed to point at a failing cell, kept together for the parse steps."""

    def __init__(
        self,
        source: str,
        column: str,
        unit: str,
        locations: pl.Series,
        text: pl.Series,
        how: str,
    ) -> None:
        self.source, self.column, self.unit = source, column, unit
        self.locations, self.text, self.how = locations, text, how
        self.shown: str | None = None
        """The format named in messages: the column's (first row's) layout, offset included."""

    def fail(self, at: int, problem: str) -> EventLogError:
        return cell_error(self.source, self.unit, int(self.locations[at]), self.column, problem)

    def strptime(self, text: pl.Series, fmt: str, rows: pl.Series | None = None) -> pl.Series:
        """Parse all values; only ``rows`` (default all) must succeed, the rest are ignored."""
        try:
            parsed = text.str.to_datetime(fmt, strict=False, time_unit="us")
        except pl.exceptions.PolarsError as error:
            raise EventLogError(
                f'{self.source}, column "{self.column}": format {fmt} is not usable: {error}'
            ) from None
        failed = parsed.is_null() if rows is None else parsed.is_null() & rows
        if failed.any():
            at = int(failed.arg_true()[0])
            shown = self.shown or fmt
            raise self.fail(at, f'"{self.text[at]}" is not a date in the {self.how} format {shown}')
        return parsed

    def localise(
        self, naive: pl.Series, tz: str | None, rows: pl.Series | None = None
    ) -> pl.Series:
        """Attach the caller's zone to offset-less wall times, refusing to guess one."""
        first = int(rows.arg_true()[0]) if rows is not None else 0
        if tz is None:
            raise EventLogError(
                f'{self.source}, column "{self.column}": times such as "{self.text[first]}" carry '
                "no UTC offset; give tz= the IANA zone the exporting tool wrote them in "
                '(e.g. tz="Europe/Amsterdam")'
            )
        if not is_time_zone_key(tz):
            raise EventLogError(f'{self.source}: tz="{tz[:64]}" is not an IANA time zone name')
        local = naive.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
        gap = local.is_null() & naive.is_not_null()
        if rows is not None:
            gap = gap & rows
        if gap.any():
            at = int(gap.arg_true()[0])
            raise self.fail(
                at,
                f'"{self.text[at]}" does not exist in {tz} '
                "(the clock skipped it at a daylight-saving change)",
            )
        return local.dt.convert_time_zone("UTC")
