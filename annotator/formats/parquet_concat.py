"""Concatenate Parquet files that share a schema into one file, copying
their row groups byte for byte: nothing is decoded or encoded again.

A Parquet file is ``PAR1``, the column chunks of its row groups, a footer
(``FileMetaData``, Thrift compact protocol), the footer's length and
``PAR1``. Concatenating keeps every column chunk as it is and writes one
footer whose row groups are those of the files in order, with each
absolute file offset moved by where the file's chunks now start.

This lets a parallel export write its parts as finished Parquet files in
worker processes and still give one file per split: the parent only
copies bytes instead of re-encoding every row group with
``pyarrow.parquet.ParquetWriter`` on one core (figures in ``bench/RESULTS.md``).

Hand-written: pyarrow reads footers (``FileMetaData``) but cannot move
their offsets or write them back, and no maintained package concatenates
Parquet files without decoding them. The Thrift compact codec below is
generic (it keeps every field, known or not); only the offset fields named
in :data:`_OFFSETS` are changed. Files with a page index or bloom filters
(offsets outside the column chunks) or encryption are refused; pyarrow
writes neither unless asked.
"""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO, cast

MAGIC = b"PAR1"

# Thrift compact protocol types
_TRUE, _FALSE, _BYTE, _I16, _I32, _I64, _DOUBLE, _BINARY, _LIST, _SET, _MAP, _STRUCT = range(1, 13)

# FileMetaData field ids, and the offset fields of RowGroup, ColumnChunk and ColumnMetaData
_NUM_ROWS, _ROW_GROUPS, _ENCRYPTION = 3, 4, 8
_RG_COLUMNS, _RG_FILE_OFFSET, _RG_ORDINAL = 1, 5, 7
_CC_FILE_OFFSET, _CC_META, _CC_OFFSET_INDEX, _CC_COLUMN_INDEX, _CC_CRYPTO = 2, 3, 4, 6, 8
_CM_DATA_PAGE, _CM_INDEX_PAGE, _CM_DICTIONARY_PAGE, _CM_BLOOM = 9, 10, 11, 14
_OFFSETS = (_CM_DATA_PAGE, _CM_INDEX_PAGE, _CM_DICTIONARY_PAGE)


class ParquetConcatError(ValueError):
    pass


# ------------------------------------------------------------------ Thrift compact protocol
# A struct is a list of [field id, type, value]; a list or set is (element type, [values]);
# a map is (key type, value type, [(key, value)]). Booleans in structs are the types _TRUE/_FALSE.
Field = list[Any]  # [field id, type, value]
Struct = list[Field]


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def byte(self) -> int:
        b = self.data[self.pos]
        self.pos += 1
        return b

    def varint(self) -> int:
        shift = result = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                return result
            shift += 7

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, ttype: int) -> Any:
        if ttype in (_TRUE, _FALSE):  # only inside lists: one byte
            return self.byte() == 1
        if ttype == _BYTE:
            b = self.byte()
            return b - 256 if b > 127 else b
        if ttype in (_I16, _I32, _I64):
            return self.zigzag()
        if ttype == _DOUBLE:
            self.pos += 8
            return self.data[self.pos - 8 : self.pos]
        if ttype == _BINARY:
            n = self.varint()
            self.pos += n
            return self.data[self.pos - n : self.pos]
        if ttype in (_LIST, _SET):
            head = self.byte()
            size, elem = head >> 4, head & 0x0F
            if size == 15:
                size = self.varint()
            return (elem, [self.value(elem) for _ in range(size)])
        if ttype == _MAP:
            size = self.varint()
            if not size:
                return (0, 0, [])
            kv = self.byte()
            k, v = kv >> 4, kv & 0x0F
            return (k, v, [(self.value(k), self.value(v)) for _ in range(size)])
        if ttype == _STRUCT:
            return self.struct()
        raise ParquetConcatError(f"unknown Thrift type {ttype}")

    def struct(self) -> Struct:
        fields: Struct = []
        last = 0
        while True:
            head = self.byte()
            if head == 0:
                return fields
            ttype, delta = head & 0x0F, head >> 4
            fid = last + delta if delta else self.zigzag()
            value = ttype == _TRUE if ttype in (_TRUE, _FALSE) else self.value(ttype)
            fields.append([fid, ttype, value])
            last = fid


class _Writer:
    def __init__(self) -> None:
        self.out = bytearray()

    def varint(self, n: int) -> None:
        while True:
            if n < 0x80:
                self.out.append(n)
                return
            self.out.append((n & 0x7F) | 0x80)
            n >>= 7

    def zigzag(self, n: int) -> None:
        self.varint((n << 1) ^ (n >> 63))

    def value(self, ttype: int, v: Any) -> None:
        if ttype in (_TRUE, _FALSE):
            self.out.append(1 if v else 2)  # inside lists: booleans are one byte
        elif ttype == _BYTE:
            self.out.append(v & 0xFF)
        elif ttype in (_I16, _I32, _I64):
            self.zigzag(v)
        elif ttype == _DOUBLE:
            self.out += v
        elif ttype == _BINARY:
            self.varint(len(v))
            self.out += v
        elif ttype in (_LIST, _SET):
            elem, items = v
            if len(items) < 15:
                self.out.append(len(items) << 4 | elem)
            else:
                self.out.append(0xF0 | elem)
                self.varint(len(items))
            for item in items:
                self.value(elem, item)
        elif ttype == _MAP:
            k, t, items = v
            self.varint(len(items))
            if items:
                self.out.append(k << 4 | t)
                for key, val in items:
                    self.value(k, key)
                    self.value(t, val)
        elif ttype == _STRUCT:
            self.struct(v)
        else:
            raise ParquetConcatError(f"unknown Thrift type {ttype}")

    def struct(self, fields: Struct) -> None:
        last = 0
        for fid, ttype, v in fields:
            wire = (_TRUE if v else _FALSE) if ttype in (_TRUE, _FALSE) else ttype
            if 0 < fid - last <= 15:
                self.out.append((fid - last) << 4 | wire)
            else:
                self.out.append(wire)
                self.zigzag(fid)
            if ttype not in (_TRUE, _FALSE):
                self.value(ttype, v)
            last = fid
        self.out.append(0)


def _field(fields: Struct, fid: int) -> Field | None:
    return next((f for f in fields if f[0] == fid), None)


# ------------------------------------------------------------------ files
def read_footer(path: str | Path) -> tuple[Struct, int]:
    """The decoded ``FileMetaData`` of a Parquet file and where it starts."""
    with open(path, "rb") as fh:
        fh.seek(0, io.SEEK_END)
        size = fh.tell()
        if size < 12:
            raise ParquetConcatError(f"{path}: too short to be a Parquet file")
        fh.seek(size - 8)
        length, magic = struct.unpack("<I4s", fh.read(8))
        fh.seek(0)
        if magic != MAGIC or fh.read(4) != MAGIC or length > size - 12:
            raise ParquetConcatError(f"{path}: not a Parquet file (or an encrypted one)")
        fh.seek(size - 8 - length)
        footer = _Reader(fh.read(length)).struct()
    return footer, size - 8 - length


def _shift(row_group: Struct, by: int, ordinal: int) -> Struct:
    out = []
    for fid, ttype, value in row_group:
        if fid == _RG_FILE_OFFSET:
            value += by
        elif fid == _RG_ORDINAL:
            value = ordinal
        elif fid == _RG_COLUMNS:
            value = (value[0], [_shift_chunk(c, by) for c in value[1]])
        out.append([fid, ttype, value])
    return out


def _shift_chunk(chunk: Struct, by: int) -> Struct:
    out = []
    for fid, ttype, value in chunk:
        if fid in (_CC_OFFSET_INDEX, _CC_COLUMN_INDEX, _CC_CRYPTO):
            raise ParquetConcatError("files with a page index or encrypted columns cannot be concatenated")
        if fid == _CC_FILE_OFFSET and value:
            value += by
        elif fid == _CC_META:
            meta = []
            for mfid, mtype, mvalue in value:
                if mfid == _CM_BLOOM:
                    raise ParquetConcatError("files with bloom filters cannot be concatenated")
                meta.append([mfid, mtype, mvalue + by if mfid in _OFFSETS else mvalue])
            value = meta
        out.append([fid, ttype, value])
    return out


class Joiner:
    """Join Parquet files into ``dest`` (a binary file open for writing at
    its start) one at a time, as they become ready: :meth:`add` copies a
    file's row groups, :meth:`finish` writes the footer and returns the
    rows. The footer (schema, key-value metadata, writer) is the first
    file's, with every file's row groups."""

    def __init__(self, dest: BinaryIO) -> None:
        self.dest = dest
        self.first: Struct | None = None
        self.row_groups: list[Struct] = []
        self.rows = 0
        dest.write(MAGIC)
        self.at = len(MAGIC)

    def add(self, path: str | Path) -> None:
        footer, footer_start = read_footer(path)
        if _field(footer, _ENCRYPTION) is not None:
            raise ParquetConcatError(f"{path}: encrypted Parquet files cannot be concatenated")
        if self.first is None:
            self.first = footer
        elif _rest(footer) != _rest(self.first):
            raise ParquetConcatError(f"{path}: its schema or metadata differ from the first file's")
        by = self.at - len(MAGIC)
        groups = _field(footer, _ROW_GROUPS)
        for group in groups[2][1] if groups else []:
            self.row_groups.append(_shift(group, by, len(self.row_groups)))
        self.rows += cast(Field, _field(footer, _NUM_ROWS))[2]  # num_rows is a required field of a Parquet footer
        self.dest.flush()
        _copy(path, len(MAGIC), footer_start - len(MAGIC), self.dest)
        self.at += footer_start - len(MAGIC)

    def finish(self) -> int:
        if self.first is None:
            raise ParquetConcatError("nothing to concatenate")
        merged = []
        for fid, ttype, value in self.first:
            if fid == _NUM_ROWS:
                value = self.rows
            elif fid == _ROW_GROUPS:
                value = (_STRUCT, self.row_groups)
            merged.append([fid, ttype, value])
        writer = _Writer()
        writer.struct(merged)
        self.dest.write(bytes(writer.out))
        self.dest.write(struct.pack("<I", len(writer.out)))
        self.dest.write(MAGIC)
        return self.rows


def concat(parts: Iterable[str | Path], dest: BinaryIO) -> int:
    """Write the row groups of ``parts`` (Parquet files with the same
    schema, in order) to ``dest`` as one Parquet file; returns its rows."""
    joiner = Joiner(dest)
    for path in parts:
        joiner.add(path)
    return joiner.finish()


def _rest(footer: Struct) -> Struct:
    """A footer but its row groups and row count: what joined files must share."""
    return [f for f in footer if f[0] not in (_NUM_ROWS, _ROW_GROUPS)]


def _copy(path: str | Path, start: int, length: int, dest: BinaryIO) -> None:
    """``length`` bytes of ``path`` from ``start`` appended to ``dest``
    (in the kernel where it can: ``os.copy_file_range``)."""
    with open(path, "rb") as src:
        try:
            fd_out = dest.fileno()
        except (AttributeError, io.UnsupportedOperation):
            fd_out = None
        if fd_out is not None and hasattr(os, "copy_file_range"):
            offset = start
            try:
                while length:
                    done = os.copy_file_range(src.fileno(), fd_out, length, offset)
                    if not done:
                        raise ParquetConcatError(f"{path}: truncated")
                    offset += done
                    length -= done
                dest.seek(0, io.SEEK_END)
                return
            except OSError:
                if offset != start:
                    raise
        src.seek(start)
        while length:
            block = src.read(min(length, 1 << 20))
            if not block:
                raise ParquetConcatError(f"{path}: truncated")
            dest.write(block)
            length -= len(block)
