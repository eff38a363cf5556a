"""The project's counts (``annotator stats``): documents by status, spans
by layer, label, annotator, status and source, relations, annotators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.model import DOC_STATUSES

if TYPE_CHECKING:
    from annotator.store.project import Project


def stats(project: Project) -> dict[str, Any]:
    """Counts per the contract; spans counted are those not rejected."""
    live = "where status != 'rejected'"
    if (hidden := project.visible("doc_id")) != "1":
        live += f" and {hidden}"

    def grouped(col: str) -> dict[str, int]:
        return {
            r[0]: r[1]
            for r in project.execute(f"select {col}, count(*) from spans {live} group by {col} order by {col}")
        }

    by_status = {s: 0 for s in DOC_STATUSES}
    by_status.update(
        {
            r[0]: r[1]
            for r in project.execute(
                f"select status, count(*) from documents where {project.visible()} group by status"
            )
        }
    )
    return {
        "documents": project.count_documents(),
        "spans": project.execute(f"select count(*) from spans {live}").fetchone()[0],
        "by_layer": grouped("layer"),
        "by_label": grouped("label"),
        "by_annotator": grouped("annotator"),
        "by_status": by_status,
        "by_span_status": {
            r[0]: r[1] for r in project.execute("select status, count(*) from spans group by status order by status")
        },
        "by_source": grouped("source"),
        "relations": project.execute("select count(*) from relations").fetchone()[0],
        "annotators": project.annotators(),
    }
