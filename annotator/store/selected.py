"""Questions an export asks of the store about its selection before
writing: which annotators' spans it holds (a format without an annotator
field refuses several), and whether the project has relations (doccano
chooses its layout for the whole file)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class _Executes(Protocol):
    def execute(self, sql: str, params: Any = ()) -> Any: ...


def annotators(
    project: _Executes,
    statuses: Sequence[str],
    annotator: str | None = None,
    layer: str | None = None,
    doc_statuses: Sequence[str] = (),
) -> list[str]:
    """The annotators with spans of ``statuses`` (of ``annotator`` only, of
    ``layer`` only, in documents of ``doc_statuses`` only, when given)."""
    sql = (
        "select distinct s.annotator from spans s join documents d on d.id = s.doc_id "
        f"where s.status in ({','.join('?' * len(statuses))})"
    )
    params: list[Any] = list(statuses)
    if annotator:
        sql += " and s.annotator = ?"
        params.append(annotator)
    if layer:
        sql += " and s.layer = ?"
        params.append(layer)
    if doc_statuses:
        sql += f" and d.status in ({','.join('?' * len(doc_statuses))})"
        params += list(doc_statuses)
    return sorted(r[0] for r in project.execute(sql + " order by 1", params))


def has_relations(project: _Executes, annotator: str | None = None) -> bool:
    """Whether the project holds a relation (of ``annotator``, if given)."""
    sql = "select exists(select 1 from relations" + (" where annotator = ?)" if annotator else ")")
    found: int = project.execute(sql, [annotator] if annotator else []).fetchone()[0]
    return found == 1
