"""Suggestions > Language model settings: the project's endpoint, model,
the NAME of the environment variable holding the API key (never the key),
the prompt template, examples and context size, as ``annotator llm DB``
sets them. Saving writes them to the project; nothing talks to the server
here.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.suggest.llm import LLMSettings
from annotator.suggest.llm_client import normalize_endpoint
from annotator.suggest.llm_prompt import read_template, template_hash
from annotator.ui.widgets import dialog_buttons, named, stacked


class LLMSettingsDialog(QDialog):
    def __init__(self, project, tr, parent: QWidget | None = None):
        super().__init__(parent)
        self.project, self.tr_ = project, tr
        self.settings = LLMSettings.load(project)
        self._prompt = self.settings.prompt
        self.setWindowTitle(tr("Language model settings…").rstrip("…"))
        self.endpoint = QLineEdit(self.settings.endpoint or "")
        self.endpoint.setPlaceholderText("http://localhost:11434/v1")
        self.endpoint.setObjectName("llmEndpoint")
        self.model = QLineEdit(self.settings.model or "")
        self.model.setPlaceholderText("qwen2.5:7b")
        self.model.setObjectName("llmModel")
        self.key_env = QLineEdit(self.settings.api_key_env or "")
        self.key_env.setPlaceholderText("OPENAI_API_KEY")
        self.key_env.setObjectName("llmKeyEnv")
        self.examples = QSpinBox()
        self.examples.setRange(0, 50)
        self.examples.setValue(self.settings.examples)
        self.context = QSpinBox()
        self.context.setRange(512, 10_000_000)
        self.context.setSingleStep(1024)
        self.context.setValue(self.settings.context)
        self.prompt_label = named(QLabel(), "llmPrompt")
        choose = QPushButton(tr("Choose…"))
        choose.clicked.connect(self._choose_prompt)
        default = QPushButton(tr("Default"))
        default.clicked.connect(self._default_prompt)
        prompt_row = QHBoxLayout()
        prompt_row.addWidget(self.prompt_label, 1)
        prompt_row.addWidget(choose)
        prompt_row.addWidget(default)
        self.error = named(QLabel(), "llmError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)

        form = QFormLayout()
        form.addRow(tr("Endpoint (API root)"), self.endpoint)
        form.addRow(tr("Model"), self.model)
        form.addRow(tr("API key variable (the key is never stored)"), self.key_env)
        form.addRow(tr("Prompt template"), prompt_row)
        form.addRow(tr("Examples in the prompt"), self.examples)
        form.addRow(tr("Context size (tokens)"), self.context)
        hint = QLabel(tr("Ollama: http://localhost:11434/v1 · llama.cpp server: http://localhost:8080/v1"))
        hint.setWordWrap(True)
        stacked(self, form, hint, self.error, dialog_buttons(self, self.save, save=True))
        self._show_prompt()

    def _show_prompt(self) -> None:
        kind = self.tr_("stored template") if self._prompt else self.tr_("default template")
        self.prompt_label.setText(f"{kind} {template_hash(self._prompt or LLMSettings().template())}")

    def _choose_prompt(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr_("Prompt template"), "", "Markdown / text (*.md *.txt);;*")
        if path:
            self.load_prompt(path)

    def load_prompt(self, path: str) -> bool:
        try:
            self._prompt = read_template(path)
        except AnnotatorError as exc:
            self.error.setText(str(exc))
            return False
        self.error.clear()
        self._show_prompt()
        return True

    def _default_prompt(self) -> None:
        self._prompt = None
        self._show_prompt()

    def save(self) -> bool:
        endpoint = self.endpoint.text().strip()
        try:
            endpoint_value = normalize_endpoint(endpoint) if endpoint else None
        except AnnotatorError as exc:
            self.error.setText(str(exc))
            return False
        key_env = self.key_env.text().strip()
        s = self.settings
        s.endpoint, s.model = endpoint_value, self.model.text().strip() or None
        s.api_key_env, s.prompt = key_env or None, self._prompt
        s.examples, s.context = self.examples.value(), self.context.value()
        try:
            s.save(self.project)
        except AnnotatorError as exc:
            self.error.setText(str(exc))
            return False
        self.accept()
        return True
