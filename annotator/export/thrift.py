"""The Thrift compact protocol, decoded and encoded generically: a struct
comes back as every field it holds, known or not, and is written back
byte for byte the same (:mod:`annotator.export.parquet_concat` reads and
rewrites Parquet footers with it).

Hand-written: the Thrift package needs generated classes for each IDL
(Parquet's footer among them) and drops fields it does not know; this
codec keeps them, so a footer written by a newer Parquet writer survives.
"""

from __future__ import annotations

from typing import Any

# the compact protocol's types
TRUE, FALSE, BYTE, I16, I32, I64, DOUBLE, BINARY, LIST, SET, MAP, STRUCT = range(1, 13)


class ThriftError(ValueError):
    pass


# A struct is a list of [field id, type, value]; a list or set is (element type, [values]);
# a map is (key type, value type, [(key, value)]). Booleans in structs are the types TRUE/FALSE.
Field = list[Any]  # [field id, type, value]
Struct = list[Field]


class Reader:
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
        if ttype in (TRUE, FALSE):  # only inside lists: one byte
            return self.byte() == 1
        if ttype == BYTE:
            b = self.byte()
            return b - 256 if b > 127 else b
        if ttype in (I16, I32, I64):
            return self.zigzag()
        if ttype == DOUBLE:
            self.pos += 8
            return self.data[self.pos - 8 : self.pos]
        if ttype == BINARY:
            n = self.varint()
            self.pos += n
            return self.data[self.pos - n : self.pos]
        if ttype in (LIST, SET):
            head = self.byte()
            size, elem = head >> 4, head & 0x0F
            if size == 15:
                size = self.varint()
            return (elem, [self.value(elem) for _ in range(size)])
        if ttype == MAP:
            size = self.varint()
            if not size:
                return (0, 0, [])
            kv = self.byte()
            k, v = kv >> 4, kv & 0x0F
            return (k, v, [(self.value(k), self.value(v)) for _ in range(size)])
        if ttype == STRUCT:
            return self.struct()
        raise ThriftError(f"unknown Thrift type {ttype}")

    def struct(self) -> Struct:
        fields: Struct = []
        last = 0
        while True:
            head = self.byte()
            if head == 0:
                return fields
            ttype, delta = head & 0x0F, head >> 4
            fid = last + delta if delta else self.zigzag()
            value = ttype == TRUE if ttype in (TRUE, FALSE) else self.value(ttype)
            fields.append([fid, ttype, value])
            last = fid


class Writer:
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
        if ttype in (TRUE, FALSE):
            self.out.append(1 if v else 2)  # inside lists: booleans are one byte
        elif ttype == BYTE:
            self.out.append(v & 0xFF)
        elif ttype in (I16, I32, I64):
            self.zigzag(v)
        elif ttype == DOUBLE:
            self.out += v
        elif ttype == BINARY:
            self.varint(len(v))
            self.out += v
        elif ttype in (LIST, SET):
            elem, items = v
            if len(items) < 15:
                self.out.append(len(items) << 4 | elem)
            else:
                self.out.append(0xF0 | elem)
                self.varint(len(items))
            for item in items:
                self.value(elem, item)
        elif ttype == MAP:
            k, t, items = v
            self.varint(len(items))
            if items:
                self.out.append(k << 4 | t)
                for key, val in items:
                    self.value(k, key)
                    self.value(t, val)
        elif ttype == STRUCT:
            self.struct(v)
        else:
            raise ThriftError(f"unknown Thrift type {ttype}")

    def struct(self, fields: Struct) -> None:
        last = 0
        for fid, ttype, v in fields:
            wire = (TRUE if v else FALSE) if ttype in (TRUE, FALSE) else ttype
            if 0 < fid - last <= 15:
                self.out.append((fid - last) << 4 | wire)
            else:
                self.out.append(wire)
                self.zigzag(fid)
            if ttype not in (TRUE, FALSE):
                self.value(ttype, v)
            last = fid
        self.out.append(0)
