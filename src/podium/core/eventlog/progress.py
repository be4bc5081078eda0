"""Progress reporting for readers, so a command line can draw a bar over a large file."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Protocol, cast

from podium.core.eventlog.limits import InputTooLargeError
from podium.core.eventlog.schema import EventLogError

ProgressCallback = Callable[[int, int | None], None]
"""Called with (units done, total units or None); the units are bytes of the file on disk."""

CHUNK_BYTES = 1 << 20


class CountingReader(io.RawIOBase):
    """Wraps the file on disk and reports bytes consumed, which for .gz is the compressed size."""

    def __init__(self, raw: IO[bytes], total: int | None, progress: ProgressCallback | None):
        self._raw = raw
        self._total = total
        self._progress = progress
        self._done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self._done += n
        if self._progress is not None and n:
            self._progress(self._done, self._total)
        return n


class _Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


class GuardedReader(io.RawIOBase):
    """The decompressed bytes of a source, stopped at a limit, with gzip damage named.

    Wrapped around a decompressing stream it stops a bomb once `limit` bytes have been
    inflated, whatever the compressed size (:class:`InputTooLargeError`); a truncated or
    corrupt ``.gz`` becomes an :class:`EventLogError` naming the file, not a bare EOFError.
    """

    def __init__(self, stream: _Readable, limit: int | None, source: str) -> None:
        self._stream = stream
        self._limit = limit
        self._source = source
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        wanted = len(buffer)
        if self._limit is not None:
            # Never ask for more than one byte past the limit: that byte proves it is passed.
            wanted = min(wanted, self._limit - self._count + 1)
        try:
            data = self._stream.read(wanted)
        except (EOFError, gzip.BadGzipFile, zlib.error) as error:
            raise EventLogError(f"{self._source}: not a readable gzip file: {error}") from None
        n = len(data)
        self._count += n
        if self._limit is not None and self._count > self._limit:
            raise InputTooLargeError(self._source, self._limit)
        buffer[:n] = data
        return n


@contextmanager
def open_source(
    path: Path, progress: ProgressCallback | None, *, max_bytes: int | None
) -> Iterator[IO[bytes]]:
    """Open a file for binary reading, transparently un-gzipping, with byte progress reported.

    With `max_bytes`, reading more than that many bytes (after decompression) raises
    :class:`~podium.core.eventlog.limits.InputTooLargeError`; a plain file larger than the limit
    is refused before any byte is read.
    """
    gzipped = path.name.lower().endswith(".gz")
    if max_bytes is not None and not gzipped and path.stat().st_size > max_bytes:
        raise InputTooLargeError(path.name, max_bytes)
    with path.open("rb") as raw:
        counting = io.BufferedReader(
            CountingReader(raw, path.stat().st_size, progress), CHUNK_BYTES
        )
        if gzipped:
            with gzip.GzipFile(fileobj=counting, mode="rb") as unzipped:
                yield cast(IO[bytes], GuardedReader(unzipped, max_bytes, path.name))
        else:
            yield cast(IO[bytes], GuardedReader(counting, max_bytes, path.name))


def read_all_bytes(path: Path, progress: ProgressCallback | None, *, max_bytes: int) -> bytes:
    """Read a whole (possibly gzipped) file in chunks so progress moves while it loads."""
    parts: list[bytes] = []
    with open_source(path, progress, max_bytes=max_bytes) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            parts.append(chunk)
    return b"".join(parts)
