"""Fixtures shared by every test: the seed article, a tricky document, a
fresh project, a suggested span, and a way to run the command line
in-process."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from annotator.model import Span

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED = ROOT / "seeds" / "libya-airstrikes.txt"
GUI = Path(__file__).resolve().parent / "gui"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/gui is a ``gui`` test (``-m gui``, ``-m "not gui"``).
    A ``pytestmark`` in a conftest would not do it: pytest reads that name only
    in test modules."""
    for item in items:
        if GUI in item.path.parents:
            item.add_marker(pytest.mark.gui)


# Everything that shifts offsets in Arabic text: tashkeel, shadda, lam-alef
# (لا, الله), tatweel (الـــقوات), an emoji ZWJ sequence and a lone astral
# emoji, CRLF line ends, a right-to-left mark, Latin inside Arabic, Western
# and Arabic-Indic digits, and a proclitic و glued to a name (وليبيا).
TRICKY = (
    "أكّدَ وزيرُ الخارجيّةِ الليبيّ في طرابلس إنَّ «٤٣» شخصاً قُتلوا 👨\u200d👩\u200d👧 عام 2016،\r\n"
    'وقالت صحيفة "Armytimes" إنّ الـــقوات لا تزال\u200f في وليبيا 😀.\r\n'
    "لا إله إلا الله؛ وبلغت النسبة ٥٠٪ من التقرير؟"
)


def read_seed() -> str:
    with open(SEED, encoding="utf-8", newline="") as fh:
        return fh.read()


def suggestion(start: int, end: int, label: str, layer: str, source: str, **fields: Any) -> Span:
    """A span an engine suggested (status ``suggested``); its annotator is
    the engine unless ``fields`` name another."""
    from annotator.model import Span

    return Span(
        start=start,
        end=end,
        label=label,
        layer=layer,
        status="suggested",
        source=source,
        **{"annotator": source, **fields},
    )


@pytest.fixture
def seed_text() -> str:
    return read_seed()


@pytest.fixture
def tricky_text() -> str:
    return TRICKY


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of tests/data, so a test may change its fixtures."""
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


@pytest.fixture
def project(tmp_path: Path):
    from annotator.store import Project

    p = Project.create(tmp_path / "p.db")
    yield p
    p.close()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys):
    """Run ``annotator ARGS...`` in-process through the real entry point."""
    from annotator.cli import main

    def run(*args: object) -> CliResult:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # commands such as gui exit explicitly
            code = exc.code if isinstance(exc.code, int) else 0
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def db(tmp_path: Path, cli) -> Path:
    """A project file made through the command line, already holding one
    document, so a test can check that bad input leaves it as it was."""
    path = tmp_path / "p.db"
    assert cli("init", path).code == 0
    (tmp_path / "first.txt").write_text("نص أول في المشروع قبل الاستيراد السيئ", encoding="utf-8")
    assert cli("import", path, tmp_path / "first.txt").code == 0
    return path
