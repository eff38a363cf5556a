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
EMOJI = (
    f"(?:[{REGIONAL}]{{2}}"
    f"|[0-9#*]\ufe0f?{KEYCAP}"
    f"|{_EMOJI_ELEM}(?:{ZWJ}{_EMOJI_ELEM})*)"
)

# Letters (any script, tatweel included since it is Lm) with their marks.
LETTER = r"[^\W\d_]"
WORD = f"(?:{LETTER}|[{MARKS}])+"

MARK_SET = frozenset(
    chr(c) for c in list(range(0x300, 0x370)) + list(range(0x610, 0x61B)) + list(range(0x64B, 0x660))
    + [0x670] + list(range(0x6D6, 0x6DD)) + list(range(0x6DF, 0x6E5)) + [0x6E7, 0x6E8]
    + list(range(0x6EA, 0x6EE)) + list(range(0x8D3, 0x8E2)) + list(range(0x8E3, 0x900))
    + list(range(0xFE20, 0xFE30))
)
INVISIBLE_SET = frozenset(
    [chr(c) for c in (0xAD, 0x61C, 0xFEFF)]
    + [chr(c) for c in range(0x200B, 0x2010)] + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x2065)] + [chr(c) for c in range(0x2066, 0x206A)]
)
# Marks plus tatweel: what Arabic readers do not see as a letter of its own.
IGNORABLE_SET = MARK_SET | {TATWEEL}


def is_arabic_letter(ch: str) -> bool:
    return ("\u0621" <= ch <= "\u064a" or "\u0671" <= ch <= "\u06d3" or ch == "\u06d5"
            or "\u06fa" <= ch <= "\u06fc" or "\u0750" <= ch <= "\u077f")
