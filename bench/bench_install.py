"""Installing and starting annotator as a user gets it: the wheel installed
from a local wheel folder into a fresh venv, the PyInstaller bundle, and the
editable install of this checkout, measured in the same run: install time,
bundle size, ``annotator --help``, the GUI from start to first paint
(``gui DB --screenshot``: the window shown, painted and saved), and
``annotator stats`` with every extra installed against a base install.

The bundle is ``dist/annotator`` when ``make bundle`` has built it, else it
is built here (minutes). ``quick`` builds neither: the editable install
stands in for the wheel and the bundle (the build steps are tested in
``tests/packaging``), so every measurement still runs, on what is at hand.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.packaging.installed import build, build_bundle, clean_env, make_venv  # noqa: E402  (after sys.path lets the benchmark import tests/)


def best(argv: list[str], env: dict[str, str], cwd: Path, repeat: int) -> float:
    """Best wall time of ``repeat`` runs (the machine is shared)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=600)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(argv[:3])}: {proc.stderr.strip().splitlines()[-1:]}")
    return min(times)


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def run(quick: bool) -> list[dict]:
    repeat = 2 if quick else 5
    tmp = Path(tempfile.mkdtemp(prefix="bench-install-"))
    try:
        return _run(tmp, quick, repeat)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run(tmp: Path, quick: bool, repeat: int) -> list[dict]:
    work = tmp / "work"
    work.mkdir()
    env = clean_env(QT_QPA_PLATFORM="offscreen", ANNOTATOR_SETTINGS=str(work / "settings.ini"))
    editable = [sys.executable, "-m", "annotator"]
    dev_env = {**env, "PYTHONPATH": str(ROOT)}
    db = work / "p.annot"
    subprocess.run([*editable, "init", str(db)], env=dev_env, check=True, capture_output=True)
    subprocess.run([*editable, "import", str(db), str(ROOT / "seeds")], env=dev_env, check=True, capture_output=True)
    gui_args = ["gui", str(db), "--annotator", "bench", "--screenshot", str(work / "s.png")]

    dev_help = best([*editable, "--help"], dev_env, work, repeat)
    dev_gui = best([*editable, *gui_args], dev_env, work, repeat)
    dev_stats = best([*editable, "stats", str(db)], dev_env, work, repeat)
    rows = [
        {
            "area": "install",
            "measure": "annotator --help, editable install (python -m annotator)",
            "ours": dev_help,
            "unit": "s",
            "goal": "< 0.5 s",
        },
        {
            "area": "install",
            "measure": "GUI start to first paint (gui --screenshot), editable install",
            "ours": dev_gui,
            "unit": "s",
            "goal": "< 1 s",
        },
    ]
    if quick:  # the editable install stands in for the wheel and the bundle
        installed, bundle, install_s, base_env = editable, editable, float("nan"), dev_env
    else:
        installed, bundle, install_s = _install_wheel_and_bundle(tmp)
        base_env = env
    wheel_help = best([*installed, "--help"], base_env, work, repeat)
    bundle_help = best([*bundle, "--help"], base_env, work, repeat)
    wheel_gui = best([*installed, *gui_args], base_env, work, repeat)
    bundle_gui = best([*bundle, *gui_args], base_env, work, repeat)
    base_stats = best([*installed, "stats", str(db)], base_env, work, repeat)
    bundle_dir = Path(bundle[0]).parent  # quick: the folder of the python running the editable install
    editable_name = "editable install, same run"
    stand_in = " (quick: the editable install)" if quick else ""
    rows += [
        {
            "area": "install",
            "measure": "pip install the wheel from a local wheel folder into a fresh venv" + stand_in,
            "ours": install_s,
            "unit": "s",
        },
        {
            "area": "install",
            "measure": "bundle size (dist/annotator, one folder)" + stand_in,
            "ours": folder_mb(bundle_dir),
            "unit": "MB",
        },
        {
            "area": "install",
            "measure": "annotator --help, installed wheel" + stand_in,
            "ours": wheel_help,
            "baseline": dev_help,
            "baseline_name": editable_name,
            "unit": "s",
            "goal": f"<= {dev_help * 1.1:.3f} s",
        },
        {
            "area": "install",
            "measure": "annotator --help, bundle" + stand_in,
            "ours": bundle_help,
            "baseline": dev_help,
            "baseline_name": editable_name,
            "unit": "s",
            "goal": f"<= {dev_help * 1.1:.3f} s",
        },
        {
            "area": "install",
            "measure": "GUI start to first paint, installed wheel" + stand_in,
            "ours": wheel_gui,
            "baseline": dev_gui,
            "baseline_name": editable_name,
            "unit": "s",
            "goal": "< 1 s",
        },
        {
            "area": "install",
            "measure": "GUI start to first paint, bundle" + stand_in,
            "ours": bundle_gui,
            "baseline": dev_gui,
            "baseline_name": editable_name,
            "unit": "s",
            "goal": "< 1 s",
        },
        {
            "area": "install",
            "measure": "annotator stats, all extras (ml, test) over a base install: ratio" + stand_in,
            "ours": dev_stats / base_stats,
            "baseline": base_stats,
            "baseline_name": "base install (wheel, no extras), s",
            "unit": "x",
            "goal": "<= 1.2",
        },
    ]
    return rows


def _install_wheel_and_bundle(tmp: Path) -> tuple[list[str], list[str], float]:
    """The wheel installed from a local wheel folder into a fresh venv, and
    the bundle: their commands and the seconds the install took."""
    dist = tmp / "dist"
    wheel, _ = build(dist)
    wheels = tmp / "wheels"  # the local wheel folder: the wheel and every dependency as a wheel
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "-w", str(wheels), str(wheel)],
        check=True,
        capture_output=True,
        env=clean_env(),
        timeout=1800,
    )
    bindir = make_venv(tmp / "venv")
    t0 = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(bindir / "python"),
            "install",
            "-q",
            "--no-index",
            "--find-links",
            str(wheels),
            "annotator",
        ],
        check=True,
        capture_output=True,
        env=clean_env(),
        timeout=1800,
    )
    install_s = time.perf_counter() - t0
    bundle = ROOT / "dist" / "annotator" / "annotator"
    if not bundle.exists():
        bundle = build_bundle(tmp / "bundle", tmp / "bundle-build")
    return [str(bindir / "annotator")], [str(bundle)], install_s
