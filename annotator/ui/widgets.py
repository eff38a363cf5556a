"""Small builders the editor's dialogs and panels share, each written once:
a widget with its object name (what the tests and the style sheet find it
by), widgets side by side in one form row, a dialog's Ok or Save and Cancel
buttons, a dialog's parts top to bottom, and the tables whose rows are
chosen one at a time and never edited in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QLayout, QVBoxLayout, QWidget

Q = TypeVar("Q", bound=QObject)
V = TypeVar("V", bound=QAbstractItemView)


def named(obj: Q, name: str) -> Q:
    """``obj``, with ``name`` as its object name."""
    obj.setObjectName(name)
    return obj


def side_by_side(*widgets: QWidget) -> QWidget:
    """``widgets`` in a row, in a widget with no margin of its own (one
    form row holding several)."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return row


def dialog_buttons(dialog: QDialog, on_ok: Callable[[], object], *, save: bool = False) -> QDialogButtonBox:
    """Ok (Save, with ``save``), which calls ``on_ok``, and Cancel, which
    rejects ``dialog``."""
    first = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Ok
    buttons = QDialogButtonBox(first | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons


def stacked(parent: QWidget, *parts: QWidget | QLayout) -> QVBoxLayout:
    """``parent``'s layout: ``parts`` (widgets and layouts) top to bottom."""
    layout = QVBoxLayout(parent)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    return layout


def row_chooser(view: V, name: str) -> V:
    """``view`` (named ``name``) as a list of rows: a click selects one whole
    row, and nothing is edited in place."""
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view
