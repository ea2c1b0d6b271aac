"""The estimator and training: a scikit-learn pipeline over sentences.

:class:`SentenceClassifier` is a scikit-learn classifier whose samples are
sentences (strings, or :class:`~claimtag.segment.Sentence` objects that carry
their quotation state).  Inside it is an explicit pipeline::

    Pipeline([
        ("features", FeatureUnion([
            ("words", TfidfVectorizer(...)),   # word n-grams
            ("cues", CueFeatures(...)),        # rule-based cue features
        ])),
        ("classifier", LogisticRegression(...)),
    ])

:func:`train` fits it on labelled rows and exports the fitted parameters as
plain data (:class:`~claimtag.modelfile.ModelData`), which tagging scores with
numpy alone.  This module imports scikit-learn; tagging does not.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted

from . import __version__
from .data import LABELS, LabelledSentence, as_sentences, check_trainable, data_hash
from .evaluation import calibration, evaluate_labels
from .features import CUE_NAMES, TOKEN_PATTERN, cue_matrix, cue_names, word_text
from .modelfile import ModelData

__all__ = ["DEFAULT_SETTINGS", "CueFeatures", "SentenceClassifier", "build_default", "cross_validate", "export", "fit_temperature", "train"]


class CueFeatures(TransformerMixin, BaseEstimator):
    """Rule-based cue features of sentences (see :mod:`claimtag.features`).

    Parameters
    ----------
    weight : float, default=1.0
        Every cue value is multiplied by this, to balance the cues against the
        L2-normalised TF-IDF block.
    group : {"context", "all", "state", "lexical"}, default="context"
        ``lexical`` keeps only the cues read from the sentence's own words,
        ``state`` adds the quotation state, ``context`` adds cues of the
        sentence before, ``all`` adds the position in the article.

    Examples
    --------
    >>> CueFeatures().fit(["x"]).transform(["Het kost 3 procent."]).shape[1] > 10
    True
    """

    def __init__(self, *, weight: float = 1.0, group: str = "context"):
        self.weight = weight
        self.group = group

    def fit(self, X: Sequence[Any], y: Any = None) -> "CueFeatures":
        """Record the feature names; the cues themselves learn nothing."""
        names = cue_names(self.group)
        self.columns_ = np.asarray([CUE_NAMES.index(name) for name in names], dtype=np.intp)
        self.feature_names_ = np.asarray([f"cue:{name}" for name in names], dtype=object)
        return self

    def transform(self, X: Sequence[Any]) -> np.ndarray:
        """Cue matrix of ``X``, scaled by ``weight``."""
        check_is_fitted(self, "feature_names_")
        return cue_matrix(X)[:, self.columns_] * float(self.weight)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names of the cue columns."""
        check_is_fitted(self, "feature_names_")
        return self.feature_names_.copy()


class SentenceClassifier(ClassifierMixin, BaseEstimator):
    """Tag sentences as quote, statistic, policy or background.

    Parameters
    ----------
    ngram_range : tuple of int, default=(1, 2)
        Word n-gram sizes.
    min_df : int, default=1
        Ignore word n-grams seen in fewer sentences than this.
    char_ngram_range : tuple of int or None, default=None
        Character n-gram sizes (within word boundaries); ``None`` leaves them out.
    char_min_df : int, default=2
        Ignore character n-grams seen in fewer sentences than this.
    sublinear_tf : bool, default=True
        Use ``1 + log(count)`` term frequencies.
    cues : {"context", "all", "state", "lexical", "none"}, default="context"
        Rule-based cue features to add: ``lexical`` (read from the sentence's
        own words), ``state`` (+ quotation state), ``context`` (+ the sentence
        before), ``all`` (+ position in the article) or ``none``.
    cue_weight : float, default=1.0
        Scale of the cue features against the TF-IDF block.
    C : float, default=4.0
        Inverse regularisation strength of the logistic regression.
    class_weight : {"balanced"} or None, default="balanced"
        Class weights of the logistic regression.
    max_iter : int, default=5000
        Iteration limit of the solver.

    Attributes
    ----------
    pipeline_ : sklearn.pipeline.Pipeline
        The fitted pipeline.
    classes_ : ndarray of str
        The tags, in the column order of :meth:`predict_proba`.

    Examples
    --------
    >>> from claimtag.data import load_bundled, select_split
    >>> rows = select_split(load_bundled(), "train")
    >>> clf = SentenceClassifier().fit([r.text for r in rows], [r.label for r in rows])
    >>> str(clf.predict(["„We gaan door”, zei de minister."])[0])
    'quote'
    """

    def __init__(
        self,
        *,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 1,
        char_ngram_range: tuple[int, int] | None = None,
        char_min_df: int = 2,
        sublinear_tf: bool = True,
        cues: str = "context",
        cue_weight: float = 1.0,
        C: float = 4.0,
        class_weight: str | None = "balanced",
        max_iter: int = 5000,
    ):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.char_ngram_range = char_ngram_range
        self.char_min_df = char_min_df
        self.sublinear_tf = sublinear_tf
        self.cues = cues
        self.cue_weight = cue_weight
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter

    def _pipeline(self) -> Pipeline:
        def tfidf(analyzer: str, ngram_range: tuple[int, int], min_df: int) -> TfidfVectorizer:
            return TfidfVectorizer(
                preprocessor=word_text,
                analyzer=analyzer,
                token_pattern=TOKEN_PATTERN if analyzer == "word" else None,
                lowercase=False,
                ngram_range=tuple(ngram_range),
                min_df=min_df,
                sublinear_tf=self.sublinear_tf,
                dtype=np.float64,
            )

        features = [("words", tfidf("word", self.ngram_range, self.min_df))]
        if self.char_ngram_range:
            features.append(("chars", tfidf("char_wb", self.char_ngram_range, self.char_min_df)))
        if self.cues != "none":
            features.append(("cues", CueFeatures(weight=self.cue_weight, group=self.cues)))
        classifier = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter, tol=1e-6)
        return Pipeline([("features", FeatureUnion(features)), ("classifier", classifier)])

    def fit(self, X: Sequence[Any], y: Sequence[str]) -> "SentenceClassifier":
        """Fit on sentences ``X`` with tags ``y``; returns ``self``."""
        X, y = list(X), list(y)
        if len(X) != len(y):
            raise ValueError(f"X has {len(X)} sentences but y has {len(y)} labels")
        self.pipeline_ = self._pipeline().fit(X, y)
        self.classes_ = self.pipeline_.classes_
        return self

    def decision_function(self, X: Sequence[Any]) -> np.ndarray:
        """Linear scores, one column per class in :attr:`classes_`."""
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.decision_function(list(X))

    def predict_proba(self, X: Sequence[Any]) -> np.ndarray:
        """Probability of each tag, columns in :attr:`classes_` order."""
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict_proba(list(X))

    def predict(self, X: Sequence[Any]) -> np.ndarray:
        """The most probable tag of each sentence."""
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.predict(list(X))


#: Settings of the bundled default model.
DEFAULT_SETTINGS: dict[str, Any] = {
    "ngram_range": (1, 2),
    "min_df": 1,
    "char_ngram_range": (3, 5),
    "char_min_df": 2,
    "sublinear_tf": True,
    "cues": "context",
    "cue_weight": 1.0,
    "C": 30.0,
    "class_weight": "balanced",
}


def export(clf: SentenceClassifier) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The fitted parameters of ``clf`` as JSON-able metadata and arrays.

    The coefficient columns follow the feature union: each TF-IDF block in
    ``meta["terms"]`` order, then the cue features.
    """
    check_is_fitted(clf, "pipeline_")
    union = clf.pipeline_.named_steps["features"]
    logreg = clf.pipeline_.named_steps["classifier"]
    terms = []
    arrays = {}
    for name, step in union.transformer_list:
        if not isinstance(step, TfidfVectorizer):
            continue
        vocabulary = [term for term, _ in sorted(step.vocabulary_.items(), key=lambda item: item[1])]
        terms.append(
            {
                "name": name,
                "analyzer": step.analyzer,
                "vocabulary": vocabulary,
                "ngram_range": list(step.ngram_range),
                "sublinear_tf": bool(step.sublinear_tf),
            }
        )
        arrays[f"idf_{name}"] = np.asarray(step.idf_, dtype=np.float64)
    meta = {
        "labels": [str(c) for c in logreg.classes_],
        "token_pattern": TOKEN_PATTERN,
        "terms": terms,
        "cues": {"names": list(cue_names(clf.cues)), "weight": float(clf.cue_weight)},
    }
    arrays["coef"] = np.asarray(logreg.coef_, dtype=np.float64)
    arrays["intercept"] = np.asarray(logreg.intercept_, dtype=np.float64)
    return meta, arrays


def _groups(rows: Sequence[LabelledSentence]) -> list[str]:
    return [f"{r.source}\x00{r.doc}" if r.doc is not None else f"{r.source}\x00#{r.line}" for r in rows]


def cross_validate(
    rows: Sequence[LabelledSentence], settings: dict[str, Any], *, folds: int = 5
) -> tuple[float, list[str], np.ndarray]:
    """Grouped cross-validation: sentences of one article never on both sides.

    Returns
    -------
    (macro_f1, predictions, decision) : tuple
        Macro-F1 of the out-of-fold predictions, the predictions, and the
        out-of-fold decision scores (columns in :data:`~claimtag.LABELS` order).
    """
    sentences = as_sentences(rows)
    labels = [r.label for r in rows]
    groups = _groups(rows)
    folds = min(folds, len(set(groups)))
    if folds < 2:
        raise ValueError("cross-validation needs at least two articles")
    decision = np.zeros((len(rows), len(LABELS)))
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(sentences, labels, groups):
        clf = SentenceClassifier(**settings).fit([sentences[i] for i in train_idx], [labels[i] for i in train_idx])
        order = [list(clf.classes_).index(label) for label in LABELS]
        decision[test_idx] = clf.decision_function([sentences[i] for i in test_idx])[:, order]
    predicted = [LABELS[i] for i in decision.argmax(axis=1)]
    return evaluate_labels(labels, predicted)["macro_f1"], predicted, decision


def fit_temperature(decision: np.ndarray, labels: Sequence[str]) -> float:
    """The softmax temperature that minimises the log-loss of ``decision``.

    A single scalar, searched on a logarithmic grid and refined by golden-section
    search, so the result is deterministic; it rescales confidence without
    changing any predicted tag.
    """
    target = np.array([LABELS.index(label) for label in labels])

    def loss(log_t: float) -> float:
        z = decision / np.exp(log_t)
        z = z - z.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(z).sum(axis=1))
        return float((log_norm - z[np.arange(len(z)), target]).mean())

    grid = np.linspace(np.log(0.05), np.log(20.0), 61)
    best = int(np.argmin([loss(g) for g in grid]))
    lo, hi = grid[max(best - 1, 0)], grid[min(best + 1, len(grid) - 1)]
    ratio = (np.sqrt(5.0) - 1) / 2
    for _ in range(60):
        a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        if loss(a) < loss(b):
            hi = b
        else:
            lo = a
    return float(np.exp((lo + hi) / 2))


def train(
    rows: Sequence[LabelledSentence],
    settings: dict[str, Any] | None = None,
    *,
    cv_folds: int = 5,
    test_rows: Sequence[LabelledSentence] = (),
    progress: Callable[[str], None] | None = None,
    source: str = "the training data",
) -> ModelData:
    """Train a model on labelled rows and return it as plain data.

    Parameters
    ----------
    rows : sequence of LabelledSentence
        The training sentences, articles in order.
    settings : dict, optional
        :class:`SentenceClassifier` parameters; :data:`DEFAULT_SETTINGS` when omitted.
    cv_folds : int, default=5
        Folds of the grouped cross-validation reported in the metadata; 0 skips it.
    test_rows : sequence of LabelledSentence, optional
        Held-out sentences to score the final model on (stored as ``test_scores``).
    progress : callable, optional
        Receives one-line progress messages.
    source : str, default="the training data"
        What the rows are, for the error when they cannot train a model
        (too few examples of a tag).

    Returns
    -------
    ModelData
        Everything tagging needs, and what ``claimtag info`` shows.
    """
    say = progress or (lambda message: None)
    settings = dict(DEFAULT_SETTINGS if settings is None else settings)
    check_trainable(rows, source)
    counts = Counter(r.label for r in rows)
    meta: dict[str, Any] = {
        "claimtag_version": __version__,
        "settings": {k: list(v) if isinstance(v, tuple) else v for k, v in sorted(settings.items())},
        "training": {
            "sentences": len(rows),
            "per_tag": {label: counts[label] for label in LABELS},
            "languages": dict(sorted(Counter(r.lang or "unknown" for r in rows).items())),
            "articles": len(set(_groups(rows))),
            "sha256": data_hash(rows),
        },
    }
    temperature = 1.0
    if cv_folds:
        say(f"cross-validating ({cv_folds} folds, grouped by article)...")
        macro_f1, _, decision = cross_validate(rows, settings, folds=cv_folds)
        meta["training"]["cv_macro_f1"] = round(macro_f1, 6)
        temperature = round(fit_temperature(decision, [r.label for r in rows]), 6)
    say(f"fitting on {len(rows)} sentences...")
    clf = SentenceClassifier(**settings).fit(as_sentences(rows), [r.label for r in rows])
    model_meta, arrays = export(clf)
    meta.update(model_meta)
    meta["temperature"] = temperature
    model = ModelData(meta, arrays)
    if test_rows:
        from .tagging import Tagger

        say(f"scoring the {len(test_rows)} held-out sentences...")
        proba = Tagger(model).predict_proba(as_sentences(test_rows))
        scores = evaluate_labels([r.label for r in test_rows], [LABELS[i] for i in proba.argmax(axis=1)])
        scores["ece"] = calibration([r.label for r in test_rows], proba)["ece"]
        meta["test_scores"] = _rounded(scores)
        meta["test_scores"]["sentences"] = len(test_rows)
    return model


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def build_default(progress: Callable[[str], None] | None = None) -> ModelData:
    """Build the bundled default model from the bundled labelled set.

    Trains on the ``train`` split with :data:`DEFAULT_SETTINGS` and scores the
    held-out ``test`` split; ``training/build_default_model.py`` writes the
    result into the package, and a test checks the shipped file equals it.
    """
    from .data import load_bundled, select_split

    rows = load_bundled()
    test_rows = [r for r in rows if r.split == "test"]
    return train(select_split(rows, "train"), DEFAULT_SETTINGS, cv_folds=5, test_rows=test_rows, progress=progress)
