"""Checks on the bundled labelled set (the data card's promises)."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict

import pytest

from claimtag.data import LABELS, articles, bundled_files, seeds_dir
from claimtag.segment import split_document

REQUIRED = ("text", "label", "lang", "doc", "split", "topic")


@pytest.fixture(scope="module")
def records():
    out = []
    for path in bundled_files():
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                record = json.loads(line)
                record["_where"] = f"{path.name}:{number}"
                out.append(record)
    return out


def norm(text):
    return re.sub(r"\W+", " ", text.lower()).strip()


def test_schema_and_label_set(records):
    for r in records:
        for key in REQUIRED:
            assert isinstance(r.get(key), str) and r[key], f"{r['_where']}: {key}"
        assert r["label"] in LABELS, r["_where"]
        assert r["lang"] in ("nl", "en"), r["_where"]
        assert r["split"] in ("train", "test"), r["_where"]
        assert r["text"] == r["text"].strip(), r["_where"]


def test_size_and_balance(records):
    assert len(records) >= 3000
    by_lang = Counter(r["lang"] for r in records)
    assert by_lang["nl"] >= 1800 and by_lang["en"] >= 1200
    for lang in ("nl", "en"):
        labels = Counter(r["label"] for r in records if r["lang"] == lang)
        for label in LABELS:
            assert labels[label] / by_lang[lang] >= 0.15, (lang, label)


def test_articles(records):
    docs = defaultdict(list)
    for r in records:
        docs[r["doc"]].append(r)
    assert len(docs) >= 250
    assert all(5 <= len(v) <= 20 for v in docs.values()), [d for d, v in docs.items() if not 5 <= len(v) <= 20]
    assert not [d for d, v in docs.items() if len({r["split"] for r in v}) > 1], "article in both splits"
    assert len({r["topic"] for r in records}) >= 20


def test_test_split_share(records):
    share = sum(r["split"] == "test" for r in records) / len(records)
    assert 0.15 <= share <= 0.30


def test_no_duplicates(records):
    counts = Counter(norm(r["text"]) for r in records)
    assert [t for t, n in counts.items() if n > 1] == []


def test_near_duplicates_under_one_percent(records):
    grams = []
    for r in records:
        words = norm(r["text"]).split()
        grams.append({tuple(words[i : i + 3]) for i in range(len(words) - 2)})
    index = defaultdict(set)
    for i, g in enumerate(grams):
        for gram in g:
            index[gram].add(i)
    near = set()
    for i, g in enumerate(grams):
        if len(g) < 3:
            continue
        shared = Counter(j for gram in g for j in index[gram] if j != i)
        for j, n in shared.items():
            if len(grams[j]) >= 3 and n / min(len(g), len(grams[j])) >= 0.6:
                near.add(i)
    assert len(near) / len(records) < 0.01


def test_openings_are_varied(records):
    openings = Counter(" ".join(norm(r["text"]).split()[:3]) for r in records)
    unique = sum(openings[" ".join(norm(r["text"]).split()[:3])] == 1 for r in records)
    assert unique / len(records) >= 0.80


def test_hard_cases_share(records):
    assert sum(bool(r.get("hard")) for r in records) / len(records) >= 0.15


def test_example_article_is_not_in_the_set(records):
    example = (seeds_dir() / "examples" / "navo-2022-03.txt").read_text(encoding="utf-8")
    held_out = {norm(s.text) for s in split_document(example).sentences}
    assert not [r["_where"] for r in records if norm(r["text"]) in held_out]


def test_splitter_reproduces_the_labelled_sentences(bundled_rows):
    total = exact = 0
    for article in articles(bundled_rows):
        found = {(s.start, s.end) for s in split_document(article.text).sentences}
        total += len(article.spans)
        exact += sum((start, end) in found for start, end, _ in article.spans)
    assert exact / total >= 0.99
