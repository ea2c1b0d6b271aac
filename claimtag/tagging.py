"""Documents → tagged sentences, scored with numpy from a plain-data model.

Examples
--------
>>> import claimtag
>>> tagger = claimtag.load()
>>> doc = tagger.tag("date 2024-05 Het kabinet trekt 2 miljard euro uit voor dijken.")
>>> doc.date, len(doc)
('2024-05', 1)
>>> doc[0].tag in claimtag.LABELS and abs(sum(doc[0].scores.values()) - 1) < 1e-9
True
"""

from __future__ import annotations

import os
from importlib import resources
from typing import Any, Iterator, NamedTuple, Sequence, overload

import numpy as np

from .data import LABELS
from .features import CUE_NAMES, WordVectorizer, cue_matrix
from .modelfile import ModelData, ModelFileError, load_model, loads_model
from .segment import Document, Sentence, split_document, split_lines

__all__ = ["DEFAULT_MODEL", "TaggedDocument", "TaggedSentence", "Tagger", "load"]

#: File name of the bundled model inside the package.
DEFAULT_MODEL = "models/default.ctm"


class TaggedSentence(NamedTuple):
    """A sentence with its tag.

    Attributes
    ----------
    index : int
        0-based number of the sentence in its document.
    text : str
        The sentence, exactly as in the document.
    start, end : int
        Offsets in code points: ``document[start:end] == text``.
    tag : str
        ``quote``, ``statistic``, ``policy`` or ``background``.
    confidence : float
        The probability of ``tag``.
    scores : dict
        The probability of each of the four tags (they sum to 1).
    """

    index: int
    text: str
    start: int
    end: int
    tag: str
    confidence: float
    scores: dict[str, float]


class TaggedDocument(Sequence[TaggedSentence]):
    """The tagged sentences of one document; shows highlighted in Jupyter."""

    def __init__(self, text: str, date: str | None, sentences: Sequence[TaggedSentence]):
        self.text = text
        self.date = date
        self.sentences = tuple(sentences)

    @overload
    def __getitem__(self, i: int) -> TaggedSentence: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[TaggedSentence, ...]: ...
    def __getitem__(self, i: Any) -> Any:
        return self.sentences[i]

    def __len__(self) -> int:
        return len(self.sentences)

    def __iter__(self) -> Iterator[TaggedSentence]:
        return iter(self.sentences)

    def __repr__(self) -> str:
        counts = {label: sum(s.tag == label for s in self.sentences) for label in LABELS}
        summary = ", ".join(f"{n} {label}" for label, n in counts.items() if n)
        return f"<TaggedDocument: {len(self)} sentences{': ' + summary if summary else ''}; date={self.date!r}>"

    def records(self, doc: str | None = None) -> list[dict[str, Any]]:
        """One dict per sentence, as in the JSONL output."""
        from .output import records

        return list(records(self, doc))

    def _repr_html_(self) -> str:
        from .output import to_html

        return to_html(self)


class Tagger:
    """Tag sentences with a model loaded as plain data.

    Parameters
    ----------
    model : ModelData
        A model from :func:`claimtag.modelfile.load_model` or :func:`claimtag.model.train`.
    name : str, default="<model>"
        Used in error messages.

    Examples
    --------
    >>> tagger = load()
    >>> [s.tag for s in tagger.tag("„Dit is onacceptabel”, zei de burgemeester.")]
    ['quote']
    """

    def __init__(self, model: ModelData, *, name: str = "<model>"):
        self.model = model
        self.name = name
        try:
            meta, arrays = model.meta, model.arrays
            labels = [str(label) for label in meta["labels"]]
            words = meta["words"]
            cues = meta["cues"]
            vocabulary = words["vocabulary"]
            idf, coef, intercept = arrays["idf"], arrays["coef"], arrays["intercept"]
            cue_names = list(cues["names"])
            self.cue_weight = float(cues["weight"])
            self._vectorizer = WordVectorizer(vocabulary, idf, tuple(words["ngram_range"]), words["sublinear_tf"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelFileError(f"{name}: not a claimtag tagging model (missing or bad {exc})") from None
        if sorted(labels) != sorted(LABELS):
            raise ModelFileError(f"{name}: model tags {labels} are not {list(LABELS)}")
        if cue_names and cue_names != list(CUE_NAMES):
            raise ModelFileError(
                f"{name}: model was trained with other cue features "
                f"(claimtag {meta.get('claimtag_version', '?')}); retrain it with this version"
            )
        n_words = len(vocabulary)
        expected = (len(labels), n_words + len(cue_names))
        if idf.shape != (n_words,) or coef.shape != expected or intercept.shape != (len(labels),):
            raise ModelFileError(f"{name}: model arrays do not fit together (damaged model)")
        # Reorder the classes to LABELS order once, so scores come out in that order.
        order = [labels.index(label) for label in LABELS]
        self._word_coef = np.ascontiguousarray(coef[order, :n_words].T)
        self._cue_coef = np.ascontiguousarray(coef[order, n_words:].T)
        self._intercept = intercept[order].copy()
        self._use_cues = bool(cue_names)

    @property
    def labels(self) -> tuple[str, ...]:
        """The tags, in the column order of :meth:`predict_proba`."""
        return LABELS

    @property
    def meta(self) -> dict[str, Any]:
        """The model's metadata (settings, training data, scores)."""
        return self.model.meta

    def decision_function(self, sentences: Sequence[Any]) -> np.ndarray:
        """Linear scores, shape ``(n, 4)``, columns in :data:`~claimtag.LABELS` order."""
        items = list(sentences)
        scores = np.zeros((len(items), len(LABELS)))
        rows, cols, values = self._vectorizer.transform(items)
        if len(rows):
            np.add.at(scores, rows, values[:, None] * self._word_coef[cols])
        if self._use_cues and items:
            scores += (cue_matrix(items) * self.cue_weight) @ self._cue_coef
        return scores + self._intercept

    def predict_proba(self, sentences: Sequence[Any]) -> np.ndarray:
        """Probabilities, shape ``(n, 4)``, each row summing to 1."""
        scores = self.decision_function(sentences)
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def predict(self, sentences: Sequence[Any]) -> list[str]:
        """The most probable tag of each sentence."""
        proba = self.predict_proba(sentences)
        return [LABELS[i] for i in proba.argmax(axis=1)] if len(proba) else []

    def tag_sentences(self, sentences: Sequence[Sentence]) -> list[TaggedSentence]:
        """Tag sentences that carry offsets (from :mod:`claimtag.segment`)."""
        proba = self.predict_proba(sentences)
        out = []
        for i, (sentence, row) in enumerate(zip(sentences, proba)):
            best = int(row.argmax())
            scores = {label: float(p) for label, p in zip(LABELS, row)}
            out.append(TaggedSentence(i, sentence.text, sentence.start, sentence.end, LABELS[best], float(row[best]), scores))
        return out

    def tag_document(self, document: Document) -> TaggedDocument:
        """Tag a document already split by :func:`~claimtag.segment.split_document`."""
        return TaggedDocument(document.text, document.date, self.tag_sentences(document.sentences))

    def tag(self, text: str, *, one_per_line: bool = False) -> TaggedDocument:
        """Split ``text`` into sentences and tag each.

        Parameters
        ----------
        text : str
            A news document; a leading ``date YYYY-MM`` is read as metadata.
        one_per_line : bool, default=False
            Take each non-empty line as one sentence instead of splitting.
        """
        document = split_lines(text) if one_per_line else split_document(text)
        return self.tag_document(document)


def load(path: str | os.PathLike[str] | None = None) -> Tagger:
    """Load a tagger: the bundled default model, or the model file at ``path``.

    Raises
    ------
    ModelFileError
        The file is missing, foreign, damaged or of a newer format.

    Examples
    --------
    >>> load().labels
    ('quote', 'statistic', 'policy', 'background')
    """
    if path is None:
        resource = resources.files("claimtag").joinpath(DEFAULT_MODEL)
        try:
            data = resource.read_bytes()
        except OSError:
            raise ModelFileError(
                "the bundled model is missing from this installation; reinstall claimtag or pass a model file"
            ) from None
        return Tagger(loads_model(data, "bundled model"), name="bundled model")
    name = os.fspath(path)
    return Tagger(load_model(path), name=name)
