"""The Guidelines dock: the project's Markdown guidelines, rendered, right to
left where the text is Arabic, and editable.

Never raw HTML from the project: the Markdown is parsed with HTML turned off
(``MarkdownNoHTML``: a ``<script>`` or ``<img>`` tag is shown as the text it
is), links are not followed, and no resource is ever loaded (a remote image
in the Markdown stays a blank; nothing talks to a network).
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument, QTextOption
from PySide6.QtWidgets import QDialog, QDockWidget, QPlainTextEdit, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from annotator.team import guidelines as store
from annotator.ui.widgets import dialog_buttons, named, stacked

if TYPE_CHECKING:
    from annotator.ui.window import EditorWindow

MARKDOWN = QTextDocument.MarkdownFeature(
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value | QTextDocument.MarkdownFeature.MarkdownNoHTML.value
)


def mostly_arabic(text: str) -> bool:
    """Right to left when at least half the letters are right-to-left ones (Arabic, Hebrew...)."""
    letters = [c for c in text if c.isalpha()]
    rtl = sum(unicodedata.bidirectional(c) in ("AL", "R") for c in letters)
    return bool(letters) and rtl * 2 >= len(letters)


class SafeBrowser(QTextBrowser):
    """A text browser that loads nothing: no images, no style sheets, no links."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, kind: int, url):
        return None

    def show_markdown(self, text: str) -> None:
        doc = self.document()
        doc.setMarkdown(text, MARKDOWN)
        rtl = mostly_arabic(text)
        option = QTextOption(doc.defaultTextOption())
        option.setTextDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        option.setAlignment(Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
        doc.setDefaultTextOption(option)
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)


class GuidelinesEditor(QDialog):
    def __init__(self, text: str, tr, parent=None):
        super().__init__(parent)
        self.setObjectName("guidelinesEditor")
        self.setWindowTitle(tr("Edit guidelines"))
        self.edit = named(QPlainTextEdit(text), "guidelinesText")
        if mostly_arabic(text):
            self.edit.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        stacked(self, self.edit, dialog_buttons(self, self.accept, save=True))
        self.resize(700, 500)


class GuidelinesDock(QDockWidget):
    def __init__(self, window: EditorWindow):
        super().__init__(window.tr_("Guidelines"), window)
        self.setObjectName("guidelinesDock")
        self.window_ = window
        self.browser = named(SafeBrowser(), "guidelinesView")
        self.edit_button = named(QPushButton(window.tr_("Edit guidelines")), "editGuidelines")
        self.edit_button.clicked.connect(self.edit)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.edit_button)
        self.setWidget(body)
        self.refresh()

    def text(self) -> str:
        return store.get(self.window_.project)

    def refresh(self) -> None:
        text = self.text()
        self.browser.show_markdown(
            text or self.window_.tr_("No guidelines yet: Edit guidelines, or 'annotator guidelines DB FILE.md'.")
        )

    def retranslate(self, tr) -> None:
        self.setWindowTitle(tr("Guidelines"))
        self.edit_button.setText(tr("Edit guidelines"))

    def edit(self) -> GuidelinesEditor:
        dialog = GuidelinesEditor(self.text(), self.window_.tr_, self)
        dialog.accepted.connect(lambda: self.save(dialog.edit.toPlainText()))
        dialog.open()
        return dialog

    def save(self, text: str) -> None:
        w = self.window_
        try:
            store.put(w.project, text, who=w.annotator)
        except Exception as exc:  # a locked project: say so, keep the dialog's text
            w.note(str(exc), error=True)
            return
        w.note(w.tr_("saved"))
        self.refresh()
