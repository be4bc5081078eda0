"""A bound on how much input a reader takes in, so a small file cannot exhaust memory.

A 6 MB ``.csv.gz`` can expand to 2 GB, and a 2 MB Parquet file to a gigabyte of decoded
strings. Every reader counts the bytes it takes in *after* decompression (for Parquet: the size
of the decoded columns) and stops with :class:`InputTooLargeError` once they pass ``max_bytes``,
before the rest is ever decompressed. The limit is an argument, never read from the
environment here: the command line turns its flag or environment variable into it.
"""

from __future__ import annotations

import re

from podium.core.eventlog.schema import EventLogError

DEFAULT_MAX_INPUT_BYTES = 1 << 30
"""1 GiB: about ten million events of CSV or 1.7 million of XES; reading a CSV needs a few
times its size in memory, so the default stays well under the memory of a small server."""

_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
_SIZE = re.compile(r"(?i)\s*([0-9]+(?:\.[0-9]+)?)\s*([kmgt]?)(?:i?b)?\s*")


class InputTooLargeError(EventLogError):
    """The input holds more than the limit once decompressed; reading stopped there."""

    def __init__(self, source: str, limit: int) -> None:
        self.source = source
        self.limit = limit
        super().__init__(
            f"{source}: holds more than {format_bytes(limit)} once decompressed, the input "
            "limit; reading stopped there"
        )


def format_bytes(count: int) -> str:
    """A byte count as a person reads it, exact figure included.

    >>> format_bytes(1 << 30), format_bytes(64 << 20), format_bytes(1000)
    ('1 GiB (1,073,741,824 bytes)', '64 MiB (67,108,864 bytes)', '1,000 bytes')
    """
    for unit, size in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size:
            return f"{count / size:.3g} {unit} ({count:,} bytes)"
    return f"{count:,} bytes"


def parse_byte_size(text: str) -> int:
    """Bytes from ``1073741824``, ``512M``, ``2G``, ``1.5GiB`` (units are powers of 1024).

    >>> parse_byte_size("512M"), parse_byte_size("2 GiB"), parse_byte_size("1000")
    (536870912, 2147483648, 1000)
    >>> parse_byte_size("lots")
    Traceback (most recent call last):
    ...
    ValueError: 'lots' is not a size such as 1073741824, 512M or 2G
    """
    match = _SIZE.fullmatch(text)
    if match is None or float(match.group(1)) <= 0:
        raise ValueError(f"{text!r} is not a size such as 1073741824, 512M or 2G")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])
