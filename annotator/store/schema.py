"""The project file's tables, indexes and migrations.

``SCHEMA_VERSION`` is stored in the ``meta`` table. Opening a file applies
every migration above its version inside one transaction; a file from a
newer version of the tool is refused rather than touched.
"""

from __future__ import annotations

from typing import cast

import sqlite_utils
from sqlite_utils.db import Table

from annotator.errors import ProjectError
from annotator.model import UNIT_LAYERS

SCHEMA_VERSION = 2
# the layers labelled per document or sentence, as the partial index spans_units (and the
# queries that use it, which must say it the same way) write it
UNITS_WHERE = "layer in (" + ", ".join(f"'{layer}'" for layer in UNIT_LAYERS) + ")"
READABLE_FROM = 1  # the oldest schema a read-only open accepts unchanged
APPLICATION_ID = 0x41524E4E  # "ARNN": marks the file as an annotator project


def _table(db: sqlite_utils.Database, name: str) -> Table:
    """``db[name]``, which sqlite-utils types as a table or a view: the
    schema's names are tables (a file whose name is a view is refused first)."""
    return cast(Table, db[name])


def _v1(db: sqlite_utils.Database) -> None:
    _table(db, "meta").create({"key": str, "value": str}, pk="key")
    _table(db, "documents").create(
        {"id": str, "text": str, "sha256": str, "meta": str, "status": str, "created": str, "updated": str},
        pk="id",
        not_null={"text", "sha256", "status"},
        defaults={"status": "new", "meta": "{}"},
    )
    _table(db, "documents").create_index(["sha256"])
    _table(db, "documents").create_index(["status"])
    _table(db, "labels").create(
        {"layer": str, "name": str, "color": str, "hotkey": str, "description": str, "position": int},
        pk=("layer", "name"),
    )
    _table(db, "relation_labels").create({"name": str, "description": str, "position": int}, pk="name")
    _table(db, "annotators").create({"name": str, "created": str}, pk="name")
    _table(db, "spans").create(
        {
            "pk": int,
            "doc_id": str,
            "id": str,
            "start": int,
            "end": int,
            "label": str,
            "layer": str,
            "annotator": str,
            "status": str,
            "source": str,
            "attrs": str,
            "created": str,
            "updated": str,
        },
        pk="pk",
        not_null={"doc_id", "id", "start", "end", "label", "layer", "annotator", "status", "source"},
        foreign_keys=[("doc_id", "documents", "id")],
    )
    _table(db, "spans").create_index(["doc_id", "id"], unique=True)
    # one range carries one label per layer and annotator: a span is never duplicated
    _table(db, "spans").create_index(["doc_id", "annotator", "layer", "start", "end"], unique=True)
    _table(db, "spans").create_index(["doc_id", "start"])
    _table(db, "spans").create_index(["label"])
    _table(db, "relations").create(
        {
            "pk": int,
            "doc_id": str,
            "id": str,
            "head": str,
            "tail": str,
            "label": str,
            "annotator": str,
            "attrs": str,
            "created": str,
        },
        pk="pk",
        not_null={"doc_id", "id", "head", "tail", "label", "annotator"},
        foreign_keys=[("doc_id", "documents", "id")],
    )
    _table(db, "relations").create_index(["doc_id", "id"], unique=True)
    _table(db, "comments").create(
        {"pk": int, "doc_id": str, "id": str, "span": str, "author": str, "text": str, "created": str},
        pk="pk",
        not_null={"doc_id", "id", "author", "text"},
        foreign_keys=[("doc_id", "documents", "id")],
    )
    _table(db, "comments").create_index(["doc_id", "id"], unique=True)
    # Append-only log of every change: who, when, what, before/after (JSON).
    # Rows of one user action share a batch; undone is 0 (live), 1 (undone,
    # can be redone) or 2 (undone and superseded by a newer edit).
    _table(db, "history").create(
        {
            "pk": int,
            "ts": str,
            "who": str,
            "action": str,
            "kind": str,
            "doc_id": str,
            "target": str,
            "before": str,
            "after": str,
            "batch": str,
            "undoable": int,
            "undone": int,
        },
        pk="pk",
        defaults={"undoable": 0, "undone": 0},
    )
    _table(db, "history").create_index(["doc_id", "who", "undoable", "undone"])


def _v2(db: sqlite_utils.Database) -> None:
    """Teams: who was handed which document, history read per
    annotator in time order, and the document layer's default labels."""
    # One row per document and annotator it was handed to; ``round`` groups
    # the rows of one ``assign`` run, ``pack`` names the file it went into.
    _table(db, "assignments").create(
        {"doc_id": str, "annotator": str, "round": str, "pack": str, "copies": int, "assigned": str},
        pk=("doc_id", "annotator"),
        not_null={"doc_id", "annotator", "round", "assigned"},
    )
    _table(db, "assignments").create_index(["annotator"])
    # stats --by-annotator walks history once in (who, doc_id, ts) order; with
    # action in the index that walk never reads the table rows. Suggestion
    # decisions and status changes are found by (kind, action).
    _table(db, "history").create_index(["who", "doc_id", "ts", "action"])
    _table(db, "history").create_index(["kind", "action"])
    # the few document/sentence labels of a document, found without reading its other spans;
    # partial, so the entity, number and claim spans an import writes never enter it
    db.execute(f"create index if not exists spans_units on spans (doc_id) where {UNITS_WHERE}")
    _add_document_labels(db)


def _add_document_labels(db: sqlite_utils.Database) -> None:
    """A project made before the document layer gets the default scheme's
    check-worthiness labels, unless it has document labels of its own; a
    hotkey already taken is left off."""
    from annotator.model import Scheme

    if "labels" not in db.table_names():
        return
    if db.execute("select count(*) from labels").fetchone()[0] == 0:
        return  # the scheme is not set yet: Project.create writes the default, which has them
    if db.execute("select 1 from labels where layer = 'document' limit 1").fetchone():
        return
    taken = {r[0] for r in db.execute("select hotkey from labels where hotkey is not null")}
    position = db.execute("select coalesce(max(position), -1) + 1 from labels").fetchone()[0]
    for i, lab in enumerate(Scheme.default().labels_for("document")):
        hotkey = lab.hotkey if lab.hotkey not in taken else None
        db.execute(
            "insert or ignore into labels (layer, name, color, hotkey, description, position) values (?,?,?,?,?,?)",
            [lab.layer, lab.name, lab.color, hotkey, lab.description, position + i],
        )


MIGRATIONS = {1: _v1, 2: _v2}


TABLES = ("meta", "documents", "labels", "relation_labels", "annotators", "spans", "relations", "comments", "history")


def stored_version(db: sqlite_utils.Database, path: str = "the project") -> int:
    if "meta" not in db.table_names():
        return 0
    row = db.execute("select value from meta where key = 'schema_version'").fetchone()
    if not row:
        return 0
    value = row[0]
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or value < 1:
        shown = "NULL" if value is None else ("a blob" if isinstance(value, bytes) else repr(value))
        raise ProjectError(
            f"{path}: meta.schema_version is {shown}, not a version number; "
            f"the file is damaged or not an annotator project"
        )
    return value


def refuse_foreign(db: sqlite_utils.Database, path: str) -> None:
    """Checks made before anything touches the file: a file from a newer
    annotator is refused (never migrated down), and so is an SQLite file
    that holds something else (another application's tables or views,
    even one with a ``meta`` table of its own)."""
    version = stored_version(db, path)
    _refuse_newer(version, path)
    objects = [
        name for kind, name in db.execute("select type, name from sqlite_master") if not name.startswith("sqlite_")
    ]
    if version == 0 and objects:
        raise ProjectError(f"{path}: an SQLite file, but not an annotator project")
    if version > 0:
        tables = set(db.table_names())
        missing = [t for t in TABLES if t not in tables]
        if missing:
            raise ProjectError(f"{path}: an SQLite file, but not an annotator project (no table {missing[0]!r})")


def _refuse_newer(version: int, path: str) -> None:
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: the project was written by a newer annotator (schema {version}, this one "
            f"knows {SCHEMA_VERSION}); upgrade annotator to open it"
        )


def check_readable(db: sqlite_utils.Database, path: str) -> None:
    """For a read-only open, where nothing may be migrated. Every migration
    so far only adds tables, indexes and labels, so a file from schema
    ``READABLE_FROM`` on is read as it is (readers of a newer table check
    that it exists: :func:`has_table`)."""
    version = stored_version(db, path)
    _refuse_newer(version, path)
    if version == 0:
        raise ProjectError(f"{path}: not an annotator project")
    if version < READABLE_FROM:
        raise ProjectError(
            f"{path}: the project has the older schema {version}; open it once for writing "
            f"(e.g. 'annotator import') to upgrade it to {SCHEMA_VERSION}"
        )


def has_table(db: sqlite_utils.Database, name: str) -> bool:
    return db.execute("select 1 from sqlite_master where type = 'table' and name = ?", [name]).fetchone() is not None


def migrate(db: sqlite_utils.Database, path: str) -> None:
    """Bring the file up to SCHEMA_VERSION, or refuse a newer one (or a
    file that is not a project: :func:`refuse_foreign`)."""
    refuse_foreign(db, path)
    version = stored_version(db, path)
    if version == SCHEMA_VERSION:
        return
    with db.atomic():
        for v in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[v](db)
        db.execute("insert or replace into meta (key, value) values ('schema_version', ?)", [str(SCHEMA_VERSION)])
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
