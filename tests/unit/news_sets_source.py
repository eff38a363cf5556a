"""Issue 17's evaluation sets for the number finder and the claim cues,
written as marked-up news sentences (economy, sport, health, politics,
weather), and the code that turns them into JSONL with computed offsets:

* ``tests/data/numbers_news_dev.jsonl`` and ``claims_news_dev.jsonl``: the
  development sets, written per phenomenon before and while the rules were
  changed (the rules were tuned on them);
* ``tests/data/numbers_news_heldout.jsonl`` and ``claims_news_heldout.jsonl``:
  written after the rules were done and never tuned on (see
  ``bench/RESULTS.md`` for how they were written).

Number markup: ``[surface|value|kind]`` (value a Python number or fraction
such as ``2/3``). Claim markup: ``<surface>`` is a claimant, ``{...}`` a
claim; right after ``{`` optional flags: ``?`` hedged, ``!`` asserted, ``-``
denied (default reported), ``0`` no claimant, ``^`` the claimant of the
claim before. Claims with a claimant of their own are paired in order with
the ``<...>`` of their sentence.

``python -m tests.unit.news_sets_source`` rewrites the four files.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"

NUMBERS_DEV = [
    # economy
    "وبلغت صادرات النفط [3 مليارات و200 مليون|3200000000|cardinal] دولار خلال [الربع|1/4|fraction] [الأول|1|ordinal] من العام.",
    "ورصدت الحكومة [مليار و٢٠٠ مليون|1200000000|cardinal] ريال لدعم المزارعين بنهاية [٢٠٢٢|2022|year].",
    "وتراجع معدل التضخم إلى [نصف في المئة|0.5|percent] في أغسطس، بعد أن سجل [2.3%|2.3|percent] في يوليو.",
    "واستحوذت الشركة على [ثلاثة أخماس|0.6|fraction] السوق المحلية خلال [2023|2023|year].",
    "وفقدت العملة [ثلث|1/3|fraction] قيمتها منذ [2019|2019|year].",
    "وبلغ حجم التبادل التجاري [مليون و200 ألف|1200000|cardinal] طن في [2021|2021|year]، مقابل [900 ألف|900000|cardinal] طن في العام السابق.",
    "وتحتل البلاد المرتبة [الـ45|45|ordinal] عالميا في مؤشر التنافسية.",
    "وخسرت البورصة [ثُمن|1/8|fraction] قيمتها السوقية خلال الأسبوع الماضي.",
    "وارتفعت أسعار الذهب [ثلاثة|3|cardinal] أيام متتالية لتبلغ [2,400|2400|cardinal] دولار للأوقية.",
    "وتتوقع الحكومة عجزا في موازنة العام [2025|2025|year] يبلغ [4 مليارات و500 مليون|4500000000|cardinal] دينار.",
    # sport
    "وحل المنتخب في المركز [الحادي عشر|11|ordinal] في التصنيف، متراجعا [ثلاثة|3|cardinal] مراكز.",
    "وسجل المهاجم هدفه [الثاني والعشرين|22|ordinal] هذا الموسم في الدقيقة [الـ90|90|ordinal].",
    "وتوج الفريق بلقب الدوري لموسم [2022|2022|year]-[2023|2023|year].",
    "وحضر المباراة [12 ألفاً و500|12500|cardinal] مشجع رغم الأمطار.",
    "ويحتفل النادي بعيد تأسيسه [الخمسين|50|ordinal] الشهر المقبل.",
    "وفاز الفريق بنتيجة [3|3|cardinal]-[1|1|cardinal] على أرضه.",
    "وبلغت قيمة انتقال اللاعب [مئتي مليون|200000000|cardinal] يورو.",
    "وشارك في الماراثون [ألفا|2000|cardinal] عداء من [سبعين|70|cardinal] دولة.",
    "وأنهى العداء السباق في المرتبة [الثالثة|3|ordinal] بفارق جزء من الثانية.",
    "وخاض الفريق [ثلاثين|30|cardinal] مباراة في الموسم [الحادي والعشرين|21|ordinal] من تاريخ البطولة.",
    # health
    "وسجلت وزارة الصحة [ألفي|2000|cardinal] إصابة جديدة و[سبع|7|cardinal] وفيات خلال [24|24|cardinal] ساعة.",
    "وأظهرت الدراسة أن [ثلثي|2/3|fraction] المرضى تعافوا خلال [14|14|cardinal] يوما.",
    "وتلقى [مليونا|2000000|cardinal] شخص الجرعة [الثانية|2|ordinal] من اللقاح.",
    "وأشار التقرير إلى أن [الثلثين|2/3|fraction] من الأطباء يعملون في العاصمة.",
    "وارتفع عدد الأسرة إلى [مئتين وخمسين|250|cardinal] سريرا في [2023|2023|year].",
    "وقد ألِفَ السكان انقطاع الكهرباء منذ [2014|2014|year].",
    "وكشفت الإحصاءات أن [واحدا|1|cardinal] من كل [عشرة|10|cardinal] أطفال يعاني من السمنة.",
    "وتبلغ ميزانية الصحة [4.5 في المئة|4.5|percent] من الناتج المحلي.",
    # politics
    "وفاز الحزب بـ[ثلاثة وأربعين|43|cardinal] مقعدا من أصل [مئة وخمسين|150|cardinal].",
    "وتحيي البلاد الذكرى [العشرين|20|ordinal] لاستقلالها.",
    "وانعقدت القمة [الثالثة والثلاثون|33|ordinal] للجامعة العربية في [2024|2024|year].",
    "ولم يعترض أحد من النواب على القرار.",
    "وصوت [مئتا|200|cardinal] نائب لصالح القانون، مقابل [ثلاثين|30|cardinal] صوتا.",
    "ووقع الاتفاق في [الثاني عشر|12|ordinal] من ربيع الأول [1445|1445|year] هـ.",
    "وشارك في الانتخابات [ستون في المئة|60|percent] من الناخبين.",
    "وتمتد الولاية [الثانية|2|ordinal] للرئيس حتى [2030|2030|year].",
    "وتعود جذور الأزمة إلى أواخر [2019|2019|year].",
    # weather
    "وتنخفض درجات الحرارة إلى [-5|-5|cardinal] درجات في المرتفعات.",
    "وسجلت محطة الرصد [سالب 3|-3|cardinal] درجات فجر اليوم.",
    "وتتراوح درجات الحرارة بين [10|10|cardinal] و[20|20|cardinal] درجة مئوية.",
    "وبلغت سرعة الرياح [ثمانين|80|cardinal] كيلومترا في الساعة.",
    "وهطلت [ثلاثة أرباع|3/4|fraction] كمية الأمطار السنوية خلال [ثلاثة|3|cardinal] أيام.",
    "وتوقعت الأرصاد أن تصل الحرارة إلى [7|-7|cardinal] درجات تحت الصفر.",
    "وتعد هذه العاصفة [الرابعة|4|ordinal] منذ مطلع [2025|2025|year].",
    "وشهد شهر صفر أمطارا غزيرة هذا العام.",
    "ولا تسع السدود كميات المياه المتدفقة.",
    # traps
    "وألّف الكاتب [ثلاثة|3|cardinal] كتب عن الحرب.",
    "وبلغ عدد الزوار [ألف|1000|cardinal] زائر في اليوم [الأول|1|ordinal].",
]

CLAIMS_DEV = [
    "قال <وزير الاقتصاد> إن {النمو سيتسارع العام المقبل}، فيما أكد <محافظ البنك المركزي> أن {التضخم تحت السيطرة}.",
    "وأعلنت <وزارة الصحة> أن {عدد الإصابات تراجع}، بينما حذر <خبراء> من أن {?موجة جديدة قد تضرب في الشتاء}.",
    "وكان <رئيس الوزراء> قد أعلن أن {الحكومة ستخفض الضرائب}.",
    "<المتحدث باسم الجيش> قال إن {القوات استعادت السيطرة على الطريق}.",
    "«{سنفوز بالبطولة هذا الموسم}»، قال <مدرب الفريق>.",
    "ونسبت صحيفة محلية إلى <مسؤول في الوزارة> قوله إن {المشروع سيكتمل في 2026}.",
    "وادعى <المتهم> أن {?الشرطة احتجزته دون سبب}.",
    "وقيل إن {0الوزير سيستقيل قريبا}.",
    "ونفى <النادي> {-وجود خلافات مع المدرب}.",
    "وزعمت <الجماعة> أن {?مقاتليها أسقطوا طائرة}.",
    "وأفادت <مصادر طبية> بأن {حالة اللاعب مستقرة}.",
    "ولفتت <الوزيرة> إلى أن {البرنامج يشمل 200 ألف أسرة}.",
    "ونوه <رئيس الجامعة> إلى أن {التسجيل يبدأ الأسبوع المقبل}.",
    "وشدد <الأمين العام للأمم المتحدة> على أن {الحل العسكري غير ممكن}.",
    "واتهمت <الحكومة> {المعارضة بعرقلة الإصلاحات}.",
    "وحذرت <هيئة الأرصاد> من أن {عاصفة رملية ستضرب المنطقة}.",
    "ورجح <محللون> أن {?يرفع البنك أسعار الفائدة}.",
    "وتوقع <صندوق النقد الدولي> أن {?يتباطأ النمو العالمي}.",
    "ويُعتقد أن {0?الفيروس انتقل من الحيوانات}.",
    "وتشير <التقديرات> إلى أن {?عدد النازحين تجاوز مليونا}.",
    "وقالت <الناشطة ليلى حسن> لبي بي سي إن {الأوضاع في المخيمات مأساوية}.",
    "{ارتفعت أسعار الوقود بنسبة 10 في المئة}، بحسب ما أفاد به <مصدر في وزارة الطاقة>.",
    "{تمكن الجيش من صد الهجوم}، وفقا لما قاله <قائد الجيش>.",
    "وأضاف <الوزير> قائلا إن {الدعم سيستمر}.",
    "وذكر <التقرير> أن {البطالة بين الشباب ارتفعت}.",
    "وأكد <بيان صادر عن الجيش> أن {العملية حققت أهدافها}.",
    "وذكرت <وسائل إعلام محلية> أن {انفجارا وقع قرب الميناء}.",
    "ومن المؤكد أن {0!الملعب سيكون جاهزا قبل البطولة}.",
    "و<الشرطة> أكدت أن {المشتبه به اعتقل في المطار}.",
    "وقال <المدرب> إن {اللاعبين جاهزون}، وأضاف أن {^الفريق سيلعب بطريقة هجومية}.",
    "ونفت <الشركة> أن {-تكون قد سرحت موظفين}.",
    "وأكدت <منظمة الصحة العالمية> أن {اللقاح آمن}، في حين رأى <بعض الأطباء> أن {الجرعة الثالثة غير ضرورية}.",
    "وقال <شهود عيان> لرويترز إن {إطلاق النار استمر ساعتين}.",
    "وأوضح <المتحدث باسم الشرطة>، في مؤتمر صحفي، أن {التحقيقات مستمرة}.",
    "وبحسب <الأرصاد الجوية>، فإن {درجات الحرارة ستنخفض}.",
    "وحذرت السلطات السكان من الاقتراب من الشاطئ.",
    "وزار الوزير المستشفى وتفقد أقسامه.",
]

NUMBERS_HELDOUT: list[str] = []
CLAIMS_HELDOUT: list[str] = []


def _value(s: str) -> int | float:
    if "/" in s:
        return float(Fraction(s))
    v = float(s)
    return int(v) if v.is_integer() and "." not in s and "e" not in s.lower() else v


def parse_numbers(markup: str) -> tuple[str, list[dict]]:
    text: list[str] = []
    numbers = []
    pos = 0
    i = 0
    while i < len(markup):
        if markup[i] == "[":
            close = markup.index("]", i)
            surface, value, kind = markup[i + 1:close].split("|")
            numbers.append({"start": pos, "end": pos + len(surface), "surface": surface,
                            "value": _value(value), "kind": kind})
            text.append(surface)
            pos += len(surface)
            i = close + 1
        else:
            text.append(markup[i])
            pos += 1
            i += 1
    return "".join(text), numbers


def parse_claims(markup: str) -> tuple[str, list[dict]]:
    text: list[str] = []
    claimants: list[tuple[int, int]] = []
    claims: list[dict] = []
    pos = 0
    i = 0
    open_claim = None
    open_who = None
    while i < len(markup):
        ch = markup[i]
        if ch == "<":
            open_who = pos
            i += 1
        elif ch == ">":
            claimants.append((open_who, pos))
            open_who = None
            i += 1
        elif ch == "{":
            i += 1
            flags = ""
            while markup[i] in "?!-0^":
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
    assert open_claim is None and open_who is None, markup
    plain = "".join(text)
    own = [c for c in claims if "0" not in c["flags"] and "^" not in c["flags"]]
    assert len(own) == len(claimants), markup
    pairs = dict(zip(map(id, own), claimants))
    out = []
    last = None
    for c in claims:
        f = c["flags"]
        who = None if "0" in f else last if "^" in f else pairs[id(c)]
        last = who
        certainty = ("hedged" if "?" in f else "asserted" if "!" in f else "denied" if "-" in f else "reported")
        out.append({"start": c["start"], "end": c["end"], "surface": plain[c["start"]:c["end"]],
                    "certainty": certainty, "claimant": None if who is None else plain[who[0]:who[1]],
                    "claimant_start": None if who is None else who[0],
                    "claimant_end": None if who is None else who[1]})
    return plain, out


def documents(kind: str, split: str) -> list[dict]:
    source = {("numbers", "dev"): NUMBERS_DEV, ("numbers", "held-out"): NUMBERS_HELDOUT,
              ("claims", "dev"): CLAIMS_DEV, ("claims", "held-out"): CLAIMS_HELDOUT}[(kind, split)]
    out = []
    for n, markup in enumerate(source, start=1):
        if kind == "numbers":
            text, found = parse_numbers(markup)
            out.append({"id": f"{kind}-{split}-{n:03d}", "split": split, "text": text, "numbers": found})
        else:
            text, found = parse_claims(markup)
            out.append({"id": f"{kind}-{split}-{n:03d}", "split": split, "text": text, "claims": found})
    return out


def path(kind: str, split: str) -> Path:
    return DATA / f"{kind}_news_{'dev' if split == 'dev' else 'heldout'}.jsonl"


def write() -> None:
    for kind in ("numbers", "claims"):
        for split in ("dev", "held-out"):
            docs = documents(kind, split)
            if not docs:
                continue
            with open(path(kind, split), "w", encoding="utf-8", newline="\n") as fh:
                for d in docs:
                    fh.write(json.dumps(d, ensure_ascii=False) + "\n")
            print(f"wrote {len(docs)} sentences to {path(kind, split)}")


if __name__ == "__main__":
    write()
