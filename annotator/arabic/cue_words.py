"""The word lists of the claim-cue engine (:mod:`annotator.suggest.cues`):
reporting verbs by the certainty they give, attribution phrases, the words
that end a claimant's noun phrase, and the heads that say what kind of
claimant it is.

Every entry is written as news Arabic spells it and matched on the search
key (:func:`annotator.arabic.search.normalize`: no tashkeel or tatweel,
hamza forms, ta marbuta and alef maqsura folded), so ``قالَتْ``, ``قــال``
and ``أكّد`` match ``قالت``, ``قال``, ``أكد``. Verb lists give the perfect and
the imperfect, masculine, feminine and plural; a leading ``و``/``ف`` is
allowed by the engine.
"""

from __future__ import annotations

from annotator.arabic.search import normalize


def forms(*groups: str) -> frozenset[str]:
    """The search keys of the space-separated words in ``groups``."""
    return frozenset(normalize(w) for g in groups for w in g.split())


# Verbs whose claim may follow عن: أعلن X عن القبض على ... (not كتب X قصيدة عن).
ANNOUNCE = forms("أعلن أعلنت أعلنوا يعلن تعلن كشف كشفت كشفوا يكشف تكشف")
# Attributed speech: the claim is ``reported``.
SPEECH = ANNOUNCE | forms(
    "قال قالت قالوا قلن يقول تقول يقولون",
    "أكد أكدت أكدوا يؤكد تؤكد يؤكدون شدد شددت شددوا يشدد تشدد",
    "أوضح أوضحت أوضحوا يوضح توضح",
    "حذر حذرت حذروا يحذر تحذر",
    "أشار أشارت أشاروا يشير تشير أضاف أضافت أضافوا يضيف تضيف",
    "لفت لفتت لفتوا يلفت تلفت ذكر ذكرت ذكروا يذكر تذكر صرح صرحت صرحوا",
    "أفاد أفادت أفادوا يفيد تفيد تابع تابعت نوه نوهت نوهوا ينوه تنوه",
    "اعتبر اعتبرت اعتبروا يعتبر تعتبر يرى ترى رأى رأت أبلغ أبلغت أخبر أخبرت",
    "أردف أردفت أورد أوردت اعترف اعترفت يعترف تعترف أقر أقرت يقر تقر أفصح أفصحت",
    "كتب كتبت غرد غردت أظهر أظهرت يظهر تظهر أثبت أثبتت",
)
# Hedging verbs: ``hedged`` (the speaker is not sure).
HEDGE_VERBS = forms("رجح رجحت رجحوا يرجح ترجح توقع توقعت توقعوا يتوقع تتوقع")
# Distancing verbs: the writer does not vouch for it, ``hedged``.
DISTANCED = forms("زعم زعمت زعموا يزعم تزعم ادعى ادعت ادعوا يدعي تدعي")
# A denial: the claim is what is denied, certainty ``denied``.
DENY = forms("نفى نفت نفوا ينفي تنفي")
# An accusation: ``اتهم X Y بـ...``, the claim is the accused and the charge.
ACCUSE = forms("اتهم اتهمت اتهموا يتهم تتهم")
# نقل X عن Y: Y is the claimant, X the medium.
TRANSMIT = forms("نقل نقلت نقلوا ينقل تنقل")
# نسب X إلى Y قوله: the same with إلى.
ASCRIBE = forms("نسب نسبت نسبوا ينسب تنسب")
# Participles continuing the speaker's report: ``، مشيرا إلى أن``.
PARTICIPLES = forms(
    "مشيرا مشيرة موضحا موضحة مضيفا مضيفة مؤكدا مؤكدة محذرا محذرة لافتا لافتة "
    "قائلا قائلة معتبرا معتبرة منوها منوهة مشددا مشددة"
)
# Impersonal cues, no claimant: يعتقد أن (hedged), قيل إن (reported),
# من المرجح أن (hedged), من المؤكد أن / تبين أن (asserted by the writer).
IMPERSONAL_HEDGE = forms("يعتقد يرجح يتوقع يبدو")
PASSIVE = forms("قيل يقال")
IMPERSONAL_ASSERT = forms("ثبت تبين اتضح")
AFTER_MIN_HEDGE = forms("المرجح المتوقع المحتمل")
AFTER_MIN_ASSERT = forms("المؤكد الثابت")
NO_DOUBT = forms("شك")  # لا شك أن / لا شك في أن
ATTRIBUTION_L = forms("وفقا طبقا")  # followed by لـ
ATTRIBUTION = forms("بحسب حسب")
NAQLAN = forms("نقلا")
THAT = forms("إن أن بأن")
THAT_PRONOUN = forms("إنه إنها إنهم إنهما إنني إننا أنه أنها أنهم أنهما أنني أننا بأنه بأنها بأنهم")
MASDAR = forms("قوله قولها قولهم قولهما تأكيده تأكيدها تأكيدهم تصريحه تصريحها إعلانه إعلانها")
# A complementizer may follow these: إلى أن, من أن, على أن.
BEFORE_THAT = forms("من إلى على")
AN = forms("عن")
MIN = forms("من")
ILA = forms("إلى")
FA_INNA = forms("فإن فان")
# Words that end a claimant read after the verb.
CLAIMANT_STOPS = forms("خلال أمس اليوم الذي التي الذين عقب بعد أثناء")
# في ends a claimant only when it names the occasion: «X في مؤتمر صحفي أن»
OCCASIONS = forms("مؤتمر تصريح تصريحات بيان حديث مقابلة كلمة تغريدة رسالة لقاء اجتماع جلسة")
# لـ + one of these is the addressee, not part of the claimant:
# «قال مسؤول لرويترز», «الناشطة سارة أحمد لبي بي سي», «للصحفيين».
MEDIA = forms(
    "وكالة صحيفة قناة موقع إذاعة تلفزيون الصحفيين الصحافيين الصحافة وسائل مراسل مراسلي مراسلنا "
    "رويترز بي سي فرانس الجزيرة العربية الحدث الأناضول سكاي أسوشيتد سبوتنيك الشرق الجريدة الإذاعة "
    "التلفزيون القناة الوكالة الصحيفة الموقع المراسلين الإعلاميين الإعلام"
)
ADDRESSEE_PRONOUNS = forms("له لها لهم لنا لي لك لكم")
HEDGE_WORDS = forms("ربما يحتمل محتمل المحتمل يرجح")
# Two claims in one sentence: a second cue after one of these starts a new claim.
COORDINATORS = forms("فيما بينما وفيما وبينما كما وكما")
HIN = forms("حين")
FI = forms("في وفي")
# Before a claimant that precedes its verb: «وكان وزير المالية قد أعلن أن».
KANA = forms("كان كانت كانوا وكان وكانت وكانوا فكان فكانت")
QAD = forms("قد وقد")
# A phrase before the verb that starts with one of these is not its subject.
NOT_A_SUBJECT = forms(
    "بعد قبل في خلال أمس اليوم عقب من على إلى عن مع منذ حتى ثم لكن غير أن إن لأن كما "
    "هذا هذه ذلك تلك وقد قد لقد ولقد كذلك أيضا"
)
# What the claimant's head says about it: an institution (ORG), or no
# entity at all (a document, an estimate, an unnamed collective), for which
# the claimant span is a ``CLAIMANT`` mention on the claim layer.
ORG_HEADS = forms(
    "صحيفة وزارة وكالة منظمة الأمم بعثة مرصد خارجية فريق جيش مؤسسة سفارة هلال اتحاد مجلس مفوضية "
    "شركة قناة موقع صندوق بنك حكومة قيادة كرملين شرطة مكتب هيئة مركز جامعة حزب حركة تنظيم قوات "
    "رئاسة برلمان لجنة جهاز إذاعة محكمة نقابة داخلية دفاع رابطة تحالف سلطات نيابة إدارة مديرية "
    "معهد مستشفى نادي أمن بيت البيت الأبيض حرس ديوان مصرف بورصة جمعية رابطة اللجنة أرصاد"
)
NON_ENTITY_HEADS = forms(
    "تقرير تقارير بيان بيانات دراسة دراسات تقديرات توقعات ترجيحات إحصاءات إحصائيات أرقام وثيقة وثائق "
    "استطلاع مسح وسائل أنباء معلومات مذكرة رسالة تحقيق نتائج مؤشرات"
)
# A claimant headed by one of these gives a ``hedged`` claim: «تشير التقديرات إلى أن».
ESTIMATE_HEADS = forms("تقديرات توقعات ترجيحات")
# بيان صادر عن الجيش: a statement issued by, not a claim after عن.
ISSUED = forms("صادر صادرة الصادر الصادرة")
# نفى X وجود ...: what a denial's object may be headed by.
DENIED_OBJECTS = forms("وجود صحة تورط حدوث وقوع مشاركة علم أي قيام إرسال ارتكاب استخدام سقوط")
# بحسب ما أفاد به X, وفقا لما قاله X: the relative clause after an attribution.
MA = forms("ما لما")
BIHI = forms("به بها بهم عنه عنها")
# لا شك (في) أن: the negation and the في that may follow شك.
LA = forms("لا ولا")
FI_ONLY = forms("في")
# The letters an imperfect verb begins with (قد + imperfect hedges a claim).
IMPERFECT_PREFIXES = ("ي", "ت", "ن")
# Punctuation that ends a claim before its closing quote.
END_PUNCTUATION = frozenset(".!?؟؛،,:…")
