"""Optional features and the pip extra each needs.

pyproject.toml declares the extras' packages; this table says which import
belongs to which extra, so a feature used without its extra ends in one line
(``error: spacy export needs the ml extra: pip install 'annotator[ml]'``,
exit 2) instead of a ``ModuleNotFoundError`` traceback. A test checks the
table against pyproject.toml.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

from annotator.errors import AnnotatorError

# import name -> (extra, distribution in that extra)
MODULES: dict[str, tuple[str, str]] = {
    "spacy": ("ml", "spacy"),
    "datasets": ("ml", "datasets"),
    "sklearn_crfsuite": ("ml", "sklearn-crfsuite"),
    "sklearn": ("ml", "scikit-learn"),
}


class MissingExtra(AnnotatorError):
    """A feature's optional dependency is not installed."""


def need(feature: str, module: str) -> ModuleType:
    """Import ``module`` for ``feature`` (e.g. "spacy export"), or raise
    :class:`MissingExtra` naming the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        extra = MODULES[module][0]
        if getattr(sys, "frozen", False):
            raise MissingExtra(
                f"{feature} is not in this app bundle; it needs the {extra} extra of the "
                f"wheel: pip install 'annotator[{extra}]'"
            ) from None
        raise MissingExtra(f"{feature} needs the {extra} extra: pip install 'annotator[{extra}]'") from None
