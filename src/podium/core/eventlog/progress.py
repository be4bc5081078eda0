"""Progress reporting for readers, so a command line can draw a bar over a large file."""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, cast

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


@contextmanager
def open_source(path: Path, progress: ProgressCallback | None) -> Iterator[IO[bytes]]:
    """Open a file for binary reading, transparently un-gzipping, with byte progress reported."""
    with path.open("rb") as raw:
        counting = io.BufferedReader(
            CountingReader(raw, path.stat().st_size, progress), CHUNK_BYTES
        )
        if path.name.lower().endswith(".gz"):
            with gzip.GzipFile(fileobj=counting, mode="rb") as unzipped:
                yield cast(IO[bytes], unzipped)
        else:
            yield counting


def read_all_bytes(path: Path, progress: ProgressCallback | None) -> bytes:
    """Read a whole (possibly gzipped) file in chunks so progress moves while it loads."""
    parts: list[bytes] = []
    with open_source(path, progress) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            parts.append(chunk)
    return b"".join(parts)
