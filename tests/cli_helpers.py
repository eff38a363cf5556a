"""Helpers for the command-line tests: what "the project is unchanged" means."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def rows(db: Path) -> list[str]:
    """Every row of every table, as SQL, read without changing the file."""
    conn = sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def snapshot(db: Path) -> tuple[bytes, list[str]]:
    return Path(db).read_bytes(), rows(db)


def one_error_line(err: str) -> str:
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{err}"
    assert lines[0].startswith("error: "), lines[0]
    assert "Traceback" not in err
    return lines[0]
