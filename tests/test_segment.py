"""Golden tests of the sentence splitter, kept as data files per language."""

from __future__ import annotations

import pytest

from claimtag.segment import MAX_SENTENCE_CHARS, QuoteTracker, read_metadata, split_document, split_lines, split_sentences

from conftest import DATA, read_jsonl

CASES = [(lang, case) for lang in ("nl", "en") for case in read_jsonl(DATA / "segment" / f"{lang}.jsonl")]


def test_enough_golden_cases():
    counts = {lang: sum(1 for l, _ in CASES if l == lang) for lang in ("nl", "en")}
    assert counts["nl"] >= 40 and counts["en"] >= 30


@pytest.mark.parametrize("lang,case", CASES, ids=[f"{lang}-{case['id']}" for lang, case in CASES])
def test_golden(lang, case):
    doc = split_document(case["text"])
    assert [s.text for s in doc.sentences] == case["sentences"]
    for s in doc.sentences:
        assert case["text"][s.start : s.end] == s.text
    if "quotes" in case:
        assert [s.quote for s in doc.sentences] == case["quotes"]
    if "longest" in case:
        assert [s.longest_quote for s in doc.sentences] == case["longest"]
    if "date" in case:
        assert doc.date == case["date"]


def test_example_article(example_text):
    doc = split_document(example_text)
    assert doc.date == "2022-03"
    assert len(doc.sentences) == 25
    assert doc.sentences[0].text.startswith("De NAVO is van plan")
    assert "date" not in doc.sentences[0].text
    texts = [s.text for s in doc.sentences]
    assert "Georgië en Bosnië-Herzegovina" in texts
    opens = texts.index("„Rusland moet ophouden met die gevaarlijke en onverantwoorde nucleaire retoriek.")
    assert doc.sentences[opens].quote == "opens"
    assert doc.sentences[opens + 1].text.startswith("[…] Rusland moet begrijpen")
    assert doc.sentences[opens + 1].quote == "closes"
    for s in doc.sentences:
        assert example_text[s.start : s.end] == s.text


def test_metadata_only_at_start():
    assert read_metadata("date 2022-03\n") == ("2022-03", 13)
    assert read_metadata("update 2022-03 x") == (None, 0)
    assert read_metadata("date 2022-033 x") == (None, 0)


def test_empty_and_blank():
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []
    assert split_document("date 2022-03").sentences == ()


def test_long_run_is_cut_at_spaces():
    text = " ".join(["woord"] * 1000)
    sentences = split_sentences(text)
    assert len(sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert " ".join(s.text for s in sentences) == text


def test_long_run_without_spaces_is_cut():
    text = "x" * 2500
    sentences = split_sentences(text)
    assert [len(s.text) for s in sentences] == [1000, 1000, 500]


def test_one_per_line_keeps_lines_and_quote_state():
    text = "date 2020-01\n„Eén zin. Nog een.\nTwee.”\n\nDrie.\n"
    doc = split_lines(text)
    assert doc.date == "2020-01"
    assert [s.text for s in doc.sentences] == ["„Eén zin. Nog een.", "Twee.”", "Drie."]
    assert [s.quote for s in doc.sentences] == ["opens", "closes", "none"]
    assert all(text[s.start : s.end] == s.text for s in doc.sentences)


def test_tracker_typographic_quote_closing_with_straight_mark():
    tracker = QuoteTracker()
    assert tracker.feed("„Het is klaar\", zei hij.").quote == "contains"
    assert tracker.open is None


def test_crlf_paragraphs():
    text = "Eerste alinea zonder punt\r\n\r\nTweede alinea."
    assert [s.text for s in split_sentences(text)] == ["Eerste alinea zonder punt", "Tweede alinea."]
