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
import io
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Callable, Iterator

__all__ = ["InputError", "TextReader", "atomic_write", "decode", "expand_paths", "open_input"]


class InputError(ValueError):
    """An input that cannot be read; the message names it."""


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
    """Decode the bytes of one whole document (see :class:`TextReader`).

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
    reader = TextReader(io.BytesIO(data), name, encoding, chunk_size=max(len(data), 1))
    text = "".join(reader)
    return text, reader.encoding or "utf-8", reader.warning


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


class TextReader:
    """Decode a byte stream in chunks, with the same detection as :func:`decode`.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are recognised;
    ``encoding`` forces a codec. When the bytes stop being valid UTF-8, the rest
    of the stream is read as Windows-1252 (the whole stream when that happens in
    the first chunk) and ``on_warning`` is called once with a message naming
    the line. A NUL byte or mostly control bytes raise :class:`InputError`.

    Iterating yields decoded text chunks; memory is bounded by ``chunk_size``.

    Examples
    --------
    >>> import io
    >>> "".join(TextReader(io.BytesIO("café".encode("utf-16")), "a.txt"))
    'café'
    """

    def __init__(
        self,
        raw: IO[bytes],
        name: str,
        encoding: str | None = None,
        *,
        chunk_size: int = 1 << 20,
        on_warning: Callable[[str], None] | None = None,
    ):
        self.raw = raw
        self.name = name
        self.encoding = encoding
        self.chunk_size = chunk_size
        self.on_warning = on_warning
        self.warning: str | None = None

    def _fallback(self, line: int) -> None:
        self.encoding = "cp1252"
        self.warning = f"{self.name}: not valid UTF-8 (line {line}); read as Windows-1252"
        if self.on_warning:
            self.on_warning(self.warning)

    def __iter__(self) -> Iterator[str]:
        name = self.name
        data = self.raw.read(self.chunk_size)
        lines = 1  # line number at the start of ``data``
        codec = self.encoding
        auto = codec is None
        if auto:
            for bom, bom_codec in _BOMS:
                if data.startswith(bom):
                    data, codec, auto = data[len(bom) :], bom_codec, False
                    break
        if codec is not None:
            try:
                decoder = codecs.getincrementaldecoder(codec)("strict")
            except LookupError:
                raise InputError(f"unknown encoding {codec!r}") from None
            self.encoding = codec
            first = True
            while data:
                try:
                    text = decoder.decode(data)
                except UnicodeDecodeError as exc:
                    line = lines - 1 + _line_of(data, max(exc.start, 0))
                    raise InputError(f"{name}: line {line}: cannot decode as {codec}: {exc.reason}") from None
                if first:
                    text = text.lstrip("\ufeff")
                    first = False
                lines += data.count(b"\n")
                yield text
                data = self.raw.read(self.chunk_size)
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: line {lines}: cannot decode as {codec}: {exc.reason}") from None
            return
        self.encoding = "utf-8"
        carry = b""
        first = True
        while data:
            nul = data.find(b"\x00")
            if nul >= 0:
                line = lines - 1 + _line_of(data, nul)
                raise InputError(f"{name}: looks like a binary file (NUL byte at line {line}); not tagged")
            if first and data:
                controls = sum(1 for b in data[:65536] if b < 32 and b not in _TEXT_CONTROLS)
                if controls / min(len(data), 65536) > 0.1:
                    raise InputError(f"{name}: looks like a binary file (mostly control bytes); not tagged")
            if self.encoding == "cp1252":
                text = data.decode("cp1252", errors="replace")
            else:
                data, carry = carry + data, b""
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    if exc.reason == "unexpected end of data" and len(data) - exc.start < 4:
                        data, carry = data[: exc.start], data[exc.start :]
                        text = data.decode("utf-8", errors="strict") if data else ""
                    elif first:
                        self._fallback(lines + data.count(b"\n", 0, exc.start))
                        text = data.decode("cp1252", errors="replace")
                    else:
                        self._fallback(lines + data.count(b"\n", 0, exc.start))
                        text = data[: exc.start].decode("utf-8") + data[exc.start :].decode("cp1252", errors="replace")
            lines += data.count(b"\n")
            first = False
            yield text
            data = self.raw.read(self.chunk_size)
        if carry:
            if self.encoding != "cp1252":
                self._fallback(lines)
            yield carry.decode("cp1252", errors="replace")


@contextlib.contextmanager
def open_input(name: str) -> Iterator[IO[bytes]]:
    """Open an input path (or ``-`` for stdin) for binary reading.

    Raises
    ------
    InputError
        The path is missing, a folder, or unreadable.
    """
    if name == "-":
        yield sys.stdin.buffer
        return
    try:
        handle = open(name, "rb")
    except FileNotFoundError:
        raise InputError(f"{name}: no such file or folder") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    with handle:
        yield handle


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
