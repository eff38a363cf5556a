"""Where the files of the repository's ``resources/`` folder are found.

An installed wheel (or the PyInstaller bundle) carries them as the package
data ``annotator/assets/`` (setup.py maps the folder); a source checkout or
an editable install reads ``resources/`` beside the package, so an edit
there shows at once. ``ANNOTATOR_RESOURCES`` overrides both.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _root() -> Path:
    if os.environ.get("ANNOTATOR_RESOURCES"):
        return Path(os.environ["ANNOTATOR_RESOURCES"])
    installed = _PACKAGE / "assets"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "resources"


ROOT = _root()


def resource_path(*parts: str) -> Path:
    return ROOT.joinpath(*parts)
