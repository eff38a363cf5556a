"""Annotated documents every export format is tested with: the seed article
and the tricky text, each with entity, number and claim spans, attributes
and relations.

The tricky document has a span after an astral emoji (UTF-16 counts
differ), Latin after a CRLF, a GPE starting mid-word after the clitic و
(وليبيا), spans with tashkeel, tatweel and a right-to-left mark, a claim
crossing a CRLF, claims overlapping entities and numbers, and an entity
nested in another (outermost wins in IOB formats).
"""

from __future__ import annotations

from pathlib import Path

from annotator.model import Document, Relation, Span
from tests.conftest import TRICKY, read_seed


def _span(
    text: str, sid: str, surface: str, label: str, layer: str, nth: int = 0, after: str | None = None, **attrs
) -> Span:
    base = text.index(after) if after else 0
    start = text.index(surface, base)
    for _ in range(nth):
        start = text.index(surface, start + 1)
    status = attrs.pop("status", "accepted")
    return Span(
        id=sid,
        start=start,
        end=start + len(surface),
        label=label,
        layer=layer,
        annotator="amira",
        status=status,
        attrs=attrs,
    )


def seed_document() -> Document:
    t = read_seed()
    claim = "الغارات تسببت في مقتل نحو 43 إرهابيا من داعش، ويتبقى نحو 100 إرهابي آخرين"
    spans = [
        _span(t, "e1", "مسؤول عسكري أمريكي", "PERSON", "entity"),
        _span(t, "e2", "أمريكي", "MISC", "entity", after="مسؤول عسكري"),  # nested in e1
        _span(t, "e3", "ليبيا", "GPE", "entity"),
        _span(t, "e4", "داعش", "ORG", "entity"),
        _span(t, "e5", "Armytimes", "ORG", "entity"),
        _span(t, "e6", "فايز السراج", "PERSON", "entity"),
        _span(t, "e7", "داعش", "ORG", "entity", after=claim),
        _span(t, "n1", "4", "NUMBER", "number", after="شنت", value=4, kind="cardinal"),
        _span(t, "n2", "43", "NUMBER", "number", value=43, kind="cardinal"),
        _span(t, "n3", "100", "NUMBER", "number", value=100, kind="cardinal"),
        _span(t, "n4", "2016", "NUMBER", "number", value=2016, kind="year"),
        _span(t, "n5", "ثلث", "NUMBER", "number", value=0.3333, kind="fraction"),
        _span(t, "c1", claim, "CLAIM", "claim", claimant="المسؤول العسكري", certainty="reported"),
    ]
    rels = [
        Relation(id="r1", head="c1", tail="n2", label="MENTIONS", annotator="amira"),
        Relation(id="r2", head="c1", tail="e1", label="SOURCE", annotator="amira"),
    ]
    return Document(
        id="libya-airstrikes",
        text=t,
        spans=spans,
        relations=rels,
        status="done",
        meta={"source": "libya-airstrikes.txt"},
    )


def tricky_document() -> Document:
    t = TRICKY
    spans = [
        _span(t, "e1", "وزيرُ الخارجيّةِ الليبيّ", "PERSON", "entity"),
        _span(t, "e2", "طرابلس", "GPE", "entity"),
        _span(t, "e3", "Armytimes", "ORG", "entity"),
        _span(t, "e4", "ليبيا", "GPE", "entity", after="في وليبيا"),  # mid-word, after the clitic و
        _span(t, "e5", "الـــقوات", "ORG", "entity"),  # tatweel
        _span(t, "e6", "الله", "MISC", "entity", after="إلا"),  # lam-lam-ha after lam-alef words
        _span(t, "n1", "٤٣", "NUMBER", "number", value=43, kind="cardinal"),
        _span(t, "n2", "2016", "NUMBER", "number", value=2016, kind="year"),  # after the ZWJ emoji
        _span(t, "n3", "٥٠٪", "NUMBER", "number", value=50, kind="percent"),
        _span(
            t, "c1", "«٤٣» شخصاً قُتلوا 👨\u200d👩\u200d👧 عام 2016،\r\nوقالت", "CLAIM", "claim", certainty="asserted"
        ),  # crosses a CRLF and holds an emoji
        _span(
            t,
            "c2",
            "الـــقوات لا تزال\u200f في وليبيا 😀",
            "CLAIM",
            "claim",
            claimant="صحيفة Armytimes",
            certainty="hedged",
        ),
    ]
    rels = [Relation(id="r1", head="c2", tail="e3", label="SOURCE", annotator="amira")]
    return Document(id="tricky", text=t, spans=spans, relations=rels, status="reviewed")


def documents() -> list[Document]:
    return [seed_document(), tricky_document()]


def surfaces(doc: Document, layer: str | None = None) -> set[tuple[int, int, str, str]]:
    """What must survive a round trip: (start, end, label, surface)."""
    return {(s.start, s.end, s.label, s.surface(doc.text)) for s in doc.spans if layer is None or s.layer == layer}


def outermost(doc: Document, layer: str) -> set[tuple[int, int, str]]:
    """The spans token formats tag: of overlapping spans, the outermost (the
    earlier, then the longer) wins; the others are reported, not tagged."""
    kept: list[Span] = []
    for s in sorted((s for s in doc.spans if s.layer == layer), key=lambda s: (s.start, -s.end)):
        if not any(s.start < k.end and k.start < s.end for k in kept):
            kept.append(s)
    return {(s.start, s.end, s.label) for s in kept}


def make_project(path: Path):
    """A project holding both annotated documents (for CLI tests)."""
    from annotator.store import Project

    project = Project.create(path)
    with project.transaction():
        for doc in documents():
            project.add_document(doc, who="amira")
    return project


def import_into_new_project(cli, db: Path, path: Path, *options) -> dict[str, Document]:
    """``annotator init DB`` then ``annotator import DB PATH [options]`` (both
    must succeed); the documents of the new project by id."""
    from annotator.store import Project

    assert cli("init", db).code == 0
    res = cli("import", db, path, *options)
    assert res.code == 0, res.err
    with Project.open(db) as project:
        return {d.id: d for d in project.iter_documents()}
