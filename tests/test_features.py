"""Golden cases of the cue features (number words, dates, scare quotes, speech verbs)."""

from __future__ import annotations

import numpy as np
import pytest

from claimtag.data import LabelledSentence, as_sentences
from claimtag.features import CONTEXT_CUES, CUE_NAMES, POSITION_CUES, TfidfTerms, char_ngrams, cue_dict, cue_matrix, word_ngrams, word_text

from claimtag.segment import split_document

from conftest import DATA, read_jsonl

CASES = read_jsonl(DATA / "cues.jsonl")


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_cue_golden(case):
    cues = cue_dict(case["text"])
    assert set(cues) == set(CUE_NAMES)
    for name in case.get("on", []):
        assert cues[name] > 0, name
    for name in case.get("off", []):
        assert cues[name] == 0, name


def test_cue_dict_comes_in_column_order():
    # cue_matrix reads the values in insertion order.
    sentence = split_document("„Kom op”, zei hij. Het kost 3 euro.").sentences[1]
    for item in ("Het kost 3 euro.", sentence):
        cues = cue_dict(item)
        assert tuple(cues) == CUE_NAMES
        assert cue_matrix([item])[0].tolist() == [cues[name] for name in CUE_NAMES]


def test_cue_matrix_shape_and_empty():
    assert cue_matrix([]).shape == (0, len(CUE_NAMES))
    m = cue_matrix(["a", "Het kost 3 euro."])
    assert m.shape == (2, len(CUE_NAMES))
    assert np.isfinite(m).all()


def test_word_text_normalises_digits_and_case():
    assert word_text("Het kost €4,50 of 12%") == "het kost €0,00 of 00%"


def test_word_ngrams_keep_quote_marks_and_signs():
    grams = word_ngrams(word_text("„Nee”, 3% $5"), (1, 2))
    assert "„" in grams and "”" in grams and "%" in grams and "$" in grams
    assert "„ nee" in grams


def test_char_ngrams_match_scikit_learn():
    from sklearn.feature_extraction.text import CountVectorizer

    text = "het  kost €0,00, zei ze"
    analyzer = CountVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=False).build_analyzer()
    assert sorted(char_ngrams(text, (2, 4))) == sorted(analyzer(text))


def test_tfidf_rows_are_unit_length():
    vec = TfidfTerms(["a", "b", "a b"], np.array([1.0, 2.0, 3.0]), (1, 2), True)
    rows, cols, vals = vec.transform(["a b b", "zzz", "a"])
    norms = np.zeros(3)
    np.add.at(norms, rows, vals**2)
    assert np.allclose(norms[[0, 2]], 1.0)
    assert 1 not in set(rows.tolist())  # nothing known in "zzz"


CONTEXT_CASES = read_jsonl(DATA / "context-cues.jsonl")


@pytest.mark.parametrize("case", CONTEXT_CASES, ids=[f"{c['document'][:30]}#{c['index']}" for c in CONTEXT_CASES])
def test_context_cue_golden(case):
    sentence = split_document(case["document"]).sentences[case["index"]]
    assert sentence.index == case["index"]
    cues = cue_dict(sentence)
    for name in case.get("on", []):
        assert cues[name] == 1.0, name
    for name in case.get("off", []):
        assert cues[name] == 0.0, name


def test_context_cues_are_zero_for_plain_strings():
    cues = cue_dict("Hij stapt naar de rechter.")
    assert all(cues[name] == 0.0 for name in CONTEXT_CUES + POSITION_CUES)


def test_labelled_rows_carry_context_like_the_splitter():
    rows = [
        LabelledSentence("Kop zonder punt", "background", doc="a", para=0),
        LabelledSentence("„Het moet anders”, zegt Jansen.", "quote", doc="a", para=1),
        LabelledSentence("Hij wil meer geld.", "quote", doc="a", para=1),
        LabelledSentence("Los.", "background"),
    ]
    sentences = as_sentences(rows)
    assert [s.index for s in sentences] == [0, 1, 2, -1]
    assert sentences[2].previous == rows[1].text and sentences[2].previous_quote == "contains"
    text = "Kop zonder punt\n\n„Het moet anders”, zegt Jansen. Hij wil meer geld."
    split = split_document(text).sentences
    assert [cue_dict(s) for s in split] == [cue_dict(s) for s in sentences[:3]]


def _char_terms(vocabulary, ngram_range=(3, 5)):
    return TfidfTerms(vocabulary, np.linspace(1.0, 2.0, len(vocabulary)), ngram_range, True, "char_wb")


def _as_dict(rows, cols, vals):
    return {(int(r), int(c)): float(v) for r, c, v in zip(rows, cols, vals)}


CHAR_TEXTS = [
    "",
    "   ",
    "a",
    "de  kat\tzat\n op de mat",
    "kat kat kat katten",
    "😀 emoji ☃ met onbekende tekens: ĳ ß",
    "een heel erg lange woordenreeksmetveelletters",
    "„nee”, zei ze. 00,0%",
]


def test_char_counts_in_numpy_match_char_ngrams():
    # The vocabulary holds n-grams of some texts, so both hits and misses occur.
    vocabulary = sorted({g for t in CHAR_TEXTS[3:6] for g in char_ngrams(t, (3, 5))})
    terms = _char_terms(vocabulary)
    fast = _as_dict(*terms.transform(CHAR_TEXTS))
    slow = _as_dict(*terms._weigh(*terms._count(CHAR_TEXTS), len(CHAR_TEXTS)))
    assert fast.keys() == slow.keys() and len(fast) > 20
    assert max(abs(fast[k] - slow[k]) for k in fast) < 1e-12
    assert {3, 4, 5} <= {r for r, _ in fast} and not {0, 1} & {r for r, _ in fast}


def test_char_counts_fall_back_when_codes_do_not_fit():
    # 600 distinct characters need 10 bits each: 6-grams would need 60 bits (fits),
    # 7-grams 70 bits (does not), so the Python analyser is used.
    letters = "".join(chr(0x4E00 + i) for i in range(600))
    vocabulary = [letters[i : i + 7] for i in range(0, 590, 7)]
    terms = _char_terms(vocabulary, (3, 7))
    text = " ".join(vocabulary[:3])
    rows, cols, _ = terms.transform([text] * 8)  # enough texts for the numpy path
    assert terms._tables is False
    assert set(cols.tolist()) == {0, 1, 2} and set(rows.tolist()) == set(range(8))


WORD_TEXTS = [
    word_text(t)
    for t in [
        "",
        "...",
        "kat",
        "de kat zat op de mat",
        "kat",  # a bigram "kat kat" must not form across rows
        "„Nee”, zei ze. Het kost €4,50 of 12% – of niet?",
        "de kat de kat de kat",
        "woorden die de woordenlijst niet kent",
    ]
]


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (2, 2)])
def test_word_counts_in_numpy_match_word_ngrams(ngram_range):
    vocabulary = sorted({g for t in WORD_TEXTS[3:7] for g in word_ngrams(t, ngram_range)} | {"kat kat"})
    terms = TfidfTerms(vocabulary, np.linspace(1.0, 2.0, len(vocabulary)), ngram_range, True, "word")
    fast = terms.transform(WORD_TEXTS)
    slow = terms._weigh(*terms._count(WORD_TEXTS), len(WORD_TEXTS))
    assert terms._tables
    # The same terms in the same order with the same values, bit for bit.
    assert [a.tolist() for a in fast] == [a.tolist() for a in slow] and len(fast[0]) > 10
    assert not any(r in (0, 1, 4) and vocabulary[c] == "kat kat" for r, c in zip(*fast[:2]))


def test_word_counts_of_the_bundled_model_match_on_the_labelled_set():
    from claimtag.data import load_bundled
    from claimtag.tagging import load

    words = load()._terms[0]
    texts = [word_text(r.text) for r in load_bundled()]
    fast = words.transform(texts)
    slow = words._weigh(*words._count(texts), len(texts))
    assert words.analyzer == "word" and words._tables
    assert [a.tolist() for a in fast] == [a.tolist() for a in slow]


def test_word_counts_fall_back_for_trigrams():
    vocabulary = ["de kat zat", "kat"]
    terms = TfidfTerms(vocabulary, np.ones(2), (1, 3), True, "word")
    rows, cols, _ = terms.transform(["de kat zat"] * 8)  # enough texts for the numpy path
    assert terms._tables is False
    assert sorted(cols.tolist()) == [0] * 8 + [1] * 8


def test_char_columns_of_remembered_words_stay_bounded(monkeypatch):
    import claimtag.features as features

    monkeypatch.setattr(features, "_MAX_REMEMBERED_WORDS", 3)
    vocabulary = sorted({g for t in CHAR_TEXTS for g in char_ngrams(t, (3, 5))})
    terms = _char_terms(vocabulary)
    slow = _as_dict(*terms._weigh(*terms._count(CHAR_TEXTS), len(CHAR_TEXTS)))
    for _ in range(2):
        words = _as_dict(*terms._weigh(*terms._count_by_word(CHAR_TEXTS), len(CHAR_TEXTS)))
        assert words.keys() == slow.keys()
        assert max(abs(words[k] - slow[k]) for k in words) < 1e-12
    assert 0 < len(terms._word_columns) <= 3


def test_char_rows_of_one_text_equal_those_of_a_batch_bit_for_bit():
    # Explanations list tied features in column order: a sentence explained
    # alone must list them as the numpy tables do.
    vocabulary = sorted({g for t in CHAR_TEXTS for g in char_ngrams(t, (3, 5))})
    terms = _char_terms(vocabulary)
    rows, cols, vals = terms.transform(CHAR_TEXTS)
    for i, text in enumerate(CHAR_TEXTS):
        _, one_cols, one_vals = terms.transform([text])
        assert one_cols.tolist() == cols[rows == i].tolist()
        assert one_vals.tolist() == vals[rows == i].tolist()
