"""The cue prefilter skips patterns that cannot match, and changes no cue value."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtag import features
from claimtag.data import as_sentences, load_bundled
from claimtag.features import cue_dict
from claimtag.segment import split_document

from conftest import DATA, read_jsonl

# Fragments that meet the patterns' edges: words glued to digits, words the
# masking of years and ages cuts in two, multi-word cues, letters that change
# length when lower-cased.
PIECES = [
    " ", " ", " ", "  ", "\n", ".", ",", "-", "'", "(", ")", "%", "€", "$", ":", "/",
    "0", "3", "12", "45", "2019", "1957", "3,5", "12.30",
    "x", "m", "k", "a", "de", "een", "het", "op", "in", "as", "of", "per", "uur", "u",
    "zei", "Zegt", "laat", "weten", "volgens", "said", "according", "to",
    "jarige", "jarig", "jaar", "oud", "year", "old", "aged", "leeftijd",
    "miljoen", "million", "veertigduizend", "honderden", "thousands", "two", "twee", "drie", "derde", "helft",
    "kabinet", "minister", "gemeente", "wil", "gaat", "om", "over", "zal", "worden", "ingevoerd", "will", "be", "introduced",
    "roept", "oproep", "trekt", "uit", "vanaf", "januari", "march", "ingang", "van", "werking",
    "artikel", "art.", "nr.", "covid", "minuut", "e", "ste", "th", "gestegen", "rose", "procent", "percentage", "points",
    "İ", "ẞ", "É", "„", "”", "?",
]
EXAMPLE = Path(__file__).resolve().parent.parent / "seeds" / "examples" / "navo-2022-03.txt"
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def test_prefilter_changes_no_cue_on_the_labelled_set():
    # Sentences with their document context, so the sentence-before cues are checked too.
    for item in as_sentences(load_bundled()):
        assert cue_dict(item) == cue_dict(item, prefilter=False), item.text


def test_prefilter_changes_no_cue_on_split_documents():
    docs = [EXAMPLE.read_text(encoding="utf-8")] + [c["text"] for c in read_jsonl(DATA / "cues.jsonl")]
    for doc in docs:
        for sentence in split_document(doc).sentences:
            assert cue_dict(sentence) == cue_dict(sentence, prefilter=False), sentence.text


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_prefilter_changes_no_cue_on_any_text(text):
    assert cue_dict(text) == cue_dict(text, prefilter=False)


@pytest.mark.parametrize(
    "text, pattern, may",
    [
        ("Het regende gisteren in Utrecht.", "_SPEECH", False),
        ("Het regende gisteren, zei de weerman.", "_SPEECH", True),
        ("Het regende gisteren in Utrecht.", "_AGE", False),
        ("Een 45-jarige man raakte gewond.", "_AGE", True),
        ("De koers steeg.", "_MONEY", False),
        ("The scheme costs 3 mln a year.", "_MONEY", True),
        ("The fee is 3m a year.", "_MONEY", False),  # "3m" is one word: no "m" on its own
        ("Meer kinderen bleven thuis.", "_MONEY", False),  # "meer" starts with m, but only the word "m" counts
        ("De helft van de leden stemde voor.", "_FRACTION", True),
        ("De leden stemden voor.", "_FRACTION", False),
    ],
)
def test_prefilter_rules_out_only_what_cannot_match(text, pattern, may):
    cue = getattr(features, pattern)
    lower = text.lower()
    assert bool(features._PREFILTER.mask(lower) & cue.bit) is may
    if not may:
        assert cue.regex.search(lower) is None


def test_every_cue_pattern_but_one_has_a_prefilter():
    # A pattern without a gate is searched in every sentence: keep that the exception.
    ungated = [name for name, value in vars(features).items() if isinstance(value, features._Cue) and features._gate(value.regex) is None]
    assert ungated == ["_ATTRIBUTION_ONLY"]  # case-insensitive: the gates read lower-cased words


@pytest.mark.parametrize(
    "pattern, text",
    [
        (r"\b(?:zegt|zei)\b", "hij zei dat"),
        (r"\bde\s+helft\b", "de  helft"),
        (r"\b(?:trekt|trok)\b.*\buit\b", "trok het geld uit"),
        (r"[€$]|\b(?:euro|m)\b", "kost 3 m"),
        (r"\(\s*\d{1,3}\s*\)", "jan ( 45 )"),
        (r"(?<![\d.,])(?:1[89]\d\d|20\d\d)", "in 2019"),
        (r"\bart\.\s+\d+", "zie art. 5"),
        (r"\b\d+(?:e|ste)\b", "de 3e keer"),
        (r"\bnaar\s+verluidt\b|\bsources?\b", "sources say"),
    ],
)
def test_gate_admits_every_text_the_pattern_matches(pattern, text):
    regex = re.compile(pattern)
    assert regex.search(text)
    gate = features._gate(regex)
    assert gate is not None
    words = re.findall(r"\w+", text)
    admitted = (
        any(w == g if exact else w.startswith(g) for w in words for g, exact in gate.words.items())
        or any(literal in text for literal in gate.literals)
        or (gate.digit and re.search(r"\d", text) is not None)
    )
    assert admitted


def test_remembered_words_stay_bounded_and_change_nothing(monkeypatch):
    monkeypatch.setattr(features, "_MAX_REMEMBERED_WORDS", 4)
    features._PREFILTER.mask("")  # built
    monkeypatch.setattr(features._PREFILTER, "_words", {})
    texts = ["zei de minister van financiën gisteren", "het kabinet trekt 2 miljoen euro uit", "drie kwart van de leden stemde"]
    expected = [cue_dict(t, prefilter=False) for t in texts]
    for _ in range(3):
        assert [cue_dict(t) for t in texts] == expected
    assert len(features._PREFILTER._words) <= 4


def test_threads_share_the_prefilter_safely(monkeypatch):
    # A threaded scheduler (Dask) may call the cues from many threads at once,
    # also while the prefilter is first built.
    from concurrent.futures import ThreadPoolExecutor

    texts = [row.text for row in load_bundled()[:400]]
    expected = [cue_dict(t, prefilter=False) for t in texts]
    monkeypatch.setattr(features._PREFILTER, "_built", False)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(cue_dict, texts * 4))
    assert results == expected * 4
