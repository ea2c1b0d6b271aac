"""Tagged sentences → output: text, JSON Lines, CSV/TSV and the notebook view.

The JSONL record is the machine contract; every format carries the same
fields:

``doc``, ``index``, ``start``, ``end``, ``text``, ``tag``, ``confidence``,
``scores`` (one probability per tag), ``date``.
"""

from __future__ import annotations

import csv
import html
import json
from typing import IO, Any, Iterator

from .data import LABELS
from .tagging import TaggedDocument, TaggedSentence

__all__ = ["FORMATS", "FIELDS", "TAG_COLOURS", "Writer", "record", "records", "to_html"]

#: Output formats of ``claimtag tag``.
FORMATS = ("text", "jsonl", "csv", "tsv")
#: Fields of a record, in output order.
FIELDS = ("doc", "index", "start", "end", "text", "tag", "confidence", "scores", "date")
#: Display colours of the tags (terminal names, HTML background colours).
TAG_COLOURS = {
    "quote": ("blue", "#cfe2ff"),
    "statistic": ("green", "#d1f0d8"),
    "policy": ("magenta", "#f3d1f4"),
    "background": ("white", "#eeeeee"),
}


def record(
    sentence: TaggedSentence,
    doc: str | None,
    date: str | None,
    explanation: Any = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSONL record of one tagged sentence.

    ``explanation`` adds an ``explanation`` field; ``extra`` holds fields
    carried over from a corpus record (an id, a source), added after the
    contract fields without replacing any of them.
    """
    out = {
        "doc": doc,
        "index": sentence.index,
        "start": sentence.start,
        "end": sentence.end,
        "text": sentence.text,
        "tag": sentence.tag,
        "confidence": round(sentence.confidence, 6),
        "scores": {label: round(sentence.scores[label], 6) for label in LABELS},
        "date": date,
    }
    if explanation is not None:
        out["explanation"] = explanation.as_dict()
    if extra:
        for key, value in extra.items():
            out.setdefault(key, value)
    return out


def records(document: TaggedDocument, doc: str | None = None) -> Iterator[dict[str, Any]]:
    """The JSONL records of a tagged document."""
    explanations = document.explanations or [None] * len(document)
    for sentence, explanation in zip(document, explanations):
        yield record(sentence, doc, document.date, explanation)


class Writer:
    """Write records of tagged documents to a stream in one format.

    Parameters
    ----------
    stream : text stream
        Where the output goes.
    fmt : {"text", "jsonl", "csv", "tsv"}
        The output format.
    colour : bool, default=False
        Colour the tags in the text format (ANSI codes).
    header : bool, default=True
        Write the CSV/TSV header line (off for pieces of one output that are
        rendered separately, as by parallel jobs).
    """

    def __init__(self, stream: IO[str], fmt: str, *, colour: bool = False, header: bool = True):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.stream = stream
        self.fmt = fmt
        self.colour = colour
        self._table: Any = None
        self._doc: str | None = None
        self._date: str | None = None
        self._extra: dict[str, Any] | None = None
        if fmt in ("csv", "tsv"):
            self._table = csv.writer(stream, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        if self._table is not None and header:
            self._table.writerow([*FIELDS[:7], *(f"score_{label}" for label in LABELS), "date"])

    def begin(self, doc: str | None, date: str | None, extra: dict[str, Any] | None = None) -> None:
        """Start a document: its records follow through :meth:`add`.

        ``extra`` fields (from a corpus record) go into every JSONL record.
        """
        self._doc, self._date, self._extra = doc, date, extra
        if self.fmt == "text":
            header = (doc if doc is not None else "-") + (f"  (date {date})" if date else "")
            self.stream.write((_style(header, bold=True) if self.colour else header) + "\n")

    def add(self, sentence: TaggedSentence, explanation: Any = None) -> None:
        """Write one tagged sentence of the current document."""
        if self.fmt == "jsonl":
            self.stream.write(json.dumps(record(sentence, self._doc, self._date, explanation, self._extra), ensure_ascii=False) + "\n")
        elif self._table is not None:
            self._table.writerow(
                [self._doc, sentence.index, sentence.start, sentence.end, " ".join(sentence.text.split())]
                + [sentence.tag, round(sentence.confidence, 6)]
                + [round(sentence.scores[label], 6) for label in LABELS]
                + [self._date or ""]
            )
        else:
            width = max(len(label) for label in LABELS)
            tag = f"{sentence.tag:<{width}}"
            if self.colour:
                tag = _style(tag, fg=TAG_COLOURS[sentence.tag][0], bold=sentence.tag != "background")
            self.stream.write(f"{sentence.index:>3}  {tag}  {sentence.confidence:.2f}  {' '.join(sentence.text.split())}\n")
            if explanation is not None:
                self.stream.write(f"{'':{width + 13}}{_explanation_line(explanation)}\n")

    def end(self) -> None:
        """Finish the current document."""
        if self.fmt == "text":
            self.stream.write("\n")

    def write(self, document: TaggedDocument, doc: str | None) -> None:
        """Write one whole tagged document."""
        self.begin(doc, document.date)
        explanations = document.explanations or [None] * len(document)
        for sentence, explanation in zip(document, explanations):
            self.add(sentence, explanation)
        self.end()


def _style(text: str, **styles: Any) -> str:
    import click

    return click.style(text, **styles)


def _explanation_line(explanation: Any) -> str:
    support = ", ".join(f"{name} {weight:+.2f}" for name, weight in explanation.support)
    oppose = ", ".join(f"{name} {weight:+.2f}" for name, weight in explanation.oppose)
    return f"for: {support or '-'} | against: {oppose or '-'}"


def to_html(document: TaggedDocument) -> str:
    """The document as HTML: sentences highlighted by tag, scores on hover."""
    parts = ['<div style="line-height:1.7;font-family:sans-serif">']
    legend = " ".join(
        f'<span style="background:{bg};padding:1px 6px;border-radius:3px">{label}</span>'
        for label, (_, bg) in TAG_COLOURS.items()
    )
    parts.append(f'<div style="margin-bottom:6px;font-size:85%">{legend}')
    if document.date:
        parts.append(f" &nbsp; date {html.escape(document.date)}")
    parts.append("</div>")
    position = 0
    explanations = document.explanations or [None] * len(document)
    for s, explanation in zip(document, explanations):
        gap = document.text[position : s.start]
        if "\n\n" in gap.replace("\r", ""):
            parts.append("<br><br>")
        elif position:
            parts.append(" ")
        title = " · ".join(f"{label} {s.scores[label]:.2f}" for label in LABELS)
        if explanation is not None:
            title += "\n" + _explanation_line(explanation)
        parts.append(
            f'<span title="{html.escape(title)}" style="background:{TAG_COLOURS[s.tag][1]};'
            f'padding:1px 2px;border-radius:3px">{html.escape(s.text)}'
            f'<sub style="font-size:70%;color:#555"> {s.tag}</sub></span>'
        )
        position = s.end
    parts.append("</div>")
    return "".join(parts)

