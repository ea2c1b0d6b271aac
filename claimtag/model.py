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
from .evaluation import evaluate_labels
from .features import CUE_NAMES, TOKEN_PATTERN, cue_matrix, word_text
from .modelfile import ModelData

__all__ = ["DEFAULT_SETTINGS", "CueFeatures", "SentenceClassifier", "cross_validate", "export", "train"]


class CueFeatures(TransformerMixin, BaseEstimator):
    """Rule-based cue features of sentences (see :mod:`claimtag.features`).

    Parameters
    ----------
    weight : float, default=1.0
        Every cue value is multiplied by this, to balance the cues against the
        L2-normalised TF-IDF block.

    Examples
    --------
    >>> CueFeatures().fit(["x"]).transform(["Het kost 3 procent."]).shape[1] > 10
    True
    """

    def __init__(self, *, weight: float = 1.0):
        self.weight = weight

    def fit(self, X: Sequence[Any], y: Any = None) -> "CueFeatures":
        """Record the feature names; the cues themselves learn nothing."""
        self.feature_names_ = np.asarray([f"cue:{name}" for name in CUE_NAMES], dtype=object)
        return self

    def transform(self, X: Sequence[Any]) -> np.ndarray:
        """Cue matrix of ``X``, scaled by ``weight``."""
        check_is_fitted(self, "feature_names_")
        return cue_matrix(X) * float(self.weight)

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
        Ignore n-grams seen in fewer sentences than this.
    sublinear_tf : bool, default=True
        Use ``1 + log(count)`` term frequencies.
    use_cues : bool, default=True
        Add the rule-based cue features.
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
    >>> clf.predict(["„We gaan door”, zei de minister."])[0]
    'quote'
    """

    def __init__(
        self,
        *,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 1,
        sublinear_tf: bool = True,
        use_cues: bool = True,
        cue_weight: float = 1.0,
        C: float = 4.0,
        class_weight: str | None = "balanced",
        max_iter: int = 5000,
    ):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.sublinear_tf = sublinear_tf
        self.use_cues = use_cues
        self.cue_weight = cue_weight
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter

    def _pipeline(self) -> Pipeline:
        features = [
            (
                "words",
                TfidfVectorizer(
                    preprocessor=word_text,
                    token_pattern=TOKEN_PATTERN,
                    lowercase=False,
                    ngram_range=tuple(self.ngram_range),
                    min_df=self.min_df,
                    sublinear_tf=self.sublinear_tf,
                    dtype=np.float64,
                ),
            )
        ]
        if self.use_cues:
            features.append(("cues", CueFeatures(weight=self.cue_weight)))
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
    "sublinear_tf": True,
    "use_cues": True,
    "cue_weight": 1.0,
    "C": 4.0,
    "class_weight": "balanced",
}


def export(clf: SentenceClassifier) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The fitted parameters of ``clf`` as JSON-able metadata and arrays."""
    check_is_fitted(clf, "pipeline_")
    union = clf.pipeline_.named_steps["features"]
    words = union.transformer_list[0][1]
    logreg = clf.pipeline_.named_steps["classifier"]
    vocabulary = [term for term, _ in sorted(words.vocabulary_.items(), key=lambda item: item[1])]
    meta = {
        "labels": [str(c) for c in logreg.classes_],
        "words": {
            "vocabulary": vocabulary,
            "ngram_range": list(words.ngram_range),
            "sublinear_tf": bool(words.sublinear_tf),
            "token_pattern": TOKEN_PATTERN,
        },
        "cues": {"names": list(CUE_NAMES) if clf.use_cues else [], "weight": float(clf.cue_weight)},
    }
    arrays = {
        "idf": np.asarray(words.idf_, dtype=np.float64),
        "coef": np.asarray(logreg.coef_, dtype=np.float64),
        "intercept": np.asarray(logreg.intercept_, dtype=np.float64),
    }
    return meta, arrays


def _groups(rows: Sequence[LabelledSentence]) -> list[str]:
    return [f"{r.source}\x00{r.doc}" if r.doc is not None else f"{r.source}\x00#{r.line}" for r in rows]


def cross_validate(
    rows: Sequence[LabelledSentence], settings: dict[str, Any], *, folds: int = 5
) -> tuple[float, list[str]]:
    """Grouped cross-validation: sentences of one article never on both sides.

    Returns
    -------
    (macro_f1, predictions) : tuple
        Macro-F1 of the out-of-fold predictions, and the predictions.
    """
    sentences = as_sentences(rows)
    labels = [r.label for r in rows]
    groups = _groups(rows)
    folds = min(folds, len(set(groups)))
    if folds < 2:
        raise ValueError("cross-validation needs at least two articles")
    predicted: list[str] = [""] * len(rows)
    for train_idx, test_idx in GroupKFold(n_splits=folds).split(sentences, labels, groups):
        clf = SentenceClassifier(**settings).fit([sentences[i] for i in train_idx], [labels[i] for i in train_idx])
        for i, tag in zip(test_idx, clf.predict([sentences[i] for i in test_idx])):
            predicted[i] = str(tag)
    return evaluate_labels(labels, predicted)["macro_f1"], predicted


def train(
    rows: Sequence[LabelledSentence],
    settings: dict[str, Any] | None = None,
    *,
    cv_folds: int = 5,
    test_rows: Sequence[LabelledSentence] = (),
    progress: Callable[[str], None] | None = None,
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

    Returns
    -------
    ModelData
        Everything tagging needs, and what ``claimtag info`` shows.
    """
    say = progress or (lambda message: None)
    settings = dict(DEFAULT_SETTINGS if settings is None else settings)
    check_trainable(rows)
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
    if cv_folds:
        say(f"cross-validating ({cv_folds} folds, grouped by article)...")
        macro_f1, _ = cross_validate(rows, settings, folds=cv_folds)
        meta["training"]["cv_macro_f1"] = round(macro_f1, 6)
    say(f"fitting on {len(rows)} sentences...")
    clf = SentenceClassifier(**settings).fit(as_sentences(rows), [r.label for r in rows])
    model_meta, arrays = export(clf)
    meta.update(model_meta)
    model = ModelData(meta, arrays)
    if test_rows:
        from .tagging import Tagger

        say(f"scoring the {len(test_rows)} held-out sentences...")
        predicted = Tagger(model).predict(as_sentences(test_rows))
        scores = evaluate_labels([r.label for r in test_rows], predicted)
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
