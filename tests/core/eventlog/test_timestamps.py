"""Timestamps as exporting tools write them become true UTC instants, or a precise error."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from podium.core.eventlog import EventLogError
from podium.core.eventlog.timestamps import parse_timestamps


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)  # type: ignore[misc]


def parse(values: list[str], **options: str) -> list[dt.datetime]:
    rows = pl.Series(range(2, len(values) + 2))
    return parse_timestamps(
        pl.Series(values), locations=rows, source="f.csv", column="When", **options
    ).to_list()


@pytest.mark.parametrize(
    ("values", "tz", "expected"),
    [
        (["2024-01-31T14:05:07+01:00"], None, utc(2024, 1, 31, 13, 5, 7)),
        (["2024-01-31T14:05:07.5+0100"], None, utc(2024, 1, 31, 13, 5, 7, 500000)),
        (["2024-01-31T14:05:07Z"], None, utc(2024, 1, 31, 14, 5, 7)),
        (["2024-01-31 14:05"], "Europe/Amsterdam", utc(2024, 1, 31, 13, 5)),
        (["31-01-2024 14:05"], "Europe/Amsterdam", utc(2024, 1, 31, 13, 5)),
        (["31/01/2024 14:05:07"], "Europe/Amsterdam", utc(2024, 1, 31, 13, 5, 7)),
        (["01/31/2024 2:05 PM"], "America/New_York", utc(2024, 1, 31, 19, 5)),
        (["31.01.2024 14:05"], "UTC", utc(2024, 1, 31, 14, 5)),
    ],
)
def test_common_layouts_are_detected(
    values: list[str], tz: str | None, expected: dt.datetime
) -> None:
    options = {"tz": tz} if tz else {}
    assert parse(values, **options) == [expected]


def test_daylight_saving_offsets_and_zone_agree_on_instants() -> None:
    summer_offset = parse(["2013-07-01T10:00:00+02:00"])
    fixed_offset = parse(["2013-07-01T09:00:00+01:00"])
    zoned = parse(["2013-07-01 10:00:00"], tz="Europe/Brussels")
    assert summer_offset == fixed_offset == zoned == [utc(2013, 7, 1, 8)]


def test_a_day_above_twelve_anywhere_in_the_column_decides_the_order() -> None:
    assert parse(["02/03/2024 10:00", "13/03/2024 10:00"], tz="UTC")[0] == utc(2024, 3, 2, 10)
    assert parse(["02/03/2024 10:00", "03/13/2024 10:00"], tz="UTC")[0] == utc(2024, 2, 3, 10)


def test_ambiguous_day_month_asks_for_a_format() -> None:
    with pytest.raises(EventLogError, match=r'f\.csv, column "When".*date_format='):
        parse(["02/03/2024 10:00"], tz="UTC")
    assert parse(["02/03/2024 10:00"], tz="UTC", date_format="%d/%m/%Y %H:%M") == [
        utc(2024, 3, 2, 10)
    ]


def test_times_without_offset_need_a_zone() -> None:
    with pytest.raises(EventLogError, match=r"carry no UTC offset; give tz="):
        parse(["2024-01-31 14:05"])
    with pytest.raises(EventLogError, match=r'tz="Mars/Olympus" is not an IANA'):
        parse(["2024-01-31 14:05"], tz="Mars/Olympus")
    with pytest.raises(EventLogError, match=r'tz="Etc" is not an IANA'):
        parse(["2024-01-31 14:05"], tz="Etc")


def test_a_bad_value_is_reported_with_row_column_and_format() -> None:
    with pytest.raises(EventLogError) as caught:
        parse(["2012-12-01T10:00:00+01:00", "2012-13-45T10:00:00+01:00"])
    assert str(caught.value) == (
        'f.csv, row 3, column "When": "2012-13-45T10:00:00+01:00" is not a date in the '
        "detected format %Y-%m-%dT%H:%M:%S%.f%z"
    )


def test_empty_and_nonexistent_local_times_are_errors() -> None:
    with pytest.raises(EventLogError, match=r'row 3, column "When": is empty'):
        parse(["2024-01-31T14:05:07Z", " "])
    with pytest.raises(EventLogError, match=r"row 2.*does not exist in Europe/Amsterdam"):
        parse(["2024-03-31 02:30"], tz="Europe/Amsterdam")


def test_repeated_autumn_hour_takes_the_earlier_instant() -> None:
    assert parse(["2024-10-27 02:30"], tz="Europe/Amsterdam") == [utc(2024, 10, 27, 0, 30)]
