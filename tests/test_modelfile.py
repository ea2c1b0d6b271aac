"""Plain-data model files: round trip, refusal of foreign, damaged and pickle files."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import claimtag
from claimtag.modelfile import FORMAT_VERSION, MAGIC, ModelData, ModelFileError, dumps_model, load_model, save_model


def _model():
    return ModelData({"labels": ["a", "b"], "note": "ü"}, {"w": np.arange(6.0).reshape(2, 3), "i": np.array([1, 2], dtype="<i8")})


def test_round_trip(tmp_path):
    path = tmp_path / "m.ctm"
    save_model(_model(), path)
    loaded = load_model(path)
    assert loaded.meta == {"labels": ["a", "b"], "note": "ü"}
    assert np.array_equal(loaded.arrays["w"], np.arange(6.0).reshape(2, 3))
    assert loaded.arrays["i"].dtype == np.dtype("<i8")
    assert loaded.format == FORMAT_VERSION


def test_bytes_are_deterministic():
    assert dumps_model(_model()) == dumps_model(_model())


def test_save_creates_missing_folders_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "a" / "b" / "m.ctm"
    save_model(_model(), path)
    assert path.exists()
    assert [p.name for p in path.parent.iterdir()] == ["m.ctm"]


def test_failed_save_keeps_old_file(tmp_path):
    path = tmp_path / "m.ctm"
    save_model(_model(), path)
    before = path.read_bytes()
    bad = ModelData({"x": object()}, {})
    with pytest.raises(TypeError):
        save_model(bad, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.ctm"]


@pytest.mark.parametrize(
    "mutate,message",
    [
        (lambda b: b[: len(b) // 2], "truncated|damaged"),
        (lambda b: b[:40] + bytes([b[40] ^ 0xFF]) + b[41:], "damaged"),
        (lambda b: b[:-1], "damaged"),
        (lambda b: b"", "not a claimtag model file"),
        (lambda b: b"hello world, not a model", "not a claimtag model file"),
        (lambda b: b"PK\x03\x04rest", "zip"),
    ],
    ids=["half", "flipped-byte", "last-byte-missing", "empty", "text", "zip"],
)
def test_damaged_or_foreign_files_are_refused(tmp_path, mutate, message):
    good = dumps_model(_model())
    path = tmp_path / "m.ctm"
    path.write_bytes(mutate(good))
    with pytest.raises(ModelFileError, match=message) as info:
        load_model(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


class _Payload:
    """Unpickling this would create a file."""

    def __init__(self, target):
        self.target = target

    def __reduce__(self):
        return (open, (self.target, "w"))


def test_pickle_payload_is_never_unpickled(tmp_path):
    target = tmp_path / "pwned"
    path = tmp_path / "evil.ctm"
    path.write_bytes(pickle.dumps(_Payload(str(target))))
    with pytest.raises(ModelFileError, match="pickle"):
        load_model(path)
    with pytest.raises(ModelFileError):
        claimtag.load(path)
    assert not target.exists()


def test_newer_format_is_refused(tmp_path):
    import hashlib, json, struct

    header = json.dumps({"format": FORMAT_VERSION + 1, "meta": {}, "arrays": {}}).encode()
    body = MAGIC + struct.pack("<Q", len(header)) + header
    path = tmp_path / "new.ctm"
    path.write_bytes(body + hashlib.sha256(body).digest())
    with pytest.raises(ModelFileError, match="newer"):
        load_model(path)


def test_missing_and_folder(tmp_path):
    with pytest.raises(ModelFileError, match="not found"):
        load_model(tmp_path / "nope.ctm")
    with pytest.raises(ModelFileError, match="folder"):
        load_model(tmp_path)


def test_valid_file_that_is_not_a_tagging_model(tmp_path):
    path = tmp_path / "m.ctm"
    save_model(_model(), path)
    with pytest.raises(ModelFileError, match="not a claimtag tagging model"):
        claimtag.load(path)
