"""Turning a file's bytes into text without losing or inventing a character.

Written by hand because the general detectors (chardet, charset-normalizer)
guess among dozens of encodings and sometimes call Arabic UTF-8 with one bad
byte "cp1256", silently garbling it. Our inputs are narrower, so the rule is
too:

1. a BOM decides: UTF-8 (the BOM is dropped), UTF-16 LE/BE, UTF-32;
2. otherwise strict UTF-8;
3. if that fails and nothing before the bad byte was multi-byte UTF-8, the
   file may be Windows Arabic (cp1256): accepted only if most of its
   non-ASCII characters decode to Arabic letters;
4. otherwise an error naming the file and the byte offset of the bad byte.

Empty files and binary files (NUL bytes without a UTF-16 BOM) are refused.
The decoded text is returned exactly: no newline translation, no
normalisation.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import BinaryIO

from annotator.errors import FormatError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


_CONTROLS = set(map(chr, range(32))) - set("\t\n\v\f\r") | {"\x7f"}


def _looks_arabic(text: str) -> bool:
    """Most non-ASCII characters are Arabic, there are a few letters at
    least, and no control characters (which mark a binary file)."""
    non_ascii = [c for c in text if ord(c) > 127]
    arabic = sum(1 for c in non_ascii if "\u0600" <= c <= "\u06ff" or c in "\u00ab\u00bb\u200c\u200d\u200e\u200f")
    if arabic < 4 or arabic / len(non_ascii) < 0.6:
        return False
    return not any(c in _CONTROLS for c in text[:65536])


def decode(data: bytes, path: str | Path = "<input>") -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise :class:`FormatError`."""
    if not data:
        raise FormatError(path, "the file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                text = body.decode(enc)
            except UnicodeDecodeError as exc:
                raise FormatError(
                    path, f"invalid {enc.upper()} data ({exc.reason})", offset=exc.start + len(bom)
                ) from None
            nul = text.find("\x00")
            if nul != -1:
                raise FormatError(path, f"a NUL character (character {nul}): binary data, not text")
            return text, enc
    nul = data.find(b"\x00")
    if nul != -1:
        raise FormatError(path, "looks like a binary file (NUL byte), not text; UTF-16 text needs a BOM", offset=nul)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad = exc.start
    if all(b < 0x80 for b in data[:bad]):
        try:
            guess: str | None = data.decode("cp1256")
        except UnicodeDecodeError:
            guess = None
        if guess is not None and _looks_arabic(guess):
            return guess, "cp1256"
    raise FormatError(path, "invalid UTF-8 (and not Windows Arabic cp1256 either)", offset=bad)


def open_input(path: str | Path) -> BinaryIO:
    """Open a file for reading bytes; a missing or unreadable file is a
    FormatError naming it."""
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise FormatError(path, "no such file") from None
    except IsADirectoryError:
        raise FormatError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise FormatError(path, f"cannot read ({exc.strerror})") from None


def read_text(path: str | Path) -> tuple[str, str]:
    """Read and decode a file; missing or unreadable files are FormatErrors."""
    p = Path(path)
    with open_input(p) as fh:
        data = fh.read()
    return decode(data, p)


def line_of(text: str, offset: int) -> int:
    """1-based line number of a code-point offset."""
    return text.count("\n", 0, offset) + 1
