"""Tagged sentences → scores: precision, recall, F1, accuracy, confusion.

Examples
--------
>>> from claimtag.evaluation import evaluate_labels
>>> scores = evaluate_labels(["quote", "policy"], ["quote", "quote"])
>>> scores["accuracy"], scores["per_tag"]["quote"]["precision"]
(0.5, 0.5)
"""

from __future__ import annotations

from typing import Any, Sequence

from .data import LABELS

__all__ = ["align_spans", "calibration", "evaluate_labels", "format_scores"]


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def evaluate_labels(true: Sequence[str], predicted: Sequence[str], labels: Sequence[str] = LABELS) -> dict[str, Any]:
    """Score predicted tags against true ones.

    Returns
    -------
    dict
        ``labels``; ``per_tag`` (precision, recall, f1, support per tag);
        ``macro_f1``; ``accuracy``; ``confusion`` (rows: true tag, columns:
        predicted tag, both in ``labels`` order).
    """
    if len(true) != len(predicted):
        raise ValueError(f"{len(true)} true tags but {len(predicted)} predictions")
    index = {label: i for i, label in enumerate(labels)}
    confusion = [[0] * len(labels) for _ in labels]
    for t, p in zip(true, predicted):
        confusion[index[t]][index[p]] += 1
    per_tag = {}
    for i, label in enumerate(labels):
        tp = confusion[i][i]
        support = sum(confusion[i])
        predicted_n = sum(row[i] for row in confusion)
        precision, recall = _ratio(tp, predicted_n), _ratio(tp, support)
        f1 = _ratio(2 * tp, support + predicted_n)
        per_tag[label] = {"precision": precision, "recall": recall, "f1": f1, "support": support}
    correct = sum(confusion[i][i] for i in range(len(labels)))
    return {
        "labels": list(labels),
        "per_tag": per_tag,
        "macro_f1": sum(v["f1"] for v in per_tag.values()) / len(labels),
        "accuracy": _ratio(correct, len(true)),
        "confusion": confusion,
    }


def align_spans(spans: Sequence[tuple[int, int, str]], tagged: Sequence[Any]) -> tuple[list[str], int]:
    """Give each labelled span the tag of the split sentence that overlaps it most.

    Parameters
    ----------
    spans : sequence of (start, end, label)
        Labelled sentences of a document, by offsets.
    tagged : sequence of TaggedSentence
        The document as split and tagged by claimtag.

    Returns
    -------
    (predicted, exact) : tuple
        One predicted tag per span (``background`` where no sentence overlaps),
        and how many spans the splitter reproduced exactly.

    Examples
    --------
    >>> from collections import namedtuple
    >>> T = namedtuple("T", "start end tag")
    >>> align_spans([(0, 4, "quote"), (5, 9, "policy")], [T(0, 9, "policy")])
    (['policy', 'policy'], 0)
    """
    predicted = []
    exact = 0
    for start, end, _ in spans:
        best, best_overlap = "background", 0
        for sentence in tagged:
            overlap = min(end, sentence.end) - max(start, sentence.start)
            if overlap > best_overlap:
                best, best_overlap = sentence.tag, overlap
            exact += sentence.start == start and sentence.end == end
        predicted.append(best)
    return predicted, exact


def calibration(true: Sequence[str], proba: Any, *, bins: int = 10, labels: Sequence[str] = LABELS) -> dict[str, Any]:
    """Expected calibration error and a reliability table.

    Predictions are grouped by their confidence (the probability of the
    predicted tag) into equal-width bins; the ECE is the mean gap between a
    bin's confidence and its accuracy, weighted by the bin's size.

    Returns
    -------
    dict
        ``ece`` and ``bins``: for each non-empty bin its range, count, mean
        confidence and accuracy.
    """
    import numpy as np

    proba = np.asarray(proba, dtype=np.float64)
    if len(true) == 0:
        return {"ece": 0.0, "bins": []}
    predicted = proba.argmax(axis=1)
    confidence = proba[np.arange(len(proba)), predicted]
    correct = np.array([labels[p] == t for p, t in zip(predicted, true)], dtype=np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.searchsorted(edges, confidence, side="right") - 1, 0, bins - 1)
    table = []
    ece = 0.0
    for b in range(bins):
        mask = which == b
        n = int(mask.sum())
        if not n:
            continue
        conf, acc = float(confidence[mask].mean()), float(correct[mask].mean())
        ece += n / len(true) * abs(conf - acc)
        table.append({"from": float(edges[b]), "to": float(edges[b + 1]), "count": n, "confidence": conf, "accuracy": acc})
    return {"ece": float(ece), "bins": table}


def format_scores(scores: dict[str, Any]) -> str:
    """A plain-text report of :func:`evaluate_labels` output."""
    labels = scores["labels"]
    width = max(len(label) for label in labels + ["macro"])
    lines = [f"{'tag':<{width}}  precision  recall     f1  support"]
    for label in labels:
        s = scores["per_tag"][label]
        lines.append(f"{label:<{width}}  {s['precision']:9.3f}  {s['recall']:6.3f}  {s['f1']:5.3f}  {s['support']:7d}")
    total = sum(scores["per_tag"][label]["support"] for label in labels)
    lines.append("")
    lines.append(f"macro-F1  {scores['macro_f1']:.3f}")
    lines.append(f"accuracy  {scores['accuracy']:.3f}  ({total} sentences)")
    if "ece" in scores:
        lines.append(f"ECE       {scores['ece']:.3f}  (expected calibration error, 10 bins)")
    lines.append("")
    lines.append("confusion (rows: true tag, columns: predicted tag)")
    cell = max(width, max(len(str(n)) for row in scores["confusion"] for n in row))
    lines.append(" " * (width + 2) + "  ".join(f"{label:>{cell}}" for label in labels))
    for label, row in zip(labels, scores["confusion"]):
        lines.append(f"{label:<{width}}  " + "  ".join(f"{n:>{cell}}" for n in row))
    return "\n".join(lines)
