"""Desktop integration on Linux (freedesktop): a menu entry, the
``application/x-annotator-project`` MIME type for ``*.annot`` files, and the
icon set, installed for the current user (``make install-desktop`` or
``python -m annotator.desktop``). "Open with" runs the entry's ``Exec`` line
with the file's path, which opens it in the editor.

The ``Exec`` line starts this same installation: the bundle's binary, the
wheel's ``annotator-gui`` script, or ``python -m annotator gui``. The
folders follow the XDG base directory spec (``$XDG_DATA_HOME``, by default
``~/.local/share``).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from annotator.program import frozen
from annotator.resources import resource_path

PROJECT_SUFFIX = ".annot"
PROJECT_SUFFIXES = (".annot", ".db", ".sqlite")
MIME_TYPE = "application/x-annotator-project"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def exec_command() -> str:
    """The command "open with" runs, before its ``%f``."""
    if frozen():
        return f"{shlex.quote(sys.executable)} gui"
    script = Path(sys.executable).parent / "annotator-gui"
    if script.exists():
        return shlex.quote(str(script))
    return f"{shlex.quote(sys.executable)} -m annotator gui"


def desktop_entry() -> str:
    template = resource_path("desktop", "annotator.desktop.in").read_text(encoding="utf-8")
    return template.replace("@EXEC@", exec_command())


def install(data: Path | None = None) -> list[Path]:
    """Write the entry, the MIME type and the icons under ``data`` (the XDG
    data home); refresh the desktop's caches where their tools exist.
    Returns the files written."""
    data = data or data_home()
    written: list[Path] = []

    def put(dest: Path, text: str | None = None, source: Path | None = None) -> None:
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source is not None:
            shutil.copyfile(source, dest)
        else:
            dest.write_text(text or "", encoding="utf-8")
        written.append(dest)

    put(data / "applications" / "annotator.desktop", desktop_entry())
    put(data / "mime" / "packages" / "annotator.xml", source=resource_path("desktop", "annotator-mime.xml"))
    icons = data / "icons" / "hicolor"
    put(icons / "scalable" / "apps" / "annotator.svg", source=resource_path("icons", "annotator.svg"))
    for n in ICON_SIZES:
        png = resource_path("icons", f"annotator-{n}.png")
        put(icons / f"{n}x{n}" / "apps" / "annotator.png", source=png)
        put(icons / f"{n}x{n}" / "mimetypes" / "application-x-annotator-project.png", source=png)
    for tool, arg in (
        ("update-mime-database", data / "mime"),
        ("update-desktop-database", data / "applications"),
        ("gtk-update-icon-cache", icons),
    ):
        if shutil.which(tool):
            subprocess.run(
                [tool, "-q", str(arg)] if tool != "update-mime-database" else [tool, str(arg)],
                capture_output=True,
                check=False,
            )
    return written


def main() -> int:
    for path in install():
        print(f"installed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
