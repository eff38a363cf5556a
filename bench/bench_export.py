"""Export throughput: ``annotator export --format conll`` and ``--format hf``
of 10,000 generated documents (~20 MB of text, :mod:`bench.generate`, fixed
seed), each run as the real command line in its own process, next to

* label-studio-converter's CoNLL-2003 conversion (``Converter
  .convert_to_conll2003``) of the same documents exported as Label Studio
  JSON, in its own process: the peer tool's converter on the same data;
* a plain write of the same bytes: a plain Python loop that reads the same
  documents and their selected spans from the same project with
  ``sqlite3`` (two cursors, no models) and writes the output bytes already
  known (our own finished export, cut per document for CoNLL, whole files
  for hf): everything an exporter does except tokenizing and tagging. The
  goal is our in-process export within 3x of it.

Both exports take one annotator's entity layer (``--annotator amira
--layer entity``), which is what the Label Studio JSON holds too. Our
``conll`` and ``hf`` exports run with the worker processes ``annotator
export`` uses by default (the cores, at most 4; one below 500 documents, so
``quick`` runs one); the rows say how many. The plain write stays one
process.
Each timed command runs twice and the faster run counts (the machine may be
shared). ``quick=True`` uses 200 documents, one run each.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench._measure import cli, run_child
from bench.generate import documents

_LS_CONVERT = (
    "import sys\n"
    "from label_studio_converter import Converter\n"
    "c = Converter(config=open(sys.argv[1], encoding='utf-8').read(), project_dir=sys.argv[3])\n"
    "c.convert_to_conll2003(sys.argv[2], sys.argv[3], is_dir=False)\n"
)


def _project(db: Path, n: int) -> int:
    """The generated corpus in a project (not timed); returns text bytes."""
    from annotator.model import parse_document
    from annotator.store import Project

    size = 0
    with Project.create(db) as project:

        def docs():
            nonlocal size
            for d in documents(n, seed=5):
                size += len(d["text"].encode("utf-8"))
                yield parse_document(d)

        project.import_documents(docs(), who="bench")
    return size


def _chunks_conll(path: Path) -> list[bytes]:
    data = path.read_bytes()
    parts = data.split(b"-DOCSTART-")
    return [c for c in [parts[0]] + [b"-DOCSTART-" + p for p in parts[1:]] if c]


def _chunks_files(folder: Path) -> list[bytes]:
    return [p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()]


_INPROCESS = (
    "import importlib, sys, time\n"
    "from annotator.export.run import export\n"
    "from annotator.export.selection import Selection\n"
    "from annotator.export.parallel import default_jobs\n"
    "from annotator.formats import part_writer\n"
    "from annotator.store import Project\n"
    "for name in part_writer(sys.argv[2]).PART_MODULES:\n"
    "    importlib.import_module(name)\n"
    "with Project.open(sys.argv[1], readonly=True) as project:\n"
    "    t0 = time.perf_counter()\n"
    "    export(project, sys.argv[2], sys.argv[3], Selection(annotator='amira', layer='entity'))\n"
    "    print(time.perf_counter() - t0, default_jobs(project.count_documents()))\n"
)


def _inprocess(db: Path, fmt: str, out: Path) -> tuple[float, int]:
    """Our export without process start-up (imports, the numpy and pyarrow
    a part's writing imports among them, and opening the project),
    with the worker processes ``annotator export`` uses by default (the
    cores, at most 4; 1 below 500 documents): the figure to set beside the
    plain write, and the number of jobs. Timed in a fresh process, so the
    tokenizer's per-chunk caches start empty as in a real export."""
    seconds, jobs = run_child(_INPROCESS, str(db), fmt, str(out))["stdout"].split()[-2:]
    return float(seconds), int(jobs)


def _plain_write(
    db: Path,
    chunks: list[bytes],
    out: Path,
    annotator: str = "amira",
    layer: str = "entity",
    statuses: tuple[str, ...] = ("accepted",),
) -> float:
    """The plain write of the same bytes: the documents of the selection and
    their spans read with sqlite3 (as the export selects them), one chunk of
    the known output written per document, any remaining chunks after."""
    import sqlite3

    t0 = time.perf_counter()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        docs = con.execute("select rowid, id, text, meta, status from documents order by rowid")
        spans = con.execute(
            'select d.rowid, s.id, s.start, s."end", s.label, s.layer, s.annotator, s.status, s.source, s.attrs '
            "from spans s join documents d on d.id = s.doc_id "
            f"where s.annotator = ? and s.layer = ? and s.status in ({','.join('?' * len(statuses))}) "
            'order by d.rowid, s.start, s."end" desc, s.pk',
            [annotator, layer, *statuses],
        )
        pending = spans.fetchone()
        left = iter(chunks)
        with open(out, "wb") as fh:
            for rowid, _id, _text, _meta, _status in docs:
                mine = []
                while pending is not None and pending[0] == rowid:
                    mine.append(pending)
                    pending = spans.fetchone()
                chunk = next(left, None)
                if chunk is not None:
                    fh.write(chunk)
            for chunk in left:
                fh.write(chunk)
    finally:
        con.close()
    return time.perf_counter() - t0


def run(quick: bool) -> list[dict]:
    n = 200 if quick else 10_000
    sel = ("--annotator", "amira", "--layer", "entity")
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp_name:
        tmp = Path(tmp_name)
        db = tmp / "p.db"
        text_bytes = _project(db, n)
        mb = text_bytes / 1e6

        # the command line, each in its own process, like the converter; the
        # best of `repeat` runs, since the machine is shared
        repeat = 1 if quick else 2
        conll_cli = min(
            cli("export", db, "--format", "conll", "--out", tmp / "out.conll", *sel)["seconds"] for _ in range(repeat)
        )
        hf_cli = min(cli("export", db, "--format", "hf", "--out", tmp / "hf", *sel)["seconds"] for _ in range(repeat))
        cli("export", db, "--format", "label-studio", "--out", tmp / "ls.json", *sel)
        ls = min(
            run_child(_LS_CONVERT, str(tmp / "ls.label_config.xml"), str(tmp / "ls.json"), str(tmp / "lsout"))[
                "seconds"
            ]
            for _ in range(repeat)
        )

        jsonl_cli = min(
            cli("export", db, "--format", "jsonl", "--out", tmp / "out.jsonl", *sel)["seconds"] for _ in range(repeat)
        )

        # in-process: our export next to the plain write of the same bytes
        # (best of `repeat` each, interleaved so both see the same load)
        conll_chunks = _chunks_conll(tmp / "out.conll")
        hf_chunks = _chunks_files(tmp / "hf")
        conll = conll_plain = hf = hf_plain = float("inf")
        for _ in range(repeat):
            seconds, jobs = _inprocess(db, "conll", tmp / "again.conll")
            conll = min(conll, seconds)
            conll_plain = min(conll_plain, _plain_write(db, conll_chunks, tmp / "plain.conll"))
            seconds, jobs = _inprocess(db, "hf", tmp / "hf-again")
            hf = min(hf, seconds)
            hf_plain = min(hf_plain, _plain_write(db, hf_chunks, tmp / "plain.bin"))
        conll_mb = (tmp / "out.conll").stat().st_size / 1e6
        ls_mb = (tmp / "lsout" / "result.conll").stat().st_size / 1e6

    size = f"{n:,} docs, {mb:.1f} MB text"
    on = f"{jobs} job{'s' if jobs > 1 else ''}"  # worker processes of our exports (the plain write: one process)
    ls_name = "label-studio-converter 0.0.59 CoNLL2003 of the same docs as Label Studio JSON"
    plain_name = "plain write of the same bytes: same docs + spans read with sqlite3, known output written (s)"
    return [
        {
            "area": "export",
            "measure": f"conll: annotator export, {on} ({size}; {conll_mb:.0f} MB out vs {ls_mb:.0f} MB)",
            "ours": conll_cli,
            "baseline": ls,
            "baseline_name": ls_name,
            "unit": "s",
            "goal": None,
        },
        {
            "area": "export",
            "measure": "conll: time / label-studio-converter time",
            "ours": conll_cli / ls,
            "baseline": 1.0,
            "baseline_name": ls_name,
            "unit": "x",
            "goal": "< 1",
        },
        {
            "area": "export",
            "measure": f"hf: annotator export, whole command, {on}",
            "ours": hf_cli,
            "baseline": ls,
            "baseline_name": ls_name + " (CoNLL)",
            "unit": "s",
            "goal": None,
        },
        {
            "area": "export",
            "measure": "hf: time / label-studio-converter time",
            "ours": hf_cli / ls,
            "baseline": 1.0,
            "baseline_name": ls_name + " (CoNLL)",
            "unit": "x",
            "goal": "< 1",
        },
        {
            "area": "export",
            "measure": "jsonl: annotator export, whole command (no tokens)",
            "ours": jsonl_cli,
            "baseline": ls,
            "baseline_name": ls_name,
            "unit": "s",
            "goal": None,
        },
        {
            "area": "export",
            "measure": f"conll: in-process export, {on} / plain write (ours {conll:.2f} s)",
            "ours": conll / conll_plain,
            "baseline": conll_plain,
            "baseline_name": plain_name,
            "unit": "x",
            "goal": "<= 3",
        },
        {
            "area": "export",
            "measure": f"hf: in-process export, {on} / plain write (ours {hf:.2f} s)",
            "ours": hf / hf_plain,
            "baseline": hf_plain,
            "baseline_name": plain_name + "; parquet files and card",
            "unit": "x",
            "goal": "<= 3",
        },
        {
            "area": "export",
            "measure": f"conll text MB/s (in-process, {on})",
            "ours": mb / conll,
            "baseline": mb / ls,
            "baseline_name": ls_name + " (whole process)",
            "unit": "MB/s",
            "goal": None,
        },
    ]
