"""How large a Parquet file's data is once decompressed, read from its footer alone.

Polars decompresses a Parquet file whole; a 2 MB file of compressible text can decode to a
gigabyte. The footer (Thrift compact protocol, at the end of the file) states for every row
group the total byte size of its uncompressed column data, so the reader can refuse a file
before decoding any of it. Only the few fields needed are read; everything else is skipped
with a bounded depth, and a footer that does not parse is reported, not trusted.
"""

from __future__ import annotations

from pathlib import Path

MAGIC = b"PAR1"
MAX_FOOTER_BYTES = 64 << 20
_MAX_DEPTH = 32

# Thrift compact protocol element types
_TRUE, _FALSE, _BYTE, _I16, _I32, _I64, _DOUBLE, _BINARY, _LIST, _SET, _MAP, _STRUCT = range(1, 13)


class FooterError(ValueError):
    """The bytes at the end of the file are not a Parquet footer this reader understands."""


class _Compact:
    """A cursor over Thrift compact-protocol bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def byte(self) -> int:
        if self.at >= len(self.data):
            raise FooterError("the footer ends early")
        value = self.data[self.at]
        self.at += 1
        return value

    def varint(self) -> int:
        shift = result = 0
        while True:
            value = self.byte()
            result |= (value & 0x7F) << shift
            if not value & 0x80:
                return result
            shift += 7
            if shift > 70:
                raise FooterError("a number in the footer is too long")

    def zigzag(self) -> int:
        value = self.varint()
        return (value >> 1) ^ -(value & 1)

    def skip_bytes(self, count: int) -> None:
        if count < 0 or self.at + count > len(self.data):
            raise FooterError("the footer ends early")
        self.at += count

    def field_header(self, last: int) -> tuple[int, int]:
        """(field id, type) of the next field of a struct; type 0 ends the struct."""
        header = self.byte()
        kind = header & 0x0F
        if kind == 0:
            return 0, 0
        delta = header >> 4
        return (last + delta if delta else self.zigzag()), kind

    def list_header(self) -> tuple[int, int]:
        header = self.byte()
        size = header >> 4
        if size == 15:
            size = self.varint()
        return size, header & 0x0F

    def skip(self, kind: int, depth: int = 0) -> None:
        if depth > _MAX_DEPTH:
            raise FooterError("the footer nests too deeply")
        if kind in (_TRUE, _FALSE):
            return
        if kind == _BYTE:
            self.skip_bytes(1)
        elif kind in (_I16, _I32, _I64):
            self.varint()
        elif kind == _DOUBLE:
            self.skip_bytes(8)
        elif kind == _BINARY:
            self.skip_bytes(self.varint())
        elif kind in (_LIST, _SET):
            size, element = self.list_header()
            for _ in range(size):  # every element takes at least one byte: bounded
                self.skip(_element(element), depth + 1)
        elif kind == _MAP:
            size = self.varint()
            if size:
                types = self.byte()
                for _ in range(size):
                    self.skip(_element(types >> 4), depth + 1)
                    self.skip(_element(types & 0x0F), depth + 1)
        elif kind == _STRUCT:
            last = 0
            while True:
                last, field_kind = self.field_header(last)
                if field_kind == 0:
                    return
                self.skip(field_kind, depth + 1)
        else:
            raise FooterError(f"unknown Thrift type {kind} in the footer")


def _element(kind: int) -> int:
    """Inside a list or map a boolean is one byte, not a type nibble."""
    return _BYTE if kind in (_TRUE, _FALSE) else kind


def _row_group_bytes(cursor: _Compact) -> int:
    """RowGroup field 2, ``total_byte_size``: its uncompressed column data."""
    total, last = 0, 0
    while True:
        last, kind = cursor.field_header(last)
        if kind == 0:
            return total
        if last == 2 and kind == _I64:
            total = cursor.zigzag()
        else:
            cursor.skip(kind)


def declared_uncompressed_bytes(path: Path) -> int:
    """The uncompressed size of all column data, as the file's row groups declare it.

    Raises :class:`FooterError` when the file does not end in a readable Parquet footer.
    """
    size = path.stat().st_size
    with path.open("rb") as handle:
        if size < 12:
            raise FooterError("too short for a Parquet file")
        handle.seek(size - 8)
        tail = handle.read(8)
        if tail[4:] != MAGIC:
            raise FooterError("no Parquet footer at the end of the file")
        length = int.from_bytes(tail[:4], "little")
        if length > min(size - 12, MAX_FOOTER_BYTES):
            raise FooterError("the footer length is out of range")
        handle.seek(size - 8 - length)
        cursor = _Compact(handle.read(length))
    total, last = 0, 0
    while True:  # FileMetaData: field 4 is the list of row groups
        last, kind = cursor.field_header(last)
        if kind == 0:
            return total
        if last == 4 and kind == _LIST:
            count, element = cursor.list_header()
            if element != _STRUCT:
                raise FooterError("row groups are not structs")
            for _ in range(count):
                total += max(_row_group_bytes(cursor), 0)
        else:
            cursor.skip(kind)
