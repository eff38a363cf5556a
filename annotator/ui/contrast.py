"""The high-contrast colour set (View ▸ High-contrast colours): label colours
from the Okabe-Ito palette (told apart also with colour-blindness), and a
text selection drawn black with white letters, so that no label colour is
near the selection colour (the default ORG blue was; the default scheme's
ORG is teal since). :func:`distance` and :func:`contrast_ratio` are how the
tests tell colours apart."""

from __future__ import annotations

from PySide6.QtGui import QColor

from annotator.model import LAYERS

OKABE_ITO = ("#CC79A7", "#F0E442", "#009E73", "#E69F00", "#56B4E9", "#D55E00", "#0072B2", "#999999")
SELECTION = QColor("#000000")
SELECTION_TEXT = QColor("#ffffff")
SELECTED_SPAN = QColor("#000000")


def colours(scheme) -> dict[tuple[str, str], str]:
    """A high-contrast colour for every label of the scheme, in scheme order per layer."""
    out: dict[tuple[str, str], str] = {}
    for layer in LAYERS:
        offset = {"entity": 0, "number": 5, "claim": 6}.get(layer, 7)
        for i, label in enumerate(scheme.labels_for(layer)):
            out[(layer, label.name)] = OKABE_ITO[(offset + i) % len(OKABE_ITO)]
    return out


def distance(a: QColor, b: QColor) -> float:
    """A colour distance that follows how different colours look ("redmean")."""
    r = (a.red() + b.red()) / 2
    dr, dg, db = a.red() - b.red(), a.green() - b.green(), a.blue() - b.blue()
    return ((2 + r / 256) * dr * dr + 4 * dg * dg + (2 + (255 - r) / 256) * db * db) ** 0.5


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2's contrast ratio of two colours (1 to 21; text wants 4.5, 7 is AAA)."""

    def luminance(c: QColor) -> float:
        def channel(v: int) -> float:
            x = v / 255
            return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def apply_contrast(view, on: bool) -> None:
    """Switch a document view to the high-contrast set, or back (the
    application's style sheet sets the usual selection colour, so the view's
    own style sheet overrides it)."""
    view.setStyleSheet(
        f"QPlainTextEdit {{ selection-background-color: {SELECTION.name()}; "
        f"selection-color: {SELECTION_TEXT.name()}; }}"
        if on
        else ""
    )
    view.selected_colour = SELECTED_SPAN if on else None
    view.highlighter.set_colours(colours(view.highlighter.scheme) if on else None)
    view._update_extra()
