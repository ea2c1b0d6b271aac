"""The docstring examples run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "claimtag",
    "claimtag.segment",
    "claimtag.features",
    "claimtag.files",
    "claimtag.data",
    "claimtag.modelfile",
    "claimtag.evaluation",
    "claimtag.tagging",
    "claimtag.model",
    "claimtag.batch",
    "claimtag.progress",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0, f"{name} has no examples"
