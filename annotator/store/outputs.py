"""Checks on a path a command is about to write (an export, a backup).

One typo in ``--out`` must never destroy a project: the path may not be the
project file, its ``-wal``/``-shm``/``-journal`` companions (SQLite keeps
committed edits there until a checkpoint), a device, a fifo or a socket.
A symbolic link is followed: the file it points to is what gets written,
the link itself stays. Exports also refuse any existing SQLite database
(a backup of the project, another project): an export is never a database.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from annotator.errors import ProjectError

SQLITE_MAGIC = b"SQLite format 3\x00"
COMPANIONS = ("", "-wal", "-shm", "-journal")


def resolve(out: str | Path) -> Path:
    """``out`` with symbolic links followed (a dangling link names its
    target, which the write then creates)."""
    return Path(os.path.realpath(Path(out).expanduser()))


def is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _kind(mode: int) -> str | None:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a fifo"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def check(out: str | Path, project: str | Path | None, what: str = "the output", refuse_databases: bool = True) -> Path:
    """The real path ``out`` writes to, after refusing a path that would
    destroy the project or is no regular file or folder; raises
    :class:`ProjectError` naming ``out``."""
    real = resolve(out)
    if project is not None:
        base = resolve(project)
        for suffix in COMPANIONS:
            if real == Path(str(base) + suffix):
                name = "the project file" if not suffix else f"the project's {suffix} file"
                raise ProjectError(
                    f"{out}: {what} must not overwrite {name} ({base.name}{suffix}); choose another path"
                )
    try:
        st = os.stat(real)
    except FileNotFoundError:
        return real
    except OSError as exc:
        raise ProjectError(f"{out}: {exc.strerror or exc}") from None
    kind = _kind(st.st_mode)
    if kind:
        raise ProjectError(f"{out}: {what} is {kind}, not a file or folder; choose another path")
    if refuse_databases and stat.S_ISREG(st.st_mode) and is_sqlite(real):
        raise ProjectError(
            f"{out}: is an SQLite database (a project or a backup of one); an export never overwrites one"
        )
    return real
