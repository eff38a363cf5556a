"""Desktop integration: the entry, MIME type and icons land in the XDG data
folder, and the entry's "open with" command opens the file in the editor."""

from __future__ import annotations

import configparser
import shlex
import subprocess
from pathlib import Path
from xml.etree import ElementTree

from tests.packaging.installed import ROOT, clean_env


def test_install_writes_the_entry_mime_type_and_icons(tmp_path: Path):
    from annotator.desktop import MIME_TYPE, install

    written = install(tmp_path / "share")
    entry = tmp_path / "share" / "applications" / "annotator.desktop"
    assert entry in written
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(entry, encoding="utf-8")
    section = parser["Desktop Entry"]
    assert section["Type"] == "Application" and section["Icon"] == "annotator"
    assert section["MimeType"].split(";")[0] == MIME_TYPE and section["Exec"].endswith(" %f")
    mime = ElementTree.parse(tmp_path / "share" / "mime" / "packages" / "annotator.xml").getroot()
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    kind = mime.find(f"{ns}mime-type")
    assert kind.get("type") == MIME_TYPE and kind.find(f"{ns}glob").get("pattern") == "*.annot"
    for size in ("16x16", "48x48", "256x256"):
        assert (tmp_path / "share" / "icons" / "hicolor" / size / "apps" / "annotator.png").stat().st_size > 100
    assert (tmp_path / "share" / "icons" / "hicolor" / "scalable" / "apps" / "annotator.svg").exists()


def test_open_with_passes_the_path_to_the_editor(tmp_path: Path, cli):
    from annotator.desktop import desktop_entry

    project = tmp_path / "عمل الفريق.annot"  # a name with spaces and Arabic, as a file manager passes it
    assert cli("init", project).code == 0
    assert cli("import", project, ROOT / "seeds").code == 0
    exec_line = next(line for line in desktop_entry().splitlines() if line.startswith("Exec="))[len("Exec=") :]
    argv = [str(project) if a == "%f" else a for a in shlex.split(exec_line)]
    shot = tmp_path / "open-with.png"
    env = clean_env(PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", ANNOTATOR_SETTINGS=str(tmp_path / "s.ini"))
    proc = subprocess.run(
        [*argv, "--annotator", "t", "--screenshot", str(shot)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert shot.stat().st_size > 10_000
    assert str(project.resolve()) in (tmp_path / "s.ini").read_text(encoding="utf-8")  # remembered as recent


def test_init_without_a_suffix_makes_an_annot_project(tmp_path: Path, cli):
    result = cli("init", tmp_path / "team")
    assert result.code == 0, result.err
    assert (tmp_path / "team.annot").is_file() and not (tmp_path / "team").exists()
    assert cli("stats", tmp_path / "team.annot").code == 0
