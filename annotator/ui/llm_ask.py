"""Suggestions > Ask the language model (this document): the ``llm``
engine run in the background on the open document, with a progress bar and
a Cancel button in the status bar; its suggestions are stored through the
edit session (:meth:`EditSession.add_suggestions`) and appear as ordinary
suggestions (A/X accept or reject them).

The requests run on a ``QThread`` that reads the project through its own
read-only connection; only storing the result happens on the window's
thread, in one short transaction. The window never waits on the server: an
unreachable server, a missing endpoint or a refused key is one status-bar
message. Suggestions > Language model settings opens
:class:`annotator.ui.llm_dialog.LLMSettingsDialog`.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QProgressBar, QPushButton

from annotator.errors import AnnotatorError
from annotator.ui.i18n import ARABIC

ASK = "Ask the language model (this document)"
SETTINGS = "Language model settings…"
MENU = "&Suggestions"
ARABIC.update(
    {
        MENU: "&اقتراحات",
        ASK: "اسأل النموذج اللغوي (هذا المستند)",
        SETTINGS: "إعدادات النموذج اللغوي…",
        "asking the language model…": "جارٍ سؤال النموذج اللغوي…",
        "Cancel": "إلغاء",
        "cancelled": "أُلغي",
        "Endpoint (API root)": "نقطة الاتصال (جذر الواجهة)",
        "Model": "النموذج",
        "API key variable (the key is never stored)": "متغير مفتاح الواجهة (لا يُحفظ المفتاح أبداً)",
        "Prompt template": "قالب التعليمات",
        "Examples in the prompt": "أمثلة في التعليمات",
        "Context size (tokens)": "حجم السياق (رموز)",
        "Choose…": "اختيار…",
        "Default": "الافتراضي",
        "stored template": "قالب محفوظ",
        "default template": "القالب الافتراضي",
    }
)


_LEFT: set = set()  # cancelled jobs whose thread has not ended yet


class AskJob(QThread):
    """Propose for one document without writing: the engine on a read-only
    connection of its own."""

    proposed = Signal(object, object)  # (list of Suggestion, Summary)
    failed = Signal(str)
    cancelled = Signal()
    progressed = Signal(int, int)

    def __init__(self, db: str, settings, doc_id: str, layers, cancel: threading.Event):
        super().__init__()
        self.db, self.settings, self.doc_id, self.layers, self.cancel = db, settings, doc_id, layers, cancel

    def run(self) -> None:
        from annotator.store import Project
        from annotator.suggest.llm import Engine, Summary
        from annotator.suggest.llm_client import Cancelled

        summary = Summary()
        try:
            with (
                Project.open(self.db, readonly=True) as project,
                Engine(project, self.settings, self.layers, cancel=self.cancel) as engine,
            ):
                docs = [(self.doc_id, project.document_text(self.doc_id))]
                found = list(engine.propose(docs, summary, lambda d, t: self.progressed.emit(d, t)))
        except Cancelled:
            self.cancelled.emit()
            return
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # the window must say something, never crash
            self.failed.emit(f"the language model run failed: {type(exc).__name__}: {exc}")
            return
        if self.cancel.is_set():
            self.cancelled.emit()
        else:
            self.proposed.emit(found[0][1] if found else [], summary)


class LLMAsk:
    """The two actions, the status-bar progress, and the running job."""

    def __init__(self, window, layers=("entity",)):
        self.window = window
        self.layers = list(layers)
        self.job: AskJob | None = None
        self.cancel_event = threading.Event()
        self.doc_id: str | None = None
        self.bar = QProgressBar()
        self.bar.setObjectName("llmProgress")
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("llmCancel")
        self.cancel_button.clicked.connect(self.cancel)
        for w in (self.bar, self.cancel_button):
            window.statusBar().addPermanentWidget(w)
            w.hide()
        window.closed.connect(self.stop)

    @property
    def running(self) -> bool:
        return self.job is not None

    def ask(self) -> bool:
        """Start asking about the open document; False when it cannot start."""
        from annotator.suggest.llm import NO_ENDPOINT, LLMSettings

        w = self.window
        if self.running or not w.doc_id:
            return False
        settings = LLMSettings.load(w.project)
        if not settings.endpoint:
            w.note(NO_ENDPOINT.split(":")[0] + f": Suggestions > {w.tr_(SETTINGS)}", error=True)
            return False
        if not settings.model:
            w.note(f"no model name is set: Suggestions > {w.tr_(SETTINGS)}", error=True)
            return False
        self.cancel_event = threading.Event()
        self.doc_id = w.doc_id
        job = AskJob(str(w.project.path), settings, w.doc_id, self.layers, self.cancel_event)
        # each handler checks the job is still the current one: a cancelled job
        # may finish later, and nothing it says is shown or stored
        job.proposed.connect(lambda sugs, summary, j=job: self._proposed(sugs, summary) if j is self.job else None)
        job.failed.connect(lambda message, j=job: self._failed(message) if j is self.job else None)
        job.progressed.connect(lambda done, total, j=job: self._progress(done, total) if j is self.job else None)
        job.finished.connect(lambda j=job: self._finished(j))
        self.job = job
        self.bar.setRange(0, 0)  # busy until the number of requests is known
        self.cancel_button.setText(w.tr_("Cancel"))
        self.bar.show()
        self.cancel_button.show()
        w.statusBar().setStyleSheet("")
        w.statusBar().showMessage(w.tr_("asking the language model…"))
        job.start()
        return True

    def cancel(self) -> None:
        """Stop at once: the window is free again and nothing of this run is
        stored; the thread ends when its request in flight returns."""
        if self.job is None:
            return
        self.cancel_event.set()
        _LEFT.add(self.job)  # kept alive until its thread ends
        self.job = None
        self._idle()
        self.window.note(f"llm: {self.window.tr_('cancelled')}")

    def stop(self) -> None:
        """The window closes: cancel, and give the thread a moment to end."""
        job = self.job
        self.cancel()
        if job is not None:
            job.wait(2000)

    def _progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)

    def _proposed(self, suggestions, summary) -> None:
        from annotator.suggest.suggestions import Suggestions

        w = self.window
        edit = w.session.add_suggestions(self.doc_id, Suggestions(spans=list(suggestions)), "llm")
        w._apply(edit)
        if edit.error:
            return
        skipped = summary.not_json + summary.unknown_label + summary.not_in_text + summary.bad_items
        msg = f"llm: +{edit.count} {w.tr_('suggested')}"
        if skipped:
            msg += f" (skipped: {summary.skipped()})"
        if summary.failed:
            msg += f"; {summary.failed} requests failed: {next(iter(summary.errors))}"
        w.note(msg, error=bool(summary.failed) and not edit.count)

    def _failed(self, message: str) -> None:
        self.window.note(message.removeprefix("error: "), error=True)

    def _finished(self, job: AskJob) -> None:
        _LEFT.discard(job)
        if job is self.job:
            self.job = None
            self._idle()

    def _idle(self) -> None:
        self.bar.hide()
        self.cancel_button.hide()

    def open_settings(self) -> bool:
        from annotator.ui.llm_dialog import LLMSettingsDialog

        dialog = LLMSettingsDialog(self.window.project, self.window.tr_, self.window)
        self.dialog = dialog
        return bool(dialog.exec())


def attach(window) -> LLMAsk:
    """Give an editor window the two language-model actions (Suggestions menu)."""
    llm = LLMAsk(window)
    window.add_action("llm-ask", ASK, llm.ask, ["Ctrl+Shift+M"])
    window.add_action("llm-settings", SETTINGS, llm.open_settings)
    return llm
