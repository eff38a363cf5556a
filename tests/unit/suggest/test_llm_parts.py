"""The llm engine's pieces without a server: reading replies, placing
quotes, cutting chunks, choosing examples, the endpoint and Retry-After."""

from __future__ import annotations

import pytest

from annotator.suggest.llm_client import normalize_endpoint, retry_after
from annotator.suggest.llm_place import place
from annotator.suggest.llm_prompt import Example, ExamplePool, chunks, render, trigrams
from annotator.suggest.llm_reply import parse_labels, parse_spans


@pytest.mark.parametrize(
    "content",
    [
        '{"spans": [{"text": "ليبيا", "label": "GPE"}]}',
        '```json\n{"spans": [{"text": "ليبيا", "label": "GPE"}]}\n```',
        'Sure! Here you go:\n{"spans": [{"text": "ليبيا", "label": "GPE"}]}\nAnything else?',
        '<think>The user wants {"spans": ...} so I answer</think>\n{"spans": [{"text": "ليبيا", "label": "GPE"}]}',
        '[{"text": "ليبيا", "label": "GPE"}]',
    ],
)
def test_the_contract_json_is_found_bare_fenced_or_in_prose(content):
    parsed = parse_spans(content)
    assert parsed.error is None
    assert [(s.text, s.label) for s in parsed.spans] == [("ليبيا", "GPE")]


@pytest.mark.parametrize("content", ["", "no json here", '{"entities": []}', '{"spans": "ليبيا"}', "{broken"])
def test_a_reply_without_the_json_is_an_error_not_an_exception(content):
    assert parse_spans(content).error is not None


def test_bad_items_are_counted_and_occurrence_read():
    parsed = parse_spans(
        '{"spans": [{"text": "", "label": "GPE"}, {"label": "ORG"}, "x", '
        '{"text": "سرت", "label": "GPE", "occurrence": "2"}, '
        '{"text": "سرت", "label": "GPE", "occurrence": 0}]}'
    )
    assert parsed.bad_items == 3
    assert [s.occurrence for s in parsed.spans] == [2, None]


def test_labels_reply():
    assert parse_labels('```\n{"labels": ["CHECKWORTHY"]}\n```').labels == ["CHECKWORTHY"]
    assert parse_labels("nothing").error


def test_occurrence_picks_one_of_the_repeats_and_proclitics_stay_outside():
    text = "زار ليبيا ثم عاد إلى وليبيا ثم لليبيا"
    assert [text[s:e] for s, e in place(text, "ليبيا")] == ["ليبيا"] * 3
    assert place(text, "ليبيا", occurrence=2) == [(22, 27)]
    assert place(text, "ليبيا", occurrence=4) == []
    assert place(text, "وليبيا") == [(22, 27)]  # the quoted proclitic is dropped
    assert place(text, "«ليبيا»")[0] == (4, 9)  # quotation marks around the quote
    assert place("الليبية", "ليبيا") == []  # not inside another word


def test_a_word_before_a_bidi_mark_is_a_whole_word(tricky_text):
    ((s, e),) = place(tricky_text, "لا تزال")
    assert tricky_text[s:e] == "لا تزال" and tricky_text[e] == "\u200f"


def test_chunks_cover_sentences_within_the_budget(seed_text):
    cs = chunks(seed_text, 400)
    assert len(cs) > 3 and all(e - s <= 400 for s, e in cs)
    assert all(a[1] <= b[0] for a, b in zip(cs, cs[1:], strict=False))
    assert chunks("", 400) == [] and chunks("قصير", 400) == [(0, 4)]
    long = "كلمة " * 200
    assert all(e - s <= 100 for s, e in chunks(long, 100))


def test_examples_are_the_most_similar_and_never_from_the_document_itself():
    pool = ExamplePool(
        [Example("a", t, {}, trigrams(t)) for t in ("قصف الطيران مدينة سرت", "ارتفع سعر النفط")]
        + [Example("self", "قصف الطيران مدينة سرت أمس", {}, trigrams("قصف الطيران مدينة سرت أمس"))]
    )
    picked = pool.pick("قَصَفَ الطيرانُ مدينةَ سرت أمس", 1, exclude_doc="self")
    assert [e.text for e in picked] == ["قصف الطيران مدينة سرت"]


def test_render_is_literal():
    out = render('{"spans": []} {labels} / {text}', {"labels": "A", "text": "نص {labels}"})
    assert out == '{"spans": []} A / نص {labels}'


def test_endpoint_and_retry_after():
    assert normalize_endpoint("http://localhost:11434/v1/") == "http://localhost:11434/v1"
    assert normalize_endpoint("http://h:8080/v1/chat/completions") == "http://h:8080/v1"
    with pytest.raises(Exception, match="not an http"):
        normalize_endpoint("ftp://x/v1")
    assert retry_after("2") == 2.0 and retry_after(None) is None and retry_after("soon") is None
    assert retry_after("9999") == 60.0
