"""Files → text, and safe writes.

Reading: input paths (files, folders walked for ``*.txt``, ``-`` for stdin)
are turned into decoded text.  UTF-8 (with or without BOM) and UTF-16/32 with
a BOM are recognised; text that is not valid UTF-8 is read as Windows-1252
with a warning; a file that looks binary is refused with an
:class:`InputError` naming it.

Writing: :func:`atomic_write` writes to a temporary file in the target's
folder and renames it into place, so a failure or Ctrl-C never leaves a
half-written file behind.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Iterator, NamedTuple

__all__ = ["InputError", "Source", "atomic_write", "decode", "expand_paths", "read_source"]


class InputError(ValueError):
    """An input that cannot be read; the message names it."""


class Source(NamedTuple):
    """One input document: how the user named it and its decoded text."""

    name: str
    text: str
    encoding: str
    warning: str | None = None


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TEXT_CONTROLS = {9, 10, 11, 12, 13, 27}


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str, str | None]:
    """Decode the bytes of one document.

    Parameters
    ----------
    data : bytes
        The raw file contents.
    name : str
        The file name used in messages.
    encoding : str, optional
        Force this codec instead of detecting one.

    Returns
    -------
    (text, encoding, warning) : tuple
        The decoded text, the codec used, and a warning or ``None``.

    Raises
    ------
    InputError
        The bytes look binary, or do not decode with the forced codec.

    Examples
    --------
    >>> decode("café".encode("cp1252"), "a.txt")[1:]
    ('cp1252', 'a.txt: not valid UTF-8 (line 1); read as Windows-1252')
    """
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: line {_line_of(data, exc.start)}: cannot decode as {encoding}: {exc.reason}"
            ) from None
        return text.lstrip("\ufeff"), encoding, None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec, None
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: invalid {codec} text after its byte-order mark: {exc.reason}") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"{name}: looks like a binary file (NUL byte at line {_line_of(data, nul)}); not tagged")
    sample = data[:65536]
    if sample:
        controls = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROLS)
        if controls / len(sample) > 0.1:
            raise InputError(f"{name}: looks like a binary file (mostly control bytes); not tagged")
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
    text = data.decode("cp1252", errors="replace")
    return text, "cp1252", f"{name}: not valid UTF-8 (line {line}); read as Windows-1252"


def expand_paths(paths: list[str], pattern: str = "*.txt") -> Iterator[str]:
    """Expand folders into their matching files (recursively, sorted).

    Hidden files and folders (names starting with ``.``) are skipped. ``-`` and
    plain files are passed through as given; a missing path raises
    :class:`InputError`.
    """
    for path in paths:
        if path == "-":
            yield path
            continue
        p = Path(path)
        if p.is_dir():
            found = sorted(
                str(f)
                for f in p.rglob(pattern)
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            yield from found
        elif p.exists():
            yield path
        else:
            raise InputError(f"{path}: no such file or folder")


def read_source(name: str, encoding: str | None = None) -> Source:
    """Read and decode one input; ``-`` reads standard input."""
    try:
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(name, "rb") as handle:
                data = handle.read()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file or folder") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    text, used, warning = decode(data, name, encoding)
    return Source(name, text, used, warning)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], *, binary: bool = False, encoding: str = "utf-8") -> Iterator[IO]:
    """Open a temporary file next to ``path``; rename it over ``path`` on success.

    The target's folder is created when missing.  If the block raises (or is
    interrupted), the temporary file is removed and ``path`` is untouched.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        if binary:
            handle: IO = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding=encoding, newline="")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
