"""Packaging rules a user meets without building anything: a missing extra
is one line, the version lives in one place, ``python -m annotator`` works,
and commands that need no pandas do not pay for importing it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.cli_helpers import one_error_line, snapshot

ROOT = Path(__file__).resolve().parents[2]


def run_without(blocked: list[str], *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``annotator ARGS`` in a child where the ``blocked`` modules cannot be imported."""
    code = (
        "import sys\n"
        f"for m in {blocked!r}: sys.modules[m] = None\n"
        "from annotator.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


@pytest.fixture
def labelled(tmp_path: Path, cli) -> Path:
    db = tmp_path / "p.db"
    assert cli("init", db).code == 0
    assert cli("import", db, ROOT / "seeds").code == 0
    return db


@pytest.mark.parametrize(
    "blocked, args, message",
    [
        (
            ["spacy"],
            ["export", "{db}", "--format", "spacy", "--out", "{tmp}/out.spacy"],
            "error: spacy export needs the ml extra: pip install 'annotator[ml]'",
        ),
        (
            ["sklearn_crfsuite", "pycrfsuite"],
            ["train", "{db}"],
            "error: training the suggestion model needs the ml extra: pip install 'annotator[ml]'",
        ),
        (
            ["sklearn_crfsuite", "pycrfsuite"],
            ["suggest", "{db}", "--source", "model"],
            "error: suggesting from the model needs the ml extra: pip install 'annotator[ml]'",
        ),
    ],
)
def test_a_missing_extra_is_one_line_and_exit_2(labelled: Path, tmp_path: Path, blocked, args, message):
    before = snapshot(labelled)
    argv = [a.format(db=labelled, tmp=tmp_path) for a in args]
    proc = run_without(blocked, *argv, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert one_error_line(proc.stderr) == message
    assert snapshot(labelled) == before
    assert not (tmp_path / "out.spacy").exists()


def test_the_extras_table_agrees_with_pyproject():
    from annotator.extras import MODULES

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for module, (extra, dist) in MODULES.items():
        names = [re.split(r"[<>=!~\[; ]", req, maxsplit=1)[0].lower() for req in extras[extra]]
        assert dist.lower() in names, f"{module}: {dist} is not in the {extra} extra"


def test_the_version_lives_in_the_package_and_python_m_annotator_works(tmp_path: Path):
    import annotator

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "annotator.__version__"}
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"annotator, version {annotator.__version__}"


def test_a_checkout_reads_the_repository_resources():
    from annotator.resources import resource_path

    assert resource_path("default_scheme.json") == ROOT / "resources" / "default_scheme.json"


def test_stats_does_not_import_pandas_even_when_installed(labelled: Path, tmp_path: Path):
    pytest.importorskip("pandas")
    code = (
        "import sys\nfrom annotator.cli import main\n"
        f"assert main(['stats', {str(labelled)!r}]) == 0\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'pyarrow', 'PySide6') if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"
