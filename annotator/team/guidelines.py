"""The project's annotation guidelines: Markdown text kept in the project,
set from a file or the editor, shown in the editor's Guidelines dock and
written into the hf dataset card.

A guidelines file must be UTF-8 (a BOM is allowed and dropped); anything
else is refused with the byte offset of the first byte that is not, rather
than guessed at: guidelines are read by every annotator, and a wrong guess
garbles all of them.
"""

from __future__ import annotations

from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.store import Project
from annotator.store import team as store

MAX_BYTES = 5_000_000


def read_guidelines_file(path: str | Path) -> str:
    p = Path(path)
    try:
        if p.is_dir():
            raise AnnotatorError(f"{p}: is a folder, not a Markdown file")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise AnnotatorError(f"{p}: {size} bytes is too long for guidelines (at most {MAX_BYTES})")
        data = p.read_bytes()
    except OSError as exc:
        raise AnnotatorError(f"{p}: cannot read ({exc.strerror})") from None
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data[3 if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if bom else 0)
        raise AnnotatorError(
            f"{p}: not UTF-8 at byte offset {offset} (byte 0x{data[offset]:02x}); save the guidelines as UTF-8"
        ) from None
    if "\x00" in text:
        raise AnnotatorError(f"{p}: holds a NUL character at offset {text.index(chr(0))}; not a text file")
    return text


def get(project: Project) -> str:
    return store.guidelines(project)


def put(project: Project, text: str, who: str = "lead") -> None:
    store.set_guidelines(project, text, who=who)
