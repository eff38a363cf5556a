"""Claim cues: reporting verbs and attributions propose a claim, its
claimant and a SOURCE relation."""

import json

import pytest

from annotator.suggest.cues import propose
from tests.conftest import DATA


def claims(text):
    """[(claim surface, claimant surface or None, certainty)] as proposed."""
    p = propose(text)
    source = {id(r.head): r.tail for r in p.relations}
    out = []
    for sp in p.spans:
        if sp.layer == "claim" and sp.label == "CLAIM":
            who = source.get(id(sp))
            out.append(
                (text[sp.start : sp.end], None if who is None else text[who.start : who.end], sp.attrs["certainty"])
            )
    return out


def corpus_with_claims():
    out = []
    with open(DATA / "suggest_corpus.jsonl", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            if any(s["layer"] == "claim" for s in doc["spans"]):
                out.append(pytest.param(doc, id=doc["id"]))
    return out


def test_seed_official_after_qala_inna(seed_text):
    found = claims(seed_text)
    start = seed_text.index("القوات الأمريكية شنت 4 غارات")
    end = seed_text.index("التنظيم الإرهابي.", start) + len("التنظيم الإرهابي")
    assert (seed_text[start:end], "مسؤول عسكري أمريكي", "reported") in found


def test_seed_quoted_claim_attributed_through_naqalat_an(seed_text):
    p = propose(seed_text)
    claim = next(s for s in p.spans if s.layer == "claim" and seed_text[s.start : s.end].startswith("الغارات تسببت"))
    assert (
        seed_text[claim.start : claim.end]
        == "الغارات تسببت في مقتل نحو 43 إرهابيا من داعش، ويتبقى نحو 100 إرهابي آخرين"
    )
    assert seed_text[claim.start - 1] == '"' and seed_text[claim.end] == '"'  # the inside of the quotes
    assert claim.attrs["claimant"] == "المسؤول العسكري"
    assert claim.attrs["via"] == 'صحيفة "Armytimes" العسكرية الأمريكية'
    (rel,) = [r for r in p.relations if r.head is claim]
    assert rel.label == "SOURCE" and seed_text[rel.tail.start : rel.tail.end] == "المسؤول العسكري"
    assert rel.tail.layer == "entity" and rel.tail.label == "PERSON"


def test_seed_aside_between_claimant_and_particle_is_skipped(seed_text):
    found = {c: who for c, who, _ in claims(seed_text)}
    claim = next(c for c in found if c.startswith("واشنطن تركز على حل سياسي"))
    assert found[claim] == "المسؤول الأمريكي"
    # «مشيراً إلى أن» and «موضحا أن» continue the same speaker's report
    assert found["التنظيم يسعى حاليا لتجنيد سكان ليبيا"] == "المسؤول"
    assert found["عناصره الحالية هم ليبيون أصليون"] == "المسؤول"


@pytest.mark.parametrize("doc", corpus_with_claims())
def test_corpus_sentence_claim_and_claimant(doc):
    text = doc["text"]
    entities = {s["id"]: s for s in doc["spans"] if s["layer"] == "entity"}
    expected = []
    for s in doc["spans"]:
        if s["layer"] == "claim":
            rel = next((r for r in doc["relations"] if r["head"] == s["id"]), None)
            who = entities[rel["tail"]] if rel else None
            expected.append(
                (text[s["start"] : s["end"]], text[who["start"] : who["end"]] if who else None, s["attrs"]["certainty"])
            )
    assert claims(text) == expected
    # a proposed claimant has the offsets and label the annotator gave
    for sp in propose(text).spans:
        if sp.layer == "entity":
            assert (sp.start, sp.end, sp.label) in {(e["start"], e["end"], e["label"]) for e in entities.values()}


def test_forms_with_tashkeel_tatweel_and_proclitics():
    assert claims("فقالَتْ الوزارةُ إنَّ الهدنةَ صامدة.") == [("الهدنةَ صامدة", "الوزارةُ", "reported")]
    assert claims("وقــال المتحدث إن الطريق مفتوح.") == [("الطريق مفتوح", "المتحدث", "reported")]
    assert claims("وتؤكد الحكومة أن الانتخابات في موعدها.") == [("الانتخابات في موعدها", "الحكومة", "reported")]
    assert claims("وأكدوا أن الطريق آمن.") == [("الطريق آمن", None, "reported")]


def test_hedges():
    assert claims("ويُعتقد أن القائد قتل في الغارة.") == [("القائد قتل في الغارة", None, "hedged")]
    assert claims("وقال محلل إن الهدنة ربما تنهار.") == [("الهدنة ربما تنهار", "محلل", "hedged")]
    assert claims("وقال محلل إن الهدنة قد تنهار.")[0][2] == "hedged"
    assert claims("وقال محلل إن الهدنة قد انهارت.")[0][2] == "reported"  # قد + perfect: already


def test_attribution_before_and_after_the_claim():
    assert claims("وبحسب وزارة الصحة، فإن الحصيلة ارتفعت إلى 20 قتيلا.") == [
        ("الحصيلة ارتفعت إلى 20 قتيلا", "وزارة الصحة", "reported")
    ]
    assert claims("ارتفعت الأسعار بنسبة 5 في المئة، وفقًا لوكالة الأنباء.") == [
        ("ارتفعت الأسعار بنسبة 5 في المئة", "وكالة الأنباء", "reported")
    ]
    # لـ written apart, with tatweel, stays outside the claimant
    assert claims("وصلت القافلة، طبقا لـ الهلال الأحمر.")[0][1] == "الهلال الأحمر"


def test_no_cue_no_claim(seed_text):
    assert claims("وزار الوزير مدينة سرت أمس.") == []
    # a reporting verb with no particle or colon proposes nothing
    assert claims("وحذرت قيادات عسكرية أمريكية ليبيا من تنامي نفوذ داعش.") == []


@pytest.mark.parametrize("end", ["", ".", "؟", "!"])
def test_a_closing_quote_stays_in_the_claim_before_final_punctuation(end):
    text = f'قال المسؤول إن الوضع "خطير"{end}'
    assert [c for c, _, _ in claims(text)] == ['الوضع "خطير"']
