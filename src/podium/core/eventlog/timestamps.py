"""Turn timestamp text, as exporting tools write it, into true UTC instants.

Detection looks at the whole column, vectorised: a format is chosen from the first value's
shape, day-first versus month-first is decided only when some value has a day above 12, and
every value must then parse in that one format. Times without an offset need the caller to name
the zone they were written in; Podium never guesses UTC.
"""

from __future__ import annotations

import zoneinfo

import polars as pl

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


def detect_format(text: pl.Series, shown: str | None = None) -> str:
    """Pick one strptime format for a normalised, non-empty column of timestamp text.

    >>> detect_format(_normalise(pl.Series(["31-01-2024 14:05", "01-02-2024 09:00"])))
    '%d/%m/%Y %H:%M:%S%.f'
    >>> detect_format(_normalise(pl.Series(["2024-01-31T14:05:07Z"])))
    '%Y-%m-%dT%H:%M:%S%.f%z'
    """
    first = str(text[0])
    offset = "%z" if pl.Series([first]).str.contains(_OFFSET_END).item() else ""
    if pl.Series([first]).str.contains(_ISO_START).item():
        return f"%Y-%m-%dT%H:%M:%S%.f{offset}"
    if pl.Series([first]).str.contains(_NUMERIC_START).item():
        date_part = _numeric_date_order(text, shown or first)
        if pl.Series([first]).str.contains(_AM_PM_END).item():
            return f"{date_part} %I:%M:%S%.f %p"
        return f"{date_part} %H:%M:%S%.f{offset}"
    raise EventLogError(
        f'"{shown or first}" is not a date layout Podium recognises (ISO 8601, day-first or month-first); '
        "give date_format= with a strptime format"
    )


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
    line). Offsets in the text win over ``tz``; ``tz`` is needed only when the text has none.
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
    normalised = _normalise(text)
    try:
        fmt = date_format or detect_format(normalised, str(text[0]))
    except EventLogError as error:
        raise EventLogError(f'{source}, column "{column}": {error}') from None
    to_parse = normalised if date_format is None else text
    try:
        parsed = to_parse.str.to_datetime(fmt, strict=False, time_unit="us")
    except pl.exceptions.PolarsError as error:
        raise EventLogError(
            f'{source}, column "{column}": format {fmt} is not usable: {error}'
        ) from None
    failed = parsed.is_null()
    if failed.any():
        at = int(failed.arg_true()[0])
        raise cell_error(
            source,
            unit,
            int(locations[at]),
            column,
            f'"{text[at]}" is not a date in the {"given" if date_format else "detected"} '
            f"format {fmt}",
        )
    dtype = parsed.dtype
    if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
        return parsed.dt.convert_time_zone("UTC").alias(values.name)
    return _localise(
        parsed, text, locations=locations, source=source, column=column, unit=unit, tz=tz
    )


def _localise(
    naive: pl.Series,
    text: pl.Series,
    *,
    locations: pl.Series,
    source: str,
    column: str,
    unit: str,
    tz: str | None,
) -> pl.Series:
    """Attach the caller's zone to offset-less wall times, refusing to guess one."""
    if tz is None:
        raise EventLogError(
            f'{source}, column "{column}": times such as "{text[0]}" carry no UTC offset; '
            'give tz= the IANA zone the exporting tool wrote them in (e.g. tz="Europe/Amsterdam")'
        )
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise EventLogError(f'{source}: tz="{tz}" is not an IANA time zone name') from None
    local = naive.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
    gap = local.is_null()
    if gap.any():
        at = int(gap.arg_true()[0])
        raise cell_error(
            source,
            unit,
            int(locations[at]),
            column,
            f'"{text[at]}" does not exist in {tz} (the clock skipped it at a daylight-saving change)',
        )
    return local.dt.convert_time_zone("UTC").alias(naive.name)
