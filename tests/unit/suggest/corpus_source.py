"""The suggestion corpus written as marked-up sentences, and the code that
turns the markup into ``tests/data/suggest_corpus.jsonl`` (offsets are
computed, never typed by hand).

Markup: ``[surface|LABEL]`` is an entity span; ``[surface|LABEL*]`` an entity
that is the claimant of a claim; ``{...}`` a claim. Right after ``{`` come
optional flags: ``?`` hedged (default: reported), ``!`` asserted, ``-`` denied,
``0`` no claimant. Claims with a claimant are paired in order with the starred
entities of their sentence.

Annotation guideline (what the cue engine aims at):
- entities: named people, organisations, places (GPE: country/city, LOC:
  region, field, desert, sea); a described person or body (``مسؤول عسكري
  أمريكي``) is labelled when it is a claimant. Proclitics (و ب ل ف ك, and
  ``لـ``) stay outside; the article ال stays inside. Nationality adjectives
  are not labelled. No nested entities.
- claim: the reported content after إن/أن/بأن (the particle left out; a
  particle carrying a pronoun, ``أنه``, stays in), the inside of the quotes
  after a colon, or the clause before ``، وفقا لـ``/``، بحسب``; it ends at
  the end of the sentence, without the final full stop.
- claimant: the subject noun phrase between the cue and the particle, cut at
  a comma, ``قوله``, a ``في``-phrase naming the occasion (``في مؤتمر صحفي``)
  or a ``لـ``-phrase naming a medium (``لوكالة فرانس برس``).
"""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "data" / "suggest_corpus.jsonl"
ANNOTATOR = "amira"

SENTENCES = [
    "قال [مسؤول عسكري أمريكي|PERSON*] إن {القوات الأمريكية شنت أربع غارات جوية على مواقع [داعش|ORG] في جنوب [ليبيا|GPE]}.",
    "وأكد [وزير الخارجية الليبي|PERSON*] أن {حكومته تسعى إلى حل سياسي شامل في البلاد}.",
    "وأوضحت [وزارة الصحة|ORG*] أن {عدد الضحايا ارتفع إلى 43 قتيلا في مدينة [سرت|GPE]}.",
    "وحذر [رئيس المجلس الرئاسي|PERSON*] من أن {?الهجمات قد تتكرر إذا لم تتوحد المؤسسات}.",
    "وأعلنت [بعثة الأمم المتحدة للدعم في ليبيا|ORG*] أن {جولة جديدة من المحادثات ستعقد في [جنيف|GPE] الشهر المقبل}.",
    "وأشار [المتحدث باسم الحكومة|PERSON*] إلى أن {الرواتب ستصرف قبل نهاية الشهر}.",
    "ونقلت [وكالة رويترز|ORG] عن [مصدر أمني|PERSON*] قوله إن {مسلحين هاجموا نقطة تفتيش قرب [مصراتة|GPE]}.",
    "{سقط 12 قتيلا في اشتباكات عنيفة جنوب [طرابلس|GPE]}، وفقا لـ[وكالة الأنباء الليبية|ORG*].",
    "وبحسب [المرصد الليبي لحقوق الإنسان|ORG*]، فإن {أكثر من 200 عائلة نزحت من مدينة [ترهونة|GPE]}.",
    'وقال [أحمد المسماري|PERSON*]: "{قواتنا تتقدم بثبات نحو وسط [طرابلس|GPE]}".',
    "ويُعتقد أن {0?عناصر التنظيم فروا إلى [الصحراء الكبرى|LOC]}.",
    "ورجح [محللون عسكريون|PERSON*] أن {?يعود التنظيم إلى تنفيذ هجمات خاطفة في [الجنوب الليبي|LOC]}.",
    "وزار [فايز السراج|PERSON] مدينة [مصراتة|GPE] أمس الثلاثاء برفقة وفد من [حكومة الوفاق|ORG].",
    "ووصلت طائرة تحمل مساعدات طبية من [تركيا|GPE] إلى [مطار معيتيقة|LOC] الدولي.",
    "واستضافت [القاهرة|GPE] اجتماعا لممثلي [مجلس النواب|ORG] و[المجلس الأعلى للدولة|ORG].",
    "وقالت [منظمة العفو الدولية|ORG*] إن {المدنيين في [درنة|GPE] يعانون من نقص حاد في المياه}.",
    "وذكرت [صحيفة الشرق الأوسط|ORG*] أن {[خليفة حفتر|PERSON] التقى مسؤولين فرنسيين في [باريس|GPE]}.",
    "وأكدت [الخارجية المصرية|ORG*] أن {[القاهرة|GPE] تدعم وقف إطلاق النار في [ليبيا|GPE]}.",
    "وكشف [فريق خبراء الأمم المتحدة|ORG*] أن {شحنات أسلحة وصلت إلى [بنغازي|GPE] عبر البحر}.",
    "وأعلن [الجيش الوطني الليبي|ORG*] أن {قواته سيطرت على [حقل الشرارة|LOC] النفطي}.",
    "وأشارت [المؤسسة الوطنية للنفط|ORG*] إلى أن {إنتاج النفط تراجع إلى 300 ألف برميل يوميا}.",
    "وقال [السفير الأمريكي|PERSON*] إن {[واشنطن|GPE] لن تعترف بأي حكومة موازية}.",
    "وأوضح [مصدر حكومي|PERSON*] أن {الاجتماع المقبل سيعقد في [تونس|GPE]}.",
    "ولفتت [الصحيفة|ORG*] إلى أن {الطيران الأمريكي نفذ 6 غارات في عام 2018}.",
    "وحذرت [منظمة الصحة العالمية|ORG*] من أن {المستشفيات في جنوب البلاد تعمل بأقل من نصف طاقتها}.",
    "وتوجه [عبد الحميد الدبيبة|PERSON] إلى [أنقرة|GPE] لبحث التعاون مع الرئيس [رجب طيب أردوغان|PERSON].",
    "وشهدت مدينة [الزاوية|GPE] اشتباكات بين مجموعات مسلحة ليلة الأحد.",
    "وتمتد [الصحراء الكبرى|LOC] عبر جنوب [ليبيا|GPE] و[الجزائر|GPE] و[النيجر|GPE].",
    "وقال [مسؤول في البنك المركزي|PERSON*] إن {احتياطيات النقد الأجنبي انخفضت بنسبة 10 في المئة}.",
    "وأكد [المبعوث الأممي|PERSON*] أن {الانتخابات يجب أن تجرى قبل نهاية العام}.",
    "ونقلت [قناة الجزيرة|ORG] عن [شهود عيان|PERSON*] قولهم إن {انفجارا قويا هز وسط [بنغازي|GPE]}.",
    "{ارتفع عدد المهاجرين الذين وصلوا إلى [إيطاليا|GPE] من السواحل الليبية}، بحسب [المنظمة الدولية للهجرة|ORG*].",
    "وقالت [السفارة الأمريكية|ORG*] إن {[واشنطن|GPE] تتابع التطورات باهتمام}.",
    "وأعلنت [وزارة الداخلية|ORG*] عن {القبض على خلية تابعة لتنظيم [داعش|ORG] في [صبراتة|GPE]}.",
    "وأضاف [المسؤول|PERSON*] أن {التنظيم يسعى حاليا لتجنيد سكان محليين}.",
    "وتابع [الناطق باسم الشرطة|PERSON*] قوله بأن {الوضع الأمني تحت السيطرة}.",
    "ويقول [خبراء|PERSON*] إن {?الصراع ربما يستمر لسنوات}.",
    "وأعلن [الهلال الأحمر الليبي|ORG*] أن {فرقه انتشلت 15 جثة من البحر قرب [زوارة|GPE]}.",
    "ووقعت [ليبيا|GPE] و[إيطاليا|GPE] مذكرة تفاهم بشأن الهجرة في [روما|GPE].",
    "وعقد [مجلس الأمن|ORG] جلسة طارئة في [نيويورك|GPE] لمناقشة الأزمة.",
    "وأكد [رئيس الوزراء الإيطالي|PERSON*] أن {بلاده لن تتدخل عسكريا في [ليبيا|GPE]}.",
    "وقال [قائد ميداني|PERSON*] ل[وكالة فرانس برس|ORG] إن {قواته صدت هجوما على [غريان|GPE]}.",
    "ونفى [المتحدث باسم حكومة الوفاق|PERSON*] أن {-تكون قوات أجنبية شاركت في القتال}.",
    "وقال [مسؤولون أمريكيون|PERSON*] إن {التنظيم لا يزال يملك شبكة تمويل واسعة}.",
    "وأفادت [مصادر محلية|PERSON*] بأن {رتلا عسكريا وصل إلى مدينة [سبها|GPE]}.",
    "وصرح [وزير الداخلية|PERSON*] بأن {الأجهزة الأمنية أحبطت هجوما إرهابيا في [الخمس|GPE]}.",
    "وتقع مدينة [غدامس|GPE] قرب الحدود مع [تونس|GPE] و[الجزائر|GPE].",
    "واجتمع [عقيلة صالح|PERSON] مع [خالد المشري|PERSON] في [الرباط|GPE].",
    "وفرضت [وزارة الخزانة الأمريكية|ORG] عقوبات على سبعة أفراد مرتبطين بتنظيم [داعش|ORG].",
    "وأعلن [الاتحاد الأوروبي|ORG*] أن {عملية إيريني ستواصل مراقبة حظر السلاح}.",
    "وقالت [صحيفة ليبيا الأحرار|ORG*] إن {طائرات مسيرة قصفت مواقع قرب [ترهونة|GPE]}.",
    "وأكد [المجلس الأعلى للدولة|ORG*] أن {أي اتفاق يجب أن يحترم الإعلان الدستوري}.",
    "ومن المرجح أن {0?تستأنف المفاوضات في [برلين|GPE] الأسبوع المقبل}.",
    "وأوضح [عماد السايح|PERSON*] أن {المفوضية جاهزة لتنظيم الانتخابات}.",
    "وحذرت [الأمم المتحدة|ORG*] من أن {ملايين الأطفال في [اليمن|GPE] يواجهون خطر المجاعة}.",
    "وقال [الرئيس التونسي|PERSON*] إن {[تونس|GPE] لن تكون ممرا للسلاح}.",
    "وشنت [القوات الجوية المصرية|ORG] ضربات على معسكرات قرب [درنة|GPE].",
    "وتسيطر [حكومة الوفاق|ORG] على معظم مناطق الغرب الليبي، بينما يسيطر [الجيش الوطني الليبي|ORG] على الشرق.",
    "ووصلت [ستيفاني ويليامز|PERSON] إلى [بنغازي|GPE] في زيارة تستغرق يومين.",
    "وأكدت [وكالة الأنباء الليبية|ORG*] أن {حركة الملاحة في ميناء [طرابلس|GPE] عادت إلى طبيعتها}.",
    "وقال [الكرملين|ORG*] إن {[موسكو|GPE] تدعم الحوار بين الأطراف الليبية}.",
    "ونقلت [صحيفة الغارديان|ORG] عن [دبلوماسي غربي|PERSON*] قوله إن {المفاوضات وصلت إلى طريق مسدود}.",
    "وأعلنت [شركة إيني|ORG*] أن {إنتاجها في [حقل الوفاء|LOC] لم يتأثر بالاشتباكات}.",
    "وكان [معمر القذافي|PERSON] قد حكم [ليبيا|GPE] لأكثر من أربعة عقود.",
    "ويعبر آلاف المهاجرين [البحر المتوسط|LOC] كل عام انطلاقا من السواحل الليبية.",
    "وزار وفد من [البرلمان الأوروبي|ORG] مدينتي [طبرق|GPE] و[البيضاء|GPE].",
    "وقالت [المفوضية السامية لشؤون اللاجئين|ORG*] إن {أكثر من 40 ألف شخص نزحوا من [سرت|GPE]}.",
    "وأضافت [المنظمة|ORG*] أن {الاحتياجات الإنسانية تتزايد في [الكفرة|GPE]}.",
    'وقال [المسؤول العسكري|PERSON*]: "{ذلك الأمر يعد تدهورا كبيرا لقدرات التنظيم}".',
    "وأكد [الناطق باسم الجيش|PERSON*]، في مؤتمر صحفي، أن {قواته دمرت ثلاث آليات عسكرية}.",
    "وأوضح [أسامة حماد|PERSON*] أن {الحكومة خصصت ميزانية طارئة لمدينة [درنة|GPE]}.",
    "ونقل [موقع بوابة الوسط|ORG] عن [مصدر عسكري|PERSON*] قوله إن {الطائرات استهدفت رتلا قرب [الجفرة|GPE]}.",
    "وحصلت [ليبيا|GPE] على استقلالها عام 1951.",
    "ويقع مقر [البنك المركزي|ORG] في [طرابلس|GPE].",
    "وتوقع [صندوق النقد الدولي|ORG*] أن {?ينمو الاقتصاد الليبي بنسبة 5 في المئة}.",
    "ويرأس [محمد المنفي|PERSON] [المجلس الرئاسي|ORG] منذ عام 2021.",
    "وانضمت [مالطا|GPE] إلى جهود مراقبة السواحل بالتعاون مع [خفر السواحل الليبي|ORG].",
    "وتعد [بنغازي|GPE] ثاني أكبر مدن [ليبيا|GPE] بعد [طرابلس|GPE].",
    "والتقى [أنطونيو غوتيريش|PERSON] بممثلين عن [الاتحاد الأفريقي|ORG] في [أديس أبابا|GPE].",
    "وتنتشر عناصر من مجموعة [فاغنر|ORG] قرب [سرت|GPE].",
    "وتعهدت [ألمانيا|GPE] بتقديم مساعدات إنسانية لسكان [درنة|GPE].",
    "ونالت [حكومة الوحدة الوطنية|ORG] ثقة [مجلس النواب|ORG] في مارس.",
    "وأكد [وزير الدفاع التركي|PERSON*] أن {قوات بلاده ستبقى في [ليبيا|GPE]}.",
    "وقالت [الخارجية الأمريكية|ORG*] إن {[واشنطن|GPE] فرضت عقوبات جديدة على مهربي البشر}.",
]


def parse(markup: str) -> tuple[str, list[dict], list[dict]]:
    """Text, spans and SOURCE relations of one marked-up sentence."""
    text: list[str] = []
    entities: list[dict] = []  # start, end, label, claimant
    claims: list[dict] = []  # start, end, flags
    i, open_entity, open_claim = 0, None, None
    pos = 0
    while i < len(markup):
        ch = markup[i]
        if ch == "[":
            assert open_entity is None, markup
            open_entity = pos
            i += 1
        elif ch == "|" and open_entity is not None:
            close = markup.index("]", i)
            label = markup[i + 1 : close]
            star = label.endswith("*")
            entities.append({"start": open_entity, "end": pos, "label": label.rstrip("*"), "claimant": star})
            open_entity = None
            i = close + 1
        elif ch == "{":
            assert open_claim is None, markup
            i += 1
            flags = ""
            while markup[i] in "?!0-":
                flags += markup[i]
                i += 1
            open_claim = {"start": pos, "flags": flags}
        elif ch == "}":
            claims.append({**open_claim, "end": pos})
            open_claim = None
            i += 1
        else:
            text.append(ch)
            pos += 1
            i += 1
    assert open_entity is None and open_claim is None, markup
    plain = "".join(text)
    spans, relations = [], []
    for n, e in enumerate(entities):
        e["id"] = f"e{n + 1}"
        spans.append(
            {
                "id": e["id"],
                "start": e["start"],
                "end": e["end"],
                "label": e["label"],
                "layer": "entity",
                "annotator": ANNOTATOR,
                "status": "accepted",
                "source": "manual",
                "attrs": {},
            }
        )
    claimants = [e for e in entities if e["claimant"]]
    with_claimant = [c for c in claims if "0" not in c["flags"]]
    assert len(claimants) == len(with_claimant), markup
    pairs = dict(zip(map(id, with_claimant), claimants, strict=True))
    for n, c in enumerate(claims):
        certainty = (
            "hedged"
            if "?" in c["flags"]
            else "asserted"
            if "!" in c["flags"]
            else "denied"
            if "-" in c["flags"]
            else "reported"
        )
        attrs: dict = {"certainty": certainty}
        claimant = pairs.get(id(c))
        if claimant is not None:
            attrs["claimant"] = plain[claimant["start"] : claimant["end"]]
        cid = f"c{n + 1}"
        spans.append(
            {
                "id": cid,
                "start": c["start"],
                "end": c["end"],
                "label": "CLAIM",
                "layer": "claim",
                "annotator": ANNOTATOR,
                "status": "accepted",
                "source": "manual",
                "attrs": attrs,
            }
        )
        if claimant is not None:
            relations.append(
                {
                    "id": f"r{n + 1}",
                    "head": cid,
                    "tail": claimant["id"],
                    "label": "SOURCE",
                    "annotator": ANNOTATOR,
                    "attrs": {},
                }
            )
    return plain, spans, relations


def documents() -> list[dict]:
    """The corpus as canonical JSONL dicts; every third sentence is held out."""
    docs = []
    for n, markup in enumerate(SENTENCES, start=1):
        text, spans, relations = parse(markup)
        split = "test" if n % 3 == 0 else "train"
        docs.append(
            {
                "id": f"news-{n:03d}",
                "text": text,
                "meta": {"source": "suggest-corpus", "split": split},
                "status": "done",
                "spans": spans,
                "relations": relations,
            }
        )
    return docs


def write(path: Path = CORPUS) -> int:
    docs = documents()
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    return len(docs)


if __name__ == "__main__":
    print(f"wrote {write()} documents to {CORPUS}")
