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
Parquet files without decoding them. The footer is read and written with
:mod:`annotator.export.thrift` (generic: it keeps every field, known or
not); only the offset fields named in :data:`_OFFSETS` are changed. Files
with a page index or bloom filters (offsets outside the column chunks) or
encryption are refused; pyarrow writes neither unless asked.
"""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, cast

from annotator.export.thrift import STRUCT, Field, Reader, Struct, Writer

MAGIC = b"PAR1"

# FileMetaData field ids, and the offset fields of RowGroup, ColumnChunk and ColumnMetaData
_NUM_ROWS, _ROW_GROUPS, _ENCRYPTION = 3, 4, 8
_RG_COLUMNS, _RG_FILE_OFFSET, _RG_ORDINAL = 1, 5, 7
_CC_FILE_OFFSET, _CC_META, _CC_OFFSET_INDEX, _CC_COLUMN_INDEX, _CC_CRYPTO = 2, 3, 4, 6, 8
_CM_DATA_PAGE, _CM_INDEX_PAGE, _CM_DICTIONARY_PAGE, _CM_BLOOM = 9, 10, 11, 14
_OFFSETS = (_CM_DATA_PAGE, _CM_INDEX_PAGE, _CM_DICTIONARY_PAGE)


class ParquetConcatError(ValueError):
    pass


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
        footer = Reader(fh.read(length)).struct()
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
                value = (STRUCT, self.row_groups)
            merged.append([fid, ttype, value])
        writer = Writer()
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
