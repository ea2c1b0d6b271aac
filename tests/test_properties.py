"""Property tests: the splitter and the tagger on any text."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtag.segment import iter_document, split_document, split_lines, split_sentences

PIECES = list("ab Zé.!?…\n\n\t„”“\"'‘’,,;:[]()019-€%") + ["dhr.", "o.a.", " date 2022-03 ", "Mr. ", "U.S. ", "\n\n"]
NEWSY = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)
ANY = st.one_of(st.text(max_size=400), NEWSY)


def check_spans(text, sentences):
    covered = np.zeros(len(text), dtype=bool)
    previous_end = 0
    for s in sentences:
        assert previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        covered[s.start : s.end] = True
        previous_end = s.end
    return covered


@settings(max_examples=300, deadline=None)
@given(ANY)
def test_splitter_spans_are_ordered_exact_and_cover_all_text(text):
    sentences = split_sentences(text)
    covered = check_spans(text, sentences)
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert covered[i], (i, ch)


@settings(max_examples=200, deadline=None)
@given(ANY)
def test_document_and_lines_spans(text):
    check_spans(text, split_document(text).sentences)
    check_spans(text, split_lines(text).sentences)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY, st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=20), st.booleans())
def test_streaming_equals_whole_text(text, sizes, one_per_line):
    chunks, pos, i = [], 0, 0
    while pos < len(text):
        size = sizes[i % len(sizes)]
        chunks.append(text[pos : pos + size])
        pos += size
        i += 1
    whole = split_lines(text) if one_per_line else split_document(text)
    date, streamed = iter_document(chunks, one_per_line=one_per_line)
    streamed = list(streamed)
    if len(text) >= 64 or date == whole.date:
        assert date == whole.date
        assert streamed == list(whole.sentences)


@settings(max_examples=100, deadline=None)
@given(ANY)
def test_tagger_gives_four_probabilities_for_any_text(tagger, text):
    proba = tagger.predict_proba([text])
    assert proba.shape == (1, 4)
    assert np.isfinite(proba).all() and abs(proba.sum() - 1) < 1e-9
    for s in tagger.tag(text):
        assert abs(sum(s.scores.values()) - 1) < 1e-9


def test_tagger_on_extreme_inputs(tagger):
    for text in ["", "   \n\t ", "🙂" * 50, "x" * 100_000, "word " * 20_000, "1" * 5000]:
        proba = tagger.predict_proba([text])
        assert proba.shape == (1, 4) and abs(proba.sum() - 1) < 1e-9
        doc = tagger.tag(text)
        assert all(text[s.start : s.end] == s.text for s in doc)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abc €„” \t\n😀", max_size=30), max_size=5))
def test_char_counts_in_numpy_equal_the_python_analyser(texts):
    from claimtag.features import TfidfTerms, char_ngrams

    vocabulary = sorted({g for t in ("ab c", "bca €„", "😀 a") for g in char_ngrams(t, (3, 5))})
    terms = TfidfTerms(vocabulary, np.ones(len(vocabulary)), (3, 5), False, "char_wb")
    fast = terms.transform(texts)
    slow = terms._weigh(*terms._count(texts), len(texts))
    as_dict = lambda rcv: {(int(r), int(c)): round(float(v), 12) for r, c, v in zip(*rcv)}  # noqa: E731
    assert as_dict(fast) == as_dict(slow)
