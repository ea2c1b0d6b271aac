"""The ``claimtag`` command line: click commands only.

Exit codes: 0 success; 1 an input, data or model problem; 2 a usage error;
130 interrupted (Ctrl-C); 141 the reader of the output went away (for
example ``claimtag tag big.txt | head``).
"""

from __future__ import annotations

import codecs
import json
import os
import sys
from typing import Any, Callable, Iterable, Iterator, TypeVar

import click

from . import __version__
from .data import LABELS, DataError, LabelledSentence, articles, as_sentences, load_bundled, read_labelled, select_split
from .evaluation import align_spans, calibration, evaluate_labels, format_scores
from .files import InputError, atomic_write
from .modelfile import FORMAT_VERSION, ModelFileError
from .batch import INPUT_FORMATS
from .output import FORMATS, Writer

__all__ = ["cli", "main"]

_USER_ERRORS = (InputError, DataError, ModelFileError)
_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES = """\b
Exit codes:
  0    success
  1    an input, labelled-data or model-file problem
  2    a usage error (unknown option, bad value)
  130  interrupted (Ctrl-C)
  141  the output was closed early (e.g. piped into head)"""


class _Group(click.Group):
    """A group that turns library errors, Ctrl-C and closed pipes into exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except _USER_ERRORS as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            _silence_stdout()
            ctx.exit(141)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if (ctx.obj or {}).get("debug"):
                raise
            raise click.ClickException(
                f"internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)"
            ) from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _info(message: str) -> None:
    click.echo(message, err=True)


def _known_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse an unknown ``--encoding`` before any input is read."""
    if value is not None:
        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {value!r} (use a Python codec name such as utf-8, cp1252 or latin-1)") from None
    return value


def _data_option(f: F) -> F:
    """The ``--data`` option shared by ``train`` and ``evaluate``."""
    return click.option(
        "--data",
        "-d",
        "data_paths",
        multiple=True,
        type=click.Path(),
        help="Labelled JSONL, CSV or TSV file or folder (repeatable). Default: the bundled labelled set.",
    )(f)


def _model_option(f: F) -> F:
    return click.option(
        "--model",
        "-m",
        "model_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="Model file to use (default: the model bundled with claimtag).",
    )(f)


def _load_tagger(model_path: str | None):
    from .tagging import load

    return load(model_path)


@click.group(cls=_Group, context_settings=_CONTEXT, epilog=EXIT_CODES)
@click.version_option(__version__, "-V", "--version", prog_name="claimtag")
@click.option("--debug", is_flag=True, help="Show a full traceback on errors (for bug reports).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Tag every sentence of news text as quote, statistic, policy or background.

    \b
    Quick start:
      claimtag tag article.txt              tag a file with the bundled model
      claimtag tag --format jsonl docs/     tag every *.txt in a folder, as JSON Lines
      claimtag train --out my.ctm           train on the bundled labelled set
      claimtag evaluate --model my.ctm      score a model on the bundled test split
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


# --------------------------------------------------------------------------
# tag


@cli.command(epilog=EXIT_CODES)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format; jsonl is the machine-readable contract.",
)
@_model_option
@click.option("--one-per-line", is_flag=True, help="Take each non-empty input line as one sentence (no splitting).")
@click.option(
    "--explain",
    is_flag=True,
    help="Show the features that pushed each tag, read from the model's weights (text and jsonl).",
)
@click.option(
    "--input",
    "input_format",
    type=click.Choice(INPUT_FORMATS),
    default="text",
    show_default=True,
    help="text: each file is one document; jsonl: each line of each file is a JSON object holding one document "
    "(its other fields are copied into every JSONL record).",
)
@click.option(
    "--text-field",
    default="text",
    show_default=True,
    metavar="NAME",
    help="With --input jsonl: the field that holds the document text.",
)
@click.option(
    "--encoding",
    default=None,
    metavar="NAME",
    callback=_known_encoding,
    help="Decode text inputs with this codec (a Python codec name such as cp1252 or latin-1) instead of detecting it.",
)
@click.option("--glob", "pattern", default=None, help="Files to tag inside folders (default: *.txt, or *.jsonl with --input jsonl).")
@click.option(
    "--jobs",
    "-j",
    type=int,
    default=1,
    show_default=True,
    help="Worker processes; -1 uses every core. Output is identical to --jobs 1, in input order.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help='Run on the Dask cluster at ADDRESS (e.g. tcp://10.0.0.5:8786); needs pip install "claimtag[dask]".',
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    help="Write results to this file (atomically) instead of stdout.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour tags in the text format; auto colours when writing to a terminal.",
)
def tag(
    paths: tuple[str, ...],
    fmt: str,
    model_path: str | None,
    one_per_line: bool,
    explain: bool,
    input_format: str,
    text_field: str,
    encoding: str | None,
    pattern: str | None,
    jobs: int,
    scheduler: str | None,
    output: str,
    color: str,
) -> None:
    """Tag the sentences of text files, folders of *.txt files, or - (stdin).

    Each sentence gets one tag: quote, statistic, policy or background, with
    the probability of each tag. A leading "date 2022-03" in a document is read
    as its date. Results go to stdout, messages to stderr; an input that cannot
    be read is reported and skipped, and the exit code is then 1. Long runs
    show a progress line on stderr when it is a terminal.
    """
    from .batch import Options, Source, iter_sources, resolve_jobs, run_dask, run_parallel, run_serial
    from .progress import Progress

    if jobs == 0:
        raise click.BadParameter("must be a positive number of processes, or -1 for every core", param_hint="'--jobs'")
    if scheduler and jobs != 1:
        raise click.UsageError("--jobs and --scheduler cannot be combined: the cluster decides the parallelism.")
    if pattern is None:
        pattern = "*.jsonl" if input_format == "jsonl" else "*.txt"
    tagger = _load_tagger(model_path)
    failures = 0

    def warn(message: str) -> None:
        click.echo(f"Warning: {message}", err=True)

    def error(message: str) -> None:
        nonlocal failures
        failures += 1
        click.echo(f"Error: {message}", err=True)

    def sources() -> Iterator[Source]:
        for item in iter_sources(paths, pattern=pattern, input_format=input_format, text_field=text_field):
            if isinstance(item, InputError):
                error(str(item))
            else:
                yield item

    def run(stream: Any, colour: bool) -> None:
        if input_format == "text":
            todo: Iterable[Source] = list(sources())  # names only: the texts are read one at a time
            progress = Progress(sum(s.size for s in todo), len(todo))
        else:
            todo = sources()
            progress = Progress(sum(_file_size(p) for p in paths))
        writer = Writer(stream, fmt, colour=colour)
        options = Options(fmt, one_per_line, explain, encoding, colour)
        n_jobs = resolve_jobs(jobs)
        if scheduler:
            from .tagging import model_bytes

            results = run_dask(scheduler, model_bytes(model_path), todo, options, warn)
        elif n_jobs > 1:
            results = run_parallel(model_path, todo, options, n_jobs, warn)
        else:
            results = run_serial(tagger, todo, options, writer, warn)
        for result in results:
            for message in result.warnings:
                warn(message)
            if result.output:
                stream.write(result.output)
            if result.error:
                error(result.error)
            stream.flush()
            progress.update(sentences=result.sentences, size=result.size)
        progress.close()

    if output != "-":
        _check_writable(output)
    if output == "-":
        stdout = sys.stdout
        colour = color == "always" or (color == "auto" and fmt == "text" and stdout.isatty() and not os.environ.get("NO_COLOR"))
        run(stdout, colour)
    else:
        with atomic_write(output) as handle:
            run(handle, color == "always")
    if failures:
        click.echo(f"Error: {failures} input(s) could not be tagged.", err=True)
        click.get_current_context().exit(1)


def _file_size(path: str) -> int:
    try:
        return os.path.getsize(path) if os.path.isfile(path) else 0
    except OSError:
        return 0


# --------------------------------------------------------------------------
# train

_SPLIT_HELP = "Rows without a split field are always used."


def _check_writable(path: str) -> None:
    """Fail before a long job when its output cannot be written."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot create folder {folder}: {exc.strerror or exc}") from None
    if not os.access(folder, os.W_OK):
        raise click.ClickException(f"{path}: folder {folder} is not writable")


def _read_rows(data_paths: tuple[str, ...]) -> tuple[list[LabelledSentence], str]:
    if data_paths:
        return read_labelled(list(data_paths)), ", ".join(data_paths)
    return load_bundled(), "the bundled labelled set"


@cli.command(epilog=EXIT_CODES)
@_data_option
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False), help="Where to write the model file.")
@click.option(
    "--split",
    type=click.Choice(["train", "test", "all"]),
    default="train",
    show_default=True,
    help=f"Which rows to train on. {_SPLIT_HELP} Held-out test rows are scored and stored in the model.",
)
@click.option(
    "--cv",
    "cv_folds",
    type=click.IntRange(0, 20),
    default=5,
    show_default=True,
    help="Folds of the cross-validation grouped by article; 0 skips it.",
)
@click.option("--c", "C", type=click.FloatRange(min=0, min_open=True), default=None, help="Inverse regularisation strength of the logistic regression (default: 30.0).")
@click.option("--ngram-max", type=click.IntRange(1, 4), default=None, help="Longest word n-gram (default: 2; character n-grams of 3-5 are used as well).")
@click.option(
    "--cues",
    type=click.Choice(["context", "all", "state", "lexical", "none"]),
    default=None,
    help="Rule-based cue features: lexical (the sentence's own words), state (+ quotation state), "
    "context (+ the sentence before), all (+ position in the article) or none (default: context).",
)
def train(
    data_paths: tuple[str, ...], out: str, split: str, cv_folds: int, C: float | None, ngram_max: int | None, cues: str | None
) -> None:
    """Train a model on labelled sentences and write it to --out.

    Labelled files are JSON Lines with "text" and "label" (optionally "lang",
    "doc", "split", "para") or CSV/TSV with a header holding those columns.
    Prints the sentences used per tag and a cross-validated macro-F1; nothing
    is written when the data is refused.
    """
    from .model import DEFAULT_SETTINGS, train as train_model
    from .modelfile import save_model

    _check_writable(out)
    rows, source = _read_rows(data_paths)
    used = select_split(rows, split)
    held_out = [r for r in rows if r.split == "test"] if split == "train" else []
    settings = dict(DEFAULT_SETTINGS)
    if C is not None:
        settings["C"] = C
    if ngram_max is not None:
        settings["ngram_range"] = (1, ngram_max)
    if cues is not None:
        settings["cues"] = cues
    _info(f"read {len(rows)} labelled sentences from {source}; training on {len(used)} ({split} split)")
    model = train_model(
        used,
        settings,
        cv_folds=cv_folds,
        test_rows=held_out,
        progress=_info,
        source=f"{source} ({split} split)" if split != "all" else source,
    )
    try:
        save_model(model, out)
    except OSError as exc:
        raise click.ClickException(f"{out}: cannot write model: {exc.strerror or exc}") from None
    training = model.meta["training"]
    langs = ", ".join(f"{lang} {n}" for lang, n in training["languages"].items())
    click.echo(f"trained on {training['sentences']} sentences from {training['articles']} articles ({langs})")
    for label in LABELS:
        click.echo(f"  {label:<10} {training['per_tag'][label]:6d}")
    if "cv_macro_f1" in training:
        click.echo(f"cross-validated macro-F1 ({cv_folds} folds by article): {training['cv_macro_f1']:.3f}")
    if "test_scores" in model.meta:
        t = model.meta["test_scores"]
        click.echo(f"held-out test split: macro-F1 {t['macro_f1']:.3f}, accuracy {t['accuracy']:.3f} ({t['sentences']} sentences)")
    click.echo(f"wrote {out} ({os.path.getsize(out):,} bytes)")


# --------------------------------------------------------------------------
# evaluate


@cli.command(epilog=EXIT_CODES)
@_data_option
@_model_option
@click.option(
    "--split",
    type=click.Choice(["train", "test", "all"]),
    default="test",
    show_default=True,
    help=f"Which rows to score. {_SPLIT_HELP}",
)
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Report format.")
@click.option(
    "--documents",
    is_flag=True,
    help="Score the whole path: rebuild each article as text, split it with claimtag's splitter and tag it.",
)
def evaluate(data_paths: tuple[str, ...], model_path: str | None, split: str, fmt: str, documents: bool) -> None:
    """Score a model on labelled sentences: precision, recall, F1, confusion.

    Sentences of one article (same "doc") are read in order, so quotations
    that run over several sentences are followed as in a real document. With
    --documents the articles are rebuilt as plain text and go through the
    splitter first; each labelled sentence then gets the tag of the split
    sentence that overlaps it most.
    """
    tagger = _load_tagger(model_path)
    rows, source = _read_rows(data_paths)
    rows = select_split(rows, split)
    if not rows:
        raise click.ClickException(f"{source}: no labelled sentences in the {split} split")
    truth = [r.label for r in rows]
    extra: dict[str, Any] = {"sentences": len(rows)}
    if documents:
        predicted = []
        exact = 0
        for article in articles(rows):
            tags, matched = align_spans(article.spans, tagger.tag(article.text))
            predicted.extend(tags)
            exact += matched
        scores = evaluate_labels(truth, predicted)
        extra["splitter_agreement"] = exact / len(rows)
    else:
        proba = tagger.predict_proba(as_sentences(rows))
        scores = evaluate_labels(truth, [LABELS[i] for i in proba.argmax(axis=1)])
        reliability = calibration(truth, proba)
        scores["ece"] = reliability["ece"]
        extra["reliability"] = reliability["bins"]
    if fmt == "json":
        click.echo(json.dumps({**scores, **extra}, indent=2))
    else:
        mode = "rebuilt articles through the splitter" if documents else "labelled sentences"
        click.echo(f"{len(rows)} {mode} from {source} ({split} split), model: {model_path or 'bundled'}\n")
        click.echo(format_scores(scores))
        if documents:
            click.echo(f"\nsplitter reproduced {extra['splitter_agreement']:.1%} of the labelled sentences exactly")


# --------------------------------------------------------------------------
# info


@cli.command(epilog=EXIT_CODES)
@_model_option
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Report format.")
def info(model_path: str | None, fmt: str) -> None:
    """Show what a model is: versions, tags, training data, settings, scores."""
    tagger = _load_tagger(model_path)
    meta = tagger.meta
    training = meta.get("training", {})
    summary = {
        "model": model_path or "bundled",
        "claimtag_version": meta.get("claimtag_version"),
        "model_format": tagger.model.format,
        "reader_format": FORMAT_VERSION,
        "tags": list(LABELS),
        "training": training,
        "settings": meta.get("settings", {}),
        "vocabulary": {t["name"]: len(t["vocabulary"]) for t in meta["terms"]},
        "cue_features": len(meta["cues"]["names"]),
        "test_scores": meta.get("test_scores"),
    }
    if fmt == "json":
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
        return
    click.echo(f"model            {summary['model']}")
    click.echo(f"built by         claimtag {summary['claimtag_version']}, model format {summary['model_format']}")
    click.echo(f"tags             {', '.join(LABELS)}")
    if training:
        per_tag = ", ".join(f"{k} {v}" for k, v in training.get("per_tag", {}).items())
        click.echo(f"training data    {training.get('sentences')} sentences, {training.get('articles')} articles ({per_tag})")
        click.echo(f"languages        {', '.join(f'{k} {v}' for k, v in training.get('languages', {}).items())}")
        click.echo(f"data sha256      {training.get('sha256')}")
        if "cv_macro_f1" in training:
            click.echo(f"cv macro-F1      {training['cv_macro_f1']:.3f} (grouped by article)")
    settings = ", ".join(f"{k}={v}" for k, v in summary["settings"].items())
    click.echo(f"settings         {settings}")
    blocks = ", ".join(f"{n} {name}" for name, n in summary["vocabulary"].items())
    click.echo(f"features         {blocks} n-grams, {summary['cue_features']} cue features")
    scores = summary["test_scores"]
    if scores:
        click.echo(f"\ntest split ({scores['sentences']} held-out sentences):")
        click.echo(format_scores(scores))
    else:
        click.echo("test split       not scored (the model was trained without held-out rows)")


def main(prog_name: str = "claimtag") -> None:
    """Console entry point."""
    cli.main(prog_name=prog_name)
