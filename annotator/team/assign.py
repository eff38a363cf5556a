"""``annotator assign``: hand the documents out, one work pack per annotator.

Who gets a document
    Each document not handed out before (with one of ``statuses``, when
    given) goes to one annotator, except an ``overlap`` share that goes to
    ``copies`` annotators (two by default) so agreement can be measured.
    Whether a document is in the overlap depends only on the seed and its
    id: ``sha256(f"{seed}:{doc_id}")`` read as a number in [0, 1) below
    ``overlap``. That is the same on every machine, and adding documents
    never moves an old one in or out of the overlap.

    Documents are placed in the order of that hash (not of import, so a
    folder of related articles is spread out), each with the annotators that
    hold the fewest documents so far, counting what earlier rounds gave
    them (ties go round-robin from a place the hash picks). So shares stay
    even across rounds, and re-running ``assign`` hands out only documents
    no one has yet. ``per_annotator`` caps what one annotator gets in this
    round; what does not fit waits for the next round.

The packs
    ``OUT/<annotator><ext>`` (``ext`` the lead project's: ``.annot``,
    ``.db``...) is a project of its own: the lead's scheme and guidelines,
    its documents (status ``new``) with their suggestions and the
    annotator's own earlier spans (no one else's: annotators work blind),
    and a record (``meta.pack``) of the lead project, the round and the
    annotator, which presets the editor's annotator name and lets
    :mod:`annotator.team.collect` tell a pack of this project from another
    file. The lead project records who got which document, when
    (``assignments``).

All or nothing
    Every input is checked before anything is written; the packs are
    written into a hidden folder beside ``OUT`` and moved into place only
    when all are complete, in the same transaction that records the round.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.model import DOC_STATUSES, new_id
from annotator.store import Project, staging
from annotator.store import team as store

# characters a file name cannot hold on one of the systems packs travel to
_BAD_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass
class AssignReport:
    round: str
    out: Path
    packs: dict[str, Path] = field(default_factory=dict)
    shares: dict[str, list[str]] = field(default_factory=dict)
    overlap: list[str] = field(default_factory=list)
    waiting: int = 0  # documents left for a later round (per-annotator cap)
    already: int = 0  # documents handed out in earlier rounds

    def summary(self) -> str:
        docs = len({d for ids in self.shares.values() for d in ids})
        lines = [
            f"assigned {docs} documents ({len(self.overlap)} to more than one annotator) in round "
            f"{self.round}; packs in {self.out}"
        ]
        for name, ids in self.shares.items():
            lines.append(f"  {name}: {len(ids)} documents -> {self.packs[name].name}")
        if self.already:
            lines.append(f"{self.already} documents were handed out before and are not in these packs")
        if self.waiting:
            lines.append(f"{self.waiting} documents did not fit under --per-annotator and wait for the next round")
        return "\n".join(lines)


def parse_annotators(value: str | Sequence[str]) -> list[str]:
    """``amira,badr,chadi`` -> names; refuses an empty name, a duplicate, or
    a name that cannot be a file name."""
    names = [n.strip() for n in (value.split(",") if isinstance(value, str) else value)]
    if not names or names == [""]:
        raise AnnotatorError("--annotators: give at least one name (amira,badr,chadi)")
    seen: set[str] = set()
    for i, name in enumerate(names, 1):
        if not name:
            raise AnnotatorError(f"--annotators: name {i} is empty")
        if name.casefold() in seen:
            raise AnnotatorError(f"--annotators: {name!r} appears twice")
        if _BAD_NAME.search(name) or name in (".", "..") or name.startswith("."):
            raise AnnotatorError(f"--annotators: {name!r} cannot name a pack file")
        if name == "gold":
            raise AnnotatorError("--annotators: 'gold' is the adjudicated layer, not an annotator")
        seen.add(name.casefold())
    return names


def overlap_score(seed: int | str, doc_id: str) -> float:
    digest = hashlib.sha256(f"{seed}:{doc_id}".encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def check_options(
    annotators: Sequence[str], overlap: float, copies: int, statuses: Sequence[str] | None, per_annotator: int | None
) -> None:
    if not 0.0 <= overlap <= 1.0 or overlap != overlap:
        raise AnnotatorError(f"--overlap: {overlap} is not a share between 0 and 1")
    for s in statuses or ():
        if s not in DOC_STATUSES:
            raise AnnotatorError(f"--status: unknown status {s!r} (expected one of {', '.join(DOC_STATUSES)})")
    if overlap > 0:
        if len(annotators) < 2:
            raise AnnotatorError("--overlap: an overlap needs at least two annotators")
        if not 2 <= copies <= len(annotators):
            raise AnnotatorError(
                f"--copies: {copies} copies of an overlapping document need 2 to {len(annotators)} annotators"
            )
    if per_annotator is not None and per_annotator < 1:
        raise AnnotatorError(f"--per-annotator: {per_annotator} is not a positive number")


def check_out(out: Path) -> None:
    if out.exists():
        if not out.is_dir():
            raise AnnotatorError(f"--out: {out} is a file, not a folder")
        if any(out.iterdir()):
            raise AnnotatorError(f"--out: {out} exists and holds files; choose a new or empty folder")
    elif not out.parent.is_dir():
        raise AnnotatorError(f"--out: folder {out.parent} does not exist")


def plan(
    candidates: Sequence[str],
    annotators: Sequence[str],
    overlap: float,
    seed: int | str,
    copies: int = 2,
    load: dict[str, int] | None = None,
    per_annotator: int | None = None,
) -> tuple[dict[str, list[str]], list[str], int]:
    """``(share per annotator, overlapping documents, documents left waiting)``
    for ``candidates`` (see the module docstring)."""
    n = len(annotators)
    loads = [int((load or {}).get(a, 0)) for a in annotators]
    given = [0] * n
    shares: dict[str, list[str]] = {a: [] for a in annotators}
    overlapping: list[str] = []
    waiting = 0
    scored = sorted((overlap_score(seed, d), d) for d in candidates)
    for score, doc_id in scored:
        k = copies if score < overlap else 1
        start = int(score * 2**32) % n
        order = sorted(
            (i for i in range(n) if per_annotator is None or given[i] < per_annotator),
            key=lambda i: (loads[i], (i - start) % n),
        )
        if len(order) < k:
            waiting += 1
            continue
        for i in order[:k]:
            loads[i] += 1
            given[i] += 1
            shares[annotators[i]].append(doc_id)
        if k > 1:
            overlapping.append(doc_id)
    return shares, overlapping, waiting


def assign(
    project: Project,
    annotators: str | Sequence[str],
    overlap: float,
    seed: int | str,
    out: str | Path,
    copies: int = 2,
    statuses: Sequence[str] | None = None,
    per_annotator: int | None = None,
    who: str = "lead",
    on_pack: Callable[[str], None] | None = None,
) -> AssignReport:
    """Write one pack per annotator into ``out`` and record the round."""
    names = parse_annotators(annotators)
    check_options(names, overlap, copies, statuses, per_annotator)
    out = Path(out)
    check_out(out)
    candidates = store.candidate_ids(project, statuses)
    already = len(store.assigned_ids(project))
    if not candidates:
        what = f" with status {', '.join(statuses)}" if statuses else ""
        before = f" ({already} handed out before)" if already else ""
        raise AnnotatorError(f"{project.path}: no documents{what} left to hand out{before}")
    shares, overlapping, waiting = plan(
        candidates, names, overlap, seed, copies, store.assigned_load(project), per_annotator
    )
    round_id = new_id("round-")
    ext = project.path.suffix or ".db"
    report = AssignReport(round=round_id, out=out, overlap=overlapping, waiting=waiting, already=already)
    pid = store.meta_value(project, store.PROJECT_ID) or new_id("p")
    scheme, guidelines = project.scheme(), store.guidelines(project)
    tmp = out.parent / f".{out.name}.assign-{round_id}"
    tmp.mkdir()
    try:
        for name in names:
            ids = shares[name]
            path = tmp / f"{name}{ext}"
            with Project.create(path, scheme) as pack:
                store.write_pack(project, pack, ids, name)
                if guidelines:
                    store.set_guidelines(pack, guidelines, who=who)
                store.set_pack_info(
                    pack,
                    {
                        "project_id": pid,
                        "project": project.path.name,
                        "round": round_id,
                        "annotator": name,
                        "documents": len(ids),
                    },
                )
            report.packs[name] = out / path.name
            report.shares[name] = ids
            if on_pack:
                on_pack(name)
        # the round recorded in short transactions (an editor can keep saving), all or
        # nothing: undone if the packs cannot be moved into place or the process dies
        run = staging.Run(project, also=("assignments",))
        run.start()
        try:
            store.record_assignments(
                project,
                ((d, name, f"{name}{ext}") for name in names for d in shares[name]),
                round_id,
                copies if overlap > 0 else 1,
                who=who,
            )
        except BaseException:
            run.abort()
            raise

        def last() -> None:
            store.keep_project_id(project, pid)
            if out.exists():
                out.rmdir()  # checked empty above
            os.replace(tmp, out)

        run.finish(last)
    except BaseException:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        elif out.exists():  # moved into place, then the round could not be recorded
            shutil.rmtree(out, ignore_errors=True)
        raise
    return report
