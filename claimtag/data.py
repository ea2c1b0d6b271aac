"""Labelled data: reading, validation, and the bundled labelled set.

Labelled files are JSON Lines (one object a line with ``text`` and
``label``, optionally ``lang``, ``doc``, ``split``, ``para``, ``topic``) or
CSV/TSV with a header row holding at least ``text`` and ``label``.  Every
problem is reported as a :class:`DataError` naming the file and line.

Sentences of one article (same ``doc``) are kept in order, and their
quotation state is followed from sentence to sentence exactly as the splitter
does for a document, so a sentence inside a multi-sentence quotation is seen
as such in training too.

Examples
--------
>>> from claimtag.data import load_bundled, select_split
>>> rows = select_split(load_bundled(), "test")
>>> sorted({r.label for r in rows})
['background', 'policy', 'quote', 'statistic']
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, NamedTuple, Sequence

from .files import InputError, decode
from .segment import QuoteTracker, Sentence

__all__ = [
    "LABELS",
    "MIN_EXAMPLES",
    "Article",
    "DataError",
    "LabelledSentence",
    "articles",
    "as_sentences",
    "bundled_files",
    "check_trainable",
    "data_hash",
    "load_bundled",
    "read_labelled",
    "seeds_dir",
    "select_split",
]

#: The four tags, in the order used for scores and reports.
LABELS: tuple[str, ...] = ("quote", "statistic", "policy", "background")
#: The fewest examples of a tag that training accepts.
MIN_EXAMPLES = 5
_SPLITS = ("train", "test")


class DataError(ValueError):
    """Labelled data that cannot be used; the message names file and line."""


class LabelledSentence(NamedTuple):
    """One labelled sentence and where it came from."""

    text: str
    label: str
    lang: str | None = None
    doc: str | None = None
    split: str | None = None
    para: int | None = None
    topic: str | None = None
    source: str = ""
    line: int = 0


def seeds_dir() -> Path:
    """The folder holding the bundled labelled set and example documents."""
    packaged = resources.files("claimtag") / "seeds"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parent.parent / "seeds"
    if checkout.is_dir():
        return checkout
    raise DataError("the bundled labelled set is missing from this installation of claimtag")


def bundled_files() -> list[Path]:
    """The labelled files of the bundled set, sorted by name."""
    return sorted((seeds_dir() / "labelled").glob("*.jsonl"))


def load_bundled() -> list[LabelledSentence]:
    """Read the whole bundled labelled set."""
    return read_labelled([str(p) for p in bundled_files()], display=lambda p: f"seeds/labelled/{Path(p).name}")


def _record(obj: Any, where: str, source: str, line: int) -> LabelledSentence:
    if not isinstance(obj, dict):
        raise DataError(f"{where}: expected an object with 'text' and 'label', got {type(obj).__name__}")
    for key in ("text", "label"):
        if key not in obj or obj[key] is None:
            raise DataError(f"{where}: missing '{key}'")
    text, label = obj["text"], obj["label"]
    if not isinstance(text, str):
        raise DataError(f"{where}: 'text' must be a string")
    if not text.strip():
        raise DataError(f"{where}: empty text")
    if not isinstance(label, str) or label.strip() not in LABELS:
        raise DataError(f"{where}: unknown label {label!r} (allowed: {', '.join(LABELS)})")
    split = obj.get("split") or None
    if split is not None and split not in _SPLITS:
        raise DataError(f"{where}: unknown split {split!r} (allowed: train, test)")
    para = obj.get("para")
    if para in ("", None):
        para = None
    else:
        try:
            para = int(para)
        except (TypeError, ValueError):
            raise DataError(f"{where}: 'para' must be a whole number, got {para!r}") from None

    def optional(key: str) -> str | None:
        value = obj.get(key)
        return None if value in (None, "") else str(value)

    return LabelledSentence(
        text.strip(), label.strip(), optional("lang"), optional("doc"), split, para, optional("topic"), source, line
    )


def _read_jsonl(text: str, name: str) -> Iterable[LabelledSentence]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{name}: line {number}: invalid JSON: {exc.msg} (column {exc.colno})") from None
        yield _record(obj, f"{name}: line {number}", name, number)


def _read_table(text: str, name: str, delimiter: str) -> Iterable[LabelledSentence]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            return
        columns = [h.strip().lower() for h in header]
        for key in ("text", "label"):
            if key not in columns:
                kind = "TSV" if delimiter == "\t" else "CSV"
                raise DataError(f"{name}: line 1: {kind} header has no '{key}' column (found: {', '.join(columns)})")
        for row in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                raise DataError(f"{name}: line {number}: expected {len(columns)} fields, found {len(row)}")
            yield _record(dict(zip(columns, row)), f"{name}: line {number}", name, number)
    except csv.Error as exc:
        raise DataError(f"{name}: line {reader.line_num}: malformed {'TSV' if delimiter == chr(9) else 'CSV'}: {exc}") from None


def _kind(path: str, text: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".json", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix in (".tsv", ".tab"):
        return "tsv"
    return "jsonl" if text.lstrip().startswith("{") else ("tsv" if "\t" in text.split("\n", 1)[0] else "csv")


def _expand(paths: Sequence[str]) -> list[str]:
    files = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            found = sorted(str(f) for ext in ("*.jsonl", "*.csv", "*.tsv") for f in p.rglob(ext) if f.is_file())
            if not found:
                raise DataError(f"{path}: folder holds no .jsonl, .csv or .tsv files")
            files.extend(found)
        elif p.is_file():
            files.append(path)
        else:
            raise DataError(f"{path}: no such file or folder")
    return files


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def read_labelled(paths: Sequence[str], *, display: Any = None) -> list[LabelledSentence]:
    """Read and validate labelled files (or folders of them).

    Parameters
    ----------
    paths : sequence of str
        JSONL, CSV or TSV files, or folders holding them.
    display : callable, optional
        Maps a path to the name used in messages and ``source`` fields.

    Raises
    ------
    DataError
        With the file and line of the first problem: unreadable file, invalid
        JSON or CSV, missing or empty text, unknown label, or the same
        sentence given two different labels.
    """
    rows: list[LabelledSentence] = []
    seen: dict[str, LabelledSentence] = {}
    for path in _expand(paths):
        name = display(path) if display else path
        try:
            data = Path(path).read_bytes()
            text, _, _ = decode(data, name)
        except InputError as exc:
            raise DataError(str(exc)) from None
        except OSError as exc:
            raise DataError(f"{name}: cannot read: {exc.strerror or exc}") from None
        kind = _kind(path, text)
        records = _read_jsonl(text, name) if kind == "jsonl" else _read_table(text, name, "\t" if kind == "tsv" else ",")
        for row in records:
            key = _key(row.text)
            other = seen.get(key)
            if other is not None and other.label != row.label:
                raise DataError(
                    f"{name}: line {row.line}: sentence labelled {row.label!r} here "
                    f"but {other.label!r} at {other.source}: line {other.line}"
                )
            seen.setdefault(key, row)
            rows.append(row)
    return rows


def select_split(rows: Iterable[LabelledSentence], split: str) -> list[LabelledSentence]:
    """Rows of one split (``train``, ``test``) or ``all``.

    Rows that carry no split are kept in every selection.
    """
    if split == "all":
        return list(rows)
    if split not in _SPLITS:
        raise ValueError(f"unknown split {split!r}")
    return [r for r in rows if r.split in (None, split)]


def check_trainable(rows: Sequence[LabelledSentence], source: str = "the training data") -> None:
    """Refuse data that cannot train a four-tag model."""
    if not rows:
        raise DataError(f"{source}: no labelled sentences")
    counts = Counter(r.label for r in rows)
    for label in LABELS:
        if counts[label] < MIN_EXAMPLES:
            raise DataError(
                f"{source}: tag {label!r} has {counts[label]} example(s); at least {MIN_EXAMPLES} are needed"
            )


def as_sentences(rows: Sequence[LabelledSentence]) -> list[Sentence]:
    """Turn labelled rows into sentences carrying their quotation state.

    Rows of one article (same source file and ``doc``, in file order) are fed
    through one :class:`~claimtag.segment.QuoteTracker`; a change of ``para``
    starts a new paragraph.  Rows without ``doc`` stand alone.
    """
    out = []
    tracker = QuoteTracker()
    last: tuple[str, str] | None = None
    last_para: int | None = None
    index, previous, previous_quote = 0, "", "none"
    for row in rows:
        key = (row.source, row.doc) if row.doc is not None else None
        if key is None or key != last:
            tracker.reset()
            new_paragraph = False
            index, previous, previous_quote = (0, "", "none") if key is not None else (-1, "", "none")
        else:
            new_paragraph = row.para != last_para
        info = tracker.feed(row.text, new_paragraph=new_paragraph)
        out.append(
            Sentence(
                row.text,
                0,
                len(row.text),
                info.quote,
                info.quoted_words,
                info.longest_quote,
                row.para or 0,
                index,
                previous,
                previous_quote,
            )
        )
        last, last_para = key, row.para
        if key is not None:
            index, previous, previous_quote = index + 1, row.text, info.quote
    return out


class Article(NamedTuple):
    """A labelled article rebuilt as plain text.

    Sentences of one paragraph (same ``para``) are joined by a space,
    paragraphs by a blank line; ``spans`` holds each labelled sentence's
    ``(start, end, label)`` in the text.
    """

    doc: str
    lang: str | None
    split: str | None
    text: str
    spans: tuple[tuple[int, int, str], ...]


def articles(rows: Sequence[LabelledSentence]) -> list[Article]:
    """Rebuild the articles of labelled rows (in file order) as plain text.

    Examples
    --------
    >>> rows = [LabelledSentence("Kop", "background", doc="a", para=0),
    ...         LabelledSentence("Zin één.", "quote", doc="a", para=1),
    ...         LabelledSentence("Zin twee.", "policy", doc="a", para=1)]
    >>> articles(rows)[0].text
    'Kop\\n\\nZin één. Zin twee.'
    """
    out: list[Article] = []
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    key: tuple[str, str | None] | None = None
    first: LabelledSentence | None = None
    last_para: int | None = None
    length = 0

    def close() -> None:
        if first is not None:
            out.append(Article(first.doc or f"{first.source}:{first.line}", first.lang, first.split, "".join(parts), tuple(spans)))

    for row in rows:
        row_key = (row.source, row.doc) if row.doc is not None else None
        if row_key is None or row_key != key:
            close()
            parts, spans, first, length, last_para = [], [], row, 0, row.para
        elif row.para != last_para:
            parts.append("\n\n")
            length += 2
            last_para = row.para
        else:
            parts.append(" ")
            length += 1
        parts.append(row.text)
        spans.append((length, length + len(row.text), row.label))
        length += len(row.text)
        key = row_key
    close()
    return out


def data_hash(rows: Iterable[LabelledSentence]) -> str:
    """SHA-256 over the sentences, labels, articles and paragraphs, in order."""
    digest = hashlib.sha256()
    for r in rows:
        digest.update(json.dumps([r.text, r.label, r.doc, r.para], ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()
