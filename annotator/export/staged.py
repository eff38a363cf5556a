"""Every export is written under a temporary name and renamed into place.

:func:`staged_output` gives a writer a path inside a fresh hidden folder
``.annotator-tmp-<pid>-<random>`` in the target folder (so the final rename
never crosses file systems). The writer writes its file or folder there,
with whatever it puts beside it (Label Studio's ``.label_config.xml``).
Only when the writer has finished are the entries renamed into the target
folder, the main output last: a file replaces the file of the same name in
one ``os.replace``; a folder's files replace those of the same names, and
files of the existing folder that this export does not write are left
alone. An export that fails, or is killed, never leaves a partial file
under the final name; the temporary folder of a killed export (its process
gone) is removed by the next export into the same folder.

Every path renamed into place is checked first with
:func:`annotator.store.outputs.check` (never the project, its companions,
a database, a device). Hand-written: no library stages a tree of files and
renames it over an existing one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.store import outputs

PREFIX = ".annotator-tmp-"
_LITTER = re.compile(r"^\.annotator-(?:tmp|export)-(\d+)-")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or no way to tell: leave it
    return True


def clean_litter(folder: Path) -> list[Path]:
    """Remove the temporary folders of exports whose process is gone."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        m = _LITTER.match(entry.name)
        if m and not _alive(int(m.group(1))):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed


def _destinations(src: Path, dst: Path) -> Iterator[Path]:
    """Every path under ``dst`` that moving ``src`` there would replace."""
    yield dst
    if src.is_dir() and dst.is_dir() and not dst.is_symlink():
        for entry in src.iterdir():
            yield from _destinations(entry, dst / entry.name)


def _move(src: Path, dst: Path) -> None:
    """Rename ``src`` to ``dst``; a folder onto an existing folder is
    merged entry by entry (each file replaced in one rename)."""
    if src.is_dir() and dst.is_dir() and not dst.is_symlink():
        for entry in sorted(src.iterdir()):
            _move(entry, dst / entry.name)
        src.rmdir()
        return
    if dst.is_dir() and not dst.is_symlink():
        raise AnnotatorError(f"{dst}: is a folder; the export would write a file there")
    os.replace(src, dst)


@contextlib.contextmanager
def staged_output(out: str | Path, project: str | Path | None = None) -> Iterator[Path]:
    """Yield the path a writer should write instead of ``out``; rename what
    it wrote into place when the block ends without an error."""
    shown = Path(out)
    final = outputs.check(out, project)
    parent = final.parent
    made: list[Path] = []
    p = parent
    while not p.exists():
        made.append(p)
        p = p.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AnnotatorError(f"{shown}: cannot create the folder {parent}: {exc.strerror or exc}") from None
    clean_litter(parent)
    tmp = parent / f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    tmp.mkdir()
    done = False
    try:
        try:
            yield tmp / final.name
            entries = sorted(tmp.iterdir(), key=lambda e: (e.name == final.name, e.name))
            for entry in entries:
                for dest in _destinations(entry, parent / entry.name):
                    outputs.check(dest, project)
            for entry in entries:
                _move(entry, parent / entry.name)
            done = True
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise AnnotatorError(
                    f"{shown}: no space left on the device; nothing was written (an existing {shown.name} is unchanged)"
                ) from None
            raise AnnotatorError(f"{shown}: {exc.strerror or exc}; the export was not written") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if not done:
            for folder in made:  # made for this export, which failed: remove if still empty
                with contextlib.suppress(OSError):
                    folder.rmdir()
