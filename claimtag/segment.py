"""Text → sentences: a rule-based splitter for Dutch and English news.

Every sentence keeps its character offsets into the original text, so
``text[s.start:s.end] == s.text`` always holds.  Besides the spans the splitter
tracks quotation state across sentences and paragraphs: each sentence knows
whether it opens, continues or closes a quotation, and how many of its words
stand between quotation marks.  A leading ``date 2022-03`` is read as document
metadata and is not part of any sentence.

Examples
--------
>>> from claimtag.segment import split_document
>>> doc = split_document('date 2022-03 „Nee.”, zei hij. Dhr. Jansen ging naar huis.')
>>> doc.date
'2022-03'
>>> [s.text for s in doc.sentences]
['„Nee.”, zei hij.', 'Dhr. Jansen ging naar huis.']
>>> doc.sentences[0].quote
'contains'
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator, NamedTuple

__all__ = [
    "MAX_SENTENCE_CHARS",
    "STREAM_PARAGRAPH_CHARS",
    "QUOTE_STATES",
    "Document",
    "QuoteInfo",
    "QuoteTracker",
    "Sentence",
    "iter_document",
    "read_metadata",
    "split_document",
    "split_lines",
    "split_sentences",
]

#: Longest sentence the splitter returns; longer runs are cut at a space.
MAX_SENTENCE_CHARS = 1000

#: The quotation states a sentence can be in, see :class:`QuoteInfo`.
QUOTE_STATES = ("none", "contains", "opens", "continues", "closes")


class QuoteInfo(NamedTuple):
    """Where a sentence stands with respect to quotations.

    Attributes
    ----------
    quote : str
        ``"none"`` (no quotation marks in play), ``"contains"`` (a quotation
        opens and closes inside the sentence), ``"opens"`` (a quotation opens
        and is still open at the end), ``"continues"`` (the sentence starts and
        ends inside a quotation opened earlier) or ``"closes"`` (it starts inside
        a quotation opened earlier and closes it).
    quoted_words : int
        Number of words of the sentence that stand inside quotation marks.
    longest_quote : int
        Words in the longest single quoted stretch of the sentence; ``1`` for a
        scare-quoted term such as ``‘Kiev’``.
    """

    quote: str = "none"
    quoted_words: int = 0
    longest_quote: int = 0


class Sentence(NamedTuple):
    """One sentence of a document, with its offsets, quotation state and context.

    ``index`` is the sentence's number in its document (``-1`` when unknown);
    ``previous`` and ``previous_quote`` hold the text and quotation state of the
    sentence before it (empty and ``"none"`` for the first).
    """

    text: str
    start: int
    end: int
    quote: str = "none"
    quoted_words: int = 0
    longest_quote: int = 0
    paragraph: int = 0
    index: int = -1
    previous: str = ""
    previous_quote: str = "none"


class Document(NamedTuple):
    """A split document: the full text, its metadata and its sentences."""

    text: str
    date: str | None
    sentences: tuple[Sentence, ...]


# --------------------------------------------------------------------------
# Document metadata

_METADATA = re.compile(r"\A\s*date[ \t]+(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?=\s|\Z)[ \t]*\n?")


def read_metadata(text: str) -> tuple[str | None, int]:
    """Read a leading ``date YYYY[-MM[-DD]]`` prefix.

    Returns
    -------
    (date, offset) : tuple
        The date string (or ``None``) and the offset where the body starts.

    Examples
    --------
    >>> read_metadata(" date 2022-03 De NAVO is van plan.")
    ('2022-03', 14)
    >>> read_metadata("Geen datum.")
    (None, 0)
    """
    match = _METADATA.match(text)
    if match is None:
        return None, 0
    return match.group(1), match.end()


# --------------------------------------------------------------------------
# Sentence boundaries

# Abbreviations after which a period never ends a sentence (titles and
# abbreviations that only occur inside sentences).  Compared in lower case.
_NEVER_END = frozenset(
    """
    dhr. mevr. mw. mej. prof. dr. drs. ir. ing. mr. ds. st. sr. jr. gen. gov.
    sen. rep. rev. lt. col. capt. sgt. maj. adm. hon. mrs. ms. messrs. fr.
    o.a. d.w.z. bijv. bv. ca. e.g. i.e. vs. t.o.v. m.u.v. i.v.m. m.b.t. i.p.v.
    n.a.v. t.a.v. m.i.v. resp. vgl. approx. incl. excl. zgn. z.g.a.n. ong. evt.
    u.s. u.k. u.n. mt. ft. cf. viz. a.k.a. plm. z.g. m.n. v.w.b. t.w. a.d.h.v.
    zr.ms. hr.ms. z.m. h.m. z.k.h. h.k.h. ala. ariz. calif. colo. conn. fla. ky. mich. minn. mont.
    neb. nev. okla. tenn. vt. wis. wyo.
    """.split()
)

# Abbreviations that do not end a sentence when a number follows.
_NOT_BEFORE_DIGIT = frozenset(
    """
    jan. feb. febr. mrt. mar. apr. jun. jul. aug. sep. sept. okt. oct. nov.
    dec. no. nos. nr. nrs. art. p. pp. pag. blz. fig. mln. mld. mrd. max. min.
    """.split()
)

# Abbreviations that may close a sentence; a period after them ends one when
# a sentence start follows.
_MAY_END = frozenset("etc. enz. e.d. e.a. inc. ltd. corp. co. b.v. n.v. a.m. p.m. bros.".split())

_TERMINAL = re.compile(
    r"""(?:\.{3}|…|[.!?])+      # terminal punctuation
        [”"'’»)\]]*             # closing quotes and brackets
        (?:''|’’)?              # typewriter closing quote
        (?=\s)""",
    re.VERBOSE,
)
_STARTER = re.compile(r"""[^\W\d_]|\d|[„“"‘'«‹(\[¿¡‚]|,,""")
_CLITIC = re.compile(r"""['’](?:s|t|n|k)\b""")
_WORD_BEFORE = re.compile(r"(\S+)$")
_INITIALS = re.compile(r"(?:[^\W\d_]\.){2,}")
_OPENERS_STRIP = "„“\"‘'«‹([,"
_HEADING_WORDS = 12
_FINAL_PUNCT = ".!?…:;”\"'’»)]"


def _starts_sentence(text: str, pos: int) -> bool:
    """True when a new sentence may start at ``pos``."""
    ch = text[pos : pos + 1]
    if not ch:
        return False
    if ch.isalpha():
        return ch.isupper() or not ch.islower()
    if _CLITIC.match(text, pos):  # Dutch 's Avonds, 't
        return True
    return bool(_STARTER.match(text, pos))


def _is_boundary(text: str, match: re.Match[str], next_pos: int) -> bool:
    """Decide whether the punctuation in ``match`` ends a sentence."""
    if not _starts_sentence(text, next_pos):
        return False
    punct = match.group(0)
    start = match.start()
    if punct.startswith(("…", "...")) and text[start - 1 : start] in ("[", "("):
        return False  # editorial ellipsis: [...] or (...)
    if punct != ".":
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 40), start + 1)
    if before is None:
        return True
    word = before.group(1).lstrip(_OPENERS_STRIP).lower()
    if word in _NEVER_END:
        return False
    if word in _NOT_BEFORE_DIGIT and text[next_pos : next_pos + 1].isdigit():
        return False
    if word in _MAY_END:
        return True
    stem = word[:-1]
    if len(stem) == 1 and stem.isalpha():
        # An initial (J. de Vries) unless it is a lone lower-case letter.
        return not before.group(1).lstrip(_OPENERS_STRIP)[0].isupper()
    if _INITIALS.fullmatch(word):
        return False
    return True


def _is_exclamation_word(text: str, start: int, match: re.Match[str]) -> bool:
    """A tabloid opener such as ``HACKED!`` or ``AXED!`` starts its sentence."""
    head = text[start : match.start()].strip()
    return match.group(0).startswith("!") and head.isupper() and len(head.split()) == 1


def _is_heading(line: str) -> bool:
    """A short line with no closing punctuation stands on its own."""
    stripped = line.strip()
    return bool(stripped) and stripped[-1] not in _FINAL_PUNCT and len(stripped.split()) <= _HEADING_WORDS


def _cut_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut a span longer than :data:`MAX_SENTENCE_CHARS` at spaces."""
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = text.rfind(" ", start + 1, limit)
        if cut <= start:
            cut = limit
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _line_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split a paragraph into runs of lines, breaking after heading lines."""
    run_start = start
    pos = start
    while True:
        newline = text.find("\n", pos, end)
        if newline < 0:
            break
        line = text[pos:newline]
        rest = newline + 1
        while rest < end and text[rest].isspace():
            rest += 1
        if rest < end and _is_heading(line) and _starts_sentence(text, rest):
            yield run_start, newline
            run_start = newline + 1
        pos = newline + 1
    yield run_start, end


def _sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for run_start, run_end in _line_spans(text, start, end):
        sent_start = run_start
        for match in _TERMINAL.finditer(text, run_start, run_end):
            next_pos = match.end()
            while next_pos < run_end and text[next_pos].isspace():
                next_pos += 1
            if next_pos >= run_end:
                break
            if _is_boundary(text, match, next_pos) and not _is_exclamation_word(text, sent_start, match):
                span = _trim(text, sent_start, match.end())
                if span[0] < span[1]:
                    yield from _cut_long(text, *span)
                sent_start = match.end()
        span = _trim(text, sent_start, run_end)
        if span[0] < span[1]:
            yield from _cut_long(text, *span)


_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def _paragraph_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for match in _BLANK_LINE.finditer(text, start, end):
        yield pos, match.start()
        pos = match.end()
    yield pos, end


# --------------------------------------------------------------------------
# Quotation state

_DOUBLE_OPEN = "„“«‹"
_CLOSERS = {"„": "”“\"", "“": "”\"", "«": "»", "‹": "›", '"': '"”', ",,": "''”\"", "‘": "’'", "'": "'’"}
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
#: Every character that can open or close a quotation (see _opening, _CLOSERS).
_MARK = re.compile("[" + re.escape("".join(sorted(set(_DOUBLE_OPEN + "".join(_CLOSERS) + "".join(_CLOSERS.values()))))) + "]")


class QuoteTracker:
    """Follow quotation marks across the sentences of a document.

    Feed it the sentences in order with :meth:`feed`; it returns a
    :class:`QuoteInfo` for each.  An unclosed quotation is carried into the next
    paragraph only when that paragraph opens with a quotation mark, the
    newspaper convention for a quotation that runs over several paragraphs.

    Examples
    --------
    >>> tracker = QuoteTracker()
    >>> tracker.feed("„Rusland moet stoppen.").quote
    'opens'
    >>> tracker.feed("Het kan nooit winnen.”").quote
    'closes'
    >>> tracker.feed("Ook wil het bondgenootschap ‘Kiev’ helpen.").longest_quote
    1
    """

    def __init__(self) -> None:
        self.open: str | None = None

    def reset(self) -> None:
        """Forget any open quotation."""
        self.open = None

    def feed(self, text: str, *, new_paragraph: bool = False) -> QuoteInfo:
        """Return the quotation state of the next sentence ``text``."""
        if new_paragraph and self.open is not None:
            first = text.lstrip()[:2]
            if not (first[:1] in "„“\"«‹‘'" or first == ",,"):
                self.open = None
        started_inside = self.open is not None
        # Quoted stretches of this sentence as (start, end) pairs.
        stretches: list[list[int]] = []
        if started_inside:
            stretches.append([0, len(text)])
        i = 0
        n = len(text)
        while i < n:
            # Jump to the next character that can open or close a quotation.
            found = _MARK.search(text, i)
            if found is None:
                break
            i = found.start()
            ch = text[i]
            pair = text[i : i + 2]
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < n else " "
            if self.open is None:
                mark = self._opening(text, i, prev, nxt)
                if mark:
                    self.open = mark
                    i += len(mark)
                    stretches.append([i, n])
                    continue
            else:
                width = self._closing(ch, pair, prev, nxt)
                if width:
                    stretches[-1][1] = i
                    self.open = None
                    i += width
                    continue
            i += 1
        words = [len(_WORD.findall(text, s, e)) for s, e in stretches]
        if started_inside:
            state = "continues" if self.open is not None else "closes"
        elif self.open is not None:
            state = "opens"
        elif stretches:
            state = "contains"
        else:
            state = "none"
        return QuoteInfo(state, sum(words), max(words, default=0))

    @staticmethod
    def _opening(text: str, i: int, prev: str, nxt: str) -> str | None:
        ch = text[i]
        after_space = prev.isspace() or prev in "([{—–-/"
        if text.startswith(",,", i) and after_space and not nxt.isspace():
            return ",,"
        if ch in _DOUBLE_OPEN:
            return ch
        opens_word = after_space and not nxt.isspace() and nxt not in ",.;:!?)]"
        if ch in "\"”" and opens_word:
            return '"'
        if ch in "‘'" and opens_word and (nxt.isalnum() or nxt in "…[") and not _CLITIC.match(text, i):
            return ch
        return None

    def _closing(self, ch: str, pair: str, prev: str, nxt: str) -> int:
        mark = self.open
        assert mark is not None
        closers = _CLOSERS[mark]
        if mark in ("‘", "'"):
            # A single mark between letters is an apostrophe (auto's, don't).
            if ch in closers and not (prev.isalpha() and nxt.isalpha()) and not prev.isspace():
                return 1
            return 0
        if "''" in closers and pair == "''":
            return 2
        if ch in closers and ch != "'":
            return 1
        return 0


# --------------------------------------------------------------------------
# Public splitting functions


#: Characters of one paragraph held in memory before it is cut at a line
#: break or space while streaming (a paragraph that long is not prose).
STREAM_PARAGRAPH_CHARS = 1 << 16


class _Cursor:
    """Running state of a streamed split: paragraph number and quotation tracker."""

    def __init__(self) -> None:
        self.paragraph = 0
        self.last_paragraph = -1
        self.tracker = QuoteTracker()
        self.index = 0
        self.previous = ""
        self.previous_quote = "none"

    def sentence(self, text: str, start: int, end: int, base: int) -> Sentence:
        piece = text[start:end]
        info = self.tracker.feed(piece, new_paragraph=self.paragraph != self.last_paragraph)
        self.last_paragraph = self.paragraph
        out = Sentence(
            piece,
            base + start,
            base + end,
            info.quote,
            info.quoted_words,
            info.longest_quote,
            self.paragraph,
            self.index,
            self.previous,
            self.previous_quote,
        )
        self.index += 1
        self.previous, self.previous_quote = piece, info.quote
        return out


def _split_part(text: str, start: int, end: int, closed: bool, cursor: _Cursor, base: int) -> Iterator[Sentence]:
    """Sentences of ``text[start:end]``; ``closed`` when a paragraph break follows."""
    spans = list(_paragraph_spans(text, start, end))
    for number, (par_start, par_end) in enumerate(spans):
        found = False
        for s, e in _sentence_spans(text, par_start, par_end):
            found = True
            yield cursor.sentence(text, s, e, base)
        if found and (closed or number < len(spans) - 1):
            cursor.paragraph += 1


def _line_part(text: str, start: int, end: int, closed: bool, cursor: _Cursor, base: int) -> Iterator[Sentence]:
    """Each non-empty line of ``text[start:end]`` is a sentence; blank lines end paragraphs."""
    pos = start
    while pos < end:
        newline = text.find("\n", pos, end)
        line_end = end if newline < 0 else newline
        s, e = _trim(text, pos, line_end)
        if s == e:
            if newline >= 0:
                cursor.paragraph += 1
        else:
            for piece in _cut_long(text, s, e):
                yield cursor.sentence(text, piece[0], piece[1], base)
        pos = line_end + 1


def _stream(chunks: Iterable[str], one_per_line: bool) -> tuple[str | None, Iterator[Sentence]]:
    source = iter(chunks)
    buffer = ""
    for chunk in source:
        buffer += chunk
        if len(buffer) >= 64:
            break
    date, offset = read_metadata(buffer)
    part = _line_part if one_per_line else _split_part

    def sentences() -> Iterator[Sentence]:
        nonlocal buffer
        cursor = _Cursor()
        base = 0  # offset of buffer[0] in the document
        pos = offset  # start of the unprocessed text in buffer
        scanned = offset  # the buffer is searched for breaks from here on
        exhausted = False
        while True:
            cut, closed = None, False
            if exhausted:
                cut, closed = len(buffer), True
            else:
                if one_per_line:
                    newline = buffer.rfind("\n", scanned)
                    if newline >= 0:
                        cut, closed = newline + 1, False
                else:
                    for match in _BLANK_LINE.finditer(buffer, max(pos, scanned - 1)):
                        cut, closed = match.end(), True
                if cut is None and len(buffer) - pos > STREAM_PARAGRAPH_CHARS:
                    soft = max(buffer.rfind("\n", pos), buffer.rfind(" ", pos))
                    cut = soft + 1 if soft > pos else len(buffer)
                scanned = len(buffer)
            if cut is not None and cut > pos:
                yield from part(buffer, pos, cut, closed, cursor, base)
                base += cut
                buffer = buffer[cut:]
                pos = scanned = 0
            if exhausted:
                return
            chunk = next(source, None)
            if chunk is None:
                exhausted = True
            else:
                buffer += chunk

    return date, sentences()


def iter_document(chunks: Iterable[str], *, one_per_line: bool = False) -> tuple[str | None, Iterator[Sentence]]:
    """Split a document that arrives in pieces, holding one paragraph at a time.

    Parameters
    ----------
    chunks : iterable of str
        The document text in consecutive pieces (any sizes).
    one_per_line : bool, default=False
        Take each non-empty line as one sentence instead of splitting.

    Returns
    -------
    (date, sentences) : tuple
        The document's date (or ``None``) and an iterator over its sentences,
        with offsets into the whole document. Memory stays bounded by the
        longest paragraph (paragraphs over :data:`STREAM_PARAGRAPH_CHARS`
        characters are cut at a line break or space).

    Examples
    --------
    >>> date, sentences = iter_document(["date 2020-01 Eén. ", "Twee.\\n\\nDrie."])
    >>> date, [(s.text, s.start, s.paragraph) for s in sentences]
    ('2020-01', [('Eén.', 13, 0), ('Twee.', 18, 0), ('Drie.', 25, 1)])
    """
    return _stream(chunks, one_per_line)


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets and quotation state.

    The text is split as it is: a leading ``date`` prefix is not treated as
    metadata here (see :func:`split_document`).

    Examples
    --------
    >>> [s.text for s in split_sentences('"No," he said. Mr. Smith left.')]
    ['"No," he said.', 'Mr. Smith left.']
    """
    cursor = _Cursor()
    return list(_split_part(text, 0, len(text), True, cursor, 0))


def split_document(text: str) -> Document:
    """Read metadata, then split the rest of ``text`` into sentences."""
    date, sentences = _stream([text], one_per_line=False)
    return Document(text, date, tuple(sentences))


def split_lines(text: str) -> Document:
    """Treat each non-empty line of ``text`` as one sentence (no splitting).

    Quotation state is carried from line to line; a blank line starts a new
    paragraph.

    Examples
    --------
    >>> [s.quote for s in split_lines("„Eén.\\nTwee.”\\n").sentences]
    ['opens', 'closes']
    """
    date, sentences = _stream([text], one_per_line=True)
    return Document(text, date, tuple(sentences))
