"""The order of annotator's parts (``[[tool.importlinter.contracts]]`` with
``type = "layers"`` in pyproject.toml, checked by ``make lint``): it names
every module and subpackage of annotator, the package keeps it, and one
import against the order breaks it."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def layers_contract() -> dict:
    (layers,) = [c for c in contracts() if c.get("id") == "layers"]  # the package's (the store has its own)
    return layers


def parts() -> set[str]:
    package = ROOT / "annotator"
    found = {p.stem for p in package.glob("*.py") if p.name != "__init__.py"}
    return found | {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}


def lint(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT), "--no-cache", "--no-logo", "--contract", "layers", str(root / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_layers_name_every_part_of_the_package_once():
    contract = layers_contract()
    assert contract["id"] == "layers" and contract["containers"] == ["annotator"]
    named = [name for layer in contract["layers"] for name in re.split(r"[|:]", layer)]
    named = [name.strip() for name in named]
    assert sorted(named) == sorted(parts())
    assert len(named) == len(set(named))


def test_every_part_but_the_ui_is_kept_from_qt_and_from_the_ui():
    forbidden = [c for c in contracts() if c["type"] == "forbidden"]
    assert {tuple(c["forbidden_modules"]) for c in forbidden} == {("PySide6", "shiboken6"), ("annotator.ui",)}
    for contract in forbidden:
        assert sorted(contract["source_modules"]) == sorted(f"annotator.{p}" for p in parts() - {"ui"})


def test_an_import_against_the_order_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "annotator", tmp_path / "annotator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    kept = lint(tmp_path)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    assert "KEPT" in kept.stdout

    # the store importing review, which stands above it
    slices = tmp_path / "annotator" / "store" / "slices.py"
    slices.write_text(slices.read_text(encoding="utf-8") + "\nfrom annotator.review import gold  # noqa: E402\n")
    broken = lint(tmp_path)

    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "BROKEN" in broken.stdout
    assert "annotator.store.slices -> annotator.review.gold" in broken.stdout
