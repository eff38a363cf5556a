"""Claim cues, by phenomenon, on news sentences: coordinated claims, the claimant
before its verb, a quote before its cue, more cues, claimant trimming,
claimant labels and the certainty rule."""

import pytest

from annotator.model import CERTAINTIES, CLAIMANT
from annotator.suggest.cues import propose


def claims(text):
    """[(claim, claimant or None, certainty)] as proposed."""
    p = propose(text)
    source = {id(r.head): r.tail for r in p.relations}
    out = []
    for sp in p.spans:
        if sp.layer == "claim" and sp.label == "CLAIM":
            who = source.get(id(sp))
            out.append(
                (text[sp.start : sp.end], None if who is None else text[who.start : who.end], sp.attrs["certainty"])
            )
            assert sp.attrs.get("claimant") == (None if who is None else text[who.start : who.end])
    return out


def claimant_spans(text):
    return [(text[s.start : s.end], s.layer, s.label) for s in propose(text).spans if s.label != "CLAIM"]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "قال الرئيس إن الاقتصاد يتعافى، فيما أكد الوزير أن التضخم تراجع.",
            [("الاقتصاد يتعافى", "الرئيس", "reported"), ("التضخم تراجع", "الوزير", "reported")],
        ),
        (
            "أعلنت الشرطة أن الطريق مغلق بينما قالت البلدية إن العمل جار لفتحه.",
            [("الطريق مغلق", "الشرطة", "reported"), ("العمل جار لفتحه", "البلدية", "reported")],
        ),
        (
            "أكد المدرب أن الفريق جاهز، في حين رأى المحللون أن المهمة صعبة.",
            [("الفريق جاهز", "المدرب", "reported"), ("المهمة صعبة", "المحللون", "reported")],
        ),
        (
            "قال الوزير إن الموازنة متوازنة، وأضاف أن العجز سيتراجع.",
            [("الموازنة متوازنة", "الوزير", "reported"), ("العجز سيتراجع", "الوزير", "reported")],
        ),
        (
            "قال الطبيب إن المريض تحسن وأكدت إدارة المستشفى أن حالته مستقرة.",
            [("المريض تحسن", "الطبيب", "reported"), ("حالته مستقرة", "إدارة المستشفى", "reported")],
        ),
        # a cue verb inside the claim that reports nothing of its own does not split it
        (
            "قال المتحدث إن الجيش تقدم وأعلن السيطرة على المدينة.",
            [("الجيش تقدم وأعلن السيطرة على المدينة", "المتحدث", "reported")],
        ),
    ],
)
def test_coordinated_claims_each_with_its_source(text, expected):
    assert claims(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("وكان وزير المالية قد أعلن أن العجز سينخفض.", [("العجز سينخفض", "وزير المالية", "reported")]),
        ("المتحدث باسم الخارجية قال إن المفاوضات مستمرة.", [("المفاوضات مستمرة", "المتحدث باسم الخارجية", "reported")]),
        ("الشرطة أكدت أن المشتبه به اعتقل.", [("المشتبه به اعتقل", "الشرطة", "reported")]),
        ("فيما الوزير أكد أن الخطة جاهزة.", [("الخطة جاهزة", "الوزير", "reported")]),
        ("بعد الاجتماع أكد أن الخطة جاهزة.", [("الخطة جاهزة", None, "reported")]),  # not a subject
    ],
)
def test_claimant_before_the_verb(text, expected):
    assert claims(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("«لن نتراجع عن الإصلاحات»، قال وزير الخارجية.", [("لن نتراجع عن الإصلاحات", "وزير الخارجية", "reported")]),
        ('"المباراة كانت صعبة" قال المدرب.', [("المباراة كانت صعبة", "المدرب", "reported")]),
    ],
)
def test_quote_before_its_cue(text, expected):
    assert claims(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ونسبت الصحيفة إلى مصدر أمني قوله إن الهجوم أحبط.", [("الهجوم أحبط", "مصدر أمني", "reported")]),
        ("وادعى المتهم أنه كان خارج البلاد.", [("أنه كان خارج البلاد", "المتهم", "hedged")]),
        ("وزعم التنظيم أن مقاتليه سيطروا على القرية.", [("مقاتليه سيطروا على القرية", "التنظيم", "hedged")]),
        ("وقيل إن الحريق بدأ في المطبخ.", [("الحريق بدأ في المطبخ", None, "reported")]),
        ("ونفى الجيش وجود قوات أجنبية في المنطقة.", [("وجود قوات أجنبية في المنطقة", "الجيش", "denied")]),
        ("ونفت الوزارة أن تكون الأسعار قد ارتفعت.", [("تكون الأسعار قد ارتفعت", "الوزارة", "denied")]),
        ("وأفادت وكالة الأنباء بأن الطائرة هبطت بسلام.", [("الطائرة هبطت بسلام", "وكالة الأنباء", "reported")]),
        ("ولفت الخبير إلى أن الطلب يتزايد.", [("الطلب يتزايد", "الخبير", "reported")]),
        ("ونوّه المدير إلى أن التسجيل مفتوح.", [("التسجيل مفتوح", "المدير", "reported")]),
        (
            "وشدد الأمين العام للأمم المتحدة على أن الحل سياسي.",
            [("الحل سياسي", "الأمين العام للأمم المتحدة", "reported")],
        ),
        (
            "واتهمت وزارة الداخلية المعارضة بالتحريض على العنف.",
            [("المعارضة بالتحريض على العنف", "وزارة الداخلية", "reported")],
        ),
        ("وحذّرت الأرصاد من أن العاصفة ستشتد.", [("العاصفة ستشتد", "الأرصاد", "reported")]),
        ("ورجّح المحلل أن تنخفض الأسعار.", [("تنخفض الأسعار", "المحلل", "hedged")]),
        ("وتوقع البنك أن ينمو الاقتصاد بنسبة 3 في المئة.", [("ينمو الاقتصاد بنسبة 3 في المئة", "البنك", "hedged")]),
        ("ويُعتقد أن السفينة غرقت.", [("السفينة غرقت", None, "hedged")]),
        ("وتشير التقديرات إلى أن عدد السياح تضاعف.", [("عدد السياح تضاعف", "التقديرات", "hedged")]),
        ("ومن المؤكد أن البطولة ستقام في موعدها.", [("البطولة ستقام في موعدها", None, "asserted")]),
        ("ولا شك أن الموسم كان ناجحا.", [("الموسم كان ناجحا", None, "asserted")]),
    ],
)
def test_more_cues_and_their_certainty(text, expected):
    assert claims(text) == expected


@pytest.mark.parametrize(
    "text, claimant",
    [
        ("وقالت الناشطة سارة أحمد لبي بي سي إن الوضع مأساوي.", "الناشطة سارة أحمد"),
        ("وقال مسؤول لرويترز إن الصفقة أبرمت.", "مسؤول"),
        ("وقال المتحدث للصحفيين إن الاجتماع انتهى.", "المتحدث"),
        ("وأضاف الوزير قائلا إن الدعم سيستمر.", "الوزير"),
        ("الحصيلة ارتفعت إلى 10 قتلى، بحسب ما أفاد به مصدر في وزارة الطاقة.", "مصدر في وزارة الطاقة"),
        ("الهجوم صُد، وفقا لما قاله قائد الجيش.", "قائد الجيش"),
    ],
)
def test_claimant_is_the_speaker_noun_phrase_only(text, claimant):
    (found,) = claims(text)
    assert found[1] == claimant


@pytest.mark.parametrize(
    "text, expected",
    [
        ("وقالت الشرطة إن المتهم فر.", [("الشرطة", "entity", "ORG")]),
        ("وأعلنت وزارة الصحة أن الإصابات تراجعت.", [("وزارة الصحة", "entity", "ORG")]),
        ("وقال مسؤول عسكري إن الهجوم صد.", [("مسؤول عسكري", "entity", "PERSON")]),
        ("وذكر التقرير أن البطالة ارتفعت.", [("التقرير", "claim", CLAIMANT)]),
        ("وأشارت التقديرات الأولية إلى أن الأضرار كبيرة.", [("التقديرات الأولية", "claim", CLAIMANT)]),
        ("وأكد بيان صادر عن الجيش أن العملية انتهت.", [("بيان صادر عن الجيش", "claim", CLAIMANT)]),
        ("وذكرت وسائل إعلام محلية أن الانفجار وقع ليلا.", [("وسائل إعلام محلية", "claim", CLAIMANT)]),
    ],
)
def test_claimant_labels(text, expected):
    assert claimant_spans(text) == expected
    p = propose(text)
    (rel,) = p.relations
    assert (
        rel.label == "SOURCE"
        and (rel.tail.start, rel.tail.end) == (p.spans[-1].start, p.spans[-1].end)
        or rel.tail in p.spans
    )


def test_every_certainty_the_engine_gives_is_in_the_vocabulary():
    text = "قال الوزير إن الخطة جاهزة. ونفى الجيش أن يكون انسحب. ورجح خبير أن تتأخر. ومن المؤكد أن الموعد ثابت."
    got = {c[2] for c in claims(text)}
    assert got == {"reported", "denied", "hedged", "asserted"} and got <= set(CERTAINTIES)


@pytest.mark.parametrize(
    "text",
    [
        "وأكد الوزير على ضرورة التعاون بين البلدين.",
        "وكتب الشاعر قصيدة عن الوطن.",
        "وأظهر اللاعب مهارة عالية في المباراة.",
        "وأشار الحكم إلى نقطة الجزاء.",
        "وتحدث الوزير عن خطط الحكومة، فيما زار رئيس الوزراء المستشفى.",
        "وأعرب الرئيس عن أمله في أن تنتهي الأزمة.",
        "وطالب النواب بأن تستقيل الحكومة.",
        "وقرر المجلس أن تعقد الجلسة غدا.",
        "بعد أن قال الوزير كلمته غادر القاعة.",
    ],
)
def test_cue_like_words_without_a_claim(text):
    assert claims(text) == []
