"""Packaging details pyproject.toml cannot say: the repository's top-level
``resources/`` folder ships inside the wheel and sdist as the package data of
``annotator.assets`` (an editable install keeps reading ``resources/`` itself;
see annotator/resources.py)."""

from pathlib import Path

from setuptools import find_packages, setup

# Each folder under resources/ is named as a package too, or setuptools warns
# that it "would be ignored"; their files are the package data of annotator.assets.
ASSETS = ["annotator.assets"] + sorted(
    "annotator.assets." + ".".join(p.relative_to("resources").parts)
    for p in Path("resources").rglob("*")
    if p.is_dir() and p.name != "__pycache__"
)

setup(
    packages=find_packages(include=["annotator", "annotator.*"]) + ASSETS,
    package_dir={"annotator.assets": "resources"},
)
