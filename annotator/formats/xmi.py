"""UIMA CAS XMI for INCEpTION: a folder with ``TypeSystem.xml`` and one
``<id>.xmi`` per document, written with dkpro-cassis.

Types (INCEpTION's names, so its built-in layers pick them up):

* entities -> ``de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity``
  with ``value`` = the label (INCEpTION's Named Entity layer);
* numbers -> ``webanno.custom.Number`` (``label``, ``value``, ``kind``);
  ``value`` is a string holding the number as JSON (``43``, ``0.5``) so
  that no integer is rounded through a float;
* claims -> ``webanno.custom.Claim`` (``label``, ``claimant``,
  ``certainty``);
* relations -> ``webanno.custom.SpanRelation`` (``Governor``,
  ``Dependent``, ``label``), the way INCEpTION stores relation layers;
* ``DocumentMetaData.documentId`` keeps the document id.

Offsets: Java strings, hence UIMA, count UTF-16 code units. dkpro-cassis
does this conversion itself (since dkpro/dkpro-cassis#136): its
annotations take code points and its XMI carries UTF-16 offsets, so
offsets are handed to it unchanged here; the tests check the written
``begin``/``end`` against :class:`~annotator.arabic.offsets.OffsetMap`.
The annotator, status and source of a span are not part of the CAS.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from annotator.formats.paths import safe_filename
from annotator.model import Document

NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
NUMBER = "webanno.custom.Number"
CLAIM = "webanno.custom.Claim"
RELATION = "webanno.custom.SpanRelation"
METADATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
TYPE_OF_LAYER = {"entity": NAMED_ENTITY, "number": NUMBER, "claim": CLAIM}
STRING = "uima.cas.String"


@lru_cache(maxsize=1)
def typesystem():
    from cassis import TypeSystem

    ts = TypeSystem()
    meta = ts.create_type(METADATA, supertypeName="uima.tcas.DocumentAnnotation")
    for f in ("documentId", "documentTitle"):
        ts.create_feature(meta, f, STRING)
    ne = ts.create_type(NAMED_ENTITY, supertypeName="uima.tcas.Annotation",
                        description="Named entities refer e.g. to persons, locations, organizations and so on.")
    ts.create_feature(ne, "value", STRING)
    ts.create_feature(ne, "identifier", STRING)
    num = ts.create_type(NUMBER, supertypeName="uima.tcas.Annotation", description="A number with its value and kind.")
    for f in ("label", "value", "kind"):
        ts.create_feature(num, f, STRING)
    claim = ts.create_type(CLAIM, supertypeName="uima.tcas.Annotation", description="Something a source asserts.")
    for f in ("label", "claimant", "certainty"):
        ts.create_feature(claim, f, STRING)
    rel = ts.create_type(RELATION, supertypeName="uima.tcas.Annotation", description="claim -> entity/number")
    ts.create_feature(rel, "Governor", "uima.tcas.Annotation")
    ts.create_feature(rel, "Dependent", "uima.tcas.Annotation")
    ts.create_feature(rel, "label", STRING)
    return ts


def to_cas(doc: Document):
    from cassis import Cas

    ts = typesystem()
    cas = Cas(typesystem=ts)
    cas.sofa_string = doc.text
    cas.add(ts.get_type(METADATA)(begin=0, end=len(doc.text), documentId=doc.id, documentTitle=doc.id))
    made = {}
    for s in doc.spans:
        t = ts.get_type(TYPE_OF_LAYER[s.layer])
        if s.layer == "entity":
            fs = t(begin=s.start, end=s.end, value=s.label)
        elif s.layer == "number":
            value = s.attrs.get("value")
            fs = t(begin=s.start, end=s.end, label=s.label, value=None if value is None else json.dumps(value),
                   kind=s.attrs.get("kind"))
        else:
            claimant = s.attrs.get("claimant")
            fs = t(begin=s.start, end=s.end, label=s.label, claimant=None if claimant is None else str(claimant),
                   certainty=s.attrs.get("certainty"))
        cas.add(fs)
        made[s.id] = fs
    rel_t = ts.get_type(RELATION)
    for r in doc.relations:
        if r.head in made and r.tail in made:
            dep = made[r.tail]
            cas.add(rel_t(begin=dep.begin, end=dep.end, Governor=made[r.head], Dependent=dep, label=r.label))
    return cas


def write(documents: Iterable[Document], path: str | Path, options: Any = None) -> int:
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    typesystem().to_xml(str(out / "TypeSystem.xml"))
    n = 0
    for doc in documents:
        to_cas(doc).to_xmi(str(out / f"{safe_filename(doc.id)}.xmi"))
        n += 1
    return n
