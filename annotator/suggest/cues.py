"""Claim cues: Arabic reporting verbs and attributions propose a claim span
(the reported content), its claimant (the subject entity) and a ``SOURCE``
relation claim -> claimant.

Patterns handled, within one sentence (``annotator.arabic.tokens``):

* ``قال/أكد/أوضح/حذر/أعلن/أشار/... X إن|أن|بأن|من أن|إلى أن|عن CLAIM``: X is
  the claimant (cut at a comma, ``قوله``, ``في``, a ``لـ``-phrase naming a
  medium); a comma-delimited aside between X and the particle is skipped;
* ``... X: "CLAIM"`` and ``... X إن "CLAIM"``: a claim wholly in quotes is
  the inside of the quotes;
* ``نقلت Y عن X قوله إن ...`` and ``نقلت عن X تأكيده CLAIM``: X (after عن)
  is the claimant, Y the medium (``attrs.via``);
* ``CLAIM، وفقا لـ X`` / ``CLAIM، بحسب X`` and ``بحسب X، فإن CLAIM``;
* participles continuing a speaker's report: ``، مشيرا إلى أن CLAIM``,
  ``موضحا أن``, ``مضيفا أن``, ``قائلا إن`` (same claimant);
* hedges without a claimant: ``يُعتقد أن``, ``من المرجح أن``.

Verb forms are matched on a key that ignores tashkeel, tatweel and hamza
forms, with ``و``/``ف`` allowed in front, and listed for masculine,
feminine and plural subjects and the imperfect. ``attrs.certainty`` is
``hedged`` for hedging cues (``رجح``, ``توقع``, ``يعتقد``) or a claim that
says ``ربما``/``قد`` + imperfect/``يحتمل``, else ``reported``.

Written by hand: no library offers Arabic attribution rules; the lexicon and
the guideline they follow are in ``tests/unit/suggest/corpus_source.py``.
"""

from __future__ import annotations

from annotator.arabic.clitics import split_proclitics
from annotator.suggest.apply import Proposals, RelationSuggestion, Suggestion
from annotator.arabic.tokens import sentences
from annotator.suggest.words import QUOTES_CLOSE, QUOTES_OPEN, Token, key, tokens


def _forms(*groups: str) -> frozenset[str]:
    return frozenset(key(w) for g in groups for w in g.split())


SPEECH = _forms(
    "قال قالت قالوا قلن يقول تقول يقولون",
    "أكد أكدت أكدوا يؤكد تؤكد يؤكدون شدد شددت",
    "أوضح أوضحت أوضحوا يوضح توضح",
    "حذر حذرت حذروا يحذر تحذر",
    "أعلن أعلنت أعلنوا يعلن تعلن كشف كشفت كشفوا",
    "أشار أشارت أشاروا يشير تشير أضاف أضافت أضافوا يضيف تضيف",
    "لفت لفتت ذكر ذكرت ذكروا يذكر تذكر صرح صرحت صرحوا",
    "نفى نفت نفوا ينفي أفاد أفادت أفادوا تابع تابعت زعم زعمت زعموا",
    "اعتبر اعتبرت اعتبروا يرى ترى رأى رأت أفاد",
)
HEDGE_VERBS = _forms("رجح رجحت رجحوا يرجح ترجح توقع توقعت توقعوا يتوقع تتوقع")
TRANSMIT = _forms("نقل نقلت نقلوا ينقل تنقل")
PARTICIPLES = _forms("مشيرا مشيرة موضحا موضحة مضيفا مضيفة مؤكدا مؤكدة محذرا محذرة لافتا لافتة "
                     "قائلا قائلة معتبرا معتبرة")
IMPERSONAL = _forms("يعتقد يرجح يتوقع يبدو")
IMPERSONAL_AFTER_MIN = _forms("المرجح المتوقع المحتمل")
ATTRIBUTION_L = _forms("وفقا طبقا")  # followed by لـ
ATTRIBUTION = _forms("بحسب حسب")
NAQLAN = _forms("نقلا")
THAT = _forms("إن أن بأن")
THAT_PRONOUN = _forms("إنه إنها إنهم إنهما إنني إننا أنه أنها أنهم أنهما أنني أننا بأنه بأنها بأنهم")
MASDAR = _forms("قوله قولها قولهم قولهما تأكيده تأكيدها تأكيدهم تصريحه تصريحها إعلانه إعلانها")
BEFORE_THAT = _forms("من إلى")
AN = _forms("عن")
FA_INNA = _forms("فإن فان")
CLAIMANT_STOPS = _forms("خلال أمس اليوم الذي التي الذين عقب بعد")
# في ends a claimant only when it names the occasion: «X في مؤتمر صحفي أن»
OCCASIONS = _forms("مؤتمر تصريح تصريحات بيان حديث مقابلة كلمة تغريدة رسالة لقاء اجتماع جلسة")
MEDIA = _forms("وكالة صحيفة قناة موقع إذاعة تلفزيون الصحفيين الصحافيين الصحافة وسائل مراسل")
HEDGE_WORDS = _forms("ربما يحتمل محتمل المحتمل يرجح")
ORG_HEADS = _forms(
    "صحيفة وزارة وكالة منظمة الأمم بعثة مرصد خارجية فريق جيش مؤسسة سفارة هلال اتحاد مجلس مفوضية "
    "شركة قناة موقع صندوق بنك حكومة قيادة كرملين شرطة مكتب هيئة مركز جامعة حزب حركة تنظيم قوات "
    "رئاسة برلمان لجنة جهاز إذاعة محكمة نقابة داخلية دفاع رابطة تحالف"
)
PUNCT_END = set(".!?؟؛،,:…")
MAX_CLAIMANT = 8


def _bare(k: str) -> str:
    """A key without a leading conjunction و/ف."""
    return k[1:] if len(k) >= 3 and k[0] in "وف" else k


def _is(tok: Token, lexicon: frozenset[str]) -> bool:
    return tok.key in lexicon or _bare(tok.key) in lexicon


def _noun(k: str) -> str:
    return k[2:] if k.startswith("ال") else k


def claimant_label(words: list[Token]) -> str:
    head = _noun(words[0].key)
    return "ORG" if head in ORG_HEADS or words[0].key in ORG_HEADS else "PERSON"


class _Sentence:
    def __init__(self, text: str, start: int, end: int):
        self.toks = tokens(text, start, end)

    def that_at(self, i: int) -> int | None:
        """If a complementizer (possibly after من/إلى) starts at i, the index
        of the complementizer token."""
        toks = self.toks
        if i < len(toks) and (toks[i].key in THAT or toks[i].key in THAT_PRONOUN):
            return i
        if i + 1 < len(toks) and toks[i].key in BEFORE_THAT and (
                toks[i + 1].key in THAT or toks[i + 1].key in THAT_PRONOUN):
            return i + 1
        return None

    def claimant(self, i: int) -> tuple[int, int]:
        """Token range [i, j) of the subject noun phrase starting at i."""
        toks = self.toks
        j = i
        while j < len(toks) and j - i <= MAX_CLAIMANT:
            t = toks[j]
            if t.text in QUOTES_OPEN and j > i:
                close = next((q for q in range(j + 1, min(j + 6, len(toks))) if toks[q].text in QUOTES_CLOSE), None)
                if close is None or close + 1 >= len(toks) or not toks[close + 1].is_word:
                    break
                j = close + 1
                continue
            if not t.is_word and not t.key.isdigit():
                break
            occasion = t.key == "في" and j + 1 < len(toks) and toks[j + 1].key in OCCASIONS
            if (self.that_at(j) is not None or t.key in MASDAR or t.key in CLAIMANT_STOPS or t.key in AN or occasion
                    or t.key in ("ل",) or (t.key.startswith("ل") and t.key[1:] in MEDIA)
                    or _is(t, SPEECH) or _is(t, TRANSMIT)):
                break
            j += 1
        if j - i > MAX_CLAIMANT:
            return i, i
        return i, j

    def claim_from(self, p: int, inclusive_that: bool) -> tuple[int, int, int] | None:
        """Claim characters [start, end) beginning at token p, and the index
        of the token where scanning may resume."""
        toks = self.toks
        if p >= len(toks):
            return None
        if toks[p].text in QUOTES_OPEN:
            close = next((q for q in range(p + 1, len(toks)) if toks[q].text in QUOTES_CLOSE), None)
            if close is not None and close > p + 1:
                rest = toks[close + 1:]
                if not rest or rest[0].text in "،," or all(not t.is_word for t in rest):
                    return toks[p + 1].start, toks[close - 1].end, close + 1
        start = toks[p].start
        q = p
        while q < len(toks):
            t = toks[q]
            if t.text in "،," and q + 1 < len(toks) and self.continues(q + 1):
                break
            q += 1
        last = q - 1
        while last >= p and (toks[last].text in PUNCT_END or toks[last].text in QUOTES_CLOSE):
            if toks[last].text in QUOTES_CLOSE:
                opened = sum(1 for t in toks[p:last] if t.text in QUOTES_OPEN and t.text not in QUOTES_CLOSE)
                quotes = sum(1 for t in toks[p:last] if t.text == '"')
                if toks[last].text == '"' and quotes % 2 == 1 or opened:
                    break
            last -= 1
        if last < p:
            return None
        return start, toks[last].end, q

    def continues(self, i: int) -> bool:
        t = self.toks[i]
        return _is(t, PARTICIPLES) or _is(t, ATTRIBUTION_L) or _is(t, ATTRIBUTION) or _is(t, NAQLAN)


def _span(toks: list[Token], i: int, j: int) -> tuple[int, int]:
    return toks[i].start, toks[j - 1].end


def _certainty(s: _Sentence, start: int, end: int, hedge: bool) -> str:
    if hedge:
        return "hedged"
    inside = [t for t in s.toks if start <= t.start and t.end <= end]
    for n, t in enumerate(inside):
        if _is(t, HEDGE_WORDS):
            return "hedged"
        if t.key == "قد" and n + 1 < len(inside) and inside[n + 1].key[:1] in ("ي", "ت", "ن") \
                and len(inside[n + 1].key) > 3:
            return "hedged"
    return "reported"


def propose(text: str) -> Proposals:
    """Claim, claimant and SOURCE proposals for every cue in ``text``."""
    out = Proposals()
    for s_start, s_end in sentences(text):
        _Finder(text, _Sentence(text, s_start, s_end), out).run()
    return out


class _Finder:
    """Walks the tokens of one sentence, proposing as it goes."""

    def __init__(self, text: str, s: _Sentence, out: Proposals):
        self.text, self.s, self.out = text, s, out
        self.toks = s.toks
        self.claims: list[tuple[Suggestion, Suggestion | None]] = []

    def add(self, start: int, end: int, claimant: Suggestion | None, hedge: bool,
            via: str | None = None) -> Suggestion:
        attrs = {"certainty": _certainty(self.s, start, end, hedge)}
        if via:
            attrs["via"] = via
        claim = Suggestion(start, end, "CLAIM", "claim", "cue", attrs=attrs)
        self.out.spans.append(claim)
        self.claims.append((claim, None))
        if claimant is not None:
            self.attach(claim, claimant)
        return claim

    def attach(self, claim: Suggestion, claimant: Suggestion) -> None:
        claim.attrs["claimant"] = self.text[claimant.start:claimant.end]
        if claimant not in self.out.spans:
            self.out.spans.append(claimant)
        self.out.relations.append(RelationSuggestion(claim, claimant))
        self.claims = [(c, claimant if c is claim else w) for c, w in self.claims]

    def entity(self, i: int, j: int, start: int | None = None) -> Suggestion | None:
        if j <= i:
            return None
        a, b = _span(self.toks, i, j)
        if start is not None:  # the first word carries a proclitic (لـوكالة): label from the stem
            return Suggestion(start, b, claimant_label(tokens(self.text, start, b)), "entity", "cue")
        return Suggestion(a, b, claimant_label(self.toks[i:j]), "entity", "cue")

    def run(self) -> None:
        s, toks = self.s, self.toks
        speaker: Suggestion | None = None
        i = 0
        while i < len(toks):
            t = toks[i]
            nxt = None
            participle = _is(t, PARTICIPLES)
            if participle or _is(t, SPEECH) or _is(t, HEDGE_VERBS) or _is(t, TRANSMIT):
                found = self.report(i, speaker if participle else None, participle)
                if found is not None:
                    claim, who, resume = found
                    speaker = who
                    i = resume
                    continue
            elif _bare(t.key) == "من" and i + 2 < len(toks) and toks[i + 1].key in IMPERSONAL_AFTER_MIN \
                    and s.that_at(i + 2) is not None:
                nxt = s.claim_from(i + 3, False)
            elif _is(t, IMPERSONAL) and (that := s.that_at(i + 1)) is not None:
                nxt = s.claim_from(that + 1, False)
            elif _is(t, ATTRIBUTION_L) or _is(t, ATTRIBUTION) or _is(t, NAQLAN):
                i = self.attribution(i)
                continue
            if nxt is not None:
                self.add(nxt[0], nxt[1], None, True)
                i = nxt[2]
                continue
            i += 1

    def report(self, i: int, speaker: Suggestion | None, participle: bool):
        """A reporting verb (or participle) at token i: find its claimant and
        the particle or colon that opens the claim."""
        s, toks, text = self.s, self.toks, self.text
        t = toks[i]
        hedge = _is(t, HEDGE_VERBS)
        transmit = _is(t, TRANSMIT)
        a, b = s.claimant(i + 1)
        who = speaker if participle else self.entity(a, b)
        via = None
        j = b
        limit = j + (40 if transmit else 15)
        nxt = None
        if j < len(toks) and toks[j].text in "،,":
            # an aside between the claimant and the particle: «X، الذي ...، أن»
            close = next((q for q in range(j + 1, min(j + 14, len(toks))) if toks[q].text in "،,"), None)
            if close is not None and s.that_at(close + 1) is not None:
                j = close + 1
        while j < min(limit, len(toks)):
            u = toks[j]
            that = s.that_at(j)
            if that is not None:
                inclusive = toks[that].key in THAT_PRONOUN
                nxt = s.claim_from(that if inclusive else that + 1, inclusive)
                break
            if u.text == ":":
                nxt = s.claim_from(j + 1, False)
                break
            if u.key in MASDAR:
                that = s.that_at(j + 1)
                if that is None and j + 1 < len(toks) and toks[j + 1].text == ":":
                    nxt = s.claim_from(j + 2, False)
                elif that is not None:
                    inclusive = toks[that].key in THAT_PRONOUN
                    nxt = s.claim_from(that if inclusive else that + 1, inclusive)
                else:
                    nxt = s.claim_from(j + 1, False)
                break
            if u.key in AN:
                if transmit:
                    if who is not None:
                        via = text[who.start:who.end]
                    a, b = s.claimant(j + 1)
                    who = self.entity(a, b)
                    j = b
                    continue
                if j == b and not participle:  # أعلن X عن CLAIM
                    nxt = s.claim_from(j + 1, False)
                    break
            if j > b and (_is(u, SPEECH) or _is(u, TRANSMIT)):
                break
            if u.text in ".!؟?":
                break
            j += 1
        if nxt is None:
            return None
        start, end, resume = nxt
        claim = self.add(start, end, who, hedge, via)
        return claim, who, resume

    def attribution(self, i: int) -> int:
        """``وفقا لـ X`` / ``بحسب X`` / ``نقلا عن X`` at token i; returns
        the token index where scanning resumes."""
        s, toks, text = self.s, self.toks, self.text
        t = toks[i]
        j = i + 1
        first = None
        if _is(t, ATTRIBUTION_L) and j < len(toks):
            if toks[j].key == "ل":
                j += 1
            elif toks[j].key.startswith("ل") and len(toks[j].key) > 3:
                pieces = split_proclitics(text, toks[j].start, toks[j].end)
                first = pieces[1][0] if len(pieces) > 1 else toks[j].start + 1
        elif _is(t, NAQLAN) and j < len(toks) and toks[j].key in AN:
            j += 1
        k = j
        while k < len(toks) and toks[k].is_word and k - j < MAX_CLAIMANT:
            k += 1
        if k == j:
            return i + 1
        who = self.entity(j, k, first)
        if all(not u.is_word for u in toks[:i]):  # بحسب X، (فإن) CLAIM
            if k < len(toks) and toks[k].text in "،,":
                p = k + 1
                if p < len(toks) and toks[p].key in FA_INNA:
                    p += 1
                nxt = s.claim_from(p, False)
                if nxt is not None:
                    self.add(nxt[0], nxt[1], who, False)
                    return nxt[2]
            return k
        comma = i - 1
        if comma < 1 or toks[comma].text not in "،,":
            return k
        before = toks[comma - 1].end
        for claim, claimant in self.claims:
            if claim.end == before:
                if claimant is None:
                    self.attach(claim, who)
                return k
        # CLAIM، وفقا لـ X: the claim is the clause before the comma
        first_word = toks[0]
        start = first_word.start
        pieces = split_proclitics(text, first_word.start, first_word.end)
        if len(pieces) > 1 and text[pieces[0][0]:pieces[0][1]] in ("و", "ف"):
            start = pieces[1][0]
        if before > start:
            self.add(start, before, who, False)
        return k
