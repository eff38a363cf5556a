"""File names made from document ids, safe on every operating system.

A document id is user data (``../../x``, ``con``, ``a:b``): it must never
escape the export folder or name a reserved Windows device. Distinct ids
stay distinct because anything replaced is followed by a short hash of the
original id.
"""

from __future__ import annotations

import hashlib
import re

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*\u200e\u200f\u202a-\u202e\u2066-\u2069]')


def safe_filename(doc_id: str, max_len: int = 120) -> str:
    name = _UNSAFE.sub("_", doc_id).strip(" .")
    changed = name != doc_id
    if not name or name.split(".")[0].lower() in _RESERVED:
        name = "_" + name
        changed = True
    if len(name) > max_len:
        name = name[:max_len]
        changed = True
    if changed:
        name += "-" + hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return name
