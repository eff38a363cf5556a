"""Suggestions > Ask the language model (this document): runs in the
background against a real chat-completions server on 127.0.0.1, the window
keeps painting, the results are ordinary suggestions (A accepts), Cancel
stops it, and an unreachable server is one status-bar message."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMenu

from annotator.ui.llm_ask import _LEFT
from tests.gui.conftest import press
from tests.llm_server import ChatServer, refused_url

ASK = "Ask the language model (this document)"
REPLY = {
    "spans": [
        {"text": "فايز السراج", "label": "PERSON"},
        {"text": "سرت", "label": "GPE"},
        {"text": "القاهرة", "label": "GPE"},
    ]
}


def _configure(project, url, model="m"):
    from annotator.suggest.llm import LLMSettings

    LLMSettings(endpoint=url, model=model, retries=1, timeout=10).save(project)


def _llm_spans(project, doc_id):
    return [s for s in project.spans(doc_id, statuses=None) if s.source == "llm"]


def test_the_suggestions_menu_has_both_actions(docs_project, open_editor):
    window = open_editor(docs_project, "seed")
    menu = window.menuBar().findChild(QMenu, "suggestionsMenu")
    assert [a.text() for a in menu.actions()] == [ASK, "Language model settings…"]


def test_ask_runs_in_the_background_and_stores_suggestions(docs_project, open_editor, qtbot, seed_text):
    with ChatServer([{"match": "", "delay": 1.0, "content": REPLY}]) as server:
        _configure(docs_project, server.url)
        window = open_editor(docs_project, "seed")
        ticks = []
        timer = QTimer(window)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        timer.start(10)
        window.actions_["llm-ask"].trigger()
        assert window.llm.running and window.llm.bar.isVisible() and window.llm.cancel_button.isVisible()
        qtbot.waitUntil(lambda: not window.llm.running, timeout=15000)
        timer.stop()
        assert len(server.requests) == 1
    # the window kept painting while the server thought for a second
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert len(ticks) > 20 and max(gaps) < 0.5
    spans = _llm_spans(docs_project, "seed")
    assert sorted(seed_text[s.start : s.end] for s in spans) == ["سرت", "فايز السراج"]
    assert all(s.status == "suggested" for s in spans)
    assert "llm: +2" in window.statusBar().currentMessage()
    assert "1 text not in the document" in window.statusBar().currentMessage()
    assert not window.llm.bar.isVisible()
    # ordinary suggestions: shown, and A accepts the selected one
    shown = {s.id for s in window.view.index if s.status == "suggested" and s.source == "llm"}
    assert shown == {s.id for s in spans}
    window.select_span(spans[0].id)
    press(qtbot, window, "A")
    accepted = docs_project.get_span("seed", spans[0].id)
    assert (accepted.status, accepted.annotator) == ("accepted", "amira")


def test_cancel_stops_it_and_stores_nothing(docs_project, open_editor, qtbot):
    with ChatServer([{"match": "", "delay": 8.0, "content": REPLY}]) as server:
        _configure(docs_project, server.url)
        window = open_editor(docs_project, "seed")
        window.actions_["llm-ask"].trigger()
        qtbot.waitUntil(lambda: len(server.requests) == 1, timeout=5000)
        t0 = time.perf_counter()
        qtbot.mouseClick(window.llm.cancel_button, Qt.MouseButton.LeftButton)
        assert not window.llm.running and not window.llm.bar.isVisible()  # free again at once
        assert time.perf_counter() - t0 < 1
        assert "cancelled" in window.statusBar().currentMessage()
        (job,) = _LEFT
        qtbot.waitUntil(job.isFinished, timeout=15000)  # the request in flight came back: dropped
        qtbot.wait(100)
    assert _llm_spans(docs_project, "seed") == []
    assert not _LEFT


def test_an_unreachable_server_is_one_status_bar_message(docs_project, open_editor, qtbot):
    _configure(docs_project, refused_url())
    window = open_editor(docs_project, "seed")
    window.actions_["llm-ask"].trigger()
    qtbot.waitUntil(lambda: not window.llm.running, timeout=15000)
    msg = window.statusBar().currentMessage()
    assert msg.startswith("cannot reach the language model at http://127.0.0.1:") and "\n" not in msg
    assert _llm_spans(docs_project, "seed") == []


def test_without_an_endpoint_nothing_is_asked(docs_project, open_editor, qtbot):
    with ChatServer([{"match": "", "content": REPLY}]) as server:
        window = open_editor(docs_project, "seed")
        window.actions_["llm-ask"].trigger()
        assert not window.llm.running
        assert "no language-model endpoint" in window.statusBar().currentMessage()
        assert "Language model settings" in window.statusBar().currentMessage()
        qtbot.wait(200)
        assert server.requests == []


def test_the_settings_dialog_stores_them_but_never_a_key(docs_project, open_editor, qtbot, tmp_path):
    from annotator.suggest.llm import LLMSettings
    from annotator.ui.llm_dialog import LLMSettingsDialog

    window = open_editor(docs_project, "seed")
    dialog = LLMSettingsDialog(docs_project, window.tr_, window)
    qtbot.addWidget(dialog)
    dialog.endpoint.setText("http://localhost:11434/v1/")
    dialog.model.setText("qwen2.5:7b")
    dialog.key_env.setText("sk-this-is-a-key")
    assert not dialog.save()
    assert "NAME of an environment variable" in dialog.error.text()
    dialog.key_env.setText("MY_LLM_KEY")
    (tmp_path / "p.md").write_text("{labels}\n{text}", encoding="utf-8")
    assert dialog.load_prompt(str(tmp_path / "p.md"))
    assert dialog.save()
    s = LLMSettings.load(docs_project)
    assert (s.endpoint, s.model, s.api_key_env, s.prompt) == (
        "http://localhost:11434/v1",
        "qwen2.5:7b",
        "MY_LLM_KEY",
        "{labels}\n{text}",
    )
    bad = LLMSettingsDialog(docs_project, window.tr_, window)
    qtbot.addWidget(bad)
    bad.endpoint.setText("localhost:11434")
    assert not bad.save() and "http" in bad.error.text()
