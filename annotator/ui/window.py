"""The editor window: document list, label palette, the document, the side
panel and the find bar, wired to the project.

Every edit is one call on the :class:`~annotator.editing.EditSession`
(atomic, committed before the next key is handled: there is no Save
button); the window only turns events into those calls and draws what the
returned :class:`~annotator.editing.Edit` says changed. Which spans the document shows, and whether they can be edited,
is a :class:`SpanView`: the annotator's own spans plus suggestions by
default, or another annotator's spans read-only (review mode builds on
:meth:`EditorWindow.set_span_view`).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.arabic import search as arabic_search
from annotator.arabic.selection import snap_to_tokens
from annotator.arabic.snap import snap, word_at
from annotator.editing import Edit, EditSession
from annotator.errors import AnnotatorError
from annotator.model import DOC_STATUSES, SPAN_LAYERS, UNIT_LAYERS, Relation, Span
from annotator.store import Project, fulltext
from annotator.ui.backups import BackupJob
from annotator.ui.doclist import DocumentList
from annotator.ui.docview import DocumentView
from annotator.ui.findbar import FindBar
from annotator.ui.helpoverlay import HelpOverlay
from annotator.ui.i18n import ARABIC_DIGITS, Translator, isolated
from annotator.ui.palette import LabelPalette
from annotator.ui.sidepanel import SidePanel

# What the keys of the common Arabic (101) layout type, and the Latin key
# printed on them: command keys are found by the key's place, not its letter.
ARABIC_LAYOUT = {
    "ض": "Q",
    "ص": "W",
    "ث": "E",
    "ق": "R",
    "ف": "T",
    "غ": "Y",
    "ع": "U",
    "ه": "I",
    "خ": "O",
    "ح": "P",
    "ج": "[",
    "د": "]",
    "ش": "A",
    "س": "S",
    "ي": "D",
    "ب": "F",
    "ل": "G",
    "ا": "H",
    "ت": "J",
    "ن": "K",
    "م": "L",
    "ك": ";",
    "ط": "'",
    "ئ": "Z",
    "ء": "X",
    "ؤ": "C",
    "ر": "V",
    "ى": "N",
    "ة": "M",
    "و": ",",
    "ز": ".",
    "ظ": "/",
}
# Shifted on that layout (Shift+A types a kasra there).
ARABIC_SHIFTED = {"\u0650": "A", "\u0622": "N", "\u0652": "X"}
# X11/evdev scan codes of the keys the editor's commands use, for layouts
# not in the table above (the key's place on any keyboard).
SCAN_CODES = {
    38: "A",
    53: "X",
    57: "N",
    27: "R",
    58: "M",
    52: "Z",
    29: "Y",
    34: "[",
    35: "]",
    41: "F",
    40: "D",
    31: "I",
    43: "L",
    32: "O",
    33: "P",
    30: "U",
    39: "S",
    25: "W",
    26: "E",
}
NOTE_MS = 4000
QUOTED = re.compile("«[^«»\u2068\u2069]*»")
ERROR_STYLE = "color: #b00020;"


@dataclass(frozen=True)
class SpanView:
    """Which spans the document view shows and whether they can be edited.

    ``annotators=None`` means the current annotator's own spans plus every
    suggestion (editable); a tuple of names shows those annotators' spans.
    """

    annotators: tuple[str, ...] | None = None
    editable: bool = True

    def load(self, project: Project, doc_id: str, me: str) -> list[Span]:
        """Accepted and suggested spans (``Project.spans``' default statuses)
        of the span layers; document and sentence labels are in the unit bar."""
        return [s for s in self._load(project, doc_id, me) if s.layer in SPAN_LAYERS]

    def load_units(self, project: Project, doc_id: str, me: str) -> list[Span]:
        """The document and sentence labels alone, through their own index:
        the unit bar asks on every caret move, and reading all of a large
        document's spans each time cost 200 ms a move."""
        if self.annotators is None:
            return [s for s in project.unit_spans(doc_id) if self.shows(s, me)]
        return project.unit_spans(doc_id, annotator=list(self.annotators))

    def _load(self, project: Project, doc_id: str, me: str) -> list[Span]:
        if self.annotators is None:
            return [s for s in project.spans(doc_id) if self.shows(s, me)]
        return project.spans(doc_id, annotator=list(self.annotators))

    def shows(self, span: Span, me: str) -> bool:
        if span.status == "rejected":
            return False
        if self.annotators is None:
            return span.annotator == me or span.status == "suggested"
        return span.annotator in self.annotators


MINE = SpanView()


def snap_setting() -> bool:
    """Whether drags snap to tokens: on unless the person switched it off."""
    from annotator.ui import settings

    return settings.get("snap_tokens", "true") != "false"


class EditorWindow(QMainWindow):
    closed = Signal()  # the window was closed: the session ends (timers and helpers stop on it)
    openRequested = Signal(str)  # File ▸ Open, Recent, New: this project path, in place of this one
    renameRequested = Signal(str)  # File ▸ Change annotator name: the current name

    def __init__(
        self,
        project: Project,
        annotator: str,
        lang: str = "en",
        on_language: Callable[[str], None] | None = None,
    ):
        super().__init__()
        self.setObjectName("editorWindow")
        self.project = project
        self.annotator = annotator
        self.session = EditSession(project, annotator)
        self.last_edit: Edit | None = None  # what the latest edit did (tests and the status bar read it)
        self.tr_ = Translator(lang)
        self.scheme = project.scheme()
        self.span_view = MINE
        self.doc_id: str | None = None
        self.backup_job: BackupJob | None = None  # the rolling backup app.main_window starts
        self.doc_status = "new"
        self.relations: list[Relation] = []
        self.hits: list[tuple[int, int]] = []
        self.current_hit = -1
        self._linking: tuple[str, str] | None = None  # (relation label, head span id)
        self._on_language = on_language
        self._ensure_annotator(annotator)

        self.view = DocumentView(self.scheme)
        self.view.key_handler = self._key
        self.view.word_at = word_at
        self.view.snapper = snap
        self.view.links = lambda: self.relations  # SOURCE ones drawn as claim-to-source arcs
        self.view.spanClicked.connect(self._span_clicked)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.palette_bar = LabelPalette(self.scheme, self.tr_)
        self.palette_bar.labelClicked.connect(self.label_selection)
        self.palette_bar.layerToggled.connect(self.set_layer_visible)
        self.find_bar = FindBar(self.scheme, self.tr_)
        self.find_bar.queryChanged.connect(self.find)
        self.find_bar.step.connect(self.step_hit)
        self.find_bar.labelAll.connect(self.label_all)
        self.find_bar.scopeChanged.connect(lambda _: self._update_find_count())
        self.find_bar.closed.connect(self.close_find)
        self.find_bar.hide()
        self.doc_list = DocumentList(project, self.tr_)
        self.doc_list.documentChosen.connect(self.open_document)
        self.side = SidePanel(self.scheme, self.tr_)
        self.side.labelChosen.connect(self.relabel_selected)
        self.side.attrsEdited.connect(self.set_attrs)
        self.side.linkRequested.connect(self.start_link)
        self.side.relationRemoved.connect(self.remove_relation)

        centre = QWidget()
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.palette_bar)
        self._column = column
        column.addWidget(self.find_bar)
        column.addWidget(self.view, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.doc_list)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 820, 300])
        self.setCentralWidget(self.splitter)
        self.help = HelpOverlay(self, self.splitter)

        self.view_switch = QComboBox()
        self.view_switch.setObjectName("viewSwitch")
        self.view_switch.activated.connect(lambda _: self._view_switched())
        toolbar = QToolBar()
        toolbar.setObjectName("viewToolbar")
        toolbar.setMovable(False)
        self.view_label = QLabel()
        self.view_label.setTextFormat(Qt.TextFormat.PlainText)  # shows user data: never rendered as HTML
        toolbar.addWidget(self.view_label)
        toolbar.addWidget(self.view_switch)
        self.addToolBar(toolbar)

        self.who_label = QLabel()
        self.who_label.setTextFormat(Qt.TextFormat.PlainText)  # shows user data: never rendered as HTML
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # shows user data: never rendered as HTML
        self.status_label.setObjectName("docStatus")
        self.statusBar().addPermanentWidget(self.status_label)
        self.statusBar().addPermanentWidget(self.who_label)
        self._dock_span_list()
        self._build_actions()
        from annotator.ui.suggest_retrain import attach  # background retraining + suggest here

        self.retrainer = attach(self)  # before retranslate(), which puts its actions in the Edit menu
        self.set_snap_tokens(snap_setting(), remember=False)
        from annotator.ui.llm_ask import attach as attach_llm  # language-model suggestions

        self.llm = attach_llm(self)
        from annotator.ui.fileactions import attach as attach_jobs  # new/import/export/merge/backup

        self.jobs = attach_jobs(self)
        from annotator.ui.teamdock import Team  # team menu and docks, document/sentence labels
        from annotator.ui.unitbar import UnitLabels

        self.unit_bar = UnitLabels(self)
        self.team = Team(self)
        self.retranslate()
        self.statusBar().messageChanged.connect(self._message_changed)
        self.splitter.setChildrenCollapsible(True)
        self._fit_screen(1400, 850)
        self._restore_zoom()
        self.view.setFocus()  # the first key goes to the text (it went to the list's filter box)

    def _dock_span_list(self) -> None:
        """The span list docked under the document; View ▸ Span list shows or hides it."""
        from PySide6.QtWidgets import QDockWidget

        from annotator.ui.spanlist import SpanListPanel

        self.span_list = SpanListPanel(self.view, self.scheme, self.tr_)
        self.span_list.spanChosen.connect(self.select_span)
        self.span_dock = QDockWidget()
        self.span_dock.setObjectName("spanListDock")
        self.span_dock.setWidget(self.span_list)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.span_dock)
        self.resizeDocks([self.span_dock], [170], Qt.Orientation.Vertical)
        toggle = self.span_dock.toggleViewAction()
        toggle.setObjectName("span-list")
        toggle.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.addAction(toggle)

    def _ensure_annotator(self, name: str) -> None:
        """Record the annotator's name; when another process (an import, a
        prelabel run) holds the write lock beyond the busy timeout, carry on:
        the first saved edit records the name in its own transaction."""
        with contextlib.suppress(AnnotatorError):
            self.project.ensure_annotator(name)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()

    # =============================================================== actions
    def _build_actions(self) -> None:
        # key: a stable identifier (menus, plugins and tests name the action by it);
        # label: its English text, which retranslate() puts in the current language
        self.actions_: dict[str, QAction] = {}
        self.action_labels: dict[str, str] = {}
        act = self.add_action

        act("undo", "Undo", self.undo, ["Ctrl+Z"])
        act("redo", "Redo", self.redo, ["Ctrl+Shift+Z", "Ctrl+Y"])
        act("delete-span", "Delete span", self.delete_selected, ["Delete", "Backspace"])
        act("accept-suggestion", "Accept suggestion", self.accept_selected, ["A"])
        act("reject-suggestion", "Reject suggestion", self.reject_selected, ["X"])
        act(
            "accept-label-suggestions",
            "Accept all suggestions of this label",
            self.accept_all_selected_label,
            ["Shift+A"],
        )
        act("next-suggestion", "Next suggestion", lambda: self.step_span(1, suggestions=True), ["N"])
        act("next-span", "Next span", lambda: self.step_span(1), ["]"])
        act("previous-span", "Previous span", lambda: self.step_span(-1), ["["])
        act("suggest-numbers", "Suggest numbers", self.suggest_numbers, ["Ctrl+Shift+N"])
        act("find", "Find…", self.open_find, ["Ctrl+F"])
        act("label-matches", "Label all matches", self.find_bar.apply, ["Ctrl+L"])
        act("link-source", "Link claim to source (then click the entity)", lambda: self.start_link("SOURCE"), ["R"])
        act("link-mention", "Link claim to a mention (then click it)", lambda: self.start_link("MENTIONS"), ["M"])
        act("zoom-in", "Zoom in", lambda: self.zoom(1), ["Ctrl++", "Ctrl+="])
        act("zoom-out", "Zoom out", lambda: self.zoom(-1), ["Ctrl+-"])
        act("zoom-reset", "Reset zoom", lambda: self.zoom(0), ["Ctrl+0"])
        act("high-contrast", "High-contrast colours", self.set_high_contrast, [], checkable=True)
        act("wrap-lines", "Wrap lines", self.view.set_wrapping, ["Ctrl+W"], checkable=True).setChecked(True)
        act("snap-to-words", "Snap selection to words", self.set_snap_tokens, [], checkable=True)
        for i, layer in enumerate(SPAN_LAYERS, 1):
            act(
                f"layer-{layer}",
                layer,
                lambda on, la=layer: self.palette_bar.layer_boxes[la].setChecked(on),
                [f"Alt+{i}"],
                checkable=True,
            ).setChecked(True)
        act("next-document", "Next document", lambda: self.step_document(1), ["Ctrl+PgDown", "Alt+Down"])
        act("previous-document", "Previous document", lambda: self.step_document(-1), ["Ctrl+PgUp", "Alt+Up"])
        act("mark-new", "Mark new", lambda: self.set_doc_status("new"), [])
        act("mark-in-progress", "Mark in progress", lambda: self.set_doc_status("in_progress"), ["Ctrl+I"])
        act("mark-done", "Mark done", lambda: self.set_doc_status("done"), ["Ctrl+D"])
        act("keys", "Keys", self.help.toggle, ["F1", "?"])
        act("switch-focus", "Switch between list and document", self.toggle_focus, ["F6"])
        act("refresh", "Refresh", self.refresh, ["F5"])
        act("review-mode", "Review mode…", self.open_review, ["Ctrl+Shift+R"])
        act("change-annotator", "Change annotator name…", self._ask_rename, [])
        act("open-project", "Open project…", self._ask_open, ["Ctrl+O"])
        act("edit-labels", "Labels…", self.edit_scheme, [])
        act("quit", "Quit", self.close, ["Ctrl+Q"])
        lang_group = QActionGroup(self)
        for code, name in (("en", "English"), ("ar", "العربية")):

            def choose(on: bool, c: str = code) -> None:
                if on:
                    self.set_language(c)

            a = act(f"lang-{code}", name, choose, [], checkable=True)
            a.setText(name)
            a.setChecked(code == self.tr_.lang)
            lang_group.addAction(a)
        self.palette_bar.layerToggled.connect(lambda la, on: self.actions_[f"layer-{la}"].setChecked(on))
        self.actions_["span-list"] = self.span_dock.toggleViewAction()
        self.action_labels["span-list"] = "Span list"

    def add_action(
        self,
        key: str,
        label: str,
        slot: Callable,
        shortcuts: Sequence[str | QKeySequence.StandardKey] = (),
        checkable: bool = False,
    ) -> QAction:
        """An action of the window (its shortcuts work wherever the focus is),
        under the identifier ``key``; ``label`` is its English text. The
        menus are built from the keys by retranslate()."""
        action = QAction(self.tr_(label), self)
        action.setObjectName(key)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setCheckable(checkable)
        action.triggered.connect(lambda checked=False: slot(checked) if checkable else slot())
        self.addAction(action)
        self.actions_[key] = action
        self.action_labels[key] = label
        return action

    def retranslate(self) -> None:
        """Put every menu, panel and label in the current language; Arabic
        also turns the interface right-to-left (the document is always RTL)."""
        tr = self.tr_
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft if tr.right_to_left else Qt.LayoutDirection.LeftToRight)
        for key, action in self.actions_.items():
            if not key.startswith("lang-"):
                action.setText(tr(self.action_labels[key]))
        bar = self.menuBar()
        bar.clear()
        menus: dict[str, list[str | None]] = {
            "&File": [
                "new-project",
                "open-project",
                "recent-projects",
                None,
                "import",
                "export",
                "merge",
                "backup",
                None,
                "edit-labels",
                "change-annotator",
                None,
                "quit",
            ],
            "&Edit": [
                "undo",
                "redo",
                None,
                "delete-span",
                "accept-suggestion",
                "reject-suggestion",
                "accept-label-suggestions",
                "suggest-numbers",
                "suggest-document",
                "retrain-model",
                "next-suggestion",
                "next-span",
                "previous-span",
                None,
                "link-source",
                "link-mention",
                None,
                "find",
                "label-matches",
            ],
            "&View": [
                "refresh",
                "switch-focus",
                None,
                "zoom-in",
                "zoom-out",
                "zoom-reset",
                "wrap-lines",
                "snap-to-words",
                "span-list",
                "high-contrast",
                None,
                *(f"layer-{layer}" for layer in SPAN_LAYERS),
                None,
                "lang-en",
                "lang-ar",
            ],
            "&Document": [
                "next-document",
                "previous-document",
                None,
                "mark-new",
                "mark-in-progress",
                "mark-done",
                None,
                "review-mode",
                "agreement",
            ],
            "&Suggestions": ["llm-ask", "llm-settings"],
            "&Team": ["assign", "collect", None, "team-dock", "guidelines"],
            "&Help": ["keys"],
        }
        for title, keys in menus.items():
            menu = bar.addMenu(tr(title))
            menu.setObjectName(title.strip("&").lower() + "Menu")
            for entry in keys:
                if entry is None:
                    menu.addSeparator()
                elif entry == "recent-projects":
                    self.recent_menu = menu.addMenu(tr("Recent projects"))
                    self.recent_menu.setObjectName("recentMenu")
                    self.recent_menu.aboutToShow.connect(self._fill_recent)
                else:
                    menu.addAction(self.actions_[entry])
        self.palette_bar.retranslate(tr)
        self.unit_bar.retranslate()
        self.team.retranslate(tr)
        self.find_bar.retranslate(tr)
        self.side.retranslate(tr)
        self.doc_list.retranslate(tr)
        self.span_list.retranslate(tr)
        self.span_dock.setWindowTitle(tr("Spans"))
        self.view_label.setText(tr("Annotator view") + ": ")
        self._fill_view_switch()
        self._show_status()
        self.help.set_keys(self.key_rows(), tr)
        self.setWindowTitle(f"annotator — {self.project.path.name}")

    def _fit_screen(self, width: int, height: int) -> None:
        """Open at ``width`` x ``height``, or smaller on a smaller screen (the
        status bar was below the edge of a 1280x800 one)."""
        from PySide6.QtGui import QGuiApplication

        offscreen = QGuiApplication.platformName() in ("offscreen", "minimal")  # screenshots keep their size
        screen = self.screen().availableGeometry() if self.screen() and not offscreen else None
        if screen is not None and screen.width() > 0:
            width, height = min(width, screen.width()), min(height, screen.height())
        self.resize(width, height)

    def zoom(self, steps: int) -> None:
        """Zoom the document text; the size is remembered for the next session."""
        from annotator.ui import settings

        self.view.zoom(steps)
        settings.put("zoom", self.view.font().pointSize())

    def _restore_zoom(self) -> None:
        from annotator.ui import settings

        size = settings.get("zoom")
        if size and size.isdigit():
            font = self.view.font()
            font.setPointSize(int(size))
            self.view.setFont(font)
            self.view.zoom(1)
            self.view.zoom(-1)  # through zoom(), which keeps the size within its bounds
        high = settings.get("high_contrast") in ("true", "1")
        self.actions_["high-contrast"].setChecked(high)
        if high:
            self.set_high_contrast(True, remember=False)

    def set_high_contrast(self, on: bool, remember: bool = True) -> None:
        """View ▸ High-contrast colours: label colours far from each other and
        from the selection colour (remembered)."""
        from annotator.ui import settings
        from annotator.ui.contrast import apply_contrast

        apply_contrast(self.view, on)
        self.palette_bar.set_colours(self.scheme, self.view.highlighter.colours)
        if remember:
            settings.put("high_contrast", "true" if on else "false")

    def set_language(self, lang: str) -> None:
        self.tr_ = Translator(lang)
        for w in (self.palette_bar, self.find_bar, self.side, self.doc_list):
            w.tr_ = self.tr_
        self.retranslate()
        if self._on_language:
            self._on_language(lang)

    def key_rows(self) -> list[tuple[str, str]]:
        tr = self.tr_
        rows = [(lab.hotkey or "", f"{lab.name} ({tr(lab.layer)})") for lab in self.scheme.labels if lab.hotkey]
        for action in self.actions_.values():
            shortcuts = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()]
            if shortcuts:
                rows.append((" / ".join(shortcuts), action.text().replace("&", "")))
        return rows

    # ============================================================== documents
    def open_document(self, doc_id: str) -> None:
        if self.doc_id and self.doc_id != doc_id:
            self.doc_list.refresh(self.doc_id)
        self.doc_id = doc_id
        self.doc_status = self.project.document_status(doc_id)
        text = self.project.document_text(doc_id)
        self.relations = self.project.relations(doc_id)
        self._linking = None
        self.view.load(text, self.span_view.load(self.project, doc_id, self.annotator))
        self.doc_list.select(doc_id)
        self.hits, self.current_hit = [], -1
        if self.find_bar.isVisible() and self.find_bar.query.text():
            self.find(self.find_bar.query.text())
        elif self.doc_list.query():
            self.show_search_hits(self.doc_list.query())
        self._show_selected()
        self._show_status()
        self.unit_bar.refresh()
        self.setWindowTitle(f"annotator — {self.project.path.name} — {doc_id}")

    def show_search_hits(self, query: str) -> list[tuple[int, int]]:
        """A document opened from a list filtered by text: highlight where
        the query occurs (ignoring tashkeel, tatweel and hamza forms, as the
        list's search does) and select the first hit, scrolled into view, so
        a label key labels it and the find keys step through the rest."""
        self.hits = fulltext.ranges(self.text, query)
        self.current_hit = 0 if self.hits else -1
        self.view.set_hits(self.hits, self.current_hit)
        if self.hits:
            self.view.set_selection_cp(*self.hits[0])
            self.view.ensureCursorVisible()
        return self.hits

    def refresh(self) -> None:
        """F5: read the project again, for what other windows or the command
        line (import, prelabel) wrote meanwhile: the document list, the
        annotators, and the open document's spans, relations and status. The
        selected span stays selected if it is still there."""
        selected = self.view.selected_id
        self.doc_list.reload(self.doc_id)
        self._fill_view_switch()
        if self.doc_id:
            self.doc_status = self.project.document_status(self.doc_id)
            self.relations = self.project.relations(self.doc_id)
            self.view.set_spans(self.span_view.load(self.project, self.doc_id, self.annotator))
            if selected in self.view.index:
                self.view.select_span(selected, scroll=False)
        self._show_selected()
        self._show_status()
        self.unit_bar.refresh()
        self.team.refresh()

    @property
    def text(self) -> str:
        return self.view.text

    def step_document(self, step: int) -> None:
        model = self.doc_list.model
        row = model.row_of(self.doc_id) if self.doc_id else -1
        target = row + step if row >= 0 else 0
        if target >= len(model.rows):
            model.fetchMore(self.doc_list.table.rootIndex())
        if 0 <= target < len(model.rows):
            self.open_document(model.rows[target].id)

    def set_doc_status(self, status: str) -> None:
        doc_id = self._editable_doc()
        if doc_id is None or status not in DOC_STATUSES:
            return
        self._apply(self.session.set_status(doc_id, status))

    # ============================================================== the view
    def set_span_view(self, span_view: SpanView) -> None:
        """Show another set of spans (e.g. a colleague's, read-only)."""
        self.span_view = span_view
        self._linking = None
        if self.doc_id:
            self.view.set_spans(span_view.load(self.project, self.doc_id, self.annotator))
        self._show_selected()
        self._show_status()
        self._fill_view_switch()

    def show_annotators(self, names: Sequence[str], editable: bool = False) -> None:
        self.set_span_view(SpanView(annotators=tuple(names), editable=editable))

    def _fill_view_switch(self) -> None:
        self.view_switch.blockSignals(True)
        self.view_switch.clear()
        self.view_switch.addItem(f"{self.annotator} — {self.tr_('My spans (editable)')}", None)
        for name in self.project.annotators():
            if name != self.annotator:
                self.view_switch.addItem(f"{name} — {self.tr_('read-only view')}", name)
        current = (
            self.span_view.annotators[0] if self.span_view.annotators and len(self.span_view.annotators) == 1 else None
        )
        self.view_switch.setCurrentIndex(max(0, self.view_switch.findData(current)))
        self.view_switch.blockSignals(False)

    def _view_switched(self) -> None:
        name = self.view_switch.currentData()
        self.set_span_view(MINE if name is None else SpanView(annotators=(name,), editable=False))

    def set_snap_tokens(self, on: bool, remember: bool = True) -> None:
        """View ▸ Snap selection to words: a drag selects whole tokens
        (:func:`snap_to_tokens`), or exactly the characters it covered; remembered."""
        self.view.snapper = snap_to_tokens if on else snap
        self.actions_["snap-to-words"].setChecked(on)
        if remember:
            from annotator.ui import settings

            settings.put("snap_tokens", "true" if on else "false")

    def set_layer_visible(self, layer: str, visible: bool) -> None:
        self.view.highlighter.set_layer_visible(layer, visible)
        box = self.palette_bar.layer_boxes[layer]
        if box.isChecked() != visible:
            box.setChecked(visible)

    # ============================================================= selection
    def selected_span(self) -> Span | None:
        return self.view.index.get(self.view.selected_id) if self.view.selected_id else None

    def select_span(self, span_id: str | None) -> None:
        self.view.select_span(span_id)
        self._show_selected()
        self.span_list.show_span(self.view.selected_id)

    def _span_clicked(self, span_id: str) -> None:
        if self._linking and span_id:
            label, head = self._linking
            self._linking = None
            self.add_relation(head, span_id, label)
            return
        self._linking = None
        self.select_span(span_id or None)

    def step_span(self, step: int, suggestions: bool = False) -> None:
        current = self.view.index.placed(self.view.selected_id) if self.view.selected_id else None
        pos = current.start if current else (self.view.textCursor().position() - (1 if step > 0 else 0))
        accept = (lambda span: span.status == "suggested") if suggestions else None
        nxt = self.view.index.neighbour(pos, forward=step > 0, accept=accept)
        if nxt is not None:
            self.select_span(nxt.span.id)

    def _show_selected(self) -> None:
        span = self.selected_span()
        self.side.show_span(span, self.text, self.relations, self._describe, self.span_view.editable)

    def _describe(self, span_id: str) -> str:
        span = self.view.index.get(span_id) or (self.project.get_span(self.doc_id, span_id) if self.doc_id else None)
        if span is None:
            return span_id
        return f"{isolated('«' + self.text[span.start : span.end][:40] + '»')} ({span.label})"

    # ================================================================= edits
    def _editable_doc(self) -> str | None:
        """The open document's id when an edit may go to the session now (a
        document is open and the view is editable), else None."""
        if not self.doc_id:
            return None
        if not self.span_view.editable:
            self.note(self.tr_("read-only view"))
            return None
        return self.doc_id

    def _apply(self, edit: Edit) -> Edit:
        """Draw exactly what the session says an edit changed, refresh the
        document list's rows it touched, and say it in the status bar. A
        refused edit changed nothing, so nothing is redrawn."""
        self.last_edit = edit
        if edit.ok:
            selected = self.view.selected_id
            if edit.reload and self.doc_id:
                self.view.set_spans(self.span_view.load(self.project, self.doc_id, self.annotator))
            elif len(edit.spans) > 1:
                shown = [s for s in edit.spans if self.span_view.shows(s, self.annotator)]
                self.view.put_spans(shown)
                for span in edit.spans:
                    if span.status == "rejected" and span.id in self.view.index:
                        self.view.drop_span(span.id)
                for span_id in edit.removed:
                    if span_id in self.view.index:
                        self.view.drop_span(span_id)
            else:
                for span in edit.spans:
                    self._show_span(span)
                for span_id in edit.removed:
                    if span_id in self.view.index:
                        self.view.drop_span(span_id)
            if edit.relations_added or edit.relations_removed:
                assert self.doc_id is not None  # an edit is made in the open document
                self.relations = self.project.relations(self.doc_id)
                self.view.viewport().update()  # claim-to-source arcs come or go
            if edit.status:
                self.doc_status = edit.status
            for doc_id in edit.documents:
                spans, pending = edit.counts.get(doc_id, (0, 0))
                status = (
                    edit.status
                    if doc_id == self.doc_id and edit.status
                    else (self.project.document_status(doc_id) if doc_id != self.doc_id else None)
                )
                self.doc_list.model.adjust(doc_id, spans, pending, status)
            if edit.status or len(edit.documents) > 1:
                self.doc_list.update_progress()
            touched = {s.id for s in edit.spans} | set(edit.removed)
            if selected and (selected in touched or edit.relations_added or edit.relations_removed or edit.reload):
                self._show_selected()  # the side panel shows the selected span as it is now
            self._show_status()
        if edit.message:
            self.note(self.tr_.message(edit.message), error=edit.error)
        return edit

    def backup_failed(self, message: str) -> None:
        self.note(message, error=True)

    def note(self, message: str, error: bool = False) -> None:
        # each quoted document surface isolated, so Arabic in an English line keeps its brackets in place
        message = QUOTED.sub(lambda m: isolated(m.group(0)), message)
        self.statusBar().setStyleSheet(ERROR_STYLE if error else "")
        self.statusBar().showMessage(message, NOTE_MS * (2 if error else 1))

    def _message_changed(self, message: str) -> None:
        """The error colour goes with the error message (it stayed on the bar)."""
        if not message and self.statusBar().styleSheet():
            self.statusBar().setStyleSheet("")

    def _key(self, event: QKeyEvent) -> bool:
        """Keys the document view hands over: the scheme's label hotkeys."""
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
        ):
            return self.command_key(event)
        typed = event.text().translate(ARABIC_DIGITS)
        if typed in ("?", "؟"):
            self.help.toggle()
            return True
        if event.key() == Qt.Key.Key_Escape:
            self._linking = None
            if self.help.isVisible():
                self.help.hide()
            else:
                self.view.clear_selection()
                self.select_span(None)
            return True
        for label in self.scheme.labels:
            if label.hotkey and typed == label.hotkey:
                self.label_selection(label.layer, label.name)
                return True
        return self.command_key(event)

    def command_key(self, event: QKeyEvent) -> bool:
        """A command key typed on a non-Latin layout (Arabic), where Qt's
        shortcuts see the Arabic letter: find the Latin key at the same
        place (by the letter it typed, or by its scan code) and run the
        action bound to it with the same modifiers (Ctrl+Z, [, ], Shift+A…)."""
        latin = self._latin_key(event)
        if latin is None:
            return False
        mods = event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.ShiftModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        wanted = QKeySequence(QKeySequence(latin)[0].key() | mods)  # type: ignore[index]  # the stubs lack QKeySequence.__getitem__
        if latin in "[]" and mods == Qt.KeyboardModifier.ShiftModifier:
            wanted = QKeySequence(latin)
        for action in self.actions_.values():
            if action.isEnabled() and any(
                s.matches(wanted) == QKeySequence.SequenceMatch.ExactMatch for s in action.shortcuts()
            ):
                action.trigger()
                return True
        return False

    @staticmethod
    def _latin_key(event: QKeyEvent) -> str | None:
        key = event.key()
        char = chr(key) if 0x600 <= key <= 0x6FF else event.text()
        if char in ARABIC_SHIFTED:
            return ARABIC_SHIFTED[char]
        if char in ARABIC_LAYOUT:
            return ARABIC_LAYOUT[char]
        if key < 0x80 or not char:  # a Latin key: Qt's own shortcuts had their chance
            return SCAN_CODES.get(event.nativeScanCode()) if key >= 0x600 or key == 0 else None
        return SCAN_CODES.get(event.nativeScanCode())

    def toggle_focus(self) -> None:
        """F6: between the document list and the document."""
        if self.view.hasFocus():
            self.doc_list.table.setFocus()
        else:
            self.view.setFocus()

    def label_selection(self, layer: str, name: str) -> Span | None:
        """What a label hotkey does: label the (snapped) selection; with no
        selection, relabel the selected span (or label its range on another
        layer). A document or sentence label labels the document or the
        caret's sentence."""
        if layer in UNIT_LAYERS:
            return self.unit_bar.label(layer, name)
        selection = self.view.selection_cp()
        if selection:
            start, end = snap(self.text, *selection)
            if start >= end:
                self.note(self.tr_("Select text first"))
                return None
            return self._label_range(layer, name, start, end)
        span = self.selected_span()
        if span is None:
            self.note(self.tr_("Select text first"))
            return None
        if span.layer == layer:
            return self.relabel_selected(name)
        return self._label_range(layer, name, span.start, span.end)

    def _label_range(self, layer: str, name: str, start: int, end: int) -> Span | None:
        doc_id = self._editable_doc()
        if doc_id is None:
            return None
        edit = self._apply(self.session.label(doc_id, layer, name, start, end))
        if edit.span is not None and not edit.error:
            self.view.clear_selection()
            self.select_span(edit.span.id)
            return edit.span
        return None

    def _show_span(self, span: Span) -> None:
        if span.layer in UNIT_LAYERS:
            self.unit_bar.refresh()
            return
        if self.span_view.shows(span, self.annotator):
            self.view.put_span(span)
        elif span.id in self.view.index:
            self.view.drop_span(span.id)

    def _span_edit(self, run: Callable[[str, Span], Edit], suggestion_only: bool = False) -> Span | None:
        span = self.selected_span()
        if span is None or (suggestion_only and span.status != "suggested"):
            return None
        doc_id = self._editable_doc()
        if doc_id is None:
            return None
        edit = self._apply(run(doc_id, span))
        return edit.span if edit.ok else None

    def relabel_selected(self, name: str) -> Span | None:
        return self._span_edit(lambda d, s: self.session.relabel(d, s.id, name))

    def set_attrs(self, attrs: dict) -> Span | None:
        return self._span_edit(lambda d, s: self.session.set_attrs(d, s.id, attrs))

    def delete_selected(self) -> None:
        span = self.selected_span()
        done = self._span_edit(lambda d, s: self.session.delete(d, s.id))
        if span is not None and span.status == "suggested" and done is not None:
            self.step_span(1, suggestions=True)

    def accept_selected(self) -> Span | None:
        accepted = self._span_edit(lambda d, s: self.session.accept(d, s.id), suggestion_only=True)
        if accepted is not None:
            self.step_span(1, suggestions=True)
        return accepted

    def reject_selected(self) -> Span | None:
        rejected = self._span_edit(lambda d, s: self.session.reject(d, s.id), suggestion_only=True)
        if rejected is not None:
            self.step_span(1, suggestions=True)
        return rejected

    def accept_all_selected_label(self) -> int:
        span = self.selected_span()
        return self.accept_all(span.layer, span.label) if span is not None else 0

    def accept_all(self, layer: str, name: str) -> int:
        """Accept every suggestion of one label in the document, as one undo
        step; one conflicting suggestion refuses them all (and says which)."""
        doc_id = self._editable_doc()
        if doc_id is None:
            return 0
        todo = [
            s.id
            for s in self.view.index.unordered()
            if s.status == "suggested" and s.layer == layer and s.label == name
        ]
        if not todo:
            self.note(f"{self.tr_('no suggestions')}: {name}")
            return 0
        edit = self._apply(self.session.accept_all(doc_id, layer, name, todo))
        return len(edit.changed) if edit.ok else 0

    def suggest_numbers(self) -> int:
        """Pre-label this document's numbers as suggestions (value and kind
        filled in); never re-proposes what someone rejected."""
        doc_id = self._editable_doc()
        if doc_id is None:
            return 0
        edit = self._apply(self.session.suggest_numbers(doc_id))
        return edit.count if edit.ok else 0

    # ============================================================= relations
    def start_link(self, label: str) -> None:
        span = self.selected_span()
        if span is None or span.layer != "claim":
            self.note(self.tr_("Select a claim first"))
            return
        if not self.span_view.editable:
            self.note(self.tr_("read-only view"))
            return
        self._linking = (label, span.id)
        self.note(f"{label}: {self.tr_('Click the span to link')}")

    def add_relation(self, head: str, tail: str, label: str) -> Relation | None:
        doc_id = self._editable_doc()
        if doc_id is None:
            return None
        edit = self._apply(self.session.link(doc_id, head, tail, label))
        if edit.ok:
            self.select_span(head)
            return edit.relations_added[0]
        return None

    def remove_relation(self, rel_id: str) -> None:
        doc_id = self._editable_doc()
        if doc_id is not None:
            self._apply(self.session.unlink(doc_id, rel_id))

    # ========================================================== undo / redo
    def undo(self) -> None:
        self._replay(undo=True)

    def redo(self) -> None:
        self._replay(undo=False)

    def _replay(self, undo: bool) -> None:
        doc_id = self._editable_doc()
        if doc_id is None:
            return
        self._apply(self.session.undo(doc_id) if undo else self.session.redo(doc_id))

    # ================================================================== find
    def open_find(self) -> None:
        self.find_bar.show()
        self.find_bar.query.setFocus()
        self.find_bar.query.selectAll()
        span = self.selected_span()
        if span is not None:
            self.find_bar.set_label(span.layer, span.label)

    def close_find(self) -> None:
        self.find_bar.hide()
        self.hits, self.current_hit = [], -1
        self.view.set_hits([])
        self.view.setFocus()

    def find(self, query: str) -> list[tuple[int, int]]:  # type: ignore[override]  # the find bar's, not QWidget.find
        """Diacritic-insensitive matches of ``query`` in the document (code points)."""
        self.hits = arabic_search.find(self.text, query) if query.strip() else []
        self.current_hit = 0 if self.hits else -1
        self.view.set_hits(self.hits, self.current_hit)
        self._update_find_count()
        return self.hits

    def step_hit(self, step: int) -> None:
        if not self.hits:
            return
        self.current_hit = (self.current_hit + step) % len(self.hits)
        self.view.set_hits(self.hits, self.current_hit)
        self._update_find_count()

    def _scope_docs(self, doc_id: str, scope: str) -> list[str]:
        return [doc_id] if scope == "document" else self.project.document_ids()

    def match_counts(self, layer: str, scope: str) -> int:
        """How many spans "label all" would add: the preview count."""
        query = self.find_bar.query.text()
        if not query.strip() or not self.doc_id:
            return 0
        return self.session.label_all_count(query, layer, self._scope_docs(self.doc_id, scope))

    def _update_find_count(self) -> None:
        layer, _ = self.find_bar.label()
        self.find_bar.show_count(len(self.hits), self.current_hit, self.match_counts(layer, self.find_bar.scope()))

    def label_all(self, layer: str, name: str, scope: str = "document") -> int:
        """Label every unlabelled match of the find query, in the document or
        the project: one transaction (one undo step per document)."""
        query = self.find_bar.query.text()
        if not query.strip():
            return 0
        doc_id = self._editable_doc()
        if doc_id is None:
            return 0
        edit = self._apply(self.session.label_all(query, layer, name, self._scope_docs(doc_id, scope), current=doc_id))
        self._update_find_count()
        return edit.count if edit.ok else 0

    # ========================================================== context menu
    def _context_menu(self, point: QPoint) -> None:
        menu = self.build_context_menu(point)
        if not menu.isEmpty():
            menu.exec(self.view.viewport().mapToGlobal(point))

    def build_context_menu(self, point: QPoint) -> QMenu:
        """Relabel, accept, reject or delete the span under ``point``; or
        label the selection."""
        menu = QMenu(self)
        hits = self.view.spans_at_point(point)
        if hits and self.span_view.editable:
            span = hits[0].span
            self.select_span(span.id)
            relabel = menu.addMenu(self.tr_("Label"))
            for label in self.scheme.labels_for(span.layer):
                a = relabel.addAction(label.name, lambda n=label.name: self.relabel_selected(n))  # type: ignore[misc]  # a lambda to the overloaded addAction
                a.setEnabled(label.name != span.label or span.status == "suggested")
            if span.status == "suggested":
                menu.addAction(self.actions_["accept-suggestion"])
                menu.addAction(self.actions_["reject-suggestion"])
            menu.addAction(self.actions_["delete-span"])
        elif self.view.selection_cp() and self.span_view.editable:
            for label in self.scheme.labels:
                menu.addAction(
                    f"{label.hotkey or ''} {label.name}".strip(),
                    lambda la=label.layer, n=label.name: self.label_selection(la, n),  # type: ignore[misc]  # a lambda to the overloaded addAction
                )
        return menu

    # ================================================================ status
    def _show_status(self) -> None:
        tr = self.tr_
        mode = tr("My spans (editable)") if self.span_view.editable else tr("read-only view")
        self.who_label.setText(f"{tr('annotator')}: {self.annotator} · {mode}")
        if not self.doc_id:
            self.status_label.setText("")
            return
        spans, pending = self.document_counts()
        self.status_label.setText(
            f"{self.doc_id} · {tr(self.doc_status)} · {spans} {tr('spans')} · {pending} {tr('suggested')}"
        )

    def document_counts(self) -> tuple[int, int]:
        """``(spans, pending suggestions)`` of the open document, as its row
        in the document list shows them (read from the store if not listed)."""
        model = self.doc_list.model
        row = model.row_of(self.doc_id) if self.doc_id else -1
        if row >= 0:
            return model.rows[row].spans, model.rows[row].suggested
        return self.session.counts(self.doc_id) if self.doc_id else (0, 0)

    def edit_scheme(self):
        """File ▸ Labels…: edit names, colours and hotkeys; applied at once when saved."""
        from annotator.ui.schemedialog import SchemeDialog

        dialog = SchemeDialog(self.project, self.annotator, self.tr_, self)

        def saved() -> None:
            if dialog.saved:
                self.apply_scheme(dialog.saved)

        dialog.accepted.connect(saved)
        dialog.open()
        return dialog

    def apply_scheme(self, scheme) -> None:
        """Use a new label scheme everywhere: palette, colours, panels, keys."""
        self.scheme = scheme
        self.view.highlighter.set_scheme(scheme)
        palette = LabelPalette(scheme, self.tr_)
        palette.labelClicked.connect(self.label_selection)
        palette.layerToggled.connect(self.set_layer_visible)
        palette.layerToggled.connect(lambda la, on: self.actions_[f"layer-{la}"].setChecked(on))
        for layer, box in palette.layer_boxes.items():
            box.setChecked(layer not in self.view.highlighter.hidden_layers)
        self._column.replaceWidget(self.palette_bar, palette)
        self.palette_bar.deleteLater()
        self.palette_bar = palette
        self.side.scheme = scheme
        self.span_list.set_scheme(scheme)
        self.unit_bar.set_scheme(scheme)
        if self.actions_["high-contrast"].isChecked():
            self.set_high_contrast(True, remember=False)
        self.find_bar.set_scheme(scheme)
        self.doc_list.retranslate(self.tr_)
        self.help.set_keys(self.key_rows(), self.tr_)
        self._show_selected()

    def _fill_recent(self) -> None:
        from annotator.ui import settings

        self.recent_menu.clear()
        for path in settings.recent_projects():
            self.recent_menu.addAction(path, lambda p=path: self.open_project(p))  # type: ignore[misc]  # an overloaded addAction

    def _ask_open(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr_("Open an annotator project"),
            str(self.project.path.parent),
            "annotator projects (*.annot *.db *.sqlite);;all files (*)",
        )
        if path:
            self.open_project(path)

    def open_project(self, path: str) -> None:
        """Ask for another project in a new window in place of this one
        (``annotator.ui.app`` opens it and closes this one)."""
        self.openRequested.emit(path)

    def _ask_rename(self) -> None:
        self.renameRequested.emit(self.annotator)

    def open_review(self) -> None:
        """Review mode in its own window, on the same project."""
        from annotator.ui.review_window import ReviewWindow

        self.review = ReviewWindow(self.project, self.annotator, doc_id=self.doc_id, parent=self)
        self.review.show()

    def rename(self, name: str) -> None:
        """Annotate as someone else from now on (their own spans)."""
        self.annotator = name
        self.session = EditSession(self.project, name)
        self._ensure_annotator(name)
        self.set_span_view(MINE)
