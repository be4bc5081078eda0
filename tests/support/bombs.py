"""Decompression bombs, small on disk, built in a test's temporary directory.

A gzip file may hold several members one after the other (RFC 1952 §2.2; ``gzip -dc`` and
Python's ``gzip`` read them all), so one compressed megabyte block repeated gives a valid file
that expands ~1000 times its size, built in milliseconds.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import polars as pl

CSV_HEAD = b"case_id,timestamp,activity,sub_status,party,team,resource,line\n"
CSV_ROW = b"INC-1,2024-03-01T08:00:00.000000Z,New,,Acme,Desk,ann,1\n"
XES_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<log xmlns="http://www.xes-standard.org/">\n'
    b'<trace><string key="concept:name" value="INC-1"/>\n'
)
XES_EVENT = (
    b'<event><string key="concept:name" value="New"/>'
    b'<date key="time:timestamp" value="2024-03-01T08:00:00.000+00:00"/></event>\n'
)


def gzip_bomb(path: Path, head: bytes, unit: bytes, expanded_bytes: int) -> Path:
    """`head` then `unit` repeated until the content reaches `expanded_bytes`, gzipped."""
    block = unit * ((1 << 20) // len(unit))
    member = gzip.compress(block, compresslevel=9)
    with path.open("wb") as out:
        out.write(gzip.compress(head))
        for _ in range(expanded_bytes // len(block) + 1):
            out.write(member)
    return path


def parquet_bomb(path: Path, rows: int) -> Path:
    """A canonical event log whose `note` attribute is a distinct kilobyte of text per row.

    Written by the streaming engine, so building it never holds the decoded data in memory.
    """
    pl.LazyFrame({"n": [0]}).select(pl.int_range(0, rows, dtype=pl.Int64).alias("seq")).select(
        pl.col("seq"),
        pl.lit("INC-1").alias("case_id"),
        pl.lit("2024-03-01T08:00:00Z").str.to_datetime(time_zone="UTC").alias("timestamp"),
        pl.lit("New").alias("activity"),
        (pl.lit("x" * 1000) + pl.col("seq").cast(pl.String)).alias("note"),
    ).sink_parquet(path, compression="zstd")
    return path
