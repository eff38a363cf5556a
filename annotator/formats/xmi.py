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
* document and sentence labels -> ``webanno.custom.DocumentLabel`` and
  ``webanno.custom.SentenceLabel`` (``label``) over the document or sentence;
* relations -> ``webanno.custom.SpanRelation`` (``Governor``,
  ``Dependent``, ``label``), the way INCEpTION stores relation layers;
* ``DocumentMetaData.documentId`` keeps the document id;
* the text's sentences and tokens (our tokenizer, proclitics split) ->
  DKPro ``Sentence`` and ``Token``, so INCEpTION opens the file ready to
  annotate.

Reading (``import --format xmi``, and ``auto`` for ``.xmi`` files) loads
each CAS with dkpro-cassis against the ``TypeSystem.xml`` of its folder
(or ``--typesystem``); a CAS that does not match its type system is
refused, naming the file. What becomes what:

* ``NamedEntity`` (and its subtypes) -> an entity span labelled ``value``
  (``identifier`` kept in ``attrs``); ``webanno.custom.Number`` /
  ``Claim`` -> number and claim spans with their attributes;
* any other annotation type of a custom layer (outside ``uima.*`` and the
  DKPro segmentation, syntax and metadata types) -> a span labelled with
  its ``label``/``value`` feature, else with the type's short name; its
  other primitive features -> ``attrs``;
* a type with ``Governor`` and ``Dependent`` features (INCEpTION's
  relation layers) -> a relation labelled with its ``label``/``value``
  feature, else with the type's short name;
* ``DocumentMetaData`` -> the document id (``documentId``) and ``meta``;
* anything else (tokens, sentences, POS, lemmas, zero-width annotations,
  relations whose ends were not imported) is counted and reported, one
  warning line per type.

Offsets: Java strings, hence UIMA, count UTF-16 code units. dkpro-cassis
does this conversion itself (since dkpro/dkpro-cassis#136): its
annotations take code points and its XMI carries UTF-16 offsets, so
offsets are handed to it unchanged here; the tests check the written
``begin``/``end`` against :class:`~annotator.arabic.offsets.OffsetMap`.
The annotator, status and source of a span are not part of the CAS.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from annotator.errors import FormatError
from annotator.formats import ExportedDocument, notices
from annotator.formats.paths import safe_filename
from annotator.formats.reading import build_document, dedupe_spans, layer_for
from annotator.model import Document

SPLIT_SUFFIX = ""  # a folder per split
READS_LINKS = True
NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
NUMBER = "webanno.custom.Number"
CLAIM = "webanno.custom.Claim"
RELATION = "webanno.custom.SpanRelation"
METADATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
SENTENCE = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"
TOKEN = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
DOCUMENT_LABEL = "webanno.custom.DocumentLabel"
SENTENCE_LABEL = "webanno.custom.SentenceLabel"
TYPE_OF_LAYER = {
    "entity": NAMED_ENTITY,
    "number": NUMBER,
    "claim": CLAIM,
    "document": DOCUMENT_LABEL,
    "sentence": SENTENCE_LABEL,
}
# DKPro's linguistic preprocessing and bookkeeping: not annotations a person made
NOT_LAYERS = (
    "uima.",
    "de.tudarmstadt.ukp.dkpro.core.api.segmentation.",
    "de.tudarmstadt.ukp.dkpro.core.api.syntax.",
    "de.tudarmstadt.ukp.dkpro.core.api.lexmorph.",
    "de.tudarmstadt.ukp.dkpro.core.api.metadata.",
    "de.tudarmstadt.ukp.dkpro.core.api.morph.",
    "org.dkpro.core.api.",
)
PRIMITIVE = {
    "uima.cas.String",
    "uima.cas.Integer",
    "uima.cas.Float",
    "uima.cas.Double",
    "uima.cas.Boolean",
    "uima.cas.Long",
    "uima.cas.Short",
    "uima.cas.Byte",
}
STRING = "uima.cas.String"


@lru_cache(maxsize=1)
def typesystem() -> Any:  # a cassis TypeSystem (cassis has no types)
    from cassis import TypeSystem

    ts = TypeSystem()
    meta = ts.create_type(METADATA, supertypeName="uima.tcas.DocumentAnnotation")
    for f in ("documentId", "documentTitle"):
        ts.create_feature(meta, f, STRING)
    ne = ts.create_type(
        NAMED_ENTITY,
        supertypeName="uima.tcas.Annotation",
        description="Named entities refer e.g. to persons, locations, organizations and so on.",
    )
    ts.create_feature(ne, "value", STRING)
    ts.create_feature(ne, "identifier", STRING)
    num = ts.create_type(NUMBER, supertypeName="uima.tcas.Annotation", description="A number with its value and kind.")
    for f in ("label", "value", "kind"):
        ts.create_feature(num, f, STRING)
    claim = ts.create_type(CLAIM, supertypeName="uima.tcas.Annotation", description="Something a source asserts.")
    for f in ("label", "claimant", "certainty"):
        ts.create_feature(claim, f, STRING)
    for name, what in (
        (DOCUMENT_LABEL, "A label of the whole document."),
        (SENTENCE_LABEL, "A label of one sentence."),
    ):
        ts.create_feature(ts.create_type(name, supertypeName="uima.tcas.Annotation", description=what), "label", STRING)
    rel = ts.create_type(RELATION, supertypeName="uima.tcas.Annotation", description="claim -> entity/number")
    ts.create_feature(rel, "Governor", "uima.tcas.Annotation")
    ts.create_feature(rel, "Dependent", "uima.tcas.Annotation")
    ts.create_feature(rel, "label", STRING)
    sent = ts.create_type(SENTENCE, supertypeName="uima.tcas.Annotation")
    ts.create_feature(sent, "id", STRING)
    tok = ts.create_type(TOKEN, supertypeName="uima.tcas.Annotation")
    ts.create_feature(tok, "id", STRING)
    ts.create_feature(tok, "order", "uima.cas.Integer")
    return ts


# XML 1.0 cannot hold C0 controls but tab, LF, CR, nor U+FFFE/U+FFFF (nor lone surrogates)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(value: str | None) -> str | None:
    """``value`` with each character XML cannot hold replaced by a space:
    one character for one, so every offset stays where it was."""
    return value if value is None or not _NOT_XML.search(value) else _NOT_XML.sub(" ", value)


def _json_or_none(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _text_or_none(value: Any) -> str | None:
    return None if value is None else xml_safe(str(value))


def _string_or_none(value: Any) -> str | None:
    return xml_safe(value) if isinstance(value, str) else None


# the span attributes a layer's type carries as features of the same names, each as it is written
_FEATURES: dict[str, tuple[tuple[str, Callable[[Any], str | None]], ...]] = {
    "number": (("value", _json_or_none), ("kind", _string_or_none)),
    "claim": (("claimant", _text_or_none), ("certainty", _string_or_none)),
}


def to_cas(doc: ExportedDocument) -> Any:  # a cassis Cas
    """The document as a CAS. Characters XML cannot hold (a form feed from
    pdftotext, U+FFFE) become spaces in the text, the id and the labels,
    one for one, so offsets stay right; :func:`write` warns about them."""
    from cassis import Cas

    ts = typesystem()
    cas = Cas(typesystem=ts)
    cas.sofa_string = xml_safe(doc.text)
    doc_id = xml_safe(doc.id)
    cas.add(ts.get_type(METADATA)(begin=0, end=len(doc.text), documentId=doc_id, documentTitle=doc_id))
    from annotator.arabic.tokens import sentences
    from annotator.formats.tokenized import tokens_of

    sent_t, tok_t = ts.get_type(SENTENCE), ts.get_type(TOKEN)
    for a, b in sentences(doc.text):
        cas.add(sent_t(begin=a, end=b))
    for a, b in tokens_of(doc):
        cas.add(tok_t(begin=a, end=b))
    made = {}
    for s in doc.spans:
        t = ts.get_type(TYPE_OF_LAYER[s.layer])
        if s.layer == "entity":
            fs = t(begin=s.start, end=s.end, value=xml_safe(s.label))
        else:
            features = {name: feature(s.attrs.get(name)) for name, feature in _FEATURES.get(s.layer, ())}
            fs = t(begin=s.start, end=s.end, label=xml_safe(s.label), **features)
        cas.add(fs)
        made[s.id] = fs
    rel_t = ts.get_type(RELATION)
    for r in doc.relations:
        if r.head in made and r.tail in made:
            dep = made[r.tail]
            cas.add(rel_t(begin=dep.begin, end=dep.end, Governor=made[r.head], Dependent=dep, label=xml_safe(r.label)))
    return cas


def write(documents: Iterable[ExportedDocument], path: str | Path, options: Any = None) -> int:
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    typesystem().to_xml(str(out / "TypeSystem.xml"))
    n = 0
    for doc in documents:
        found = len(_NOT_XML.findall(doc.text))
        if found:
            logging.getLogger("annotator.export").warning(
                "%s: %d characters XML cannot hold (control characters, U+FFFE/U+FFFF) written as spaces",
                ascii(doc.id),
                found,
            )
        to_cas(doc).to_xmi(str(out / f"{safe_filename(doc.id)}.xmi"))
        n += 1
    return n


# ------------------------------------------------------------------ reading
def _why(kind: str) -> str:
    if kind in ("Token", "Sentence"):
        return "not imported: segmentation, recomputed by our tokenizer (and written again on export)"
    if kind.startswith("zero-width"):
        return "not imported: a span needs at least one character"
    if kind.endswith("references"):
        return "not imported: a feature pointing to another annotation has no place in attrs"
    if kind.endswith("not imported"):
        return "(an end is a token, a sentence or another annotation not imported)"
    return "not imported: DKPro linguistic or bookkeeping layers (POS, lemma, dependency, tagsets), not spans a person marked"


def _typesystem_path(folder: Path) -> Path | None:
    given = notices.current().typesystem
    if given:
        return Path(given)
    for f in sorted(folder.iterdir()):
        if f.is_file() and f.name.lower() in ("typesystem.xml", "typesystem.xmi"):
            return f
    return None


def _load_typesystem(path: Path) -> Any:
    from cassis import load_typesystem

    try:
        with open(path, "rb") as fh:
            return load_typesystem(fh)
    except Exception as exc:  # cassis raises ValueError, XMLSyntaxError...: all mean "not a type system"
        raise FormatError(path, f"not a UIMA type system ({type(exc).__name__}: {_short(exc)})") from None


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _feature_value(fs: Any, name: str) -> Any:
    try:
        return fs.get(name)
    except Exception:  # any error here means a feature the type lacks
        return None


def _label_feature(t: Any) -> str | None:
    names = [f.name for f in t.all_features]
    for name in ("label", "value", "Label", "Value"):
        if name in names:
            return name
    return None


def _is(ts: Any, t: Any, name: str) -> bool:
    return bool(ts.contains_type(name) and ts.subsumes(ts.get_type(name), t))


def read(path: str | Path, annotator: str = "import") -> Iterator[Document]:
    """Documents of one ``.xmi`` file or a folder of them."""
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.suffix.lower() == ".xmi")
        folder = p
        if not files:
            raise FormatError(p, "no .xmi files in the folder")
    else:
        files, folder = [p], p.parent
    ts_path = _typesystem_path(folder)
    if ts_path is None:
        raise FormatError(files[0], f"no TypeSystem.xml in {folder}; pass --typesystem")
    ts = _load_typesystem(ts_path)
    for f in files:
        yield _read_one(f, ts, ts_path, annotator)


def _read_one(f: Path, ts: Any, ts_path: Path, annotator: str) -> Document:
    import warnings

    from cassis import load_cas_from_xmi

    try:
        # cassis warns (on stderr) about offsets outside the text; they are refused below, naming the annotation
        with open(f, "rb") as fh, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cas = load_cas_from_xmi(fh, typesystem=ts)
    except Exception as exc:  # lxml and cassis errors: a file that is not this type system's CAS
        raise FormatError(
            f,
            f"cannot be read with the type system {ts_path.name} (a truncated file, or types "
            f"it does not declare?): {_short(exc)}",
        ) from None
    text = cas.sofa_string or ""
    spans: list[dict[str, Any]] = []
    made: dict[int | None, str] = {}  # xmiID -> span id (a missing id looks up None)
    rels = []
    meta: dict[str, Any] = {"source": f.name}
    doc_id = f.stem
    skipped: dict[str, int] = {}
    for fs in cas.select_all_fs() if hasattr(cas, "select_all_fs") else cas.select_all():
        t = fs.type
        name = t.name
        if _is(ts, t, METADATA):
            doc_id = _feature_value(fs, "documentId") or doc_id
            for key in ("documentTitle", "documentUri", "collectionId", "language"):
                v = _feature_value(fs, key)
                if v:
                    meta[key] = v
            continue
        features = [ft.name for ft in t.all_features]
        if "Governor" in features and "Dependent" in features and not name.startswith(NOT_LAYERS):
            rels.append(fs)
            continue
        if name.startswith(NOT_LAYERS) or "begin" not in features:
            short = name.rsplit(".", 1)[-1]
            skipped[short] = skipped.get(short, 0) + 1
            continue
        begin, end = fs.begin, fs.end
        if not (0 <= begin < end <= len(text)):
            if begin == end and 0 <= begin <= len(text):
                skipped["zero-width " + name.rsplit(".", 1)[-1]] = (
                    skipped.get("zero-width " + name.rsplit(".", 1)[-1], 0) + 1
                )
                continue
            raise FormatError(
                f, f"annotation xmi:id {fs.xmiID} ({name}) [{begin}:{end}] is outside the text ({len(text)} characters)"
            )
        attrs: dict[str, Any] = {}
        if _is(ts, t, NAMED_ENTITY):
            label = _feature_value(fs, "value")
            if not label:
                label = "MISC"
                notices.note(
                    "xmi", "NamedEntity annotations without a value", "imported as MISC (a span needs a label)"
                )
            layer = layer_for(label)
            if layer != "entity":
                layer = "entity"
            ident = _feature_value(fs, "identifier")
            if ident:
                attrs["identifier"] = ident
        elif name == NUMBER:
            label, layer = _feature_value(fs, "label") or "NUMBER", "number"
            raw = _feature_value(fs, "value")
            if raw is not None:
                try:
                    attrs["value"] = json.loads(raw)
                except ValueError:
                    raise FormatError(
                        f, f"annotation xmi:id {fs.xmiID}: number value {raw!r} is not a number"
                    ) from None
            if _feature_value(fs, "kind"):
                attrs["kind"] = _feature_value(fs, "kind")
        elif name == CLAIM:
            label, layer = _feature_value(fs, "label") or "CLAIM", "claim"
            for key in ("claimant", "certainty"):
                if _feature_value(fs, key) is not None:
                    attrs[key] = _feature_value(fs, key)
        else:
            label_key = _label_feature(t)
            label = (_feature_value(fs, label_key) if label_key else None) or name.rsplit(".", 1)[-1]
            layer = layer_for(str(label))
            for ft in t.all_features:
                if ft.name in ("sofa", "begin", "end", label_key):
                    continue
                v = _feature_value(fs, ft.name)
                if v is None:
                    continue
                if ft.rangeType.name in PRIMITIVE:
                    attrs[ft.name] = v
                else:
                    kind = f"{name.rsplit('.', 1)[-1]}.{ft.name} references"
                    skipped[kind] = skipped.get(kind, 0) + 1
            label = str(label)
        sid = f"x{fs.xmiID}"
        made[fs.xmiID] = sid
        spans.append(
            {
                "id": sid,
                "start": begin,
                "end": end,
                "label": label,
                "layer": layer,
                "annotator": annotator,
                "source": "import",
                "attrs": attrs,
            }
        )
    relations = []
    for fs in rels:
        gov, dep = _feature_value(fs, "Governor"), _feature_value(fs, "Dependent")
        head = made.get(getattr(gov, "xmiID", None))
        tail = made.get(getattr(dep, "xmiID", None))
        short = fs.type.name.rsplit(".", 1)[-1]
        if head is None or tail is None:
            kind = f"{short} relations not imported"
            skipped[kind] = skipped.get(kind, 0) + 1
            continue
        rel_key = _label_feature(fs.type)
        label = (_feature_value(fs, rel_key) if rel_key else None) or short
        relations.append(
            {"id": f"x{fs.xmiID}", "head": head, "tail": tail, "label": str(label), "annotator": annotator}
        )
    for kind, n in skipped.items():
        notices.note("xmi", f"{kind} annotations" if " " not in kind else kind, _why(kind), n)
    return build_document(
        f, {"id": str(doc_id), "text": text, "spans": dedupe_spans(spans), "relations": relations, "meta": meta}
    )
