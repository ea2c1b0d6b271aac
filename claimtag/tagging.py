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

import itertools
import os
from importlib import resources
from typing import Any, Iterable, Iterator, NamedTuple, Sequence, overload

import numpy as np

from .data import LABELS
from .features import CUE_NAMES, TOKEN_PATTERN, TfidfTerms, cue_matrix, word_text
from .modelfile import ModelData, ModelFileError, load_model, loads_model
from .segment import Document, Sentence, iter_document, split_document, split_lines

__all__ = ["DEFAULT_MODEL", "Explanation", "TaggedDocument", "TaggedSentence", "Tagger", "load"]

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


class Explanation(NamedTuple):
    """Why a sentence got its tag, read from the model's own weights.

    Each feature's contribution is its value times the difference between its
    weight for ``tag`` and its mean weight for the other three tags (divided by
    the model's temperature), so the contributions of all features plus the
    bias add up exactly to how far ``tag``'s score lies above the mean of the
    others.

    Attributes
    ----------
    tag : str
        The explained tag.
    support : tuple of (str, float)
        The features that push most towards ``tag``, strongest first.
    oppose : tuple of (str, float)
        The features that push most against ``tag``, strongest first.
    margin : float
        The total: ``tag``'s score minus the mean score of the other tags.
    """

    tag: str
    support: tuple[tuple[str, float], ...]
    oppose: tuple[tuple[str, float], ...]
    margin: float

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, as in ``claimtag tag --explain``."""
        return {
            "tag": self.tag,
            "for": [[name, round(weight, 4)] for name, weight in self.support],
            "against": [[name, round(weight, 4)] for name, weight in self.oppose],
            "margin": round(self.margin, 4),
        }


class TaggedDocument(Sequence[TaggedSentence]):
    """The tagged sentences of one document; shows highlighted in Jupyter."""

    def __init__(
        self,
        text: str,
        date: str | None,
        sentences: Sequence[TaggedSentence],
        explanations: Sequence[Explanation] | None = None,
    ):
        self.text = text
        self.date = date
        self.sentences = tuple(sentences)
        self.explanations = tuple(explanations) if explanations is not None else None

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
            if meta.get("token_pattern", TOKEN_PATTERN) != TOKEN_PATTERN:
                raise ValueError("token_pattern")
            self._terms = [
                TfidfTerms(t["vocabulary"], arrays[f"idf_{t['name']}"], tuple(t["ngram_range"]), t["sublinear_tf"], t["analyzer"])
                for t in meta["terms"]
            ]
            cue_names = list(meta["cues"]["names"])
            self.cue_weight = float(meta["cues"]["weight"])
            coef, intercept = arrays["coef"], arrays["intercept"]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelFileError(f"{name}: not a claimtag tagging model (missing or bad {exc})") from None
        if sorted(labels) != sorted(LABELS):
            raise ModelFileError(f"{name}: model tags {labels} are not {list(LABELS)}")
        if not set(cue_names) <= set(CUE_NAMES):
            raise ModelFileError(
                f"{name}: model was trained with other cue features "
                f"(claimtag {meta.get('claimtag_version', '?')}); retrain it with this version"
            )
        n_terms = sum(len(t) for t in self._terms)
        expected = (len(labels), n_terms + len(cue_names))
        idf_ok = all(t.idf.shape == (len(t),) for t in self._terms)
        if not idf_ok or coef.shape != expected or intercept.shape != (len(labels),):
            raise ModelFileError(f"{name}: model arrays do not fit together (damaged model)")
        # Reorder the classes to LABELS order once, so scores come out in that order,
        # and keep the coefficients as (features, classes) for row gathering.
        order = [labels.index(label) for label in LABELS]
        weights = np.ascontiguousarray(coef[order].T)
        self._term_coef = []
        start = 0
        for t in self._terms:
            self._term_coef.append(weights[start : start + len(t)])
            start += len(t)
        self._cue_coef = weights[start:]
        self._intercept = intercept[order].copy()
        self._use_cues = bool(cue_names)
        self._cue_columns = np.asarray([CUE_NAMES.index(n) for n in cue_names], dtype=np.intp)
        self._cue_names = cue_names
        self.temperature = float(meta.get("temperature", 1.0))
        if not self.temperature > 0:
            raise ModelFileError(f"{name}: model temperature must be positive")

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
        texts = [word_text(item) for item in items]
        for terms, coef in zip(self._terms, self._term_coef):
            rows, cols, values = terms.transform(texts)
            if len(rows):
                contributions = values[:, None] * coef[cols]
                for k in range(len(LABELS)):
                    scores[:, k] += np.bincount(rows, weights=contributions[:, k], minlength=len(items))
        if self._use_cues and items:
            scores += (cue_matrix(items)[:, self._cue_columns] * self.cue_weight) @ self._cue_coef
        return scores + self._intercept

    def predict_proba(self, sentences: Sequence[Any]) -> np.ndarray:
        """Probabilities, shape ``(n, 4)``, each row summing to 1."""
        scores = self.decision_function(sentences) / self.temperature
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def predict(self, sentences: Sequence[Any]) -> list[str]:
        """The most probable tag of each sentence."""
        proba = self.predict_proba(sentences)
        return [LABELS[i] for i in proba.argmax(axis=1)] if len(proba) else []

    def explain(self, sentence: Any, tag: str | None = None, *, top: int = 5) -> Explanation:
        """Explain the tag of one sentence (or any ``tag``) by feature contributions.

        Parameters
        ----------
        sentence : str or Sentence
            The sentence; a :class:`~claimtag.segment.Sentence` brings its
            quotation state from its document.
        tag : str, optional
            The tag to explain; by default the predicted one.
        top : int, default=5
            How many features to list for and against.

        Examples
        --------
        >>> e = load().explain("„We gaan door”, zei de minister.")
        >>> e.tag, e.support[0][0].startswith(("word:", "char:", "cue:"))
        ('quote', True)
        """
        if tag is None:
            tag = self.predict([sentence])[0]
        k = LABELS.index(tag)
        others = [i for i in range(len(LABELS)) if i != k]

        def lift(weights: np.ndarray) -> np.ndarray:
            return (weights[:, k] - weights[:, others].mean(axis=1)) / self.temperature

        names: list[str] = []
        values: list[np.ndarray] = []
        text = word_text(sentence)
        for terms, coef, block in zip(self._terms, self._term_coef, ("word", "char")):
            _, cols, vals = terms.transform([text])
            names.extend(f"{block}:{terms.vocabulary[c]}" for c in cols)
            values.append(vals * lift(coef[cols]))
        if self._use_cues:
            cues = cue_matrix([sentence])[0, self._cue_columns] * self.cue_weight
            present = np.flatnonzero(cues)
            names.extend(f"cue:{self._cue_names[i]}" for i in present)
            values.append(cues[present] * lift(self._cue_coef[present]))
        bias = float(lift(self._intercept[None, :])[0])
        contributions = np.concatenate(values) if values else np.zeros(0)
        order = np.argsort(-contributions, kind="stable")
        support = tuple((names[i], float(contributions[i])) for i in order[:top] if contributions[i] > 0)
        oppose = tuple((names[i], float(contributions[i])) for i in order[::-1][:top] if contributions[i] < 0)
        return Explanation(tag, support, oppose, float(contributions.sum()) + bias)

    def tag_sentences(self, sentences: Sequence[Sentence], *, first_index: int = 0) -> list[TaggedSentence]:
        """Tag sentences that carry offsets (from :mod:`claimtag.segment`)."""
        proba = self.predict_proba(sentences)
        out = []
        for i, (sentence, row) in enumerate(zip(sentences, proba), first_index):
            best = int(row.argmax())
            scores = {label: float(p) for label, p in zip(LABELS, row)}
            out.append(TaggedSentence(i, sentence.text, sentence.start, sentence.end, LABELS[best], float(row[best]), scores))
        return out

    def tag_document(self, document: Document, *, explain: bool = False) -> TaggedDocument:
        """Tag a document already split by :func:`~claimtag.segment.split_document`."""
        tagged = self.tag_sentences(document.sentences)
        explanations = None
        if explain:
            explanations = [self.explain(s, t.tag) for s, t in zip(document.sentences, tagged)]
        return TaggedDocument(document.text, document.date, tagged, explanations)

    def tag_stream(
        self, chunks: Iterable[str], *, one_per_line: bool = False, explain: bool = False, batch_size: int = 512
    ) -> tuple[str | None, Iterator[tuple[TaggedSentence, Explanation | None]]]:
        """Tag a document that arrives in pieces, in bounded memory.

        Parameters
        ----------
        chunks : iterable of str
            Consecutive pieces of the document text, such as a
            :class:`~claimtag.files.TextReader`.
        one_per_line, explain : bool
            As for :meth:`tag`.
        batch_size : int, default=512
            Sentences scored together.

        Returns
        -------
        (date, tagged) : tuple
            The document's date and an iterator of ``(TaggedSentence,
            Explanation or None)`` pairs, in document order.
        """
        date, sentences = iter_document(chunks, one_per_line=one_per_line)

        def tagged() -> Iterator[tuple[TaggedSentence, Explanation | None]]:
            index = 0
            while True:
                batch = list(itertools.islice(sentences, batch_size))
                if not batch:
                    return
                results = self.tag_sentences(batch, first_index=index)
                index += len(batch)
                for sentence, result in zip(batch, results):
                    yield result, (self.explain(sentence, result.tag) if explain else None)

        return date, tagged()

    def tag(self, text: str, *, one_per_line: bool = False, explain: bool = False) -> TaggedDocument:
        """Split ``text`` into sentences and tag each.

        Parameters
        ----------
        text : str
            A news document; a leading ``date YYYY-MM`` is read as metadata.
        one_per_line : bool, default=False
            Take each non-empty line as one sentence instead of splitting.
        explain : bool, default=False
            Also explain each tag (see :meth:`explain`); the result's
            ``explanations`` then holds one :class:`Explanation` per sentence.
        """
        document = split_lines(text) if one_per_line else split_document(text)
        return self.tag_document(document, explain=explain)


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
        return Tagger(loads_model(model_bytes(), "bundled model"), name="bundled model")
    name = os.fspath(path)
    return Tagger(load_model(path), name=name)


def model_bytes(path: str | os.PathLike[str] | None = None) -> bytes:
    """The raw bytes of a model file (default: the bundled model), unchecked.

    For sending a model to other processes, which load it with
    :func:`~claimtag.modelfile.loads_model` (and so check it there).
    """
    if path is None:
        try:
            return resources.files("claimtag").joinpath(DEFAULT_MODEL).read_bytes()
        except OSError:
            raise ModelFileError(
                "the bundled model is missing from this installation; reinstall claimtag or pass a model file"
            ) from None
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise ModelFileError(f"{os.fspath(path)}: cannot read model file: {exc.strerror or exc}") from None
