"""Review ▸ Agreement: the figures of ``annotator agree`` in a window,
per pair of annotators and per label (exact and overlap F1, Cohen's kappa,
span counts), the pooled overall rows, and Krippendorff's alpha."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from annotator.review.agreement import agreement


def _table(name: str, headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()
    return table


class AgreementView(QDialog):
    def __init__(self, window, layer: str | None = None):
        super().__init__(window)
        tr = window.tr_
        self.setObjectName("agreementView")
        self.setLayoutDirection(window.layoutDirection())
        self.setWindowTitle(tr("Agreement"))
        self.resize(760, 520)
        result = agreement(window.project, layer=layer)
        layout = QVBoxLayout(self)
        summary = QLabel()
        summary.setObjectName("agreementSummary")
        if not result.pairs:
            summary.setText(tr("No document has spans of two annotators yet."))
            layout.addWidget(summary)
            return
        summary.setText(
            f"{result.documents} " + tr("documents with two or more of") + " " + ", ".join(result.annotators)
        )
        layout.addWidget(summary)
        layout.addWidget(QLabel(tr("Agreement per pair")))
        layout.addWidget(
            _table(
                "agreementPairs",
                ["a", "b", tr("layer"), tr("label"), "exact F1", "overlap F1", "kappa", "spans a/b"],
                [
                    [
                        p.a,
                        p.b,
                        p.layer,
                        p.label or tr("(all)"),
                        f"{p.exact_f1:.3f}",
                        f"{p.overlap_f1:.3f}",
                        f"{p.kappa:.3f}",
                        f"{p.a_spans}/{p.b_spans}",
                    ]
                    for p in result.pairs
                ],
            )
        )
        if len({(p.a, p.b) for p in result.pairs}) > 1:
            layout.addWidget(QLabel(tr("Overall")))
            layout.addWidget(
                _table(
                    "agreementOverall",
                    [tr("layer"), tr("label"), "exact F1", "overlap F1", "kappa"],
                    [
                        [
                            o["layer"],
                            o["label"] or tr("(all)"),
                            f"{o['exact_f1']:.3f}",
                            f"{o['overlap_f1']:.3f}",
                            f"{o['kappa']:.3f}",
                        ]
                        for o in result.overall
                    ],
                )
            )
        layout.addWidget(QLabel("Krippendorff's alpha"))
        layout.addWidget(
            _table(
                "agreementAlpha",
                [tr("layer"), "alpha", tr("per label")],
                [
                    [ly, f"{v:.3f}", "  ".join(f"{k} {x:.3f}" for k, x in result.alpha_by_label.get(ly, {}).items())]
                    for ly, v in result.alpha.items()
                ],
            )
        )
