"""Building the wheel and installing it, non-editable, into a fresh venv
outside the repository, as a user would (shared by the wheel test and the
bench)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything that points back into the repository."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "ANNOTATOR_RESOURCES", "VIRTUAL_ENV", "PYTHONHOME")
    }
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", **extra)
    return env


def build(out: Path) -> tuple[Path, Path]:
    """``python -m build``: the sdist, then the wheel built from it."""
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=600,
    )
    return next(out.glob("annotator-*.whl")), next(out.glob("annotator-*.tar.gz"))


def make_venv(folder: Path) -> Path:
    """A venv without the system's or the dev venv's site-packages; returns its bin/."""
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=120)
    return folder / "bin"


def pip_install(bindir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pip of the dev venv installing into ``bindir``'s venv (``pip --python``)."""
    return subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(bindir / "python"), "install", "-q", *args],
        check=True,
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=1200,
    )


def build_bundle(dist: Path, work: Path) -> Path:
    """PyInstaller with the repository's annotator.spec (what ``make bundle``
    runs); returns the frozen binary ``dist/annotator/annotator``."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "annotator.spec"),
        ],
        check=True,
        capture_output=True,
        text=True,
        env=clean_env(),
        cwd=ROOT,
        timeout=1800,
    )
    return dist / "annotator" / "annotator"
