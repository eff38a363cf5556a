"""Arabic word lists are written in annotator/arabic/ only, and the
proclitic lists the engines use are built from annotator.arabic.clitics.

A module elsewhere that binds a name to a collection of Arabic strings at
module level (a tuple, list, set, dict or ``frozenset(...)``) is a second
copy of a word list waiting to drift from the first. The user interface
(translations, the keyboard layout) and the two collections below are not
word lists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from annotator.arabic import clitics

ROOT = Path(__file__).resolve().parents[3]
ARABIC = re.compile("[\u0621-\u064a]")
NOT_WORD_LISTS = {
    ("annotator/formats/csv.py", "TEXT_COLUMNS"): "the column names a CSV header may use for the text",
    ("annotator/suggest/llm_prompt.py", "_SAMPLES"): "the example sentences shown to the language model",
}


def _arabic_collections(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        collection = isinstance(value, (ast.Tuple, ast.List, ast.Set, ast.Dict)) or (
            isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in ("frozenset", "set")
        )
        strings = [n.value for n in ast.walk(value) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        if collection and any(ARABIC.search(s) for s in strings):
            for t in targets:
                yield getattr(t, "id", ast.unparse(t)), node.lineno


def test_arabic_word_lists_live_in_annotator_arabic():
    found = []
    for path in sorted((ROOT / "annotator").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(("annotator/arabic/", "annotator/ui/")):
            continue
        for name, line in _arabic_collections(path):
            if (rel, name) not in NOT_WORD_LISTS:
                found.append(f"{rel}:{line} {name}")
    assert found == []


def test_the_proclitic_lists_are_built_from_one_source():
    assert clitics.PROCLITICS == ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
    assert frozenset("وفبلك") == clitics.PROCLITIC_LETTERS
    assert set(clitics.ARTICLE_FORMS) == {
        "ال", "وال", "فال", "بال", "كال", "لل", "وبال", "ولل", "وكال", "فبال", "فلل", "فكال"
    }  # fmt: skip
    from annotator.arabic import numbers, search
    from annotator.suggest import words

    assert words.PROCLITICS is clitics.PROCLITICS
    # the number finder: ك only before the article, as split_proclitics does
    assert set(numbers._PREFIXES) == {
        "",
        *(p for p in clitics.PROCLITICS if not p.endswith("ك")),
        *clitics.ARTICLE_FORMS,
    }
    # the project search: what the earlier index expanded, longest first
    assert tuple(sorted(search.SEARCH_PREFIXES, key=len, reverse=True)) == search.SEARCH_PREFIXES
    assert set(search.SEARCH_PREFIXES) == {"و", "ف", "ب", "ل", "ك", *clitics.ARTICLE_FORMS} - {"فكال"}
