"""Decompression bombs stop at the input limit, naming file and limit, with memory bounded."""

from __future__ import annotations

import contextlib
import gzip
import inspect
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.support.bombs import CSV_HEAD, CSV_ROW, XES_EVENT, XES_HEAD, gzip_bomb, parquet_bomb

from podium.core.eventlog import (
    DEFAULT_MAX_INPUT_BYTES,
    EventLogError,
    InputTooLargeError,
    guess_preset,
    read_csv,
    read_event_log,
    read_parquet,
    read_xes,
    write_parquet,
)
from podium.core.eventlog.parquet_footer import MAGIC, FooterError, declared_uncompressed_bytes

LIMIT = 16 << 20
SLACK = 48 << 20
"""Memory beyond the limit a refused read may use (chunks, parser buffers): generous."""


def _peak_while(read: Callable[[], object]) -> tuple[BaseException, int]:
    tracemalloc.start()
    try:
        read()
    except BaseException as error:
        caught = error
    else:  # pragma: no cover - the test fails below
        caught = AssertionError("no error")
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return caught, peak


def test_a_csv_gz_bomb_stops_at_the_limit(tmp_path: Path) -> None:
    bomb = gzip_bomb(tmp_path / "tickets.csv.gz", CSV_HEAD, CSV_ROW, 2 << 30)
    assert bomb.stat().st_size < 8 << 20  # 2 GiB of CSV in a few megabytes
    error, peak = _peak_while(lambda: read_csv(bomb, max_bytes=LIMIT))
    assert isinstance(error, InputTooLargeError), error
    assert str(error) == (
        "tickets.csv.gz: holds more than 16 MiB (16,777,216 bytes) once decompressed, "
        "the input limit; reading stopped there"
    )
    assert peak < LIMIT + SLACK


def test_an_xes_gz_bomb_stops_at_the_limit(tmp_path: Path) -> None:
    bomb = gzip_bomb(tmp_path / "log.xes.gz", XES_HEAD, XES_EVENT, 2 << 30)
    error, peak = _peak_while(lambda: read_event_log(bomb, max_bytes=4 << 20))
    assert isinstance(error, InputTooLargeError), error
    assert str(error).startswith("log.xes.gz: holds more than 4 MiB (4,194,304 bytes)")
    assert peak < (4 << 20) + SLACK


def test_a_parquet_bomb_is_refused_from_its_footer(tmp_path: Path) -> None:
    bomb = parquet_bomb(tmp_path / "log.parquet", 100_000)
    assert declared_uncompressed_bytes(bomb) > 100_000 * 1000
    assert bomb.stat().st_size < 2 << 20
    error, _ = _peak_while(lambda: read_parquet(bomb, max_bytes=LIMIT))
    assert isinstance(error, InputTooLargeError), error
    assert "log.parquet: holds more than 16 MiB" in str(error)
    assert read_parquet(bomb, max_bytes=1 << 30).event_count == 100_000


def test_a_plain_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(CSV_HEAD + CSV_ROW * 1000)
    with pytest.raises(InputTooLargeError, match=r"^big\.csv: holds more than 1,000 bytes"):
        read_csv(path, max_bytes=1000)
    assert read_csv(path, max_bytes=path.stat().st_size).event_count == 1000


def test_exactly_the_limit_is_allowed(tmp_path: Path) -> None:
    content = CSV_HEAD + CSV_ROW * 10
    path = tmp_path / "ten.csv.gz"
    path.write_bytes(gzip.compress(content))
    assert read_csv(path, max_bytes=len(content)).event_count == 10
    with pytest.raises(InputTooLargeError):
        read_csv(path, max_bytes=len(content) - 1)
    parquet = tmp_path / "log.parquet"
    write_parquet(read_csv(path), parquet)
    declared = declared_uncompressed_bytes(parquet)
    assert read_parquet(parquet, max_bytes=max(declared, parquet.stat().st_size)).event_count == 10


def test_every_reader_defaults_to_one_gibibyte() -> None:
    assert DEFAULT_MAX_INPUT_BYTES == 1 << 30
    for reader in (read_csv, read_xes, read_parquet, read_event_log):
        assert inspect.signature(reader).parameters["max_bytes"].default == 1 << 30


@pytest.mark.parametrize(
    ("name", "content"),
    [("cut.csv.gz", CSV_HEAD + CSV_ROW * 5000), ("cut.xes.gz", XES_HEAD + XES_EVENT * 5000)],
)
def test_a_truncated_or_foreign_gz_names_the_file(
    tmp_path: Path, name: str, content: bytes
) -> None:
    whole = gzip.compress(content)
    path = tmp_path / name
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(EventLogError, match=rf"^{name}: not a readable gzip file: "):
        read_event_log(path)
    path.write_bytes(b"this was never gzipped")
    with pytest.raises(EventLogError, match=rf"^{name}: not a readable gzip file: "):
        read_event_log(path)


def test_a_gz_prefix_with_a_bad_header_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv.gz"
    path.write_bytes(b"PK\x03\x04 a zip, not a gzip")
    with pytest.raises(EventLogError, match=r"^odd\.csv\.gz: not a readable gzip file"):
        guess_preset(path)


def test_a_file_that_is_not_parquet_says_so(tmp_path: Path) -> None:
    path = tmp_path / "log.parquet"
    path.write_bytes(b"case_id,timestamp\n" * 10)
    with pytest.raises(EventLogError, match=r"^log\.parquet: not a readable Parquet file"):
        read_parquet(path)


@settings(max_examples=200, deadline=None)
@given(footer=st.binary(max_size=200))
def test_any_footer_bytes_give_a_size_or_a_footer_error(footer: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "odd.parquet"
        path.write_bytes(MAGIC + footer + len(footer).to_bytes(4, "little") + MAGIC)
        with contextlib.suppress(FooterError):
            assert declared_uncompressed_bytes(path) >= 0


def test_a_footer_claiming_endless_booleans_ends_as_a_footer_error(tmp_path: Path) -> None:
    # FileMetaData field 1 is a map (type 11) of 2**60 boolean pairs, and nothing else.
    endless_map = bytes([0x1B]) + bytes([0x80] * 8 + [0x10]) + bytes([0x11])
    path = tmp_path / "odd.parquet"
    path.write_bytes(MAGIC + endless_map + len(endless_map).to_bytes(4, "little") + MAGIC)
    with pytest.raises(FooterError, match="ends early"):
        declared_uncompressed_bytes(path)
