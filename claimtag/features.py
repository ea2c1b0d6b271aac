"""Sentences → feature matrix.

Two groups of features describe a sentence:

* **word n-grams**, weighted by TF-IDF.  Text is lower-cased and every digit
  becomes ``0`` (so ``2,3`` and ``4,5`` share the token ``0,0``); the token
  pattern keeps quotation marks, ``%`` and currency signs as tokens of their
  own, because they carry the tags.
* **cue features** that follow the labelling rules: the quotation state from
  the splitter, attribution (speech verbs, ``volgens``, ``according to``),
  quantities (digits with units, percentages, money, number words such as
  ``veertigduizend`` and ``een derde``) kept apart from numbers that do not make
  a statistic (years, dates, ages, ordinals, ``Artikel 5``, ``Covid-19``), and
  announcement cues (plan, decision and future verbs, institutions).

This module needs only numpy, so tagging never imports scikit-learn; the
estimator in :mod:`claimtag.model` wraps the same functions for training.
For speed, n-grams of a batch are counted with integer tables in numpy, and
each cue pattern is only run on sentences its prefilter admits (a word, string
or digit that every match needs, read from the pattern itself); neither
changes a value.

Examples
--------
>>> from claimtag.features import cue_dict
>>> cues = cue_dict("De oostflank wordt verdedigd door veertigduizend militairen.")
>>> cues["number_word"], cues["year_or_date"]
(1.0, 0.0)
"""

from __future__ import annotations

import re
import threading
from collections import Counter, OrderedDict
from typing import Any, Iterable, NamedTuple, Sequence

import numpy as np

from .segment import QuoteInfo, QuoteTracker

__all__ = [
    "CUE_NAMES",
    "QUOTE_STATE_CUES",
    "TOKEN_PATTERN",
    "TfidfTerms",
    "char_ngrams",
    "cue_dict",
    "cue_matrix",
    "cue_names",
    "item_quote",
    "item_text",
    "word_ngrams",
    "word_text",
]

#: Word tokens: quotation marks, currency and percent signs, numbers, words.
TOKEN_PATTERN = r"""„|“|”|"|«|»|‘|’|,,|''|[€$£%]|\d+(?:[.,]\d+)*|\w+(?:[-']\w+)*"""

_DIGITS = str.maketrans("0123456789", "0000000000")


def item_text(item: Any) -> str:
    """The sentence text of ``item``: a string or an object with ``.text``."""
    return item if isinstance(item, str) else item.text


def item_quote(item: Any) -> QuoteInfo:
    """Quotation state of ``item``.

    Sentences from the splitter (or any object with ``quote``,
    ``quoted_words`` and ``longest_quote``) carry their state from the
    document; a plain string is judged on its own.
    """
    if isinstance(item, str):
        return QuoteTracker().feed(item)
    return QuoteInfo(item.quote, item.quoted_words, item.longest_quote)


def word_text(item: Any) -> str:
    """Text as the word n-gram features see it: lower case, digits as ``0``."""
    return item_text(item).lower().translate(_DIGITS)


_TOKENS = re.compile(TOKEN_PATTERN)


def word_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """Tokens and n-grams of an already normalised text (see :func:`word_text`).

    Matches the analyzer of scikit-learn's ``TfidfVectorizer`` with the same
    ``token_pattern`` and ``ngram_range``.
    """
    tokens = _TOKENS.findall(text)
    low, high = ngram_range
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return grams


_SPACES = re.compile(r"\s\s+")


def char_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """Character n-grams inside word boundaries of a normalised text.

    Matches scikit-learn's ``analyzer="char_wb"``: each word is padded with
    one space on either side, and a word shorter than n gives one n-gram.
    """
    low, high = ngram_range
    grams = []
    for word in _SPACES.sub(" ", text).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            offset = 0
            grams.append(padded[offset : offset + n])
            while offset + n < size:
                offset += 1
                grams.append(padded[offset : offset + n])
            if offset == 0:
                break
    return grams


#: Below this many texts, n-grams are counted in Python rather than numpy.
_FEW_TEXTS = 8
#: Words whose character n-gram columns are remembered, at most.
_MAX_REMEMBERED_WORDS = 1 << 16


class TfidfTerms:
    """TF-IDF of word or character n-grams from a fitted vocabulary, in numpy.

    Gives the same values as the fitted scikit-learn ``TfidfVectorizer`` it was
    exported from (``norm="l2"``, ``use_idf=True``, ``preprocessor=word_text``).

    Parameters
    ----------
    vocabulary : sequence of str
        The n-grams, in column order.
    idf : ndarray of shape (n_terms,)
        Inverse document frequencies.
    ngram_range : tuple of int
        Smallest and largest n.
    sublinear_tf : bool
        Whether term counts were replaced by ``1 + log(count)``.
    analyzer : {"word", "char_wb"}, default="word"
        Word n-grams (:func:`word_ngrams`) or character n-grams (:func:`char_ngrams`).
    """

    def __init__(
        self,
        vocabulary: Sequence[str],
        idf: np.ndarray,
        ngram_range: tuple[int, int],
        sublinear_tf: bool,
        analyzer: str = "word",
    ):
        if analyzer not in ("word", "char_wb"):
            raise ValueError(f"unknown analyzer {analyzer!r}")
        self.vocabulary = list(vocabulary)
        self.index = {term: i for i, term in enumerate(self.vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.ngram_range = (int(ngram_range[0]), int(ngram_range[1]))
        self.sublinear_tf = bool(sublinear_tf)
        self.analyze = word_ngrams if analyzer == "word" else char_ngrams
        self.analyzer = analyzer
        self._tables: _GramTables | _WordTables | None | bool = None  # built on first use
        self._word_columns: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self.index)

    def transform(self, texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sparse TF-IDF rows of normalised texts as ``(rows, columns, values)``.

        Rows come out in order; within a row, word n-grams in the analyser's
        order (unigrams, then bigrams, each where first met) and character
        n-grams in column order, whatever the path
        (so the sums behind the scores run in one order, bit for bit).
        """
        texts = list(texts)
        if len(texts) < _FEW_TEXTS:  # numpy's per-call cost outweighs its speed on a few texts
            count = self._count_by_word if self.analyzer == "char_wb" else self._count
            return self._weigh(*count(texts), len(texts))
        if self._tables is None:
            tables = _GramTables if self.analyzer == "char_wb" else _WordTables
            self._tables = tables.build(self.vocabulary, self.ngram_range) or False
        if self._tables:
            r, c, v = self._tables.count(texts, self.ngram_range)
        else:
            r, c, v = self._count(texts)
        return self._weigh(r, c, v, len(texts))

    def _count(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Term counts by analysing each text in Python."""
        rows: list[int] = []
        cols: list[int] = []
        counts: list[float] = []
        index = self.index
        analyze = self.analyze
        ngram_range = self.ngram_range
        for row, text in enumerate(texts):
            found: dict[int, int] = {}
            for gram in analyze(text, ngram_range):
                col = index.get(gram)
                if col is not None:
                    found[col] = found.get(col, 0) + 1
            rows.extend([row] * len(found))
            cols.extend(found)
            counts.extend(found.values())
        return (
            np.asarray(rows, dtype=np.intp),
            np.asarray(cols, dtype=np.intp),
            np.asarray(counts, dtype=np.float64),
        )

    def _count_by_word(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Character n-gram counts, word by word.

        A word's n-grams never reach into the next word, so each distinct word
        is analysed once and its columns remembered; the counts are the same
        as :meth:`_count`'s.
        """
        remembered = self._word_columns
        index = self.index
        ngram_range = self.ngram_range
        rows: list[int] = []
        cols: list[int] = []
        counts: list[int] = []
        for row, text in enumerate(texts):
            found: list[int] = []
            for word in text.split():
                columns = remembered.get(word)
                if columns is None:
                    columns = [c for c in map(index.get, char_ngrams(word, ngram_range)) if c is not None]
                    if len(remembered) >= _MAX_REMEMBERED_WORDS:  # bound the memory on endless corpora
                        remembered.clear()
                    remembered[word] = columns
                found += columns
            tally = Counter(found)
            columns = sorted(tally)  # in column order, as the numpy tables give them
            rows += [row] * len(columns)
            cols += columns
            counts += map(tally.__getitem__, columns)
        return (
            np.asarray(rows, dtype=np.intp),
            np.asarray(cols, dtype=np.intp),
            np.asarray(counts, dtype=np.float64),
        )

    def _weigh(self, r: np.ndarray, c: np.ndarray, v: np.ndarray, n_rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Counts → L2-normalised TF-IDF values."""
        if self.sublinear_tf:
            v = np.log(v) + 1.0
        v = v * self.idf[c]
        if len(r):
            norms = np.sqrt(np.bincount(r, weights=v * v, minlength=n_rows))
            norms[norms == 0.0] = 1.0
            v = v / norms[r]
        return r, c, v


class _GramTables:
    """Character n-gram vocabulary as sorted integer codes, for counting in numpy.

    Every character the vocabulary uses gets a small id (0 is kept for the
    others); an n-gram's code packs its ids into one 64-bit integer, so a whole
    batch of texts is looked up with one :func:`numpy.searchsorted` per n.
    Counts are the same as :func:`char_ngrams` followed by a vocabulary lookup.
    """

    def __init__(self, alphabet: np.ndarray, bits: int, codes: dict[int, tuple[np.ndarray, np.ndarray]]):
        self.alphabet = alphabet
        self.bits = bits
        self.codes = codes

    @classmethod
    def build(cls, vocabulary: Sequence[str], ngram_range: tuple[int, int]) -> _GramTables | None:
        """Tables for a vocabulary, or None when codes would not fit in 64 bits."""
        low, high = ngram_range
        if low > 3 or not vocabulary:  # padded words are 3+ characters long
            return None
        lengths = np.fromiter((len(g) for g in vocabulary), dtype=np.intp, count=len(vocabulary))
        if lengths.min() < low or lengths.max() > high:
            return None
        alphabet = np.unique(_code_points("".join(vocabulary)))
        bits = int(alphabet.size + 1).bit_length()
        if bits * high > 63:
            return None
        codes = {}
        for n in range(low, high + 1):
            cols = np.flatnonzero(lengths == n)
            joined = "".join(vocabulary[i] for i in cols)
            ids = (np.searchsorted(alphabet, _code_points(joined)) + 1).astype(np.int64).reshape(-1, n)
            code = np.zeros(len(cols), dtype=np.int64)
            for k in range(n):
                code = (code << bits) | ids[:, k]
            order = np.argsort(code, kind="stable")
            codes[n] = (code[order], cols[order])
        return cls(alphabet, bits, codes)

    def count(self, texts: list[str], ngram_range: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows, columns and counts of the vocabulary's n-grams in ``texts``."""
        words = [text.split() for text in texts]
        per_text = np.fromiter(map(len, words), dtype=np.intp, count=len(words))
        flat = [w for ws in words for w in ws]
        if not flat:
            empty = np.zeros(0, dtype=np.intp)
            return empty, empty, np.zeros(0)
        # Padded words back to back: " w1  w2  w3 ".
        chars = _code_points(" " + "  ".join(flat) + " ")
        padded = np.fromiter(map(len, flat), dtype=np.intp, count=len(flat)) + 2
        word_of = np.repeat(np.arange(len(flat)), padded)
        text_of_word = np.repeat(np.arange(len(texts)), per_text)
        found = np.minimum(np.searchsorted(self.alphabet, chars), self.alphabet.size - 1)
        ids = np.where(self.alphabet[found] == chars, found + 1, 0).astype(np.int64)
        unknown = np.concatenate(([0], np.cumsum(ids == 0)))
        rows, cols = [], []
        code = ids.copy()
        low, high = ngram_range
        for n in range(1, high + 1):
            m = len(ids) - n + 1
            if m <= 0:
                break
            if n > 1:
                code = (code[:m] << self.bits) | ids[n - 1 : n - 1 + m]
            if n < low:
                continue
            keys, columns = self.codes[n]
            inside = (word_of[:m] == word_of[n - 1 : n - 1 + m]) & (unknown[n : n + m] == unknown[:m])
            start = np.flatnonzero(inside)
            if not len(start) or not len(keys):
                continue
            where = np.minimum(np.searchsorted(keys, code[start]), len(keys) - 1)
            hit = keys[where] == code[start]
            rows.append(text_of_word[word_of[start[hit]]])
            cols.append(columns[where[hit]])
        return _count_pairs(rows, cols)


class _WordTables:
    """Word unigram and bigram vocabulary as integer tables, for counting in numpy.

    Every word the vocabulary uses gets an id; a bigram's key is
    ``first * n_words + second``, looked up with :func:`numpy.searchsorted`.
    Counts are the same as :func:`word_ngrams` followed by a vocabulary lookup.
    """

    def __init__(self, word_ids: dict[str, int], unigram_columns: np.ndarray, bigram_keys: np.ndarray, bigram_columns: np.ndarray):
        self.word_ids = word_ids
        self.unigram_columns = unigram_columns
        self.bigram_keys = bigram_keys
        self.bigram_columns = bigram_columns

    @classmethod
    def build(cls, vocabulary: Sequence[str], ngram_range: tuple[int, int]) -> _WordTables | None:
        """Tables for a vocabulary of unigrams and bigrams, or None for longer n-grams."""
        if ngram_range[1] > 2:
            return None
        parts = [term.split(" ") for term in vocabulary]
        if any(len(p) > 2 or not all(p) for p in parts):
            return None
        word_ids: dict[str, int] = {}
        for p in parts:
            for word in p:
                word_ids.setdefault(word, len(word_ids))
        unigram_columns = np.full(len(word_ids), -1, dtype=np.intp)
        keys, columns = [], []
        for column, p in enumerate(parts):
            if len(p) == 1:
                unigram_columns[word_ids[p[0]]] = column
            else:
                keys.append(word_ids[p[0]] * len(word_ids) + word_ids[p[1]])
                columns.append(column)
        key_array = np.asarray(keys, dtype=np.int64)
        order = np.argsort(key_array, kind="stable")
        return cls(word_ids, unigram_columns, key_array[order], np.asarray(columns, dtype=np.intp)[order])

    def count(self, texts: list[str], ngram_range: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows, columns and counts of the vocabulary's n-grams in ``texts``."""
        tokens = list(map(_TOKENS.findall, texts))
        lengths = np.fromiter(map(len, tokens), dtype=np.intp, count=len(tokens))
        get = self.word_ids.get
        ids = np.fromiter((get(t, -1) for ts in tokens for t in ts), dtype=np.int64, count=int(lengths.sum()))
        row_of = np.repeat(np.arange(len(texts)), lengths)
        # Each hit's place in the analyser's stream (a row's unigrams, then its
        # bigrams), so that terms come out in the order _count gives them and
        # the sums behind the scores run in the same order, bit for bit.
        n = len(ids)
        rows, cols, places = [], [], []
        low, high = ngram_range
        if low <= 1 and n:
            at = np.flatnonzero(ids >= 0)
            found = self.unigram_columns[ids[at]]
            hit = found >= 0
            rows.append(row_of[at[hit]])
            cols.append(found[hit])
            places.append(row_of[at[hit]] * (2 * n) + at[hit])
        if low <= 2 <= high and n > 1 and len(self.bigram_keys):
            first, second = ids[:-1], ids[1:]
            pair = np.flatnonzero((row_of[:-1] == row_of[1:]) & (first >= 0) & (second >= 0))
            code = first[pair] * len(self.word_ids) + second[pair]
            where = np.minimum(np.searchsorted(self.bigram_keys, code), len(self.bigram_keys) - 1)
            hit = self.bigram_keys[where] == code
            rows.append(row_of[pair[hit]])
            cols.append(self.bigram_columns[where[hit]])
            places.append(row_of[pair[hit]] * (2 * n) + n + pair[hit])
        return _count_pairs(rows, cols, places)


def _count_pairs(
    rows: list[np.ndarray], cols: list[np.ndarray], places: list[np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (row, column) pairs of the found n-grams, with their counts.

    Pairs come out by row, then by column; with ``places`` (each hit's place
    in its row's n-gram stream), by row, then by first place instead.
    """
    r = np.concatenate(rows).astype(np.int64) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.intp)
    if not len(r):
        return r.astype(np.intp), c.astype(np.intp), np.zeros(0)
    if places is not None:
        order = np.argsort(np.concatenate(places), kind="stable")
        r, c = r[order], c[order]
    width = int(c.max()) + 1
    pairs, first_at, counts = np.unique(r * width + c, return_index=True, return_counts=True)
    if places is not None:
        stream = np.argsort(first_at, kind="stable")
        pairs, counts = pairs[stream], counts[stream]
    return (pairs // width).astype(np.intp), (pairs % width).astype(np.intp), counts.astype(np.float64)


def _code_points(text: str) -> np.ndarray:
    """Unicode code points of a string as an int64 array."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)


# --------------------------------------------------------------------------
# Cue features


def _words(*groups: str) -> str:
    """A regex alternation matching exactly the given words, as a prefix tree.

    ``zegt zei zeiden`` becomes ``ze(?:gt|i(?:den)?)``: the same words, but
    Python's regex engine tries each letter once instead of every word in
    turn, which makes the long word lists several times faster to search.

    >>> _words("zegt zei", "zeiden")
    'ze(?:gt|i(?:den)?)'
    """
    root: dict[str, dict] = {}
    for word in (w for group in groups for w in group.split()):
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(root)


# --------------------------------------------------------------------------
# Prefilter: skip the cue patterns that cannot match a sentence
#
# Most cue patterns look for one of a list of words, and most sentences hold
# none of them, yet Python's regex engine scans the whole sentence for each
# pattern.  Each pattern's own syntax tree tells what any match must contain:
# a word that starts with one of a few prefixes (``\b(?:zegt|zei…)``), a
# literal string (``jarig``, ``%``) or a digit.  Those are checked once per
# sentence, and only the patterns that pass are run.  The checks are
# necessary conditions derived from the patterns, so the cue values are
# exactly those of running every pattern (tests compare both on the
# labelled set).

try:  # Python 3.11+
    from re import _constants as _sre, _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_WORD_RUN = re.compile(r"\w+")
_LEADING_WORD = re.compile(r"\w*")
_MAX_HEADS = 4096
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_MAX_LITERALS = 24


def _heads(items: Any, mark: bool = False) -> dict[str, bool]:
    """Literal strings one of which starts every match of a parsed sequence.

    Each string maps to whether the match is exactly that string (the
    sequence was literal all the way for it).  ``{"": False}`` means nothing
    is known.  With ``mark``, a string ends in ``"\\x00"`` where the match
    goes on with a character that is not a word character.
    """
    heads = {"": True}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if mark and _starts_non_word((op, av)):
            options = {"\x00": False}
        elif op is _sre.LITERAL:
            options = {chr(av): True}
        elif op is _sre.IN and all(o is _sre.LITERAL for o, _ in av):
            options = {chr(a): True for _, a in av}
        elif op is _sre.BRANCH or (op is _sre.SUBPATTERN and not av[1] and not av[2]):
            options = {}
            for alternative in av[1] if op is _sre.BRANCH else [av[3]]:
                for string, exact in _heads(alternative, mark).items():
                    options[string] = options.get(string, True) and exact
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
            options = dict.fromkeys(_heads(av[2], mark), False)
        else:
            return dict.fromkeys(heads, False)
        extended: dict[str, bool] = {}
        for head, open_ in heads.items():
            for string, exact in options.items() if open_ else [("", False)]:
                extended[head + string] = extended.get(head + string, True) and exact
        if len(extended) > _MAX_HEADS:
            return dict.fromkeys(heads, False)
        heads = extended
    return heads


def _ends_non_word(item: Any) -> bool:
    """Whether the last character any match of a parsed item ends with is not a word character."""
    op, av = item
    if op is _sre.LITERAL:
        return _WORD_RUN.match(chr(av)) is None
    if op is _sre.IN:
        return all(
            (o is _sre.LITERAL and _WORD_RUN.match(chr(a)) is None)
            or (o is _sre.CATEGORY and a in (_sre.CATEGORY_SPACE, _sre.CATEGORY_NOT_WORD))
            for o, a in av
        )
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
        body = list(av[2])
        return bool(body) and _ends_non_word(body[-1])
    return False


def _starts_non_word(item: Any) -> bool:
    """Whether any match of a parsed item starts with a character that is not a word character."""
    op, av = item
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
        body = list(av[2])
        return bool(body) and _starts_non_word(body[0])
    return op in (_sre.LITERAL, _sre.IN) and _ends_non_word(item)


def _alternatives(items: list[Any]) -> list[list[Any]]:
    """A parsed pattern as a list of alternatives, undoing the parser's
    factoring of a shared start (``\\b(?:a|b)`` → ``\\ba``, ``\\bb``)."""
    for i, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue
        if op is _sre.BRANCH and all(o in _ZERO_WIDTH for o, _ in items[i + 1 :]):
            return [alt for branch in av[1] for alt in _alternatives(items[:i] + list(branch) + items[i + 1 :])]
        break
    return [items]


def _word_starts(items: list[Any]) -> list[dict[str, bool]]:
    """Where a match must start a new word (``\\b`` or after a space), the
    words it can start with: word → whether the word is exactly that."""
    found = []
    after_non_word = False
    ends_at_boundary = items[-1:] == [(_sre.AT, _sre.AT_BOUNDARY)]
    for i, (op, av) in enumerate(items):
        if after_non_word or (op is _sre.AT and av is _sre.AT_BOUNDARY):
            words: dict[str, bool] = {}
            for head, open_ in _heads(items[i:], mark=True).items():
                word = _LEADING_WORD.match(head).group()  # type: ignore[union-attr]
                exact = len(word) < len(head) or (open_ and ends_at_boundary)
                words[word] = words.get(word, True) and exact
            if words and all(words):
                found.append(words)
        if op in _ZERO_WIDTH:
            after_non_word = after_non_word or (op is _sre.AT and av is _sre.AT_BOUNDARY)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] == 0:
            body = list(av[2])
            after_non_word = after_non_word and bool(body) and _ends_non_word(body[-1])
        else:
            after_non_word = _ends_non_word((op, av))
    return found


def _needs_digit(item: Any) -> bool:
    """Whether a parsed item can only match text with a digit in it."""
    op, av = item
    if op is _sre.IN:
        return list(av) == [(_sre.CATEGORY, _sre.CATEGORY_DIGIT)]
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
        body = list(av[2])
        return len(body) == 1 and _needs_digit(body[0])
    return False


def _required_strings(items: list[Any]) -> set[str] | None:
    """The most selective set of strings one of which every match contains.

    Candidates are the match's own start, each run of literal characters, and
    the start of each group or repeat that must match.  None when there is
    no candidate.
    """
    candidates = [set(_heads(items))]
    run = ""
    for op, av in items:
        if op is _sre.LITERAL:
            run += chr(av)
            continue
        candidates.append({run})
        run = ""
        if op in (_sre.BRANCH, _sre.SUBPATTERN, _sre.MAX_REPEAT, _sre.MIN_REPEAT):
            candidates.append(set(_heads([(op, av)])))
    candidates.append({run})
    usable = [c for c in candidates if all(c) and len(c) <= _MAX_LITERALS]
    return max(usable, key=_selectivity) if usable else None


def _selectivity(strings: Any) -> tuple[int, int]:
    """Longer shortest string first, then fewer strings."""
    return min(map(len, strings)), -len(strings)


class _Gate(NamedTuple):
    """What any match of a pattern needs: one alternative's condition or another's."""

    words: dict[str, bool]  # a word (``\\w+`` run) that is (True) or starts with (False) one of these
    literals: frozenset[str]  # or one of these substrings
    digit: bool  # or a digit


def _gate(pattern: re.Pattern[str]) -> _Gate | None:
    """The prefilter of a pattern, or None when every text must be searched."""
    if pattern.flags & (re.IGNORECASE | re.ASCII | re.LOCALE):
        return None
    try:
        items = list(_sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # pragma: no cover - a parser from another Python
        return None
    alternatives = _alternatives(items)
    if len(alternatives) > _MAX_HEADS:
        return None
    words: dict[str, bool] = {}
    literals: set[str] = set()
    digit = False
    for alternative in alternatives:
        starts = _word_starts(alternative)
        required = _required_strings(alternative)
        needs_digit = any(map(_needs_digit, alternative))
        if starts:  # cheapest to check: words are looked up once and remembered
            for word, exact in max(starts, key=_selectivity).items():
                words[word] = words.get(word, True) and exact
        elif required is not None and not (needs_digit and min(map(len, required)) < 3 and len(required) > 2):
            literals |= required
        elif needs_digit:
            digit = True
        else:
            return None
    return _Gate(words, frozenset(literals), digit)


class _Cue:
    """A compiled cue pattern that can skip texts its prefilter rules out.

    ``may`` is a bit mask from :meth:`_Prefilter.mask`; the default (all bits
    set) searches every text.
    """

    __slots__ = ("regex", "bit")

    def __init__(self, pattern: str, flags: int = 0):
        self.regex = re.compile(pattern, flags)
        self.bit = _PREFILTER.add(self.regex)

    def search(self, text: str, may: int = -1) -> re.Match[str] | None:
        return self.regex.search(text) if may & self.bit else None

    def findall(self, text: str, may: int = -1) -> list[Any]:
        return self.regex.findall(text) if may & self.bit else []

    def sub(self, replacement: str, text: str, may: int = -1) -> str:
        return self.regex.sub(replacement, text) if may & self.bit else text


class _Prefilter:
    """Bit masks of the cue patterns that may match a text (see :func:`_gate`)."""

    def __init__(self) -> None:
        self.patterns: list[re.Pattern[str]] = []
        self._built = False
        self._lock = threading.Lock()

    def add(self, pattern: re.Pattern[str]) -> int:
        self.patterns.append(pattern)
        self._built = False
        return 1 << (len(self.patterns) - 1)

    def _build(self) -> None:
        # Under a lock, and marked built only when complete: other threads
        # (a threaded Dask scheduler) never see half-built tables.
        with self._lock:
            if not self._built:
                self._build_tables()
                self._built = True

    def _build_tables(self) -> None:
        self._always = 0
        self._digit = 0
        self._exact: dict[str, int] = {}
        self._prefixed: list[tuple[tuple[str, ...], int]] = []
        self._literals: dict[str, int] = {}
        for i, pattern in enumerate(self.patterns):
            bit = 1 << i
            gate = _gate(pattern)
            if gate is None:
                self._always |= bit
                continue
            for word in (w for w, exact in gate.words.items() if exact):
                self._exact[word] = self._exact.get(word, 0) | bit
            prefixes = tuple(sorted(w for w, exact in gate.words.items() if not exact))
            if prefixes:
                self._prefixed.append((prefixes, bit))
            for literal in gate.literals:
                self._literals[literal] = self._literals.get(literal, 0) | bit
            if gate.digit:
                self._digit |= bit
        self._words: dict[str, int] = {}
        self._recent: OrderedDict[str, int] = OrderedDict()

    def _word_mask(self, word: str) -> int:
        mask = self._exact.get(word, 0)
        for prefixes, bit in self._prefixed:
            if word.startswith(prefixes):
                mask |= bit
        if len(self._words) >= _MAX_REMEMBERED_WORDS:  # bound the memory on endless corpora
            self._words.clear()
        self._words[word] = mask
        return mask

    def mask(self, text: str) -> int:
        """Bits of the patterns that may match ``text``; the others cannot."""
        if not self._built:
            self._build()
        # A sentence is seen again as the sentence before the next one.
        recent = self._recent.get(text)
        if recent is not None:
            return recent
        mask = self._always
        words = self._words
        for word in _WORD_RUN.findall(text):
            bits = words.get(word)
            mask |= self._word_mask(word) if bits is None else bits
        for literal, bits in self._literals.items():
            if literal in text:
                mask |= bits
        if self._digit and _ANY_DIGIT.search(text) is not None:
            mask |= self._digit
        if len(self._recent) >= 8:
            try:
                self._recent.popitem(last=False)  # the oldest
            except KeyError:  # emptied by another thread meanwhile
                pass
        self._recent[text] = mask
        return mask


_PREFILTER = _Prefilter()
_ANY_DIGIT = re.compile(r"\d")


_SPEECH = _Cue(
    r"\b(?:"
    + _words(
        # Dutch speech and reporting verbs
        """zegt zei zeiden zeggen gezegd stelt stelde stellen gesteld meldt meldde melden gemeld
        laat_weten liet_weten lieten_weten verklaart verklaarde verklaren verklaard benadrukt benadrukte
        waarschuwt waarschuwde waarschuwen gewaarschuwd erkent erkende ontkent ontkende
        vindt_dat vond_dat meent meende denkt_dat dacht_dat aldus volgens schrijft schreef schrijven
        vertelt vertelde vertellen verteld reageert reageerde betoogt betoogde beweert beweerde
        noemt noemde concludeert concludeerde constateert constateerde wees_erop wijst_erop
        twittert twitterde antwoordt antwoordde vraagt_zich vroeg_zich legt_uit legde_uit
        bevestigt bevestigde weigert weigerde uitte onderstreept onderstreepte
        sprak_van spreekt_van""",
        # English
        """said says say told tells telling stated states according warned warns argued argues
        admitted admits denied denies insisted insists claimed claims added adds noted notes
        explained explains wrote writes reported reports confirmed confirms declined refused
        acknowledged acknowledges suggested suggests told stressed stresses believes believed
        described describes recalled recalls tweeted replied replies asked asks found concluded""",
    ).replace("_", r"\s+")
    + r")\b"
)
_ATTRIBUTION_ONLY = _Cue(
    r"^(?:dat|dit|dat alles|zo|this|that|so)\s+(?:\w+\s+){0,2}"
    r"(?:meldt|meldde|melden|zegt|zei|schrijft|schreef|bericht|berichtte|laat|liet|maakte|maakt|"
    r"reported|reports|said|says|was reported|wrote|writes|according)\b",
    re.IGNORECASE,
)
_PLAN = _Cue(
    r"\b(?:"
    + _words(
        """wil willen wilde wilden gaat gaan ging zal zullen plan plannen van_plan voornemen voorstel
        voorstellen kondigt kondigde aangekondigd besluit besloot besloten beslist
        voert invoeren ingevoerd trekt uitgetrokken investeert investeren schrapt schrappen
        verhoogt verhogen verlaagt verlagen verbiedt verbieden verbod sluit sluiten opent openen
        introduceert presenteert presenteerde lanceert lanceerde stopt stoppen schaft afgeschaft
        stemt stemde ingestemd akkoord maatregel maatregelen regeling wet wetsvoorstel subsidie
        komt_met start begint belooft beloofde toegezegd reserveert eist eiste legt_op
        ontslaat ontslagen aangesteld benoemd boete boetes heffing taks""",
        """will plans plan planned announce announces announced decide decides decided
        propose proposes proposed pledge pledges pledged vow vows vowed introduce introduces
        introduced unveil unveils unveiled approve approves approved adopt adopts adopted
        ban bans banned scrap scraps scrapped launch launches launched cut cuts raise raises
        hike invest invests allocate allocated commit commits committed measure measures
        legislation bill scheme levy tax fine fined order ordered set_to intends intend
        to_introduce is_to are_to""",
    ).replace("_", r"\s+")
    + r")\b"
)
_INSTITUTION = _Cue(
    r"\b(?:"
    + _words(
        """kabinet regering minister ministerie staatssecretaris premier gemeente gemeenteraad
        college wethouder burgemeester provincie gedeputeerde raad kamer tweede_kamer eerste_kamer
        eu navo vn commissie europese brussel parlement partij fractie bond vakbond fnv cnv
        bedrijf concern bank bestuur directie ns prorail politie om justitie rechter rechtbank
        hof inspectie toezichthouder acm dnb afm rivm ggd universiteit school club knvb uefa fifa
        waterschap corporatie woningcorporatie omroep zorgverzekeraar ziekenhuis defensie leger""",
        """government minister ministry secretary department council cabinet parliament congress
        senate administration president chancellor mayor authority authorities agency regulator
        commission union federation company firm group bank board party eu nato un police court
        judge prosecutors league club university school trust nhs white_house downing_street""",
    ).replace("_", r"\s+")
    + r")\b"
)
_FORECAST = _Cue(
    r"\b(?:verwacht\w*|voorspel\w*|prognose\w*|raming\w*|naar\s+verwachting|waarschijnlijk|"
    r"expect\w*|forecast\w*|predict\w*|projected|likely|estimate\w*|raming)\b"
)
_CALL_ON = _Cue(
    r"\b(?:roept|riep|riepen|roepen)\b.*\bop\b|\boproep\w*|\bdringt\w*\s+aan|\bdrong\w*\s+aan|"
    r"\bwil\s+dat\b|\bvraagt\s+\w+\s+om\b|\burge[ds]?\b|\bcall(?:s|ed)?\s+on\b|\bcall(?:s|ed)?\s+for\b|"
    r"\bappeal(?:s|ed)?\s+to\b|\bdemand(?:s|ed)?\b"
)
_DECISION = _Cue(
    r"\b(?:besloten|besluit|besloot|besliste|beslist|ingestemd|stemde\w*\s+(?:\w+\s+){0,4}in|goedgekeurd|keurde\w*\s+"
    r"(?:\w+\s+){0,4}goed|aangenomen|nam\w*\s+(?:\w+\s+){0,3}aan|afgewezen|verworpen|tekende|getekend|akkoord|"
    r"approved|approves|voted\s+to|voted\s+(?:\w+\s+){0,3}(?:for|against)|decided|agreed\s+to|signed|rejected|"
    r"thrown\s+out|blocked|passed|backed|gave\s+the\s+go-ahead|green-?lit|confirmed\s+it\s+(?:will|would))\b"
)
_MEASURE = _Cue(
    r"\b(?:maatregel\w*|regeling\w*|wet|wetten|wetsvoorstel\w*|subsidie\w*|heffing\w*|boete\w*|verbod\w*|"
    r"akkoord|budget\w*|fonds|toeslag\w*|tarie[fv]\w*|premie\w*|belasting\w*|quotum|plafond|norm|vergunning\w*|"
    r"scheme|schemes|ban|bans|levy|levies|tax|taxes|fine|fines|subsid\w+|grant|grants|bill|law|laws|rule|rules|"
    r"policy|policies|programme|program|package|deal|cap|quota|tariffs?|fees?|fares?|funding|licen[cs]es?)\b"
)
_FUNDING = _Cue(
    r"\b(?:trekt|trok|trekken)\b.*\buit\b|\bstel\w*\s+(?:\w+\s+){0,5}beschikbaar|\bmaakt?\s+(?:\w+\s+){0,5}vrij\b|"
    r"\binvester\w*|\bkrijg\w*\s+(?:\w+\s+){0,5}extra\b|\breserveer\w*|\bextra\s+geld\b|"
    r"\ballocat\w*|\binvest\w*|\bpledg\w*|\bearmark\w*|\bto\s+fund\b|\bfunding\s+for\b|\bwill\s+spend\b"
)
_VERDICT = _Cue(
    r"\b(?:veroordeel\w*|cel|celstraf|gevangenisstraf|taakstraf|werkstraf|eist|eiste|geëist|vrijgesproken|"
    r"vrijspraak|sentenced|jailed|locked\s+up|fined|convicted|acquitted|ordered\s+to|banned\s+from|"
    r"cleared|struck\s+off|disqualified)\b"
)
_START = _Cue(
    r"\b(?:vanaf|per\s+\d|met\s+ingang\s+van|ingaan|ingaat|gaat\s+in|in\s+werking|from\s+(?:next|january|february|"
    r"march|april|may|june|july|august|september|october|november|december|\d)|starting|as\s+of|takes?\s+effect|"
    r"comes?\s+into\s+force|will\s+(?:come|be)\s+in)\b"
)
_PERSONNEL = _Cue(
    r"\b(?:ontslagen|ontslaat|stapt\s+op|stapte\s+op|treedt\s+af|trad\s+af|afgetreden|benoemd|aangesteld|"
    r"opgestapt|weggestuurd|resign\w*|sacked|axed|appointed|steps?\s+down|stepped\s+down|shown\s+the\s+door|"
    r"dismissed|fired|named\s+as|hired|signs?|signed)\b"
)
_PASSIVE_MEASURE = _Cue(
    r"\b(?:wordt|worden|werd|werden|zal|zullen)\s+(?:\w+\s+){0,6}(?:ingevoerd|verhoogd|verlaagd|afgeschaft|gesloten|"
    r"geschrapt|uitgebreid|verboden|verplicht|opgeheven|verlengd|ingeperkt|aangepast|gebouwd|geopend|ontmanteld|"
    r"teruggedraaid|bevroren|gehalveerd|verdubbeld)\b|"
    r"\b(?:will|would|is\s+to|are\s+to)\s+be\s+(?:\w+\s+){0,2}(?:introduced|raised|cut|scrapped|closed|banned|"
    r"required|extended|frozen|abolished|built|opened|expanded|reduced|increased|lifted|replaced|merged)\b"
)
_UNNAMED = _Cue(
    r"\b(?:sommige|sommigen|ingewijden|bronnen|naar\s+verluidt|zou\s+(?:\w+\s+){0,3}hebben|critici|"
    r"insiders?|sources|reportedly|it\s+is\s+understood|critics|some\s+(?:analysts|experts|observers)|"
    r"experts\s+say|rumou?rs?|speculation|speculatie|geruchten)\b"
)
_CONCERNS = _Cue(r"\b(?:gaat|gaan|ging|gingen)\s+(?:het\s+)?(?:om|over)\b")
_FUTURE = _Cue(r"\b(?:zal|zullen|gaat|gaan|komend\w*|volgend\w*|vanaf|per\s+\d|will|shall|going\s+to|next|from\s+\w+\s+on)\b")
_CHANGE = _Cue(
    r"\b(?:gestegen|stijgt|steeg|stegen|gedaald|daalt|daalde|daalden|toegenomen|neemt\s+toe|nam\s+toe|"
    r"afgenomen|nam\s+af|verdubbeld|verdubbelde|gehalveerd|groeide|groeit|gegroeid|kromp|krimpt|"
    r"rose|risen|rises|fell|fallen|falls|doubled|halved|tripled|increased|decreased|grew|grown|"
    r"dropped|declined|jumped|climbed|slumped|surged|plunged|soared)\b"
)
_RANKING = _Cue(
    r"\b(?:staat|stond|eindigde|eindigt|finishte|werd|ranked|ranks|finished|placed|came|sits?)\s+"
    r"(?:nu\s+|op\s+|als\s+|de\s+|the\s+|in\s+)?"
    r"(?:\d+(?:e|ste|de|st|nd|rd|th)|eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|"
    r"negende|tiende|laatste|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\b"
    r"|\b(?:plaats|place|position)\s+\d+\b"
)
_SCORE = _Cue(r"(?<![\d.,])\d{1,2}\s?[-–]\s?\d{1,2}(?![\d%]|[.,]\d)")
_PERCENT = _Cue(r"%|\b(?:procent|procentpunt\w*|percent|per\s+cent|percentage\s+points?)\b")
_MONEY = _Cue(
    r"[€$£¥]|\b(?:euro|eurocent|dollar|dollars|pond|pound|pounds|cent|cents|yen|mln|mld|mrd|"
    r"miljoen|miljard|biljoen|million|billion|trillion|bn|m|k)\b"
)
_UNIT = _Cue(
    r"\d\s?(?:km|kilometer|meter|m2|m³|kilo|kg|gram|ton|liter|mm|cm|graden|°|uur|minuten|seconden|"
    r"km/h|mph|miles?|kilometres?|kilometers?|tonnes?|tons?|litres?|degrees?|mw|gw|kwh|mwh|twh)\b"
)
_YEAR = _Cue(r"(?<![\d.,])(?:1[89]\d\d|20\d\d)(?![\d%]|[.,]\d)(?:\s*[-–/]\s*\d{2,4})?")
_MONTHS = (
    r"jan(?:uari|uary)?|feb(?:ruari|ruary)?|maart|march|mrt|apr(?:il)?|mei|may|jun[ei]?|jul[iy]?|"
    r"aug(?:ustus|ust)?|sep(?:t|tember)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = _Cue(
    rf"\b\d{{1,2}}(?:e|ste|de|st|nd|rd|th)?\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b|"
    r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{1,2}[:.]\d{2}\s*(?:uur|u\b|am|pm|a\.m\.|p\.m\.|hours)|\b\d{1,2}\s*(?:am|pm)\b"
)
_ORDINAL = _Cue(r"\b\d+(?:e|ste|de|st|nd|rd|th)\b|\b\d+\.?\s*(?:minuut|minute)\b")
_AGE = _Cue(
    r"\(\s*\d{1,3}\s*\)|\b\d{1,3}[-\s]?jarige?\b|\b\d{1,3}[-\s]year[-\s]old\b|\baged\s+\d{1,3}\b|"
    r"\b\d{1,3}\s+jaar\s+oud\b|\bop\s+\d{1,3}-?jarige\s+leeftijd\b"
)
_NAMED_NUMBER = _Cue(
    r"\b[^\W\d_]+-?\d+[^\W_]*\b|\b\d+[^\W\d_]+\b|"
    r"\b(?:artikel|article|art\.|nummer|number|nr\.?|no\.|hoofdstuk|chapter|paragraaf|section|"
    r"lijn|line|route|bus|tram|kamer|zaal|pagina|page|fase|phase|niveau|level|week|code)\s+\d+"
)
_DURATION = _Cue(
    r"\b(?:\d+(?:[.,]\d+)?|een|twee|drie|vier|vijf|zes|tien|twaalf|a|one|two|three|four|five|six|ten|twelve)\s+"
    r"(?:dagen|dag|weken|week|maanden|maand|jaar|jaren|decennia|eeuw|uur|days?|weeks?|months?|years?|decades?|hours?)\b"
)
_DIGIT_NUMBER = _Cue(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
#: Dutch number words, small then large; compounds (``vijfentwintig``,
#: ``veertigduizend``) and plurals (``honderden``, ``tientallen``) are matched
#: as one word.
_NL_NUM_SMALL = (
    "een één twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien "
    "zestien zeventien achttien negentien twintig dertig veertig vijftig zestig zeventig tachtig negentig"
).split()
_NL_NUM_LARGE = ("honderd", "duizend", "miljoen", "miljard")
_NL_NUMBER_WORD = _Cue(rf"\b(?:(?:{'|'.join(_NL_NUM_SMALL + list(_NL_NUM_LARGE))})(?:en|ën)?)+(?:en|den|tallen)?\b")
_EN_NUM_SMALL = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety dozen dozens scores"
).split()
_EN_NUM_LARGE = ("hundred", "thousand", "hundreds", "thousands", "millions", "billions")
_EN_NUMBER_WORD = _Cue(
    rf"\b(?:{'|'.join(_EN_NUM_SMALL + list(_EN_NUM_LARGE))})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?\b"
)
#: Roots of the number words of a hundred and more (``veertigduizend``,
#: ``tienduizenden``, ``hundreds``): nearly always a figure, where
#: ``twee``/``two`` often only counts the people in a scene.
_LARGE_ROOTS = _NL_NUM_LARGE + tuple(dict.fromkeys(w.removesuffix("s") for w in _EN_NUM_LARGE))
_NOT_NUMBER_WORDS = frozenset({"een", "één", "en", "acht", "elf", "tien"})
_FRACTION = _Cue(
    r"\b(?:een|één|twee|drie|vier)\s+(?:derde|kwart|vijfde|zesde|tiende)\b|\bde\s+helft\b|\bdriekwart\b|"
    r"\banderhalf\b|\bhalvering\b|\b(?:a|one|two)\s+(?:third|quarter|fifth|tenth)s?\b|\bhalf\s+(?:of|the)\b|"
    r"\btwo-thirds\b|\bthree-quarters\b|\bone\s+in\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b|"
    r"\b(?:een|één)\s+op\s+de\s+\w+\b|\bmajority\b|\bmeerderheid\b"
)


def _number_words(lower: str, may: int = -1) -> list[str]:
    """The number words in a lower-cased text (``een``, ``acht``, ``tien`` left out:
    mostly an article, a verb or a plain word)."""
    found = [w for w in _NL_NUMBER_WORD.findall(lower, may) if w not in _NOT_NUMBER_WORDS]
    found += _EN_NUMBER_WORD.findall(lower, may)
    return found


def _is_large(word: str) -> bool:
    """Whether a number word from :func:`_number_words` is a hundred or more."""
    return any(root in word for root in _LARGE_ROOTS)


#: Names of the cue features, in column order.
CUE_NAMES: tuple[str, ...] = (
    "quote_none",
    "quote_contains",
    "quote_opens",
    "quote_continues",
    "quote_closes",
    "direct_quote",
    "scare_quote_only",
    "quoted_share",
    "speech_verb",
    "attribution_only",
    "stat_number",
    "stat_number_count",
    "number_word",
    "large_number_word",
    "fraction",
    "percent",
    "money",
    "unit",
    "change_verb",
    "ranking",
    "score",
    "year_or_date",
    "age",
    "named_number",
    "ordinal",
    "duration",
    "plan_verb",
    "institution",
    "plan_and_institution",
    "decision",
    "measure",
    "funding",
    "verdict",
    "start_date",
    "personnel",
    "passive_measure",
    "unnamed_source",
    "future",
    "forecast",
    "call_on",
    "question",
    "heading",
    "announcement",
    "quantity_only",
    "first_sentence",
    "lead_sentence",
    "after_quote",
    "after_speech",
    "after_colon",
    "after_heading",
)


#: The cue features that come from the splitter's quotation state (the
#: document context of a sentence) rather than from its own words.
QUOTE_STATE_CUES: tuple[str, ...] = (
    "quote_none",
    "quote_contains",
    "quote_opens",
    "quote_continues",
    "quote_closes",
    "direct_quote",
    "scare_quote_only",
    "quoted_share",
)


#: The cue features read from the sentence before.
CONTEXT_CUES: tuple[str, ...] = ("after_quote", "after_speech", "after_colon", "after_heading")
#: The cue features read from the sentence's position in its article.
POSITION_CUES: tuple[str, ...] = ("first_sentence", "lead_sentence")

#: Cue groups, each adding to the one before: ``lexical`` (the sentence's own
#: words), ``state`` (+ quotation state), ``context`` (+ the sentence before),
#: ``all`` (+ position in the article).
CUE_GROUPS: tuple[str, ...] = ("none", "lexical", "state", "context", "all")


def cue_names(group: str) -> tuple[str, ...]:
    """Cue features of a group (see :data:`CUE_GROUPS`).

    Examples
    --------
    >>> len(cue_names("all")) == len(CUE_NAMES), cue_names("none")
    (True, ())
    >>> "quote_opens" in cue_names("lexical"), "after_speech" in cue_names("state")
    (False, False)
    >>> "after_speech" in cue_names("context"), "first_sentence" in cue_names("context")
    (True, False)
    """
    if group == "all":
        return CUE_NAMES
    if group == "context":
        return tuple(n for n in CUE_NAMES if n not in POSITION_CUES)
    if group == "state":
        return tuple(n for n in CUE_NAMES if n not in CONTEXT_CUES + POSITION_CUES)
    if group == "lexical":
        return tuple(n for n in CUE_NAMES if n not in QUOTE_STATE_CUES + CONTEXT_CUES + POSITION_CUES)
    if group == "none":
        return ()
    raise ValueError(f"unknown cue group {group!r} ({', '.join(CUE_GROUPS)})")


def _context(item: Any, prefilter: bool = True) -> dict[str, float]:
    """Position cues and cues of the sentence before (zero for a plain string)."""
    index = getattr(item, "index", -1)
    if isinstance(item, str) or index < 0:
        return dict.fromkeys(POSITION_CUES + CONTEXT_CUES, 0.0)
    previous = item.previous.strip()
    lower = previous.lower()
    return {
        "first_sentence": float(index == 0),
        "lead_sentence": float(index in (1, 2)),
        "after_quote": float(item.previous_quote in ("contains", "closes", "continues")),
        "after_speech": float(bool(previous) and _SPEECH.search(lower, _may(lower, prefilter)) is not None),
        "after_colon": float(previous.endswith(":")),
        "after_heading": float(bool(previous) and previous[-1] not in ".!?…:;”\"'’»)]"),
    }


def _may(text: str, prefilter: bool) -> int:
    """Prefilter bits of ``text`` (all set when not prefiltering)."""
    return _PREFILTER.mask(text) if prefilter else -1


#: Numbers that set the scene or name something, masked in this order.
_SCENE_NUMBERS = (
    ("year_or_date", _DATE),
    ("age", _AGE),
    ("ordinal", _ORDINAL),
    ("named_number", _NAMED_NUMBER),
    ("year_or_date", _YEAR),
)


def cue_dict(item: Any, *, prefilter: bool = True) -> dict[str, float]:
    """The cue features of one sentence as a name → value mapping.

    Parameters
    ----------
    item : str or Sentence
        A sentence; a :class:`~claimtag.segment.Sentence` brings its quotation
        state from the document, a plain string is judged on its own.
    prefilter : bool, default=True
        Skip the patterns that cannot match (see :class:`_Prefilter`); the
        values are the same either way, only slower without.

    Examples
    --------
    >>> cue_dict("Volgens het CBS steeg de werkloosheid naar 3,9 procent.")["percent"]
    1.0
    >>> cue_dict("Sinds 2014 geldt Artikel 5.")["stat_number"]
    0.0
    """
    text = item_text(item)
    info = item_quote(item)
    lower = text.lower()
    may = _may(lower, prefilter)
    n_words = max(1, len(text.split()))

    direct = info.quote in ("continues", "closes") or info.longest_quote >= 2
    # Numbers that set the scene or name something are masked before the
    # remaining digits are counted as quantities.
    masked = lower
    scene = dict.fromkeys(("year_or_date", "age", "ordinal", "named_number"), False)
    has_digit = _ANY_DIGIT.search(lower) is not None
    may_masked = may
    # Each of these patterns needs a digit: without one there is nothing to mask.
    scene_patterns = _SCENE_NUMBERS if has_digit else ()
    for name, pattern in scene_patterns:
        found = pattern.search(masked, may_masked) is not None
        scene[name] = scene[name] or found
        if found:
            # Masking can split a word, so the masked text gets its own mask.
            masked = pattern.sub(" ", masked)
            may_masked = _may(masked, prefilter)
    duration = _DURATION.search(lower, may) is not None
    digits = len(_DIGIT_NUMBER.findall(masked, may_masked)) if has_digit else 0
    number_words = _number_words(masked, may_masked)
    words = len(number_words)
    fraction = _FRACTION.search(masked, may_masked) is not None
    quantity = digits + words + fraction
    # "het gaat om", "ging over": gaan as "to concern", not as intent.
    intent = _CONCERNS.sub(" ", lower, may)
    may_intent = may if intent == lower else _may(intent, prefilter)
    plan = _PLAN.search(intent, may_intent) is not None
    institution = _INSTITUTION.search(lower, may) is not None
    stripped = text.rstrip()
    values = {
        "quote_none": float(info.quote == "none"),
        "quote_contains": float(info.quote == "contains"),
        "quote_opens": float(info.quote == "opens"),
        "quote_continues": float(info.quote == "continues"),
        "quote_closes": float(info.quote == "closes"),
        "direct_quote": float(direct),
        "scare_quote_only": float(info.quote == "contains" and info.longest_quote <= 1),
        "quoted_share": min(1.0, info.quoted_words / n_words),
        "speech_verb": float(_SPEECH.search(lower, may) is not None),
        "attribution_only": float(n_words <= 10 and _ATTRIBUTION_ONLY.search(text.strip("„“\"' ")) is not None),
        "stat_number": float(quantity > 0),
        "stat_number_count": min(quantity, 4) / 4.0,
        "number_word": float(words > 0),
        "large_number_word": float(any(map(_is_large, number_words))),
        "fraction": float(fraction),
        "percent": float(_PERCENT.search(lower, may) is not None),
        "money": float(_MONEY.search(masked, may_masked) is not None and quantity > 0),
        "unit": float(has_digit and _UNIT.search(masked, may_masked) is not None),
        "change_verb": float(_CHANGE.search(lower, may) is not None),
        "ranking": float(_RANKING.search(lower, may) is not None),
        "score": float(has_digit and _SCORE.search(masked, may_masked) is not None),
        "year_or_date": float(scene["year_or_date"]),
        "age": float(scene["age"]),
        "named_number": float(scene["named_number"]),
        "ordinal": float(scene["ordinal"]),
        "duration": float(duration),
        "plan_verb": float(plan),
        "institution": float(institution),
        "plan_and_institution": float(plan and institution),
        "decision": float(_DECISION.search(lower, may) is not None),
        "measure": float(_MEASURE.search(lower, may) is not None),
        "funding": float(_FUNDING.search(lower, may) is not None),
        "verdict": float(_VERDICT.search(lower, may) is not None),
        "start_date": float(_START.search(lower, may) is not None),
        "personnel": float(_PERSONNEL.search(lower, may) is not None),
        "passive_measure": float(_PASSIVE_MEASURE.search(lower, may) is not None),
        "unnamed_source": float(_UNNAMED.search(lower, may) is not None),
        "future": float(_FUTURE.search(intent, may_intent) is not None),
        "forecast": float(_FORECAST.search(lower, may) is not None),
        "call_on": float(_CALL_ON.search(lower, may) is not None),
        "question": float(stripped.endswith(("?", "?”", '?"', "?’"))),
        "heading": float(bool(stripped) and stripped[-1] not in ".!?…:;”\"'’»)]"),
    }
    # Precedence (rules 1-3) as features: a quantity with no announcement
    # and no direct quotation is what rule 3 tags.
    announcement = any(
        values[name] for name in ("plan_verb", "decision", "funding", "start_date", "personnel", "passive_measure")
    )
    values["announcement"] = float(announcement)
    values["quantity_only"] = float(quantity > 0 and not announcement and not direct)
    values.update(_context(item, prefilter))
    return values


def cue_matrix(items: Iterable[Any]) -> np.ndarray:
    """Cue features of many sentences, one row each, columns :data:`CUE_NAMES`."""
    # cue_dict fills its mapping in CUE_NAMES order (a test holds it to that).
    rows = [tuple(cues.values()) for cues in map(cue_dict, items)]
    if not rows:
        return np.zeros((0, len(CUE_NAMES)))
    return np.asarray(rows, dtype=np.float64)
