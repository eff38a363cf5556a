"""The wheel as a user gets it: built with ``python -m build``, installed
non-editable into a fresh venv outside the repository, and used from
another folder: the resources, the style sheet, the icon and the bundled
Arabic font must all come from the installed package."""

from __future__ import annotations

import json
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.packaging.installed import ROOT, build, clean_env, make_venv, pip_install

pytestmark = pytest.mark.slow

CONLL = """-DOCSTART- conll-1
قال O
وزير O
الخارجية O
في O
طرابلس B-LOC
إن O
عبد B-PERSON
الحميد I-PERSON
الدبيبة I-PERSON
وصل O
. O
"""
DOCCANO = (
    json.dumps(
        {"id": "dc-1", "text": "زار أحمد بنغازي أمس.", "label": [[4, 8, "PERSON"], [9, 15, "LOC"]]}, ensure_ascii=False
    )
    + "\n"
)

PROBE = r"""
import json, sys
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QPlainTextEdit
import annotator, annotator.resources
from annotator.ui import fonts
from annotator.ui.app import application, open_window

app = application()
window = open_window(sys.argv[1], "probe", backup=False)
window.show()
app.processEvents()
view = window.findChild(QPlainTextEdit, "documentView")
print(json.dumps({
    "package": annotator.__file__,
    "resources": str(annotator.resources.ROOT),
    "style": app.styleSheet(),
    "icon": not app.windowIcon().isNull(),
    "families": list(fonts.load_bundled_fonts()),
    "font_files": [str(p) for p in fonts._package_fonts("fontpkg_noto_sans_arabic")],
    "view_family": QFontInfo(view.font()).family(),
}))
window.project.close()
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """bin/ of a venv holding the freshly built wheel (and its dependencies)."""
    dist = tmp_path_factory.mktemp("dist")
    wheel, sdist = build(dist)
    names = zipfile.ZipFile(wheel).namelist()
    for member in (
        "annotator/assets/default_scheme.json",
        "annotator/assets/style.qss",
        "annotator/assets/icons/annotator.svg",
        "annotator/py.typed",
    ):
        assert member in names, f"{member} is not in {wheel.name}"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    top = sdist.name.removesuffix(".tar.gz")
    with tarfile.open(sdist) as tar:
        members = tar.getnames()
    for member in ("LICENSE", "resources/default_scheme.json", "resources/style.qss", "annotator/py.typed", "setup.py"):
        assert f"{top}/{member}" in members, f"{member} is not in {sdist.name}"
    bindir = make_venv(tmp_path_factory.mktemp("venv") / "env")
    pip_install(bindir, str(wheel))
    return bindir


def run(bindir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [str(bindir / "annotator"), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=clean_env(QT_QPA_PLATFORM="offscreen", ANNOTATOR_SETTINGS=str(cwd / "settings.ini")),
        timeout=300,
    )
    assert proc.returncode == 0, f"annotator {' '.join(map(str, args))}: {proc.stderr}"
    return proc


def test_the_installed_wheel_does_the_whole_job_from_another_folder(installed: Path, tmp_path: Path):
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "news.conll").write_text(CONLL, encoding="utf-8")
    (work / "doccano.jsonl").write_text(DOCCANO, encoding="utf-8")
    seed = work / "libya-airstrikes.txt"
    seed.write_bytes((ROOT / "seeds" / "libya-airstrikes.txt").read_bytes())

    assert "PERSON(entity)" in run(installed, work, "init", "p.db").stdout
    run(installed, work, "import", "p.db", seed.name)
    run(installed, work, "import", "p.db", "news.conll", "--format", "conll")
    run(installed, work, "import", "p.db", "doccano.jsonl", "--format", "doccano")
    data = json.loads(run(installed, work, "stats", "p.db", "--json").stdout)
    assert data["documents"] == 3 and data["spans"] == 4, data

    run(installed, work, "export", "p.db", "--format", "jsonl", "--out", "out.jsonl")
    rows = [json.loads(line) for line in (work / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    surfaces = {r["text"][s["start"] : s["end"]] for r in rows for s in r["spans"]}
    assert {"طرابلس", "عبد الحميد الدبيبة", "أحمد", "بنغازي"} <= surfaces
    run(installed, work, "export", "p.db", "--format", "conll", "--out", "out.conll")
    assert "B-PERSON" in (work / "out.conll").read_text(encoding="utf-8")
    run(installed, work, "export", "p.db", "--format", "hf", "--out", "hf")
    assert (work / "hf" / "README.md").exists() and list((work / "hf").rglob("*.parquet"))

    run(installed, work, "gui", "p.db", "--doc", "libya-airstrikes", "--annotator", "t", "--screenshot", "s.png")
    from PySide6.QtGui import QColor, QImage

    image = QImage(str(work / "s.png"))
    assert image.width() > 600 and image.height() > 400
    # The style sheet's QStatusBar background (#ecebe7) is what the bottom row shows.
    assert image.pixelColor(image.width() // 2, image.height() - 3) == QColor("#ecebe7")

    (work / "probe.py").write_text(PROBE, encoding="utf-8")
    probe = subprocess.run(
        [str(installed / "python"), "probe.py", "p.db"],
        cwd=work,
        capture_output=True,
        text=True,
        env=clean_env(QT_QPA_PLATFORM="offscreen", ANNOTATOR_SETTINGS=str(work / "settings.ini")),
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout.strip().splitlines()[-1])
    venv = installed.parent.resolve()
    assert Path(seen["package"]).resolve().is_relative_to(venv), seen["package"]
    assert Path(seen["resources"]).resolve().is_relative_to(venv), seen["resources"]
    assert seen["style"] == (ROOT / "resources" / "style.qss").read_text(encoding="utf-8")
    assert seen["icon"]
    assert "Noto Sans Arabic" in seen["families"] and seen["view_family"] == "Noto Sans Arabic"
    assert seen["font_files"] and all(Path(f).resolve().is_relative_to(venv) for f in seen["font_files"])


def test_python_m_annotator_in_the_installed_wheel(installed: Path, tmp_path: Path):
    proc = subprocess.run(
        [str(installed / "python"), "-m", "annotator", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    import annotator

    assert proc.stdout.strip() == f"annotator, version {annotator.__version__}"
    assert (installed / "annotator-gui").exists()
