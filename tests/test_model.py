"""The scikit-learn estimator, the numpy scoring path and the bundled model."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, GroupKFold, cross_val_score

import claimtag
from claimtag.data import LABELS, as_sentences, select_split
from claimtag.model import DEFAULT_SETTINGS, SentenceClassifier, build_default, export, train
from claimtag.modelfile import ModelData, dumps_model, load_model, save_model
from claimtag.tagging import DEFAULT_MODEL, Tagger


@pytest.fixture(scope="module")
def small(small_rows):
    return as_sentences(small_rows), [r.label for r in small_rows], [r.doc for r in small_rows]


def test_constructor_only_stores_and_params_round_trip():
    clf = SentenceClassifier(C=2.5, ngram_range=(1, 3))
    assert clf.get_params()["C"] == 2.5
    assert clone(clf).get_params() == clf.get_params()
    with pytest.raises(TypeError):
        SentenceClassifier(2.5)  # keyword-only


def test_fit_returns_self_and_sets_classes(small):
    X, y, _ = small
    clf = SentenceClassifier()
    assert clf.fit(X, y) is clf
    assert sorted(clf.classes_) == sorted(LABELS)
    proba = clf.predict_proba(X[:5])
    assert proba.shape == (5, 4)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert set(clf.predict(X[:5])) <= set(LABELS)


def test_unfitted_raises():
    with pytest.raises(NotFittedError):
        SentenceClassifier().predict(["x"])


def test_accepts_plain_strings(small):
    X, y, _ = small
    clf = SentenceClassifier().fit([s.text for s in X], y)
    assert clf.predict(["„Dit is een citaat van twee zinnen”, zei zij."])[0] == "quote"


def test_cross_val_score_and_grid_search(small):
    X, y, groups = small
    scores = cross_val_score(SentenceClassifier(), X, y, groups=groups, cv=GroupKFold(n_splits=3), scoring="f1_macro")
    assert scores.shape == (3,) and np.all((scores >= 0) & (scores <= 1))
    grid = GridSearchCV(SentenceClassifier(), {"C": [1.0, 4.0]}, cv=GroupKFold(n_splits=2), scoring="f1_macro")
    grid.fit(X, y, groups=groups)
    assert grid.best_params_["C"] in (1.0, 4.0)


@pytest.mark.parametrize(
    "settings",
    [DEFAULT_SETTINGS, {"ngram_range": (1, 2), "char_ngram_range": (2, 4), "cues": "lexical"}],
    ids=["default", "chars-lexical-cues"],
)
def test_numpy_path_equals_sklearn_on_labelled_set(bundled_rows, settings):
    train_rows = select_split(bundled_rows, "train")
    clf = SentenceClassifier(**settings).fit(as_sentences(train_rows), [r.label for r in train_rows])
    meta, arrays = export(clf)
    tagger = Tagger(ModelData(meta, arrays))
    sentences = as_sentences(bundled_rows)
    expected = clf.predict_proba(sentences)[:, [list(clf.classes_).index(label) for label in LABELS]]
    assert np.abs(tagger.predict_proba(sentences) - expected).max() < 1e-9


def test_training_is_deterministic(small_rows, tmp_path):
    a = train(small_rows, cv_folds=0)
    b = train(small_rows, cv_folds=0)
    assert dumps_model(a) == dumps_model(b)
    save_model(a, tmp_path / "a.ctm")
    loaded = Tagger(load_model(tmp_path / "a.ctm"))
    texts = [r.text for r in small_rows[:20]]
    assert np.array_equal(loaded.predict_proba(texts), Tagger(a).predict_proba(texts))


def test_train_refuses_missing_tag(small_rows):
    rows = [r for r in small_rows if r.label != "policy"]
    with pytest.raises(claimtag.DataError, match="policy"):
        train(rows, cv_folds=0)


@pytest.mark.slow
def test_shipped_model_is_fresh():
    """The bundled model equals a rebuild from the bundled labelled set."""
    from importlib import resources

    shipped = resources.files("claimtag").joinpath(DEFAULT_MODEL).read_bytes()
    assert dumps_model(build_default()) == shipped, "run: python training/build_default_model.py"
