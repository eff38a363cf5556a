"""A rolling backup of the project before each editing session.

The copy goes through :meth:`Project.backup` (SQLite's online backup, safe
while others write) into a ``.backups`` folder beside the project; only the
newest :data:`KEEP` copies of that project are kept, and a copy left
half-made by a session that was killed while backing up (``*.part``, an
hour old) is removed.
"""

from __future__ import annotations

import glob
import re
import time
from datetime import datetime
from pathlib import Path

from annotator.store import Project

KEEP = 3
STALE_PART_S = 3600


def backup_folder(project_path: Path) -> Path:
    return project_path.parent / ".backups"


def rolling_backup(project: Project, keep: int = KEEP) -> Path:
    folder = backup_folder(project.path)
    folder.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    out = project.backup(folder / f"{project.path.stem}-{stamp}{project.path.suffix or '.db'}")
    pattern = re.compile(re.escape(project.path.stem) + r"-\d{8}-\d{6}-\d{6}" + re.escape(out.suffix) + "$")
    mine = sorted(p for p in folder.iterdir() if pattern.match(p.name))
    for old in mine[:-keep]:
        old.unlink(missing_ok=True)
    for part in folder.glob(glob.escape(project.path.stem) + "-*.part"):
        if time.time() - part.stat().st_mtime > STALE_PART_S:
            part.unlink(missing_ok=True)
    return out
