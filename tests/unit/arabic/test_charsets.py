"""The character sets are the regex classes they are built from, character
for character, so the tokenizer (regex) and the snapper, search and number
finder (sets) agree."""

import re

from annotator.arabic import charsets as c

EVERY = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)


def _class(body: str) -> frozenset[str]:
    return frozenset(re.findall(f"[{body}]", EVERY))


def test_sets_equal_their_regex_classes():
    assert _class(c.MARKS) == c.MARK_SET
    assert _class(c.INVISIBLE) == c.INVISIBLE_SET
    assert _class(c.MARKS + c.VARIATION_SELECTORS + c.SKIN_TONES + c.TAGS + c.KEYCAP + c.ZWJ) == c.JOINER_SET
    assert c.MARK_SET | c.INVISIBLE_SET | {c.TATWEEL} == c.UNSEEN_SET
