"""Many documents → tagged output, in input order: one process, several, or a Dask cluster.

This is the step between the inputs a user names (files, folders, stdin, a
JSONL corpus) and the output stream. Every way of running renders each
document with the same :class:`~claimtag.output.Writer`, so ``--jobs 4`` and
``--scheduler ADDRESS`` write byte for byte what one process writes.

- :func:`iter_sources` turns paths into :class:`Source` items (documents to
  tag) and :class:`InputError` items (inputs that could not be read).
- :func:`run_serial`, :func:`run_parallel` and :func:`run_dask` turn sources
  into :class:`Result` items, in input order.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections import deque
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from .files import InputError, TextReader, expand_paths, open_input
from .output import Writer

__all__ = [
    "INPUT_FORMATS",
    "Options",
    "Result",
    "Source",
    "iter_sources",
    "read_source",
    "resolve_jobs",
    "run_dask",
    "run_parallel",
    "run_serial",
    "tag_source",
]

#: Kinds of input of ``claimtag tag``: text files, or a JSONL corpus with
#: one document a line.
INPUT_FORMATS = ("text", "jsonl")


class Source(NamedTuple):
    """One document to tag.

    ``doc`` is what the records show as ``doc`` (the path as given, ``-``, or
    ``PATH:LINE`` for a corpus record); ``text`` is ``None`` while the
    document still has to be read from ``path``; ``extra`` holds the other
    fields of a corpus record; ``size`` is its size in bytes (for progress).
    """

    doc: str
    path: str
    text: str | None = None
    extra: dict[str, Any] | None = None
    size: int = 0


class Options(NamedTuple):
    """How each document is split, tagged and rendered."""

    fmt: str = "jsonl"
    one_per_line: bool = False
    explain: bool = False
    encoding: str | None = None
    colour: bool = False


class Result(NamedTuple):
    """The rendered output of one source, or the error that stopped it."""

    output: str
    sentences: int
    size: int
    error: str | None = None
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------
# Inputs


def iter_sources(
    paths: Iterable[str], *, pattern: str = "*.txt", input_format: str = "text", text_field: str = "text"
) -> Iterator[Source | InputError]:
    """The documents named by ``paths``, in order, with errors in their place.

    Parameters
    ----------
    paths : iterable of str
        Files, folders (walked for ``pattern``) and ``-`` (stdin).
    pattern : str, default="*.txt"
        Files to take inside folders.
    input_format : {"text", "jsonl"}, default="text"
        ``jsonl``: each line of each file is a JSON object holding one
        document in ``text_field``; its other fields are carried into the
        records.
    text_field : str, default="text"
        The field holding the document text in a JSONL corpus.

    Yields
    ------
    Source or InputError
        An error names the file (and line) it is about; the caller reports
        it and goes on.

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> with open(os.path.join(folder, "corpus.jsonl"), "w") as f:
    ...     _ = f.write('{"id": 7, "text": "Het kabinet trekt 2 miljard uit."}\\n[1]\\n')
    >>> good, bad = iter_sources([folder], pattern="*.jsonl", input_format="jsonl")
    >>> good.doc.endswith("corpus.jsonl:1"), good.text[:11], good.extra
    (True, 'Het kabinet', {'id': 7})
    >>> print(str(bad).split("corpus.jsonl")[1])
    :2: a corpus line must be a JSON object, not list
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r}")
    for path in paths:
        try:
            names = list(expand_paths([path], pattern))
        except InputError as exc:
            yield exc
            continue
        for name in names:
            if input_format == "text":
                yield Source(name, name, size=_size(name))
            else:
                yield from _corpus(name, text_field)


def _size(name: str) -> int:
    try:
        return os.path.getsize(name) if name != "-" else 0
    except OSError:
        return 0


def _corpus(name: str, text_field: str) -> Iterator[Source | InputError]:
    """Documents of a JSONL corpus file, one a line (blank lines skipped)."""
    shown = "<stdin>" if name == "-" else name
    try:
        with open_input(name) as raw:
            for number, line in enumerate(raw, 1):
                if not line.strip():
                    continue
                where = f"{shown}:{number}"
                try:
                    item = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
                except UnicodeDecodeError:
                    yield InputError(f"{where}: not UTF-8 (a JSONL corpus must be UTF-8)")
                    continue
                except json.JSONDecodeError as exc:
                    yield InputError(f"{where}: invalid JSON: {exc.msg} (column {exc.colno})")
                    continue
                if not isinstance(item, dict):
                    yield InputError(f"{where}: a corpus line must be a JSON object, not {type(item).__name__}")
                    continue
                text = item.get(text_field)
                if not isinstance(text, str):
                    problem = "no" if text is None else f"a non-text ({type(text).__name__})"
                    yield InputError(f"{where}: {problem} {text_field!r} field (choose the field with --text-field)")
                    continue
                extra = {key: value for key, value in item.items() if key != text_field}
                yield Source(where if name != "-" else f"-:{number}", name, text, extra, len(line))
    except InputError as exc:
        yield exc


def read_source(source: Source, encoding: str | None, warn: Callable[[str], None]) -> Source:
    """``source`` with its text read (files are decoded as :class:`TextReader` does)."""
    if source.text is not None:
        return source
    with open_input(source.path) as raw:
        text = "".join(TextReader(raw, source.path, encoding, on_warning=warn))
    return source._replace(text=text)


# --------------------------------------------------------------------------
# One document


def tag_source(tagger: Any, source: Source, options: Options, writer: Writer, warn: Callable[[str], None]) -> int:
    """Tag one source into ``writer``; returns the number of sentences.

    A file is streamed paragraph by paragraph, so memory stays bounded
    whatever its size. Raises :class:`InputError` when it cannot be read.
    """
    if source.text is not None:
        return _tag_chunks(tagger, [source.text], source, options, writer)
    with open_input(source.path) as raw:
        return _tag_chunks(tagger, TextReader(raw, source.path, options.encoding, on_warning=warn), source, options, writer)


def _tag_chunks(tagger: Any, chunks: Iterable[str], source: Source, options: Options, writer: Writer) -> int:
    date, tagged = tagger.tag_stream(chunks, one_per_line=options.one_per_line, explain=options.explain)
    extra = source.extra
    if date is None and extra and isinstance(extra.get("date"), str):
        date = extra["date"]
    writer.begin(source.doc, date, extra)
    count = 0
    for sentence, explanation in tagged:
        writer.add(sentence, explanation)
        count += 1
    writer.end()
    return count


def _render(tagger: Any, source: Source, options: Options) -> Result:
    """Tag one source into a string (the unit of work of parallel runs)."""
    buffer = io.StringIO()
    warnings: list[str] = []
    writer = Writer(buffer, options.fmt, colour=options.colour, header=False)
    try:
        count = tag_source(tagger, source, options, writer, warnings.append)
    except InputError as exc:
        return Result(buffer.getvalue(), 0, source.size, str(exc), tuple(warnings))
    return Result(buffer.getvalue(), count, source.size, None, tuple(warnings))


# --------------------------------------------------------------------------
# Runners


def run_serial(
    tagger: Any, sources: Iterable[Source], options: Options, writer: Writer, warn: Callable[[str], None]
) -> Iterator[Result]:
    """Tag sources one after another straight into ``writer`` (streaming)."""
    for source in sources:
        try:
            count = tag_source(tagger, source, options, writer, warn)
        except InputError as exc:
            yield Result("", 0, source.size, str(exc))
            continue
        yield Result("", count, source.size)


def resolve_jobs(jobs: int) -> int:
    """The number of worker processes for ``--jobs`` (``-1``: every core).

    Examples
    --------
    >>> resolve_jobs(3), resolve_jobs(-1) >= 1
    (3, True)
    """
    cores = _usable_cores()
    if jobs == -1 or jobs == 0:
        return cores
    if jobs < -1:
        return max(1, cores + 1 + jobs)
    return jobs


def _usable_cores() -> int:
    """Cores this process may run on (its affinity where the OS tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


_WORKER_TAGGERS: dict[str, Any] = {}


def _worker_tagger(model: str | bytes | None) -> Any:
    """The tagger of a worker process, loaded once per model and kept."""
    from .modelfile import loads_model
    from .tagging import Tagger, load

    if isinstance(model, bytes):
        key = "sha256:" + hashlib.sha256(model).hexdigest()
        if key not in _WORKER_TAGGERS:
            _WORKER_TAGGERS[key] = Tagger(loads_model(model, "<model sent by claimtag>"))
    else:
        key = "path:" + (model or "")
        if key not in _WORKER_TAGGERS:
            _WORKER_TAGGERS[key] = load(model)
    return _WORKER_TAGGERS[key]


def _work(model: str | bytes | None, source: Source, options: Options) -> Result:
    return _render(_worker_tagger(model), source, options)


def _stdin_read(source: Source, options: Options, warn: Callable[[str], None]) -> Source | Result:
    """Read ``-`` in this process: workers cannot see its stdin."""
    if source.text is None and source.path == "-":
        try:
            return read_source(source, options.encoding, warn)
        except InputError as exc:
            return Result("", 0, source.size, str(exc))
    return source


def run_parallel(
    model_path: str | None,
    sources: Iterable[Source],
    options: Options,
    jobs: int,
    warn: Callable[[str], None],
) -> Iterator[Result]:
    """Tag sources in ``jobs`` worker processes (joblib); results in input order.

    Each worker loads the model once and renders whole documents; at most a
    few documents per worker are in flight, so memory stays bounded by the
    largest documents rather than the corpus.
    """
    from joblib import Parallel, delayed

    def tasks() -> Iterator[Any]:
        for source in sources:
            ready = _stdin_read(source, options, warn)
            if isinstance(ready, Result):
                yield delayed(_failed)(ready)
            else:
                yield delayed(_work)(model_path, ready, options)

    parallel = Parallel(n_jobs=jobs, return_as="generator", pre_dispatch="4*n_jobs", batch_size=1)
    yield from parallel(tasks())


def _failed(result: Result) -> Result:
    return result


def run_dask(
    address: str,
    model_bytes: bytes,
    sources: Iterable[Source],
    options: Options,
    warn: Callable[[str], None],
    *,
    window: int = 0,
) -> Iterator[Result]:
    """Tag sources on the Dask cluster at ``address``; results in input order.

    Documents are read here (workers need not see these files) and sent as
    text; the model is scattered to every worker once. At most ``window``
    documents (default: four per worker thread) are in flight.
    """
    try:
        from distributed import Client
    except ImportError:
        raise InputError('--scheduler needs Dask: pip install "claimtag[dask]"') from None
    try:
        client = Client(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        model = client.scatter(model_bytes, broadcast=True, hash=False)
        if not window:
            window = 4 * max(1, sum(client.nthreads().values()))
        pending: deque[Any] = deque()
        for source in sources:
            try:
                ready = read_source(source, options.encoding, warn)
            except InputError as exc:
                pending.append(Result("", 0, source.size, str(exc)))
            else:
                pending.append(client.submit(_work, model, ready, options, pure=False))
            while len(pending) >= window:
                yield _resolve(pending.popleft())
        while pending:
            yield _resolve(pending.popleft())
    finally:
        client.close()


def _resolve(item: Any) -> Result:
    return item if isinstance(item, Result) else item.result()
