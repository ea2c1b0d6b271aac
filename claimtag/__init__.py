"""claimtag: tag every sentence of a news article as quote, statistic, policy or background.

Examples
--------
>>> import claimtag
>>> tagger = claimtag.load()
>>> doc = tagger.tag("Het kabinet trekt 2 miljard euro uit voor dijkversterking.")
>>> doc[0].tag
'policy'
"""

__version__ = "0.1.0"

from .data import LABELS, DataError
from .files import InputError
from .modelfile import ModelFileError
from .segment import Document, Sentence, split_document, split_sentences
from .tagging import TaggedDocument, TaggedSentence, Tagger, load

__all__ = [
    "LABELS",
    "DataError",
    "Document",
    "InputError",
    "ModelFileError",
    "Sentence",
    "SentenceClassifier",
    "TaggedDocument",
    "TaggedSentence",
    "Tagger",
    "__version__",
    "load",
    "split_document",
    "split_sentences",
]


def __getattr__(name: str):
    # The estimator needs scikit-learn; import it only when asked for, so that
    # tagging starts without loading scikit-learn.
    if name == "SentenceClassifier":
        from .model import SentenceClassifier

        return SentenceClassifier
    raise AttributeError(f"module 'claimtag' has no attribute {name!r}")
