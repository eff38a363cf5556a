"""Claim cues: Arabic reporting verbs and attributions propose a claim span
(the reported content), its claimant (the speaker's noun phrase) and a
``SOURCE`` relation claim -> claimant.

Patterns handled, within one sentence (``annotator.arabic.tokens``):

* ``قال/أكد/أوضح/حذر/أعلن/أشار/أفاد/نوّه/شدد/... X إن|أن|بأن|من أن|إلى أن|على أن|عن CLAIM``:
  X is the claimant; a comma-delimited aside between X and the particle is
  skipped;
* the claimant before its verb: ``الشرطة أكدت أن``, ``المتحدث باسم الخارجية
  قال إن``, ``وكان وزير المالية قد أعلن أن`` (``كان`` and ``قد`` left out);
* ``... X: "CLAIM"`` and ``... X إن "CLAIM"``: a claim wholly in quotes is
  the inside of the quotes; a quote before its cue, ``«CLAIM»، قال X``;
* ``نقلت Y عن X قوله إن ...``, ``نقلت عن X تأكيده CLAIM`` and ``نسبت Y إلى X
  قوله إن ...``: X is the claimant, Y the medium (``attrs.via``);
* ``CLAIM، وفقا لـ X`` / ``CLAIM، بحسب X`` and ``بحسب X، فإن CLAIM``, also
  ``بحسب ما أفاد به X`` and ``وفقا لما قاله X`` (the relative clause left out);
* participles continuing a speaker's report: ``، مشيرا إلى أن CLAIM``,
  ``موضحا أن``, ``مضيفا أن``, ``قائلا إن`` (same claimant);
* two claims in one sentence: a second cue after ``فيما``, ``بينما``,
  ``في حين``, ``كما`` or a ``و`` glued to the verb ends the first claim and
  starts the second, with its own claimant (a second verb with no subject
  of its own keeps the first speaker: ``قال X إن ...، وأضاف أن ...``);
* denials ``نفى X أن CLAIM`` and ``نفى X وجود ...`` (the claim is what is
  denied); accusations ``اتهم X Y بـ...`` (the claim is the accused and the
  charge); impersonal cues without a claimant: ``يُعتقد أن``, ``من المرجح
  أن``, ``قيل إن``, ``من المؤكد أن``, ``تبين أن``, ``لا شك أن``.

The claimant is the speaker's noun phrase only: it ends at a particle, a
comma, ``قوله``, a participle (``قائلا``), a ``في``-phrase naming the
occasion (``في مؤتمر صحفي``), an addressee ``لـ`` + medium or pronoun
(``لرويترز``, ``للصحفيين``, ``لبي بي سي``, ``له``), ``على``/``إلى`` before
a particle, another verb, or a time word. Its start follows the article
convention of ``docs/CONTEXT.md`` (proclitics outside, the article inside).

Claimant labels: an institution (its head noun is in
:data:`annotator.arabic.cue_words.ORG_HEADS`: ministry, police, army,
company...) is an ``entity`` span labelled ``ORG``; a document, an estimate or
an unnamed collective (``التقرير``, ``التقديرات الأولية``, ``بيان صادر عن
الجيش``, ``وسائل إعلام محلية``) is not an entity: its span is a ``CLAIMANT``
mention on the ``claim`` layer (:data:`annotator.model.CLAIMANT`), and the
``SOURCE`` relation points at it all the same; any other claimant is a
``PERSON`` (named or described: ``مسؤول عسكري أمريكي``, ``شهود عيان``).

Certainty, the rule the engine follows (the vocabulary is
:data:`annotator.model.CERTAINTIES`):

* ``denied``: a denial verb (``نفى``); the claim is the content denied;
* ``hedged``: a hedging verb (``رجح``, ``توقع``), a distancing one (``زعم``,
  ``ادعى``: reported, but the writer keeps away from it), an impersonal hedge
  (``يُعتقد``, ``من المرجح``), an estimate as claimant (``تشير التقديرات``),
  or a claim that says ``ربما``/``يحتمل`` or ``قد`` + imperfect;
* ``asserted``: the writer's own assertion, no claimant (``من المؤكد أن``,
  ``تبين أن``, ``لا شك أن``);
* ``reported``: everything else: attributed speech, and the passive ``قيل
  إن`` (reported by nobody named).

Verb forms are matched on a key that ignores tashkeel, tatweel and hamza
forms, with ``و``/``ف`` allowed in front. The word lists are in
:mod:`annotator.arabic.cue_words`.

Written by hand: no library offers Arabic attribution rules; the guideline
they follow is in ``tests/unit/suggest/corpus_source.py``.
"""

from __future__ import annotations

from functools import lru_cache

from annotator.arabic.clitics import CONJUNCTIONS, split_proclitics
from annotator.arabic.cue_words import (
    ACCUSE,
    ADDRESSEE_PRONOUNS,
    AFTER_MIN_ASSERT,
    AFTER_MIN_HEDGE,
    AN,
    ANNOUNCE,
    ASCRIBE,
    ATTRIBUTION,
    ATTRIBUTION_L,
    BEFORE_THAT,
    BIHI,
    CLAIMANT_STOPS,
    COORDINATORS,
    DENIED_OBJECTS,
    DENY,
    DISTANCED,
    END_PUNCTUATION,
    ESTIMATE_HEADS,
    FA_INNA,
    FI,
    FI_ONLY,
    HEDGE_VERBS,
    HEDGE_WORDS,
    HIN,
    ILA,
    IMPERFECT_PREFIXES,
    IMPERSONAL_ASSERT,
    IMPERSONAL_HEDGE,
    ISSUED,
    KANA,
    LA,
    MA,
    MASDAR,
    MEDIA,
    MIN,
    NAQLAN,
    NO_DOUBT,
    NON_ENTITY_HEADS,
    NOT_A_SUBJECT,
    OCCASIONS,
    ORG_HEADS,
    PARTICIPLES,
    PASSIVE,
    QAD,
    SPEECH,
    THAT,
    THAT_PRONOUN,
    TRANSMIT,
)
from annotator.arabic.tokens import sentences
from annotator.model import CLAIMANT
from annotator.suggest.suggestions import RelationSuggestion, Suggestion, Suggestions
from annotator.suggest.words import QUOTES_CLOSE, QUOTES_OPEN, Token, tokens

MAX_CLAIMANT = 8
# The cue verbs that open a claim of their own (participles only continue one).
_VERBS = SPEECH | HEDGE_VERBS | DISTANCED | DENY | TRANSMIT | ASCRIBE | ACCUSE


@lru_cache(maxsize=1 << 16)
def _bare(k: str) -> str:
    """A key without a leading conjunction و/ف."""
    return k[1:] if len(k) >= 3 and k[0] in CONJUNCTIONS else k


def _is(tok: Token, lexicon: frozenset[str]) -> bool:
    return tok.key in lexicon or _bare(tok.key) in lexicon


def _noun(k: str) -> str:
    return k[2:] if k.startswith("ال") else k


def _in(k: str, lexicon: frozenset[str]) -> bool:
    """The word, without a و/ف and without its article, is in ``lexicon``."""
    return any(w in lexicon or (w.startswith("ال") and w[2:] in lexicon) for w in (k, _bare(k)))


def claimant_kind(words: list[Token]) -> tuple[str, str]:
    """``(layer, label)`` of a claimant span from its words (see the module
    doc): ``("entity", "ORG")``, ``("entity", "PERSON")`` or
    ``("claim", "CLAIMANT")``."""
    head = words[0].key
    if _in(head, NON_ENTITY_HEADS):
        return "claim", CLAIMANT
    if _in(head, ORG_HEADS):
        return "entity", "ORG"
    return "entity", "PERSON"


def claimant_label(words: list[Token]) -> str:
    """The label of a claimant span (``ORG``, ``PERSON`` or ``CLAIMANT``)."""
    return claimant_kind(words)[1]


def _addressee(t: Token) -> bool:
    """لـ + a medium or a pronoun: the person spoken to, not the speaker."""
    k = t.key
    if k in ADDRESSEE_PRONOUNS:
        return True
    if not k.startswith("ل") or len(k) < 3:
        return False
    return k[1:] in MEDIA or ("ا" + k[1:]) in MEDIA  # لرويترز, للصحفيين (ل + الصحفيين)


class _Sentence:
    def __init__(self, text: str, start: int, end: int):
        self.toks = tokens(text, start, end)

    def that_at(self, i: int) -> int | None:
        """If a complementizer (possibly after من/إلى/على) starts at i, the
        index of the complementizer token."""
        toks = self.toks
        if i < len(toks) and (toks[i].key in THAT or toks[i].key in THAT_PRONOUN):
            return i
        if (
            i + 1 < len(toks)
            and toks[i].key in BEFORE_THAT
            and (toks[i + 1].key in THAT or toks[i + 1].key in THAT_PRONOUN)
        ):
            return i + 1
        return None

    def claimant(self, i: int, deny: bool = False, ascribe: bool = False) -> tuple[int, int]:
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
            if t.key in AN and j > i and toks[j - 1].key in ISSUED:  # بيان صادر عن الجيش
                j += 1
                continue
            if (ascribe and t.key in ILA) or (
                self.that_at(j) is not None
                or t.key in MASDAR
                or t.key in CLAIMANT_STOPS
                or t.key in AN
                or occasion
                or t.key in ("ل",)
                or (j > i and _addressee(t))
                or _is(t, PARTICIPLES)
                or (j > i and _is(t, _VERBS))
                or (deny and j > i and _in(t.key, DENIED_OBJECTS))
            ):
                break
            j += 1
        if j - i > MAX_CLAIMANT:
            return i, i
        return i, j

    def claimant_before(self, i: int) -> tuple[int, int] | None:
        """The subject written before the verb at token i, as a token range
        ending before it (``الشرطة أكدت``, ``وكان وزير المالية قد أعلن``)."""
        toks = self.toks
        end = i
        if end > 0 and toks[end - 1].key in QAD:
            end -= 1
        k = end
        while k > 0 and end - k < MAX_CLAIMANT:
            u = toks[k - 1]
            if (
                not u.is_word
                or u.key in KANA
                or _is(u, COORDINATORS)
                or u.key in HIN
                or u.key in THAT
                or u.key in THAT_PRONOUN
                or _is(u, _VERBS)
                or _is(u, PARTICIPLES)
            ):
                break
            k -= 1
        if k == end:
            return None
        boundary = (
            k == 0
            or not toks[k - 1].is_word
            or toks[k - 1].key in KANA
            or _is(toks[k - 1], COORDINATORS)
            or toks[k - 1].key in HIN
        )
        if not boundary or _bare(toks[k].key) in NOT_A_SUBJECT or toks[k].key in NOT_A_SUBJECT:
            return None
        return k, end

    def claim_from(self, p: int, inclusive_that: bool) -> tuple[int, int, int] | None:
        """Claim characters [start, end) beginning at token p, and the index
        of the token where scanning may resume."""
        toks = self.toks
        if p >= len(toks):
            return None
        if toks[p].text in QUOTES_OPEN:
            close = next((q for q in range(p + 1, len(toks)) if toks[q].text in QUOTES_CLOSE), None)
            if close is not None and close > p + 1:
                rest = toks[close + 1 :]
                if not rest or rest[0].text in "،," or all(not t.is_word for t in rest):
                    return toks[p + 1].start, toks[close - 1].end, close + 1
        start = toks[p].start
        q = p
        while q < len(toks):
            t = toks[q]
            if t.text in "،," and q + 1 < len(toks) and (self.continues(q + 1) or self.second_cue(q + 1)):
                break
            if q > p and self.second_cue(q):
                break
            q += 1
        last = q - 1
        while last >= p and (toks[last].text in END_PUNCTUATION or toks[last].text in QUOTES_CLOSE):
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

    def opens_report(self, v: int) -> bool:
        """The cue verb at v is followed, within a few tokens, by a particle
        or a colon: it reports something of its own."""
        toks = self.toks
        for j in range(v + 1, min(v + 14, len(toks))):
            if self.that_at(j) is not None or toks[j].text == ":" or toks[j].key in MASDAR:
                return True
            if toks[j].text in ".!؟?" or (j > v + 1 and _is(toks[j], _VERBS)):
                return False
        return False

    def second_cue(self, q: int) -> bool:
        """A second report starts at token q: ``فيما/بينما/في حين/كما`` then a
        cue verb within a few words, or a cue verb with a glued ``و``."""
        toks = self.toks
        t = toks[q]
        if _is(t, COORDINATORS) or (t.key in FI and q + 1 < len(toks) and toks[q + 1].key in HIN):
            first = q + (2 if t.key in FI else 1)
            for v in range(first, min(first + MAX_CLAIMANT + 2, len(toks))):
                if not toks[v].is_word:
                    return False
                if _is(toks[v], _VERBS):
                    return self.opens_report(v)
            return False
        if t.key[:1] == "و" and len(t.key) > 3 and t.key[1:] in _VERBS:
            return self.opens_report(q)
        return False


# Every word the walk in _Finder.run reacts to.
_ANY_CUE = (
    _VERBS
    | PARTICIPLES
    | IMPERSONAL_HEDGE
    | PASSIVE
    | IMPERSONAL_ASSERT
    | ATTRIBUTION_L
    | ATTRIBUTION
    | NAQLAN
    | LA
    | MIN
)


def _span(toks: list[Token], i: int, j: int) -> tuple[int, int]:
    return toks[i].start, toks[j - 1].end


def _certainty(s: _Sentence, start: int, end: int, cue: str) -> str:
    """The certainty of a claim from its cue (``denied``, ``hedged``,
    ``asserted`` or ``reported``) and, for a reported one, its words."""
    if cue in ("denied", "hedged", "asserted"):
        return cue
    inside = [t for t in s.toks if start <= t.start and t.end <= end]
    for n, t in enumerate(inside):
        if _is(t, HEDGE_WORDS):
            return "hedged"
        if (
            t.key == "قد"
            and n + 1 < len(inside)
            and inside[n + 1].key[:1] in IMPERFECT_PREFIXES
            and len(inside[n + 1].key) > 3
        ):
            return "hedged"
    return "reported"


def propose(text: str) -> Suggestions:
    """Claim, claimant and SOURCE suggestions for every cue in ``text``."""
    out = Suggestions()
    for s_start, s_end in sentences(text):
        _Finder(text, _Sentence(text, s_start, s_end), out).run()
    return out


# a claim, its claimant (if found) and the token where scanning resumes
_Found = tuple[Suggestion, Suggestion | None, int]


class _Finder:
    """Walks the tokens of one sentence, proposing as it goes."""

    def __init__(self, text: str, s: _Sentence, out: Suggestions):
        self.text, self.s, self.out = text, s, out
        self.toks = s.toks
        self.claims: list[tuple[Suggestion, Suggestion | None]] = []

    def add(
        self, start: int, end: int, claimant: Suggestion | None, cue: str = "reported", via: str | None = None
    ) -> Suggestion:
        attrs = {"certainty": _certainty(self.s, start, end, cue)}
        if via:
            attrs["via"] = via
        claim = Suggestion(start, end, "CLAIM", "claim", "cue", attrs=attrs)
        self.out.spans.append(claim)
        self.claims.append((claim, None))
        if claimant is not None:
            self.attach(claim, claimant)
        return claim

    def attach(self, claim: Suggestion, claimant: Suggestion) -> None:
        claim.attrs["claimant"] = self.text[claimant.start : claimant.end]
        if claimant not in self.out.spans:
            self.out.spans.append(claimant)
        self.out.relations.append(RelationSuggestion(claim, claimant))
        self.claims = [(c, claimant if c is claim else w) for c, w in self.claims]

    def entity(self, i: int, j: int, start: int | None = None) -> Suggestion | None:
        """The claimant span over tokens [i, j); a proclitic on the first word
        (``والشرطة``, ``لـوكالة``) stays outside, the article inside."""
        if j <= i:
            return None
        a, b = _span(self.toks, i, j)
        if start is None:
            pieces = split_proclitics(self.text, a, self.toks[i].end)
            if len(pieces) > 1 and self.text[pieces[0][0] : pieces[0][1]] in CONJUNCTIONS:
                start = pieces[1][0]
        if start is not None and start != a:
            layer, label = claimant_kind(tokens(self.text, start, b))
            return Suggestion(start, b, label, layer, "cue")
        layer, label = claimant_kind(self.toks[i:j])
        return Suggestion(a, b, label, layer, "cue")

    def run(self) -> None:
        s, toks = self.s, self.toks
        speaker: Suggestion | None = None
        i = 0
        while i < len(toks):
            t = toks[i]
            if t.key not in _ANY_CUE and _bare(t.key) not in _ANY_CUE:
                i += 1  # most words: nothing to look at
                continue
            nxt = None
            cue = "reported"
            participle = _is(t, PARTICIPLES)
            if participle or _is(t, _VERBS):
                found = self.report(i, speaker, participle)
                if found is None and not participle:
                    found = self.quote_before(i)
                if found is not None:
                    claim, who, resume = found
                    speaker = who
                    i = resume
                    continue
            elif (
                _bare(t.key) == "من"
                and i + 2 < len(toks)
                and toks[i + 1].key in AFTER_MIN_HEDGE | AFTER_MIN_ASSERT
                and (that_min := s.that_at(i + 2)) is not None
            ):
                nxt = s.claim_from(that_min + 1, False)
                cue = "hedged" if toks[i + 1].key in AFTER_MIN_HEDGE else "asserted"
            elif (_is(t, IMPERSONAL_HEDGE) or _is(t, PASSIVE) or _is(t, IMPERSONAL_ASSERT)) and (
                that := s.that_at(i + 1)
            ) is not None:
                nxt = s.claim_from(that + 1, False)
                cue = "hedged" if _is(t, IMPERSONAL_HEDGE) else "asserted" if _is(t, IMPERSONAL_ASSERT) else "reported"
            elif t.key in LA and i + 1 < len(toks) and toks[i + 1].key in NO_DOUBT:
                k = i + 2 + (1 if i + 2 < len(toks) and toks[i + 2].key in FI_ONLY else 0)
                if (that := s.that_at(k)) is not None:
                    nxt = s.claim_from(that + 1, False)
                    cue = "asserted"
            elif _is(t, ATTRIBUTION_L) or _is(t, ATTRIBUTION) or _is(t, NAQLAN):
                i = self.attribution(i)
                continue
            if nxt is not None:
                self.add(nxt[0], nxt[1], None, cue)
                i = nxt[2]
                continue
            i += 1

    def quote_before(self, i: int) -> _Found | None:
        """``«CLAIM»، قال X``: a quote just before the cue verb at token i."""
        toks, s = self.toks, self.s
        k = i - 1
        if k >= 0 and toks[k].text in "،,":
            k -= 1
        if k < 1 or toks[k].text not in QUOTES_CLOSE:
            return None
        close = k
        opening = next((q for q in range(close - 1, -1, -1) if toks[q].text in QUOTES_OPEN), None)
        if opening is None or opening + 1 >= close:
            return None
        if any(c.start <= toks[opening + 1].start < c.end for c, _ in self.claims):
            return None
        a, b = s.claimant(i + 1)
        who = self.entity(a, b)
        claim = self.add(toks[opening + 1].start, toks[close - 1].end, who, self.verb_cue(toks[i]))
        return claim, who, max(b, i + 1)

    @staticmethod
    def verb_cue(t: Token) -> str:
        if _is(t, HEDGE_VERBS) or _is(t, DISTANCED):
            return "hedged"
        if _is(t, DENY):
            return "denied"
        return "reported"

    def report(self, i: int, speaker: Suggestion | None, participle: bool) -> _Found | None:
        """A reporting verb (or participle) at token i: find its claimant and
        the particle or colon that opens the claim."""
        s, toks, text = self.s, self.toks, self.text
        t = toks[i]
        cue = self.verb_cue(t)
        transmit = _is(t, TRANSMIT) or _is(t, ASCRIBE)
        deny = _is(t, DENY)
        if _is(t, ACCUSE):
            return self.accusation(i)
        a, b = s.claimant(i + 1, deny, _is(t, ASCRIBE))
        who = speaker if participle else self.entity(a, b)
        if who is None and not participle and a == b:
            before = s.claimant_before(i)
            if before is not None:
                who = self.entity(*before)
            elif speaker is not None and t.key[:1] == "و" and self.claims:
                who = speaker  # قال X إن ...، وأضاف أن ...: the same speaker
        if who is not None and who.layer == "claim" and a < b and _in(toks[a].key, ESTIMATE_HEADS):
            cue = "hedged"  # تشير التقديرات إلى أن
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
            if (u.key in AN and transmit) or (u.key in ILA and _is(t, ASCRIBE)):
                if who is not None:
                    via = text[who.start : who.end]
                a, b = s.claimant(j + 1)
                who = self.entity(a, b)
                j = b
                continue
            if u.key in AN and j == b and not participle and not transmit and _is(t, ANNOUNCE):  # أعلن X عن CLAIM
                nxt = s.claim_from(j + 1, False)
                break
            if deny and j == b and j > a and _in(u.key, DENIED_OBJECTS):  # نفى X وجود ...
                nxt = s.claim_from(j, False)
                break
            if j > b and _is(u, _VERBS):
                break
            if u.text in ".!؟?":
                break
            j += 1
        if nxt is None:
            return None
        start, end, resume = nxt
        claim = self.add(start, end, who, cue, via)
        return claim, who, resume

    def accusation(self, i: int) -> _Found | None:
        """``اتهم X Y بـ...``: X the claimant (a head noun and, for a noun in
        construct, the one after it), the claim from Y to the clause end."""
        s, toks = self.s, self.toks
        a = i + 1
        if a >= len(toks) or not toks[a].is_word:
            return None
        b = a + 1
        if not toks[a].key.startswith("ال") and b < len(toks) and toks[b].is_word and toks[b].key.startswith("ال"):
            b += 1  # وزارة الداخلية
        if b >= len(toks) or not toks[b].is_word:
            return None
        who = self.entity(a, b)
        nxt = s.claim_from(b, False)
        if nxt is None:
            return None
        claim = self.add(nxt[0], nxt[1], who, "reported")
        return claim, who, nxt[2]

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
            elif toks[j].key in MA:
                pass
            elif toks[j].key.startswith("ل") and len(toks[j].key) > 3:
                pieces = split_proclitics(text, toks[j].start, toks[j].end)
                first = pieces[1][0] if len(pieces) > 1 else toks[j].start + 1
        elif _is(t, NAQLAN) and j < len(toks) and toks[j].key in AN:
            j += 1
        if j < len(toks) and toks[j].key in MA and first is None:
            # بحسب ما أفاد به X, وفقا لما قاله X: the relative clause is not the claimant
            j += 2
            if j < len(toks) and toks[j].key in BIHI:
                j += 1
        k = j
        via = None
        while k < len(toks) and toks[k].is_word and k - j < MAX_CLAIMANT:
            if k > j and (toks[k].key in FA_INNA or s.that_at(k) is not None or toks[k].key in CLAIMANT_STOPS):
                break
            if k > j and toks[k].key in AN and k + 1 < len(toks) and toks[k + 1].is_word:
                via = text[toks[j].start : toks[k - 1].end]  # بحسب ما نقلت وكالة رويترز عن مصدر
                j = k + 1
                first = None
            k += 1
        if k <= j:
            return i + 1
        who = self.entity(j, k, first)
        assert who is not None  # k > j: the claimant has a token
        if all(not u.is_word for u in toks[:i]):  # بحسب X، (فإن) CLAIM
            p = None
            if k < len(toks) and toks[k].text in "،,":
                p = k + 1
            elif k < len(toks) and toks[k].key in FA_INNA:
                p = k
            if p is not None:
                if p < len(toks) and toks[p].key in FA_INNA:
                    p += 1
                nxt = s.claim_from(p, False)
                if nxt is not None:
                    self.add(nxt[0], nxt[1], who, "reported", via)
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
        if len(pieces) > 1 and text[pieces[0][0] : pieces[0][1]] in CONJUNCTIONS:
            start = pieces[1][0]
        if before > start:
            self.add(start, before, who, "reported", via)
        return k
