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
from .tagging import TaggedDocument

__all__ = ["FORMATS", "FIELDS", "TAG_COLOURS", "Writer", "records", "to_html"]

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


def records(document: TaggedDocument, doc: str | None = None) -> Iterator[dict[str, Any]]:
    """The JSONL records of a tagged document (with ``explanation`` when explained)."""
    explanations = document.explanations or [None] * len(document)
    for s, explanation in zip(document, explanations):
        record = {
            "doc": doc,
            "index": s.index,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "tag": s.tag,
            "confidence": round(s.confidence, 6),
            "scores": {label: round(s.scores[label], 6) for label in LABELS},
            "date": document.date,
        }
        if explanation is not None:
            record["explanation"] = explanation.as_dict()
        yield record


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
    """

    def __init__(self, stream: IO[str], fmt: str, *, colour: bool = False):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.stream = stream
        self.fmt = fmt
        self.colour = colour
        self._table: Any = None
        if fmt in ("csv", "tsv"):
            self._table = csv.writer(stream, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
            self._table.writerow([*FIELDS[:7], *(f"score_{label}" for label in LABELS), "date"])

    def write(self, document: TaggedDocument, doc: str | None) -> None:
        """Write one document's records."""
        rows = records(document, doc)
        if self.fmt == "jsonl":
            for record in rows:
                self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif self._table is not None:
            for r in rows:
                self._table.writerow(
                    [r["doc"], r["index"], r["start"], r["end"], " ".join(r["text"].split()), r["tag"], r["confidence"]]
                    + [r["scores"][label] for label in LABELS]
                    + [r["date"] or ""]
                )
        else:
            self._write_text(document, doc)

    def _write_text(self, document: TaggedDocument, doc: str | None) -> None:
        import click

        header = doc if doc is not None else "-"
        if document.date:
            header += f"  (date {document.date})"
        self.stream.write(click.style(header, bold=True) if self.colour else header)
        self.stream.write("\n")
        width = max(len(label) for label in LABELS)
        explanations = document.explanations or [None] * len(document)
        for s, explanation in zip(document, explanations):
            tag = f"{s.tag:<{width}}"
            if self.colour:
                tag = click.style(tag, fg=TAG_COLOURS[s.tag][0], bold=s.tag != "background")
            self.stream.write(f"{s.index:>3}  {tag}  {s.confidence:.2f}  {' '.join(s.text.split())}\n")
            if explanation is not None:
                self.stream.write(f"{'':{width + 13}}{_explanation_line(explanation)}\n")
        self.stream.write("\n")


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

