"""Character classes the Arabic tools share, as regex fragments and sets.

Kept in one place so that the tokenizer, the snapper, search and the number
finder agree on what a harakah, a bidi mark or an emoji is.
"""

from __future__ import annotations

# Combining marks that sit on an Arabic (or Latin) letter: harakat, tanwin,
# shadda, sukun, superscript alef, Quranic marks, generic combining marks.
MARKS = (
    "\u0300-\u036f"  # generic combining diacritics
    "\u0610-\u061a"  # Arabic honorifics and small marks
    "\u064b-\u065f"  # harakat, tanwin, shadda, sukun, hamza above/below
    "\u0670"  # superscript alef
    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"  # Quranic annotation marks
    "\u08d3-\u08e1\u08e3-\u08ff"  # extended Arabic marks
    "\ufe20-\ufe2f"
)
TATWEEL = "\u0640"

# Characters that are never a token: bidi controls, zero-width characters,
# the Arabic letter mark, the BOM used as ZWNBSP, soft hyphen.
INVISIBLE = "\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"

VARIATION_SELECTORS = "\ufe00-\ufe0f"
ZWJ = "\u200d"
SKIN_TONES = "\U0001f3fb-\U0001f3ff"
# Extended_Pictographic, approximated by the blocks that hold emoji.
PICTOGRAPHIC = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u23cf"
    "\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-\u27bf"
    "\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299"
    "\U0001f000-\U0001f1e5\U0001f200-\U0001f3fa\U0001f400-\U0001faff"
)
REGIONAL = "\U0001f1e6-\U0001f1ff"
KEYCAP = "\u20e3"
TAGS = "\U000e0020-\U000e007f"

# One emoji as the eye sees it: a flag (two regional indicators), a keycap,
# or a pictograph with its modifiers, variation selector, tag sequence and
# ZWJ-joined followers.
_EMOJI_ELEM = f"[{PICTOGRAPHIC}][{VARIATION_SELECTORS}{SKIN_TONES}{TAGS}{KEYCAP}]*"
EMOJI = f"(?:[{REGIONAL}]{{2}}|[0-9#*]\ufe0f?{KEYCAP}|{_EMOJI_ELEM}(?:{ZWJ}{_EMOJI_ELEM})*)"

# Letters (any script, tatweel included since it is Lm) with their marks.
LETTER = r"[^\W\d_]"
WORD = f"(?:{LETTER}|[{MARKS}])+"


def _expand(cls: str) -> frozenset[str]:
    """The characters of a regex class body such as ``"a-cx"`` (ranges and
    single characters, no escapes): the sets below come from the same
    strings as the regex fragments, so the two cannot drift apart."""
    out: set[str] = set()
    i = 0
    while i < len(cls):
        if i + 2 < len(cls) and cls[i + 1] == "-":
            out.update(map(chr, range(ord(cls[i]), ord(cls[i + 2]) + 1)))
            i += 3
        else:
            out.add(cls[i])
            i += 1
    return frozenset(out)


MARK_SET = _expand(MARKS)
INVISIBLE_SET = _expand(INVISIBLE)
# Marks plus tatweel: what Arabic readers do not see as a letter of its own.
IGNORABLE_SET = MARK_SET | {TATWEEL}
# ... plus the invisible characters: what search and the number finder leave out of a word.
UNSEEN_SET = IGNORABLE_SET | INVISIBLE_SET
# What emoji and marks attach to the character before them (one cluster).
JOINER_SET = MARK_SET | _expand(VARIATION_SELECTORS + SKIN_TONES + TAGS + KEYCAP + ZWJ)
# Letter variants Arabic readers take as one: hamza forms, alef wasla and maqsura, ta marbuta.
LETTER_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})


def is_arabic_letter(ch: str) -> bool:
    return (
        "\u0621" <= ch <= "\u064a"
        or "\u0671" <= ch <= "\u06d3"
        or ch == "\u06d5"
        or "\u06fa" <= ch <= "\u06fc"
        or "\u0750" <= ch <= "\u077f"
    )
