"""Tagging on a Dask cluster from Python: a bag of documents or a DataFrame text column.

Needs the optional extra: ``pip install "claimtag[dask]"``. The model goes
into the task graph once (as one ``dask.delayed`` value), so each worker
fetches it once and keeps the parsed tagger; the tasks carry only documents.
The command line does the same with ``claimtag tag --scheduler ADDRESS``.

Examples
--------
>>> import dask.bag as db  # doctest: +SKIP
>>> from claimtag.cluster import tag_bag  # doctest: +SKIP
>>> docs = db.from_sequence(["De inflatie steeg naar 3 procent.", "Hallo."], npartitions=2)  # doctest: +SKIP
>>> [r["tag"] for r in tag_bag(docs).compute()]  # doctest: +SKIP
['statistic', 'background']
"""

from __future__ import annotations

import os
from typing import Any

from .batch import _worker_tagger
from .data import LABELS
from .output import records

__all__ = ["tag_bag", "tag_dataframe"]

#: Columns of :func:`tag_dataframe`'s result, in order.
DATAFRAME_COLUMNS = ("row", "index", "start", "end", "text", "tag", "confidence", *(f"score_{t}" for t in LABELS), "date")


def _model(model: str | os.PathLike[str] | bytes | None) -> Any:
    import dask

    from .tagging import model_bytes

    data = model if isinstance(model, bytes) else model_bytes(model)
    return dask.delayed(data, pure=True, traverse=False)


def _document_records(tagger: Any, text: str, extra: dict[str, Any] | None, one_per_line: bool) -> list[dict[str, Any]]:
    document = tagger.tag(text, one_per_line=one_per_line)
    doc = extra.get("doc") if extra else None
    out = []
    for item in records(document, doc if isinstance(doc, str) else None):
        if item["date"] is None and extra and isinstance(extra.get("date"), str):
            item["date"] = extra["date"]
        for key, value in (extra or {}).items():
            item.setdefault(key, value)
        out.append(item)
    return out


def _tag_partition(items: Any, model: bytes, one_per_line: bool, text_field: str) -> list[dict[str, Any]]:
    tagger = _worker_tagger(model)
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, str):
            out.extend(_document_records(tagger, item, None, one_per_line))
        elif isinstance(item, dict) and isinstance(item.get(text_field), str):
            extra = {k: v for k, v in item.items() if k != text_field}
            out.extend(_document_records(tagger, item[text_field], extra, one_per_line))
        else:
            raise TypeError(f"a bag element must be a str or a dict with a text field {text_field!r}, not {item!r:.80}")
    return out


def tag_bag(
    bag: Any,
    *,
    model: str | os.PathLike[str] | bytes | None = None,
    one_per_line: bool = False,
    text_field: str = "text",
) -> Any:
    """Tag a Dask bag of documents.

    Parameters
    ----------
    bag : dask.bag.Bag
        Documents: strings, or dicts holding the text in ``text_field`` (their
        other fields are copied into each record, ``doc`` and ``date`` filling
        those fields).
    model : path, bytes or None
        A model file, its bytes, or ``None`` for the bundled model.
    one_per_line : bool, default=False
        Take each non-empty line as one sentence.
    text_field : str, default="text"
        The field of a dict element that holds the text.

    Returns
    -------
    dask.bag.Bag
        One JSONL record (dict) per sentence, documents in bag order: the same
        records as ``claimtag tag --format jsonl``.
    """
    return bag.map_partitions(_tag_partition, _model(model), one_per_line, text_field)


def _tag_frame(frame: Any, model: bytes, column: str, one_per_line: bool) -> Any:
    import pandas as pd

    tagger = _worker_tagger(model)
    rows = []
    for row, text in zip(frame.index, frame[column]):
        if not isinstance(text, str):
            continue
        for item in _document_records(tagger, text, None, one_per_line):
            rows.append(
                [row, item["index"], item["start"], item["end"], item["text"], item["tag"], item["confidence"]]
                + [item["scores"][t] for t in LABELS]
                + [item["date"]]
            )
    return pd.DataFrame(rows, columns=list(DATAFRAME_COLUMNS)).astype(_dtypes(frame.index.dtype))


def _dtypes(index_dtype: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"row": index_dtype, "index": "int64", "start": "int64", "end": "int64"}
    out.update({"text": object, "tag": object, "confidence": "float64", "date": object})
    out.update({f"score_{t}": "float64" for t in LABELS})
    return out


def tag_dataframe(
    frame: Any,
    column: str = "text",
    *,
    model: str | os.PathLike[str] | bytes | None = None,
    one_per_line: bool = False,
) -> Any:
    """Tag the documents in a text column of a Dask DataFrame.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame
        One document per row; rows whose ``column`` is not a string (missing
        values) give no sentences.
    column : str, default="text"
        The column holding the document text.
    model, one_per_line
        As for :func:`tag_bag`.

    Returns
    -------
    dask.dataframe.DataFrame
        One row per sentence, columns :data:`DATAFRAME_COLUMNS`: ``row`` is the
        index label of the document's row, then the record fields, with one
        ``score_<tag>`` column per tag.
    """
    import pandas as pd

    if column not in frame.columns:
        raise KeyError(f"no column {column!r} in the DataFrame (columns: {', '.join(map(str, frame.columns))})")
    meta = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in _dtypes(frame.index.dtype).items()})
    meta = meta[list(DATAFRAME_COLUMNS)]
    return frame.map_partitions(_tag_frame, _model(model), column, one_per_line, meta=meta, align_dataframes=False)
