"""The editor's speed: opening and painting a document, and the latency of
adding, removing and relabelling a span and of accepting a suggestion (the
store's commit and the repaint included), each through the edit session;
accepting all of 1,000 suggestions at once (Shift+A); with the peak memory
of the process.

The large document is generated (``bench.generate``, seed vocabulary with
tashkeel, tatweel, CRLF and emoji): about 1 MB of Arabic text carrying
20,000 spans of all three layers. The baseline column is the same
measurement on the seed article, in the same run. Each size runs in its own
child process so that its memory is its own; the window is rendered
offscreen at 1400x850.

The many-document rows open a copy of the generated 100,000-document
project (``quick``: 2,000), built once by :func:`scale_project` and cached in
``bench/out/``, the way ``annotator gui DB`` does: the lazily read document
list, its filters (full-text search, label, status) from the moment the
typing pauses to the repainted list, opening a search hit, reaching the
list's last row (next to the same pages read by offset), edits, peak
memory, and the rolling backup each session makes in the background (with
the slowest edit made while it copies).
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench._measure import run_child

LARGE = {"words": 170_000, "spans": 20_000}  # ~1.0 million characters, ~1.8 MB UTF-8
QUICK = {"words": 17_000, "spans": 2_000}
EDITS = 60
SUGGESTED = 1_100  # number suggestions in the large document: EDITS accepted one by one, the rest all at once


def _large_document(words: int, spans: int) -> dict:
    from bench.generate import document, vocabulary

    doc = document(0, random.Random(7), vocabulary(), words=words, spans=int(spans * 1.1))
    seen, kept = set(), []
    for sp in doc["spans"]:  # one annotator sees them all: drop ranges both generated annotators had
        key = (sp["layer"], sp["start"], sp["end"])
        if key not in seen:
            seen.add(key)
            kept.append({**sp, "annotator": "bench"})
    doc["spans"] = kept[:spans]
    keep = {sp["id"] for sp in doc["spans"]}
    doc["relations"] = [
        {**r, "annotator": "bench"} for r in doc["relations"] if r["head"] in keep and r["tail"] in keep
    ]
    numbers = [sp for sp in doc["spans"] if sp["layer"] == "number"][:SUGGESTED]
    for sp in numbers:  # waiting as prelabel suggestions: the accept rows and accept-all take them
        sp.update(annotator="prelabel", status="suggested", source="prelabel")
    doc["status"] = "in_progress"
    return doc


def _seed_document() -> dict:
    """The seed article with entities and claims on every sentence, and its
    numbers as suggestions."""
    from annotator.arabic import search

    text = (Path(__file__).resolve().parent.parent / "seeds" / "libya-airstrikes.txt").read_text(encoding="utf-8")
    spans = []
    for word, layer, label in (
        ("ليبيا", "entity", "GPE"),
        ("داعش", "entity", "ORG"),
        ("مسؤول", "entity", "PERSON"),
        ("43", "number", "NUMBER"),
        ("100", "number", "NUMBER"),
        ("2016", "number", "NUMBER"),
    ):
        for s, e in search.find(text, word):
            suggested = layer == "number"  # the numbers wait as prelabel suggestions
            spans.append(
                {
                    "id": f"{label}{s}",
                    "start": s,
                    "end": e,
                    "label": label,
                    "layer": layer,
                    "annotator": "prelabel" if suggested else "bench",
                    "status": "suggested" if suggested else "accepted",
                    "source": "prelabel" if suggested else "manual",
                    "attrs": {},
                }
            )
    start = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if len(body) > 40:
            spans.append(
                {
                    "id": f"c{start}",
                    "start": start,
                    "end": start + len(body),
                    "label": "CLAIM",
                    "layer": "claim",
                    "annotator": "bench",
                    "attrs": {},
                }
            )
        start += len(line)
    return {"id": "seed", "text": text, "spans": spans, "status": "in_progress"}


def _make_project(kind: str, words: int, spans: int, folder: Path) -> tuple[Path, str]:
    """Write the project the child will open (here, so that building it
    does not count in the child's memory)."""
    from annotator.model import parse_document
    from annotator.store import Project

    data = _seed_document() if kind == "seed" else _large_document(words, spans)
    path = folder / f"{kind}.db"
    with Project.create(path) as project:
        project.add_document(parse_document(data))
    return path, data["id"]


OUT = Path(__file__).resolve().parent / "out"
SCALE_DOCS = 100_000
SCALE_QUICK_DOCS = 2_000


def scale_project(n: int) -> Path:
    """The generated ``n``-document project (``bench.generate``, seed 0,
    ~20 spans a document), built once and kept in ``bench/out/`` (ignored by
    git): 100,000 documents take minutes to import. Built under a temporary
    name and renamed when complete, so an interrupted build is never reused."""
    from annotator.model import parse_document
    from annotator.store import Project
    from bench.generate import documents

    path = OUT / f"editor-{n}.db"
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    part = OUT / f"editor-{n}.part.db"
    for stale in OUT.glob(f"editor-{n}.part.db*"):
        stale.unlink()
    with Project.create(part) as project:
        batch: list = []
        for data in documents(n, seed=0):
            batch.append(parse_document(data))
            if len(batch) == 1000:
                project.import_documents(batch, who="bench")
                batch = []
        if batch:
            project.import_documents(batch, who="bench")
        project.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    part.rename(path)
    return path


def _edit_latencies(window, edits: int, spread: int) -> tuple[list[float], ...]:
    """Milliseconds of each edit, commit and repaint included: add an entity
    on free words (every ``spread`` characters or so), relabel and remove
    what was added, then accept suggestions (each steps to the next)."""
    text = window.text
    rng = random.Random(1)
    viewport = window.view.viewport()
    # free words not yet an entity: add, then relabel and remove what was added
    taken = {(s.start, s.end) for s in window.view.index if s.layer == "entity"}
    candidates: list[tuple[int, int]] = []
    pos = 0
    while len(candidates) < edits * 3 and pos < len(text):
        s = text.find(" ", pos) + 1
        e = text.find(" ", s)
        if s <= 0 or e < 0:
            break
        if e - s >= 3 and (s, e) not in taken and text[s:e].isalpha():
            candidates.append((s, e))
        pos = e + rng.randint(1, spread)
    picks = candidates[:edits]

    def timed(action) -> float:
        t = time.perf_counter()
        action()
        viewport.repaint()
        return (time.perf_counter() - t) * 1000

    adds, relabels, removes = [], [], []
    added = []
    for s, e in picks:
        window.view.set_selection_cp(s, e)
        adds.append(timed(lambda: added.append(window.label_selection("entity", "GPE"))))
    for span in added:
        window.select_span(span.id)
        relabels.append(timed(lambda: window.relabel_selected("LOC")))
    for span in added:
        window.select_span(span.id)
        removes.append(timed(window.delete_selected))
    accepts = []
    suggestions = [s for s in window.view.index if s.status == "suggested"][:edits]
    for span in suggestions:
        window.select_span(span.id)
        accepts.append(timed(window.accept_selected))  # accept, then step to the next suggestion
    return adds, relabels, removes, accepts


def _span_list_latencies(window) -> dict:
    """Milliseconds of the span list's work, each with its repaint: filling
    it for the open document, filtering by label, sorting by label, and a
    click on a row (the span selected and scrolled to in the document)."""
    from PySide6.QtCore import Qt

    panel = window.span_list
    table = panel.table

    def timed(action) -> float:
        t = time.perf_counter()
        action()
        table.viewport().repaint()
        return (time.perf_counter() - t) * 1000

    out = {"list_rows": panel.model.rowCount(), "list_fill_ms": timed(panel.model.reset)}
    out["list_filter_ms"] = timed(lambda: panel.proxy.set_filter(label="GPE"))
    out["list_filtered_rows"] = panel.proxy.rowCount()
    out["list_unfilter_ms"] = timed(lambda: panel.proxy.set_filter(label=None))
    out["list_sort_ms"] = timed(lambda: table.sortByColumn(1, Qt.SortOrder.AscendingOrder))
    table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    index = panel.proxy.index(panel.proxy.rowCount() * 2 // 3, 0)

    def click() -> None:
        table.setCurrentIndex(index)
        window.view.viewport().repaint()

    out["list_click_ms"] = timed(click)
    assert window.view.selected_id == index.data(Qt.ItemDataRole.UserRole)
    return out


def _child(db: str, doc_id: str, edits: int) -> None:
    """Runs in the child: opens the project in the editor, prints one JSON
    object of measurements."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["ANNOTATOR_SETTINGS"] = str(Path(tempfile.mkdtemp()) / "settings.ini")
    from annotator.store import Project
    from annotator.ui.app import application  # first: the editor's own import order
    from annotator.ui.window import EditorWindow

    app = application()
    project = Project.open(db)
    n_spans = len(project.spans(doc_id))
    kind = "seed" if doc_id == "seed" else "large"

    t0 = time.perf_counter()
    window = EditorWindow(project, "bench")
    window.open_document(doc_id)
    window.show()
    app.processEvents()
    window.view.viewport().repaint()
    open_paint = time.perf_counter() - t0
    shown = len(window.view.index)

    text = window.text
    span_list = _span_list_latencies(window)
    adds, relabels, removes, accepts = _edit_latencies(window, edits, 400 if kind != "seed" else 10)
    assert len(project.spans(doc_id)) == n_spans, "the edits did not round-trip"
    pending = [s for s in window.view.index if s.status == "suggested" and s.label == "NUMBER"]
    t = time.perf_counter()
    accepted_all = window.accept_all("number", "NUMBER")  # Shift+A: one transaction, one undo step
    window.view.viewport().repaint()
    accept_all_ms = (time.perf_counter() - t) * 1000
    assert accepted_all == len(pending), window.statusBar().currentMessage()
    print(
        json.dumps(
            {
                "chars": len(text),
                "bytes": len(text.encode("utf-8")),
                "spans": shown,
                "open_paint_s": open_paint,
                "add_ms": statistics.median(adds),
                "relabel_ms": statistics.median(relabels),
                "remove_ms": statistics.median(removes),
                "accept_ms": statistics.median(accepts) if accepts else 0.0,
                "worst_ms": max(adds + relabels + removes + accepts),
                "edits": len(adds),
                **span_list,
                "accept_all_ms": accept_all_ms,
                "accept_all_n": accepted_all,
            }
        )
    )
    window.close()
    project.close()
    del app


def _measure(kind: str, size: dict, edits: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db, doc_id = _make_project(kind, size["words"], size["spans"], Path(tmp))
        code = "import sys; from bench.bench_editor import _child; _child(sys.argv[1], sys.argv[2], int(sys.argv[3]))"
        result = run_child(code, str(db), doc_id, str(edits), env={"QT_QPA_PLATFORM": "offscreen"})
    out = json.loads(result["stdout"].strip().splitlines()[-1])
    out["peak_mb"] = result["peak_mb"]
    return out


def _scale_child(db: str, edits: int) -> None:
    """Runs in the child, on a copy of the generated many-document project:
    ``annotator gui DB`` without its backup (measured apart), then the
    document list's filters, opening a search hit, reaching the list's last
    row, and edits; prints one JSON object."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["ANNOTATOR_SETTINGS"] = str(Path(tempfile.mkdtemp()) / "settings.ini")
    from annotator.ui.app import application, open_window
    from annotator.ui.doclist import PAGE

    app = application()
    t0 = time.perf_counter()
    window = open_window(db, "bench", backup=False)
    window.show()
    app.processEvents()
    window.view.viewport().repaint()
    window.doc_list.table.viewport().repaint()
    out: dict = {"open_paint_s": time.perf_counter() - t0, "rows_read": len(window.doc_list.model.rows)}
    project = window.project
    doc_list = window.doc_list
    out["documents"] = project.count_documents()
    out["spans_total"] = project.execute("select count(*) from spans").fetchone()[0]

    def apply(text: str = "", status: str | None = None, label: str | None = None) -> tuple[float, int]:
        """What the list does when the typing pauses or a filter changes: query, show, count."""
        doc_list.text_filter.blockSignals(True)
        doc_list.text_filter.setText(text)
        doc_list.text_filter.blockSignals(False)
        for combo, value in ((doc_list.status_filter, status), (doc_list.label_filter, label)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        t = time.perf_counter()
        doc_list.apply_filters()
        doc_list.table.viewport().repaint()
        return (time.perf_counter() - t) * 1000, len(doc_list.model.rows)

    filters = {}
    some_ids = project.document_ids()[-1][:-1]  # the id of the last document without its last digit
    for name, kwargs in (
        ("common word", {"text": "مسؤول"}),
        ("absent word", {"text": "زلزال"}),
        (f"document id '{some_ids}'", {"text": some_ids}),
        ("label", {"label": "MISC"}),
        ("status", {"status": "done"}),
    ):
        filters[name] = apply(**kwargs)
    out["filters"] = filters

    apply(text="مسؤول")
    hit = doc_list.model.rows[3].id
    t = time.perf_counter()
    window.open_document(hit)  # what a click on the row does
    window.view.viewport().repaint()
    out["hit_open_ms"] = (time.perf_counter() - t) * 1000
    s, e = window.view.selection_cp()
    from annotator.arabic.search import normalize

    assert normalize(window.text[s:e]).endswith(normalize("مسؤول")), window.text[s:e]

    apply()
    last = project.document_ids()[-1]
    t = time.perf_counter()
    doc_list.select(last)
    out["last_row_ms"] = (time.perf_counter() - t) * 1000
    assert doc_list.model.rows[-1].id == last
    t = time.perf_counter()
    k = 0
    while len(project.list_documents(limit=PAGE, offset=k * PAGE)) == PAGE:  # the same pages, read by offset
        k += 1
    out["last_row_offset_ms"] = (time.perf_counter() - t) * 1000
    out["pages"] = k + 1

    doc_id = project.document_ids(status="in_progress", limit=1)[0]
    window.open_document(doc_id)
    n_spans = len(project.spans(doc_id))
    adds, relabels, removes, _ = _edit_latencies(window, edits, 10)
    assert len(project.spans(doc_id)) == n_spans, "the edits did not round-trip"
    out.update(
        add_ms=statistics.median(adds),
        relabel_ms=statistics.median(relabels),
        remove_ms=statistics.median(removes),
        worst_ms=max(adds + relabels + removes),
        edits=len(adds),
    )

    from annotator.ui.backups import start_backup

    t = time.perf_counter()
    job = start_backup(project.path)  # as open_window does: the session's backup, in the background
    during: list[float] = []
    while not job.done.is_set():  # keep editing while it copies
        during += [ms for batch in _edit_latencies(window, 10, 10) for ms in batch]
    out.update(
        backup_s=time.perf_counter() - t,
        backup_edits=len(during),
        backup_worst_ms=max(during),
        backup_ok=job.result is not None,
    )
    print(json.dumps(out))
    window.close()
    project.close()


def _measure_scale(n: int, edits: int) -> dict:
    """The editor on a fresh copy of the cached ``n``-document project (the
    edits never touch the cache), and the rolling backup it makes first."""
    import os
    import shutil

    cached = scale_project(n)
    with tempfile.TemporaryDirectory(prefix="bench-editor-") as tmp:
        db = Path(tmp) / "p.db"
        shutil.copyfile(cached, db)
        with open(db, "rb+") as fh:  # on disk now, so that no edit's checkpoint pays to flush the copy
            os.fsync(fh.fileno())
        code = "import sys; from bench.bench_editor import _scale_child; _scale_child(sys.argv[1], int(sys.argv[2]))"
        result = run_child(code, str(db), str(edits), env={"QT_QPA_PLATFORM": "offscreen"})
        gui = "import sys; from annotator.cli import main; sys.exit(main(sys.argv[1:]))"
        shot = run_child(
            gui,
            "gui",
            str(db),
            "--annotator",
            "bench",
            "--screenshot",
            str(Path(tmp) / "shot.png"),
            env={"QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_SETTINGS": str(Path(tmp) / "s.ini")},
        )
        size_mb = db.stat().st_size / 1e6
    out = json.loads(result["stdout"].strip().splitlines()[-1])
    out.update(peak_mb=result["peak_mb"], size_mb=size_mb, command_s=shot["seconds"])
    return out


def run(quick: bool) -> list[dict]:
    size = QUICK if quick else LARGE
    edits = 10 if quick else EDITS
    small = _measure("seed", size, edits)
    big = _measure("large", size, edits)
    name = f"seed article ({small['bytes'] / 1000:.1f} KB, {small['spans']} spans)"
    what = f"{big['bytes'] / 1e6:.2f} MB, {big['chars']:,} chars, {big['spans']:,} spans"

    def row(measure: str, key: str, unit: str, goal: str | None) -> dict:
        return {
            "area": "editor",
            "measure": f"{measure} ({what})",
            "ours": round(big[key], 4),
            "baseline": round(small[key], 4),
            "baseline_name": name,
            "unit": unit,
            "goal": None if quick else goal,
        }

    rows = [
        row("open + first paint", "open_paint_s", "s", "< 1 s"),
        row(f"add a span, median of {big['edits']}", "add_ms", "ms", "< 16 ms"),
        row("relabel a span, median", "relabel_ms", "ms", "< 16 ms"),
        row("remove a span, median", "remove_ms", "ms", "< 16 ms"),
        row("accept a suggestion and step to the next, median", "accept_ms", "ms", "< 16 ms"),
        row("slowest single edit", "worst_ms", "ms", None),
        row(
            f"accept all {big['accept_all_n']:,} NUMBER suggestions (Shift+A), one transaction, redrawn "
            f"(baseline: {small['accept_all_n']} in the seed article)",
            "accept_all_ms",
            "ms",
            "< 100 ms" if big["accept_all_n"] >= 1000 else None,
        ),
        row("peak memory of the process", "peak_mb", "MB", "< 300 MB"),
        row(f"span list: fill and paint ({big['list_rows']:,} rows)", "list_fill_ms", "ms", "< 100 ms"),
        row(
            f"span list: filter by label ({big['list_filtered_rows']:,} rows kept)", "list_filter_ms", "ms", "< 100 ms"
        ),
        row("span list: clear the filter", "list_unfilter_ms", "ms", "< 100 ms"),
        row("span list: sort by label", "list_sort_ms", "ms", "< 100 ms"),
        row("span list: click a row, span selected and scrolled to", "list_click_ms", "ms", "< 100 ms"),
    ]
    return rows + _scale_rows(_measure_scale(SCALE_QUICK_DOCS if quick else SCALE_DOCS, edits), small, name, quick)


def _scale_rows(big: dict, small: dict, name: str, quick: bool) -> list[dict]:
    what = f"{big['documents']:,} docs, {big['spans_total']:,} spans, {big['size_mb']:,.0f} MB file"

    def row(
        measure: str,
        ours: float,
        unit: str,
        goal: str | None,
        baseline: float | None = None,
        baseline_name: str | None = None,
    ) -> dict:
        return {
            "area": "editor",
            "measure": f"{measure} ({what})",
            "ours": round(ours, 4),
            "baseline": None if baseline is None else round(baseline, 4),
            "baseline_name": baseline_name,
            "unit": unit,
            "goal": None if quick else goal,
        }

    out = [
        row(
            f"open + first paint, list lazy ({big['rows_read']} rows read)",
            big["open_paint_s"],
            "s",
            "< 2 s",
            small["open_paint_s"],
            name,
        ),
        row("annotator gui DB --screenshot: the whole command, start to saved PNG", big["command_s"], "s", "< 2 s"),
    ]
    for what_filter, (ms, n) in big["filters"].items():
        out.append(row(f"list filter: {what_filter} (first page of {n} rows shown)", ms, "ms", "< 100 ms"))
    out += [
        row("open a search hit, hit selected and scrolled to", big["hit_open_ms"], "ms", "< 100 ms"),
        row(
            f"reach the list's last row ({big['pages']} pages, read by key)",
            big["last_row_ms"],
            "ms",
            None,
            big["last_row_offset_ms"],
            "the same pages read by offset (queries only)",
        ),
        row(f"add a span, median of {big['edits']}", big["add_ms"], "ms", "< 16 ms", small["add_ms"], name),
        row("relabel a span, median", big["relabel_ms"], "ms", "< 16 ms", small["relabel_ms"], name),
        row("remove a span, median", big["remove_ms"], "ms", "< 16 ms", small["remove_ms"], name),
        row("slowest single edit", big["worst_ms"], "ms", None, small["worst_ms"], name),
        row("peak memory of the process", big["peak_mb"], "MB", "< 500 MB", small["peak_mb"], name),
        row(
            "session backup (online backup API), made in the background as the window opens", big["backup_s"], "s", None
        ),
        row(
            f"slowest edit while that backup copies ({big['backup_edits']} edits)",
            big["backup_worst_ms"],
            "ms",
            "< 100 ms",
            big["worst_ms"],
            "slowest edit without a backup under way",
        ),
    ]
    return out


if __name__ == "__main__":
    for r in run("--quick" in sys.argv):
        print(r)
