"""Where the files in the repository's ``resources/`` folder are found.

The package is installed editable (``make`` does so), so ``resources/`` sits
beside the package; ``ANNOTATOR_RESOURCES`` overrides the folder.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("ANNOTATOR_RESOURCES") or Path(__file__).resolve().parent.parent / "resources")


def resource_path(*parts: str) -> Path:
    return ROOT.joinpath(*parts)
