"""Plain-data model files: JSON metadata plus raw numpy arrays, never pickle.

Layout of a ``.ctm`` file::

    b"CLAIMTAG-MODEL\\n"            magic line
    8 bytes, little-endian uint64   length of the header
    header                          UTF-8 JSON: format version, metadata and
                                    the dtype, shape and offset of every array
    payload                         the arrays' raw little-endian bytes
    32 bytes                        SHA-256 of everything above

Loading reads only JSON and raw numbers (``numpy.frombuffer`` with an
allow-list of dtypes), so a model file cannot run code.  A damaged, truncated,
foreign or newer file gives a :class:`ModelFileError` naming it.  Writing is
atomic and deterministic: the same model gives the same bytes.

Examples
--------
>>> import numpy as np, tempfile, os
>>> from claimtag.modelfile import ModelData, save_model, load_model
>>> path = os.path.join(tempfile.mkdtemp(), "m.ctm")
>>> save_model(ModelData({"labels": ["a", "b"]}, {"w": np.arange(3.0)}), path)
>>> load_model(path).arrays["w"].tolist()
[0.0, 1.0, 2.0]
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from typing import Any, NamedTuple

import numpy as np

from .files import atomic_write

__all__ = ["FORMAT_VERSION", "MAGIC", "ModelData", "ModelFileError", "dumps_model", "load_model", "loads_model", "save_model"]

#: The model format this version writes and reads.
FORMAT_VERSION = 1
#: First bytes of every claimtag model file.
MAGIC = b"CLAIMTAG-MODEL\n"
_DIGEST = 32
_ALLOWED_DTYPES = frozenset({"<f8", "<f4", "<i8", "<i4", "|u1"})
_MAX_HEADER = 256 * 1024 * 1024


class ModelFileError(ValueError):
    """A model file that cannot be used; the message names the file."""


class ModelData(NamedTuple):
    """A model as plain data: JSON-able metadata and named numpy arrays."""

    meta: dict[str, Any]
    arrays: dict[str, np.ndarray]
    format: int = FORMAT_VERSION


def dumps_model(model: ModelData) -> bytes:
    """Serialise ``model`` to bytes (deterministic for equal input)."""
    specs = {}
    chunks = []
    offset = 0
    for name in sorted(model.arrays):
        array = np.ascontiguousarray(model.arrays[name])
        array = array.astype(array.dtype.newbyteorder("<"), copy=False)
        dtype = array.dtype.str
        if dtype not in _ALLOWED_DTYPES:
            raise TypeError(f"array {name!r} has dtype {dtype}, not one of {sorted(_ALLOWED_DTYPES)}")
        data = array.tobytes()
        specs[name] = {"dtype": dtype, "shape": list(array.shape), "offset": offset, "nbytes": len(data)}
        chunks.append(data)
        offset += len(data)
    header = json.dumps(
        {"format": FORMAT_VERSION, "meta": model.meta, "arrays": specs},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    ).encode("utf-8")
    body = MAGIC + struct.pack("<Q", len(header)) + header + b"".join(chunks)
    return body + hashlib.sha256(body).digest()


def save_model(model: ModelData, path: str | os.PathLike[str]) -> None:
    """Write ``model`` to ``path`` atomically (temporary file, then rename)."""
    data = dumps_model(model)
    with atomic_write(path, binary=True) as handle:
        handle.write(data)


def _describe_foreign(data: bytes) -> str:
    if data[:1] == b"\x80":
        return "it looks like a Python pickle, which claimtag never loads"
    if data[:4] == b"PK\x03\x04":
        return "it is a zip archive (perhaps a numpy .npz or a joblib file)"
    if data[:6] == b"\x93NUMPY":
        return "it is a numpy .npy file"
    if not data:
        return "the file is empty"
    return "it does not start with the claimtag model header"


def loads_model(data: bytes, name: str = "<bytes>") -> ModelData:
    """Parse model bytes; ``name`` is used in error messages."""
    if not data.startswith(MAGIC):
        raise ModelFileError(f"{name}: not a claimtag model file: {_describe_foreign(data)}")
    if len(data) < len(MAGIC) + 8 + _DIGEST:
        raise ModelFileError(f"{name}: model file is truncated ({len(data)} bytes)")
    body, digest = data[:-_DIGEST], data[-_DIGEST:]
    if hashlib.sha256(body).digest() != digest:
        raise ModelFileError(f"{name}: model file is damaged or truncated (checksum mismatch)")
    (header_len,) = struct.unpack_from("<Q", body, len(MAGIC))
    start = len(MAGIC) + 8
    if header_len > min(_MAX_HEADER, len(body) - start):
        raise ModelFileError(f"{name}: model file is damaged (header length out of range)")
    try:
        header = json.loads(body[start : start + header_len].decode("utf-8"))
        version = header["format"]
        meta = header["meta"]
        specs = header["arrays"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise ModelFileError(f"{name}: model file is damaged (unreadable header: {exc})") from None
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ModelFileError(
            f"{name}: model format {version} is newer than this claimtag reads "
            f"(format {FORMAT_VERSION}); upgrade claimtag or retrain the model"
        )
    if version < 1 or not isinstance(meta, dict) or not isinstance(specs, dict):
        raise ModelFileError(f"{name}: model file is damaged (bad header)")
    payload = memoryview(body)[start + header_len :]
    arrays = {}
    for key, spec in specs.items():
        try:
            dtype = spec["dtype"]
            shape = tuple(int(n) for n in spec["shape"])
            offset, nbytes = int(spec["offset"]), int(spec["nbytes"])
            if dtype not in _ALLOWED_DTYPES:
                raise ValueError(f"dtype {dtype!r} not allowed")
            if offset < 0 or nbytes < 0 or offset + nbytes > len(payload):
                raise ValueError("data outside the file")
            array = np.frombuffer(payload[offset : offset + nbytes], dtype=np.dtype(dtype)).reshape(shape)
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelFileError(f"{name}: model file is damaged (array {key!r}: {exc})") from None
        arrays[key] = array
    return ModelData(meta, arrays, version)


def load_model(path: str | os.PathLike[str]) -> ModelData:
    """Read a model file, checking its header, format version and checksum.

    Raises
    ------
    ModelFileError
        The file is missing, unreadable, foreign, damaged or of a newer format.
    """
    name = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except IsADirectoryError:
        raise ModelFileError(f"{name}: is a folder, not a model file") from None
    except FileNotFoundError:
        raise ModelFileError(f"{name}: model file not found") from None
    except OSError as exc:
        raise ModelFileError(f"{name}: cannot read model file: {exc.strerror or exc}") from None
    return loads_model(data, name)
