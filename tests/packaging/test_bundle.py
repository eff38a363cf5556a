"""The PyInstaller one-folder app, built from annotator.spec as ``make
bundle`` does, run as a user would: every command it needs, parallel export
workers started the Windows/macOS way (spawn, through freeze_support), the
GUI, and a background retrain that the running frozen GUI starts by itself
(the trainer is the bundle's own binary: a frozen app has no ``-m``)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.packaging.installed import ROOT, build_bundle, clean_env

pytestmark = pytest.mark.slow

NAMES = ["أحمد", "محمد", "علي", "خالد", "سعيد", "عمر", "يوسف", "حسن", "كريم", "سالم"]
PLACES = ["بنغازي", "طرابلس", "سرت", "مصراتة", "درنة"]


def doccano_lines(documents: int = 4, sentences: int = 12) -> str:
    """doccano JSONL: documents with a PERSON and a LOC in every sentence."""
    lines = []
    for d in range(documents):
        text, spans = "", []
        for i in range(sentences):
            name, place = NAMES[(i + d) % len(NAMES)], PLACES[(i * 3 + d) % len(PLACES)]
            start = len(text) + len("زار ")
            spans.append([start, start + len(name), "PERSON"])
            start += len(name) + len(" مدينة ")
            spans.append([start, start + len(place), "LOC"])
            text += f"زار {name} مدينة {place} أمس. "
        lines.append(json.dumps({"id": f"d{d}", "text": text, "label": spans}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def frozen(tmp_path_factory) -> Path:
    prebuilt = os.environ.get("ANNOTATOR_TEST_BUNDLE")  # a bundle built already, e.g. by make bundle
    if prebuilt:
        return Path(prebuilt)
    if shutil.which("ldd") is None:
        pytest.skip("PyInstaller needs ldd (binutils) to build on Linux")
    out = tmp_path_factory.mktemp("bundle")
    binary = build_bundle(out / "dist", out / "build")
    assert binary.is_file() and os.access(binary, os.X_OK)
    return binary


def env_for(work: Path, **extra: str) -> dict[str, str]:
    return clean_env(QT_QPA_PLATFORM="offscreen", ANNOTATOR_SETTINGS=str(work / "settings.ini"), **extra)


def run(binary: Path, work: Path, *args: object, **extra: str) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(binary), *map(str, args)],
        cwd=work,
        capture_output=True,
        text=True,
        env=env_for(work, **extra),
        timeout=300,
    )
    assert proc.returncode == 0, f"annotator {' '.join(map(str, args))}: {proc.stderr}"
    return proc


def test_the_frozen_app_runs_the_commands_parallel_export_and_the_gui(frozen: Path, tmp_path: Path):
    import annotator

    work = tmp_path / "elsewhere"
    work.mkdir()
    assert run(frozen, work, "--version").stdout.strip() == f"annotator, version {annotator.__version__}"
    assert "PERSON(entity)" in run(frozen, work, "init", "p.db").stdout
    (work / "seed.txt").write_bytes((ROOT / "seeds" / "libya-airstrikes.txt").read_bytes())
    (work / "team.jsonl").write_text(doccano_lines(), encoding="utf-8")
    run(frozen, work, "import", "p.db", "seed.txt", "team.jsonl")
    data = json.loads(run(frozen, work, "stats", "p.db", "--json").stdout)
    assert data["documents"] == 5 and data["spans"] == 96, data

    # Workers started by spawn re-run the frozen binary: without freeze_support() they would parse
    # their own command line and fail.
    run(
        frozen,
        work,
        "export",
        "p.db",
        "--format",
        "conll",
        "--out",
        "par.conll",
        "--jobs",
        "2",
        ANNOTATOR_MP_START="spawn",
    )
    run(frozen, work, "export", "p.db", "--format", "conll", "--out", "one.conll", "--jobs", "1")
    assert (work / "par.conll").read_bytes() == (work / "one.conll").read_bytes()
    assert (work / "par.conll").read_text(encoding="utf-8").count("B-PERSON") == 48
    run(frozen, work, "export", "p.db", "--format", "xmi", "--out", "xmi")  # cassis's data files are in
    assert len(list((work / "xmi").glob("*.xmi"))) == 5

    run(frozen, work, "gui", "p.db", "--doc", "d0", "--annotator", "t", "--screenshot", "s.png")
    from PySide6.QtGui import QColor, QImage

    image = QImage(str(work / "s.png"))
    assert image.width() > 600 and image.pixelColor(image.width() // 2, image.height() - 3) == QColor("#ecebe7")


def test_the_frozen_gui_retrains_in_the_background_with_its_own_binary(frozen: Path, tmp_path: Path):
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "team.jsonl").write_text(doccano_lines(), encoding="utf-8")
    run(frozen, work, "init", "p.db")
    run(frozen, work, "import", "p.db", "team.jsonl", "--annotator", "amira")
    run(frozen, work, "train", "p.db")  # a model exists: from now on the editor retrains by itself
    report = work / "p.db.models" / "entity.json"
    first = json.loads(report.read_text(encoding="utf-8"))["trained_at"]

    gui = subprocess.Popen(
        [str(frozen), "gui", "p.db", "--doc", "d0", "--annotator", "t"],
        cwd=work,
        env=env_for(work),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(4)  # the window is up and has read where the history ends
        assert gui.poll() is None, gui.communicate()
        run(frozen, work, "gold", "p.db", "--strategy", "amira")  # 96 newly accepted spans, more than 20
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if json.loads(report.read_text(encoding="utf-8"))["trained_at"] != first:
                break
            assert gui.poll() is None, gui.communicate()
            time.sleep(0.5)
        else:
            pytest.fail("the frozen GUI did not retrain the model")
    finally:
        gui.send_signal(signal.SIGTERM)
        gui.communicate(timeout=30)
    assert json.loads(report.read_text(encoding="utf-8"))["documents"] == 4


def test_the_frozen_help_loads_neither_qt_nor_multiprocessing_nor_zipfile(frozen: Path, tmp_path: Path):
    """What `annotator --help` opens in the bundle, seen with strace: the
    run-time hooks (pyinstaller/rthooks/) leave these unimported until used."""
    if shutil.which("strace") is None:
        pytest.skip("needs strace to see which files the frozen binary opens")
    log = tmp_path / "trace"
    proc = subprocess.run(
        ["strace", "-f", "-e", "trace=openat", "-o", str(log), str(frozen), "--help"],
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=120,
    )
    if proc.returncode != 0 and "ptrace" in proc.stderr:
        pytest.skip(f"strace cannot trace here: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stderr
    assert "Usage: annotator" in proc.stdout
    internal = frozen.parent / "_internal"
    opened = set()
    for line in log.read_text(encoding="utf-8").splitlines():
        if "= -1" in line or '"' not in line:
            continue
        path = Path(line.split('"')[1])
        if path.is_relative_to(internal):
            opened.add(path.relative_to(internal).as_posix())
    assert "annotator/cli.pyc" in opened and "click/core.pyc" in opened, sorted(opened)
    unwanted = ("PySide6/", "shiboken6/", "multiprocessing/", "pkgutil.pyc", "zipfile", "setuptools/", "sqlite3/")
    assert not [name for name in sorted(opened) if name.startswith(unwanted)]
