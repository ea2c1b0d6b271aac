"""Shared fixtures.

The tests run against the installed package (CI installs it non-editable),
so data files of the test suite are read relative to this folder and the
package's own data through the package.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import claimtag
from claimtag.data import load_bundled, select_split

DATA = Path(__file__).parent / "data"


def pytest_report_header(config):
    return f"claimtag {claimtag.__version__} from {Path(claimtag.__file__).parent}"


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="session")
def bundled_rows():
    return load_bundled()


@pytest.fixture(scope="session")
def small_rows(bundled_rows):
    """A few whole articles per language, enough to train a tiny model fast."""
    rows = select_split(bundled_rows, "train")
    docs: list[str] = []
    for row in rows:
        if row.doc not in docs:
            docs.append(row.doc)
    keep = set(docs[::8])
    return [r for r in rows if r.doc in keep]


@pytest.fixture(scope="session")
def tagger():
    return claimtag.load()


@pytest.fixture(scope="session")
def example_text():
    return (claimtag.data.seeds_dir() / "examples" / "navo-2022-03.txt").read_text(encoding="utf-8")
