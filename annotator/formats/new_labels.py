"""Labels a file uses that the project's scheme lacks: finding them, and
extending a scheme with them (``import --add-labels``, ``labels --add``,
``labels --from``).

A label goes to the layer its reader gave its spans (the format's own hint,
else the default scheme's layer, else ``entity``); it gets a colour from a
fixed palette that no label of the scheme uses yet, no hotkey, and a
description saying where it came from.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.model import CheckedDocument, Document, Label, RelationLabel, Scheme

# distinct, light enough for dark text on top (the editor draws labels as backgrounds)
PALETTE = (
    "#8dd3c7",
    "#ffffb3",
    "#bebada",
    "#fb8072",
    "#80b1d3",
    "#fdb462",
    "#b3de69",
    "#fccde5",
    "#bc80bd",
    "#ccebc5",
    "#ffed6f",
    "#a6cee3",
    "#b2df8a",
    "#fb9a99",
    "#fdbf6f",
    "#cab2d6",
)

RELATION = "relation"  # the "layer" of a relation label in a missing-label pair
# relations that carry a format's structure rather than a user's label (brat's
# discontinuous spans and equivalences): added to the scheme without asking
STRUCTURAL_RELATIONS = ("FRAGMENT", "EQUIV")


def structural(key: tuple[str, str]) -> bool:
    return key[0] == RELATION and key[1] in STRUCTURAL_RELATIONS


def missing(doc: Document | CheckedDocument, scheme: Scheme) -> list[tuple[str, str]]:
    """``(layer, name)`` of the labels ``doc`` uses and ``scheme`` lacks, in
    the order met; relation labels have the layer ``relation``."""
    have = {(lab.layer, lab.name) for lab in scheme.labels}
    rels = set(scheme.relation_names())
    out: dict[tuple[str, str], None] = {}
    for sp in doc.spans:
        if (sp.layer, sp.label) not in have:
            out[(sp.layer, sp.label)] = None
    for rel in doc.relations:
        if rel.label not in rels:
            out[(RELATION, rel.label)] = None
    return list(out)


def extended(scheme: Scheme, labels: Iterable[tuple[str, str]], why: str = "added on import") -> Scheme:
    """``scheme`` with the ``(layer, name)`` labels added (those it has are left alone)."""
    have = {(lab.layer, lab.name) for lab in scheme.labels}
    rels = set(scheme.relation_names())
    used = {lab.color.lower() for lab in scheme.labels}
    free = [c for c in PALETTE if c not in used] or list(PALETTE)
    new_labels = list(scheme.labels)
    new_rels = list(scheme.relations)
    for layer, name in labels:
        if layer == RELATION:
            if name not in rels:
                rels.add(name)
                new_rels.append(RelationLabel(name=name, description=why))
        elif (layer, name) not in have:
            have.add((layer, name))
            color = free[(len(new_labels) - len(scheme.labels)) % len(free)]
            new_labels.append(Label(name=name, layer=layer, color=color, description=why))
    return Scheme(labels=new_labels, relations=new_rels)


def describe(labels: Iterable[tuple[str, str]]) -> str:
    """``'PER' (entity), 'Theme' (relation)``."""
    return ", ".join(f"{name!r} ({layer})" for layer, name in labels)


def with_labels(
    scheme: Scheme, names: Iterable[tuple[str, str]], other: Scheme | None = None, why: str = "added"
) -> tuple[Scheme, list[tuple[str, str]]]:
    """``scheme`` extended with ``names`` (``(layer, name)``) and every label
    and relation label of ``other`` it lacks; ``other``'s labels keep their
    colour, description and hotkey (unless the hotkey is taken). Returns the
    new scheme and what was added."""
    have = {(lab.layer, lab.name) for lab in scheme.labels} | {(RELATION, r) for r in scheme.relation_names()}
    wanted = list(names)
    if other is not None:
        wanted += [(lab.layer, lab.name) for lab in other.labels] + [(RELATION, r.name) for r in other.relations]
    new = [w for w in dict.fromkeys(wanted) if w not in have]
    given = {(lab.layer, lab.name): lab for lab in other.labels} if other is not None else {}
    keys: set[str | None] = {lab.hotkey for lab in scheme.labels if lab.hotkey}
    labels = list(scheme.labels)
    for w in new:
        lab = given.get(w)
        if lab is not None:
            labels.append(lab.model_copy(update={"hotkey": None}) if lab.hotkey in keys else lab)
            keys.add(lab.hotkey)
    rest = [w for w in new if w not in given]
    return extended(Scheme(labels=labels, relations=scheme.relations), rest, why=why), new
