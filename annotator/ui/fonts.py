"""The bundled Arabic fonts: Noto Sans Arabic (the editor's face) and Amiri,
loaded from their PyPI font packages with ``QFontDatabase.addApplicationFont``
so the editor never depends on what the system happens to have (often only
DejaVu Sans, or Kacst fonts with broken joins)."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

FONT_PACKAGES = ("fontpkg_noto_sans_arabic", "fontpkg_amiri")
DOCUMENT_FAMILY = "Noto Sans Arabic"
DOCUMENT_POINT_SIZE = 16


def _package_fonts(package: str) -> list[Path]:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return []
    folder = Path(next(iter(spec.submodule_search_locations)))
    return sorted(folder.rglob("*.ttf")) + sorted(folder.rglob("*.otf"))


@lru_cache(maxsize=1)
def load_bundled_fonts() -> tuple[str, ...]:
    """Register every font file of the font packages once; returns the family
    names Qt now knows. Needs a QGuiApplication."""
    families: list[str] = []
    for package in FONT_PACKAGES:
        for path in _package_fonts(package):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                families += [f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families]
    return tuple(families)


def document_font(point_size: int = DOCUMENT_POINT_SIZE) -> QFont:
    """The font documents are shown in: the bundled Arabic face first; Latin
    letters and digits it lacks come from the next family."""
    families = load_bundled_fonts()
    font = QFont()
    wanted = [DOCUMENT_FAMILY] if DOCUMENT_FAMILY in families else list(families[:1])
    font.setFamilies(wanted + ["Amiri"] * ("Amiri" in families) + [QFont().defaultFamily()])
    font.setPointSize(point_size)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font
