"""Bytes to text: BOMs decide, then strict UTF-8, then Windows Arabic;
anything else is an error naming the byte offset. Text comes back exactly."""

from __future__ import annotations

import codecs

import pytest

from annotator.errors import FormatError
from annotator.formats.encoding import decode, line_of, read_text
from tests.conftest import TRICKY


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TRICKY.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TRICKY.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + TRICKY.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TRICKY.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + TRICKY.encode("utf-32-le"), "utf-32-le"),
    ],
)
def test_unicode_encodings_give_back_the_text_exactly(data, encoding):
    assert decode(data) == (TRICKY, encoding)  # BOM dropped, CRLF/emoji/RLM kept


def test_windows_arabic():
    text = "أكد وزير الخارجية الليبي في طرابلس\r\nأن «43» شخصاً قتلوا"
    assert decode(text.encode("cp1256")) == (text, "cp1256")


@pytest.mark.parametrize(
    "data, offset",
    [
        ("مرحبا".encode() + b"\xff" + "ليبيا".encode(), 10),
        ("مرحبا".encode() + b"\xd8", 10),  # truncated multi-byte sequence at the end
        (b"plain ascii then \xe9 one Latin-1 byte", 17),  # not Arabic: not taken for cp1256
    ],
)
def test_undecodable_names_the_byte_offset(data, offset):
    with pytest.raises(FormatError, match=f"in.txt, byte {offset}: invalid UTF-8"):
        decode(data, "in.txt")


def test_utf16_with_a_broken_tail():
    data = codecs.BOM_UTF16_LE + "نص".encode("utf-16-le") + b"\x00\xd8"  # lone high surrogate
    with pytest.raises(FormatError, match="invalid UTF-16-LE"):
        decode(data, "x")


def test_empty_and_binary():
    with pytest.raises(FormatError, match="empty"):
        decode(b"", "e.txt")
    with pytest.raises(FormatError, match=r"byte 3: looks like a binary file"):
        decode(b"PK\x03\x00\x04", "z.txt")
    noise = bytes((i * 37 + 11) % 256 or 1 for i in range(4000))  # no NUL, mostly not text
    with pytest.raises(FormatError):
        decode(noise, "noise.txt")


def test_read_text_missing_and_folder(tmp_path):
    with pytest.raises(FormatError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(FormatError, match="is a folder"):
        read_text(tmp_path)


def test_line_of():
    assert line_of("a\nb\r\nc", 0) == 1 and line_of("a\nb\r\nc", 5) == 3
