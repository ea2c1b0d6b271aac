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

Examples
--------
>>> from claimtag.features import cue_dict
>>> cues = cue_dict("De oostflank wordt verdedigd door veertigduizend militairen.")
>>> cues["number_word"], cues["year_or_date"]
(1.0, 0.0)
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

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
        self._tables: _GramTables | None | bool = None  # built on first use

    def __len__(self) -> int:
        return len(self.index)

    def transform(self, texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sparse TF-IDF rows of normalised texts as ``(rows, columns, values)``.

        Rows come out in order; within a row the column order is not fixed.
        """
        texts = list(texts)
        if self.analyzer == "char_wb" and self._tables is None:
            self._tables = _GramTables.build(self.vocabulary, self.ngram_range) or False
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
        r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.intp)
        c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.intp)
        if not len(r):
            return r, c, np.zeros(0)
        width = int(c.max()) + 1
        pairs, counts = np.unique(r.astype(np.int64) * width + c, return_counts=True)
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


_SPEECH = re.compile(
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
_ATTRIBUTION_ONLY = re.compile(
    r"^(?:dat|dit|dat alles|zo|this|that|so)\s+(?:\w+\s+){0,2}"
    r"(?:meldt|meldde|melden|zegt|zei|schrijft|schreef|bericht|berichtte|laat|liet|maakte|maakt|"
    r"reported|reports|said|says|was reported|wrote|writes|according)\b",
    re.IGNORECASE,
)
_PLAN = re.compile(
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
_INSTITUTION = re.compile(
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
_FORECAST = re.compile(
    r"\b(?:verwacht\w*|voorspel\w*|prognose\w*|raming\w*|naar\s+verwachting|waarschijnlijk|"
    r"expect\w*|forecast\w*|predict\w*|projected|likely|estimate\w*|raming)\b"
)
_CALL_ON = re.compile(
    r"\b(?:roept|riep|riepen|roepen)\b.*\bop\b|\boproep\w*|\bdringt\w*\s+aan|\bdrong\w*\s+aan|"
    r"\bwil\s+dat\b|\bvraagt\s+\w+\s+om\b|\burge[ds]?\b|\bcall(?:s|ed)?\s+on\b|\bcall(?:s|ed)?\s+for\b|"
    r"\bappeal(?:s|ed)?\s+to\b|\bdemand(?:s|ed)?\b"
)
_DECISION = re.compile(
    r"\b(?:besloten|besluit|besloot|besliste|beslist|ingestemd|stemde\w*\s+(?:\w+\s+){0,4}in|goedgekeurd|keurde\w*\s+"
    r"(?:\w+\s+){0,4}goed|aangenomen|nam\w*\s+(?:\w+\s+){0,3}aan|afgewezen|verworpen|tekende|getekend|akkoord|"
    r"approved|approves|voted\s+to|voted\s+(?:\w+\s+){0,3}(?:for|against)|decided|agreed\s+to|signed|rejected|"
    r"thrown\s+out|blocked|passed|backed|gave\s+the\s+go-ahead|green-?lit|confirmed\s+it\s+(?:will|would))\b"
)
_MEASURE = re.compile(
    r"\b(?:maatregel\w*|regeling\w*|wet|wetten|wetsvoorstel\w*|subsidie\w*|heffing\w*|boete\w*|verbod\w*|"
    r"akkoord|budget\w*|fonds|toeslag\w*|tarie[fv]\w*|premie\w*|belasting\w*|quotum|plafond|norm|vergunning\w*|"
    r"scheme|schemes|ban|bans|levy|levies|tax|taxes|fine|fines|subsid\w+|grant|grants|bill|law|laws|rule|rules|"
    r"policy|policies|programme|program|package|deal|cap|quota|tariffs?|fees?|fares?|funding|licen[cs]es?)\b"
)
_FUNDING = re.compile(
    r"\b(?:trekt|trok|trekken)\b.*\buit\b|\bstel\w*\s+(?:\w+\s+){0,5}beschikbaar|\bmaakt?\s+(?:\w+\s+){0,5}vrij\b|"
    r"\binvester\w*|\bkrijg\w*\s+(?:\w+\s+){0,5}extra\b|\breserveer\w*|\bextra\s+geld\b|"
    r"\ballocat\w*|\binvest\w*|\bpledg\w*|\bearmark\w*|\bto\s+fund\b|\bfunding\s+for\b|\bwill\s+spend\b"
)
_VERDICT = re.compile(
    r"\b(?:veroordeel\w*|cel|celstraf|gevangenisstraf|taakstraf|werkstraf|eist|eiste|geëist|vrijgesproken|"
    r"vrijspraak|sentenced|jailed|locked\s+up|fined|convicted|acquitted|ordered\s+to|banned\s+from|"
    r"cleared|struck\s+off|disqualified)\b"
)
_START = re.compile(
    r"\b(?:vanaf|per\s+\d|met\s+ingang\s+van|ingaan|ingaat|gaat\s+in|in\s+werking|from\s+(?:next|january|february|"
    r"march|april|may|june|july|august|september|october|november|december|\d)|starting|as\s+of|takes?\s+effect|"
    r"comes?\s+into\s+force|will\s+(?:come|be)\s+in)\b"
)
_PERSONNEL = re.compile(
    r"\b(?:ontslagen|ontslaat|stapt\s+op|stapte\s+op|treedt\s+af|trad\s+af|afgetreden|benoemd|aangesteld|"
    r"opgestapt|weggestuurd|resign\w*|sacked|axed|appointed|steps?\s+down|stepped\s+down|shown\s+the\s+door|"
    r"dismissed|fired|named\s+as|hired|signs?|signed)\b"
)
_PASSIVE_MEASURE = re.compile(
    r"\b(?:wordt|worden|werd|werden|zal|zullen)\s+(?:\w+\s+){0,6}(?:ingevoerd|verhoogd|verlaagd|afgeschaft|gesloten|"
    r"geschrapt|uitgebreid|verboden|verplicht|opgeheven|verlengd|ingeperkt|aangepast|gebouwd|geopend|ontmanteld|"
    r"teruggedraaid|bevroren|gehalveerd|verdubbeld)\b|"
    r"\b(?:will|would|is\s+to|are\s+to)\s+be\s+(?:\w+\s+){0,2}(?:introduced|raised|cut|scrapped|closed|banned|"
    r"required|extended|frozen|abolished|built|opened|expanded|reduced|increased|lifted|replaced|merged)\b"
)
_UNNAMED = re.compile(
    r"\b(?:sommige|sommigen|ingewijden|bronnen|naar\s+verluidt|zou\s+(?:\w+\s+){0,3}hebben|critici|"
    r"insiders?|sources|reportedly|it\s+is\s+understood|critics|some\s+(?:analysts|experts|observers)|"
    r"experts\s+say|rumou?rs?|speculation|speculatie|geruchten)\b"
)
_CONCERNS = re.compile(r"\b(?:gaat|gaan|ging|gingen)\s+(?:het\s+)?(?:om|over)\b")
_FUTURE = re.compile(r"\b(?:zal|zullen|gaat|gaan|komend\w*|volgend\w*|vanaf|per\s+\d|will|shall|going\s+to|next|from\s+\w+\s+on)\b")
_CHANGE = re.compile(
    r"\b(?:gestegen|stijgt|steeg|stegen|gedaald|daalt|daalde|daalden|toegenomen|neemt\s+toe|nam\s+toe|"
    r"afgenomen|nam\s+af|verdubbeld|verdubbelde|gehalveerd|groeide|groeit|gegroeid|kromp|krimpt|"
    r"rose|risen|rises|fell|fallen|falls|doubled|halved|tripled|increased|decreased|grew|grown|"
    r"dropped|declined|jumped|climbed|slumped|surged|plunged|soared)\b"
)
_RANKING = re.compile(
    r"\b(?:staat|stond|eindigde|eindigt|finishte|werd|ranked|ranks|finished|placed|came|sits?)\s+"
    r"(?:nu\s+|op\s+|als\s+|de\s+|the\s+|in\s+)?"
    r"(?:\d+(?:e|ste|de|st|nd|rd|th)|eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|"
    r"negende|tiende|laatste|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\b"
    r"|\b(?:plaats|place|position)\s+\d+\b"
)
_SCORE = re.compile(r"(?<![\d.,])\d{1,2}\s?[-–]\s?\d{1,2}(?![\d%]|[.,]\d)")
_PERCENT = re.compile(r"%|\b(?:procent|procentpunt\w*|percent|per\s+cent|percentage\s+points?)\b")
_MONEY = re.compile(
    r"[€$£¥]|\b(?:euro|eurocent|dollar|dollars|pond|pound|pounds|cent|cents|yen|mln|mld|mrd|"
    r"miljoen|miljard|biljoen|million|billion|trillion|bn|m|k)\b"
)
_UNIT = re.compile(
    r"\d\s?(?:km|kilometer|meter|m2|m³|kilo|kg|gram|ton|liter|mm|cm|graden|°|uur|minuten|seconden|"
    r"km/h|mph|miles?|kilometres?|kilometers?|tonnes?|tons?|litres?|degrees?|mw|gw|kwh|mwh|twh)\b"
)
_YEAR = re.compile(r"(?<![\d.,])(?:1[89]\d\d|20\d\d)(?![\d%]|[.,]\d)(?:\s*[-–/]\s*\d{2,4})?")
_MONTHS = (
    r"jan(?:uari|uary)?|feb(?:ruari|ruary)?|maart|march|mrt|apr(?:il)?|mei|may|jun[ei]?|jul[iy]?|"
    r"aug(?:ustus|ust)?|sep(?:t|tember)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = re.compile(
    rf"\b\d{{1,2}}(?:e|ste|de|st|nd|rd|th)?\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b|"
    r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{1,2}[:.]\d{2}\s*(?:uur|u\b|am|pm|a\.m\.|p\.m\.|hours)|\b\d{1,2}\s*(?:am|pm)\b"
)
_ORDINAL = re.compile(r"\b\d+(?:e|ste|de|st|nd|rd|th)\b|\b\d+\.?\s*(?:minuut|minute)\b")
_AGE = re.compile(
    r"\(\s*\d{1,3}\s*\)|\b\d{1,3}[-\s]?jarige?\b|\b\d{1,3}[-\s]year[-\s]old\b|\baged\s+\d{1,3}\b|"
    r"\b\d{1,3}\s+jaar\s+oud\b|\bop\s+\d{1,3}-?jarige\s+leeftijd\b"
)
_NAMED_NUMBER = re.compile(
    r"\b[^\W\d_]+-?\d+[^\W_]*\b|\b\d+[^\W\d_]+\b|"
    r"\b(?:artikel|article|art\.|nummer|number|nr\.?|no\.|hoofdstuk|chapter|paragraaf|section|"
    r"lijn|line|route|bus|tram|kamer|zaal|pagina|page|fase|phase|niveau|level|week|code)\s+\d+"
)
_DURATION = re.compile(
    r"\b(?:\d+(?:[.,]\d+)?|een|twee|drie|vier|vijf|zes|tien|twaalf|a|one|two|three|four|five|six|ten|twelve)\s+"
    r"(?:dagen|dag|weken|week|maanden|maand|jaar|jaren|decennia|eeuw|uur|days?|weeks?|months?|years?|decades?|hours?)\b"
)
_ANY_DIGIT = re.compile(r"\d")
_DIGIT_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
#: Dutch number words, small then large; compounds (``vijfentwintig``,
#: ``veertigduizend``) and plurals (``honderden``, ``tientallen``) are matched
#: as one word.
_NL_NUM_SMALL = (
    "een één twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien "
    "zestien zeventien achttien negentien twintig dertig veertig vijftig zestig zeventig tachtig negentig"
).split()
_NL_NUM_LARGE = ("honderd", "duizend", "miljoen", "miljard")
_NL_NUMBER_WORD = re.compile(rf"\b(?:(?:{'|'.join(_NL_NUM_SMALL + list(_NL_NUM_LARGE))})(?:en|ën)?)+(?:en|den|tallen)?\b")
_EN_NUM_SMALL = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety dozen dozens scores"
).split()
_EN_NUM_LARGE = ("hundred", "thousand", "hundreds", "thousands", "millions", "billions")
_EN_NUMBER_WORD = re.compile(
    rf"\b(?:{'|'.join(_EN_NUM_SMALL + list(_EN_NUM_LARGE))})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?\b"
)
#: Roots of the number words of a hundred and more (``veertigduizend``,
#: ``tienduizenden``, ``hundreds``): nearly always a figure, where
#: ``twee``/``two`` often only counts the people in a scene.
_LARGE_ROOTS = _NL_NUM_LARGE + ("hundred", "thousand", "million", "billion")
_NOT_NUMBER_WORDS = frozenset({"een", "één", "en", "acht", "elf", "tien"})
_FRACTION = re.compile(
    r"\b(?:een|één|twee|drie|vier)\s+(?:derde|kwart|vijfde|zesde|tiende)\b|\bde\s+helft\b|\bdriekwart\b|"
    r"\banderhalf\b|\bhalvering\b|\b(?:a|one|two)\s+(?:third|quarter|fifth|tenth)s?\b|\bhalf\s+(?:of|the)\b|"
    r"\btwo-thirds\b|\bthree-quarters\b|\bone\s+in\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b|"
    r"\b(?:een|één)\s+op\s+de\s+\w+\b|\bmajority\b|\bmeerderheid\b"
)


def _number_words(lower: str) -> list[str]:
    """The number words in a lower-cased text (``een``, ``acht``, ``tien`` left out:
    mostly an article, a verb or a plain word)."""
    found = [w for w in _NL_NUMBER_WORD.findall(lower) if w not in _NOT_NUMBER_WORDS]
    found.extend(m.group(0) for m in _EN_NUMBER_WORD.finditer(lower))
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


def _context(item: Any) -> dict[str, float]:
    """Position cues and cues of the sentence before (zero for a plain string)."""
    index = getattr(item, "index", -1)
    if isinstance(item, str) or index < 0:
        return dict.fromkeys(CONTEXT_CUES + POSITION_CUES, 0.0)
    previous = item.previous.strip()
    lower = previous.lower()
    return {
        "first_sentence": float(index == 0),
        "lead_sentence": float(index in (1, 2)),
        "after_quote": float(item.previous_quote in ("contains", "closes", "continues")),
        "after_speech": float(bool(previous) and _SPEECH.search(lower) is not None),
        "after_colon": float(previous.endswith(":")),
        "after_heading": float(bool(previous) and previous[-1] not in ".!?…:;”\"'’»)]"),
    }


#: Numbers that set the scene or name something, masked in this order.
_SCENE_NUMBERS = (
    ("year_or_date", _DATE),
    ("age", _AGE),
    ("ordinal", _ORDINAL),
    ("named_number", _NAMED_NUMBER),
    ("year_or_date", _YEAR),
)


def cue_dict(item: Any) -> dict[str, float]:
    """The cue features of one sentence as a name → value mapping.

    Parameters
    ----------
    item : str or Sentence
        A sentence; a :class:`~claimtag.segment.Sentence` brings its quotation
        state from the document, a plain string is judged on its own.

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
    n_words = max(1, len(text.split()))

    direct = info.quote in ("continues", "closes") or info.longest_quote >= 2
    # Numbers that set the scene or name something are masked before the
    # remaining digits are counted as quantities.
    masked = lower
    scene = dict.fromkeys(("year_or_date", "age", "ordinal", "named_number"), False)
    has_digit = _ANY_DIGIT.search(lower) is not None
    # Each of these patterns needs a digit: without one there is nothing to mask.
    scene_patterns = _SCENE_NUMBERS if has_digit else ()
    for name, pattern in scene_patterns:
        found = pattern.search(masked) is not None
        scene[name] = scene[name] or found
        if found:
            masked = pattern.sub(" ", masked)
    duration = _DURATION.search(lower) is not None
    digits = len(_DIGIT_NUMBER.findall(masked)) if has_digit else 0
    number_words = _number_words(masked)
    words = len(number_words)
    fraction = _FRACTION.search(masked) is not None
    quantity = digits + words + fraction
    # "het gaat om", "ging over": gaan as "to concern", not as intent.
    intent = _CONCERNS.sub(" ", lower)
    plan = _PLAN.search(intent) is not None
    institution = _INSTITUTION.search(lower) is not None
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
        "speech_verb": float(_SPEECH.search(lower) is not None),
        "attribution_only": float(n_words <= 10 and _ATTRIBUTION_ONLY.search(text.strip("„“\"' ")) is not None),
        "stat_number": float(quantity > 0),
        "stat_number_count": min(quantity, 4) / 4.0,
        "number_word": float(words > 0),
        "large_number_word": float(any(map(_is_large, number_words))),
        "fraction": float(fraction),
        "percent": float(_PERCENT.search(lower) is not None),
        "money": float(_MONEY.search(masked) is not None and quantity > 0),
        "unit": float(has_digit and _UNIT.search(masked) is not None),
        "change_verb": float(_CHANGE.search(lower) is not None),
        "ranking": float(_RANKING.search(lower) is not None),
        "score": float(has_digit and _SCORE.search(masked) is not None),
        "year_or_date": float(scene["year_or_date"]),
        "age": float(scene["age"]),
        "named_number": float(scene["named_number"]),
        "ordinal": float(scene["ordinal"]),
        "duration": float(duration),
        "plan_verb": float(plan),
        "institution": float(institution),
        "plan_and_institution": float(plan and institution),
        "decision": float(_DECISION.search(lower) is not None),
        "measure": float(_MEASURE.search(lower) is not None),
        "funding": float(_FUNDING.search(lower) is not None),
        "verdict": float(_VERDICT.search(lower) is not None),
        "start_date": float(_START.search(lower) is not None),
        "personnel": float(_PERSONNEL.search(lower) is not None),
        "passive_measure": float(_PASSIVE_MEASURE.search(lower) is not None),
        "unnamed_source": float(_UNNAMED.search(lower) is not None),
        "future": float(_FUTURE.search(intent) is not None),
        "forecast": float(_FORECAST.search(lower) is not None),
        "call_on": float(_CALL_ON.search(lower) is not None),
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
    values.update(_context(item))
    return values


def cue_matrix(items: Iterable[Any]) -> np.ndarray:
    """Cue features of many sentences, one row each, columns :data:`CUE_NAMES`."""
    rows = [[cues[name] for name in CUE_NAMES] for cues in map(cue_dict, items)]
    if not rows:
        return np.zeros((0, len(CUE_NAMES)))
    return np.asarray(rows, dtype=np.float64)
