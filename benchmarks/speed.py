"""Speed of claimtag against a plain scikit-learn pipeline, stage by stage.

Usage:

    python benchmarks/speed.py                      # 100,000 sentences in 400 files
    python benchmarks/speed.py --quick              # a small corpus, for a smoke run
    python benchmarks/speed.py --cores 2 --json speed.json --markdown benchmarks/RESULTS.md

Builds a corpus of news-like text in a temporary folder: articles of the
bundled labelled set (rebuilt as plain text), sampled with a fixed seed and
concatenated into many .txt files. Then measures, all in one run:

* claimtag per stage (read and decode with TextReader, split with
  iter_document, features, scoring, JSONL output with Writer), the stages
  summed, end to end in this process (batch.run_serial, as `claimtag tag`
  does, model already loaded) and end to end as the real command
  `python -m claimtag tag -f jsonl FOLDER > /dev/null` in its own process
  (with `--jobs -1` too when more than one core is allowed);
* a plain scikit-learn pipeline (regex split, TfidfVectorizer(ngram_range=(1,
  2)), LogisticRegression(max_iter=1000)) trained on the same labelled rows
  as the bundled model, per stage and end to end over the same files, in this
  process (imports and training excluded);
* single-sentence latency (`tagger.tag(s)` against `predict_proba([s])`),
  cold start (`claimtag tag ONE_LINE_FILE` against `python -c "import
  sklearn.linear_model"`), peak memory, model size and training time;
* whether the project's speed targets are met (the script never fails on a
  missed target).

Throughput is given as sentences/s over claimtag's own sentence count of the
corpus, the same count for every row (so rates compare work on the same
files), and as MB/s. The files are in the page cache for every row.

"Features" times exactly the steps of Tagger.decision_function that compute
features: word_text normalisation, TfidfTerms.transform for each n-gram block
and cue_matrix, called one by one on the same batches of 512 sentences per
document that tag_stream uses; "scoring" is the rest of Tagger.tag_sentences
(weight gathering, cue product, softmax, TaggedSentence records). The two are
checked against Tagger.tag_sentences, which is also timed whole.

`--cores N` pins this process and its children to N cores and sets
OMP/OPENBLAS/MKL_NUM_THREADS=1 before numpy is imported. A figure, not a test.
"""

from __future__ import annotations

import argparse
import os
import sys


def _pin_cores(argv: list[str]) -> dict:
    """Pin to --cores N and single-thread the maths libraries, before numpy loads."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--cores", type=int, default=1)
    cores = early.parse_known_args(argv)[0].cores
    allowed = sorted(os.sched_getaffinity(0))
    info = {"nproc": len(allowed), "cpu_count": os.cpu_count(), "requested_cores": cores}
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"
    if cores < 1:
        sys.exit("--cores must be at least 1")
    if cores > len(allowed):
        print(f"warning: --cores {cores} but only {len(allowed)} cores are available; using {len(allowed)}", file=sys.stderr)
    os.sched_setaffinity(0, allowed[:cores])
    info["cores"] = len(os.sched_getaffinity(0))
    return info


PINNING = _pin_cores(sys.argv[1:]) if __name__ == "__main__" else {}

import gc  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import shlex  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import claimtag  # noqa: E402
from claimtag.batch import Options, iter_sources, resolve_jobs, run_serial  # noqa: E402
from claimtag.data import LABELS, articles, data_hash, load_bundled, select_split  # noqa: E402
from claimtag.features import cue_matrix, word_text  # noqa: E402
from claimtag.files import TextReader, open_input  # noqa: E402
from claimtag.output import Writer  # noqa: E402
from claimtag.segment import iter_document, split_document  # noqa: E402
from claimtag.tagging import DEFAULT_MODEL, TaggedSentence  # noqa: E402

SEED = 20240501
BATCH = 512  # sentences scored together, as in Tagger.tag_stream
PLAIN_SPLIT = re.compile(r"(?<=[.!?])\s+")

# Runs a command with stdout to /dev/null and reports its wall time and the
# peak RSS of that command (this wrapper has no other children).
MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.perf_counter() - started
if done.returncode:
    sys.stderr.write(done.stderr.decode("utf-8", "replace"))
    sys.exit(done.returncode)
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


# --------------------------------------------------------------------------
# Helpers


def child_env() -> dict[str, str]:
    """The environment of child processes: this checkout first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of ``command``, stdout to /dev/null."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, env=child_env(), cwd=ROOT
    )
    if done.returncode:
        raise RuntimeError(f"{shlex.join(command)} failed ({done.returncode}):\n{done.stderr}")
    seconds, peak_kb = done.stdout.split()
    return float(seconds), int(peak_kb) / 1024


def build_corpus(folder: Path, arts: list, n_sentences: int, n_files: int) -> dict:
    """Sample articles with a fixed seed into ``n_files`` files of ~n_sentences/n_files sentences."""
    rng = random.Random(SEED)
    counts = [len(split_document(a.text).sentences) for a in arts]
    per_file = math.ceil(n_sentences / n_files)
    nbytes = used = 0
    for i in range(n_files):
        parts: list[str] = []
        n = 0
        while n < per_file:
            k = rng.randrange(len(arts))
            parts.append(arts[k].text)
            n += counts[k]
        data = ("\n\n".join(parts) + "\n").encode("utf-8")
        (folder / f"news-{i:05d}.txt").write_bytes(data)
        nbytes += len(data)
        used += len(parts)
    return {"files": n_files, "bytes": nbytes, "articles_sampled": used, "distinct_articles": len(arts), "seed": SEED}


def clock() -> float:
    return time.perf_counter()


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


# --------------------------------------------------------------------------
# claimtag, stage by stage


def claimtag_features(tagger, batch, timers: dict) -> tuple[list, np.ndarray | None]:
    """The feature steps of Tagger.decision_function, timed one by one."""
    t0 = clock()
    texts = [word_text(item) for item in batch]
    t1 = clock()
    timers["normalise (word_text)"] += t1 - t0
    blocks = []
    for terms, name in zip(tagger._terms, ("word", "char")):
        t0 = clock()
        blocks.append(terms.transform(texts))
        timers[f"{name} n-grams TF-IDF"] += clock() - t0
    cues = None
    if tagger._use_cues and batch:
        t0 = clock()
        cues = cue_matrix(batch)[:, tagger._cue_columns] * tagger.cue_weight
        timers["cue features"] += clock() - t0
    return blocks, cues


def claimtag_score(tagger, batch, blocks, cues, first_index: int) -> list[TaggedSentence]:
    """The rest of Tagger.tag_sentences: scores, softmax and the tagged records."""
    scores = np.zeros((len(batch), len(LABELS)))
    for (rows, cols, values), coef in zip(blocks, tagger._term_coef):
        if len(rows):
            np.add.at(scores, rows, values[:, None] * coef[cols])
    if cues is not None:
        scores += cues @ tagger._cue_coef
    scores = (scores + tagger._intercept) / tagger.temperature
    scores -= scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    out = []
    for i, (sentence, row) in enumerate(zip(batch, scores), first_index):
        best = int(row.argmax())
        out.append(
            TaggedSentence(
                i, sentence.text, sentence.start, sentence.end, LABELS[best], float(row[best]),
                {label: float(p) for label, p in zip(LABELS, row)},
            )
        )
    return out


def batches(sentences: list) -> list[tuple[int, list]]:
    return [(i, sentences[i : i + BATCH]) for i in range(0, len(sentences), BATCH)]


def claimtag_stages(tagger, paths: list[str]) -> dict:
    stages: dict[str, float] = {}

    t0 = clock()
    texts = []
    for path in paths:
        with open_input(path) as raw:
            texts.append("".join(TextReader(raw, path)))
    stages["read + decode"] = clock() - t0

    t0 = clock()
    docs = []
    for text in texts:
        date, sentences = iter_document([text])
        docs.append((date, list(sentences)))
    stages["split"] = clock() - t0
    n_sentences = sum(len(s) for _, s in docs)
    del texts

    timers = dict.fromkeys(["normalise (word_text)", "word n-grams TF-IDF", "char n-grams TF-IDF", "cue features"], 0.0)
    t0 = clock()
    features = [[claimtag_features(tagger, batch, timers) for _, batch in batches(sentences)] for _, sentences in docs]
    stages["features"] = clock() - t0

    t0 = clock()
    tagged = []
    for (_, sentences), doc_features in zip(docs, features):
        out: list[TaggedSentence] = []
        for (first, batch), (blocks, cues) in zip(batches(sentences), doc_features):
            out.extend(claimtag_score(tagger, batch, blocks, cues, first))
        tagged.append(out)
    stages["scoring"] = clock() - t0
    del features
    gc.collect()

    # The same work as Tagger.tag_sentences does it, whole, as a check of the split above.
    t0 = clock()
    whole = [[t for first, batch in batches(sentences) for t in tagger.tag_sentences(batch, first_index=first)] for _, sentences in docs]
    stages["features + scoring (Tagger.tag_sentences)"] = clock() - t0
    for mine, theirs in zip(tagged, whole):
        if len(mine) != len(theirs) or any(
            a[:5] != b[:5] or abs(a.confidence - b.confidence) > 1e-9 for a, b in zip(mine, theirs)
        ):
            raise RuntimeError("the timed feature/scoring steps no longer match Tagger.tag_sentences: update benchmarks/speed.py")
    del whole
    gc.collect()

    t0 = clock()
    buffer = io.StringIO()
    writer = Writer(buffer, "jsonl")
    for path, (date, _), out in zip(paths, docs, tagged):
        writer.begin(path, date)
        for sentence in out:
            writer.add(sentence)
        writer.end()
    stages["output (Writer, jsonl)"] = clock() - t0
    lines = buffer.getvalue().count("\n")
    if lines != n_sentences:
        raise RuntimeError(f"output wrote {lines} lines for {n_sentences} sentences")
    sample = [s.text for _, sentences in docs for s in sentences]
    del docs, tagged, buffer
    gc.collect()
    return {"stages": stages, "feature_parts": timers, "sentences": n_sentences, "sentence_texts": sample}


def claimtag_in_process(tagger, folder: Path) -> tuple[float, int]:
    """What `claimtag tag -f jsonl FOLDER` does once the model is loaded."""
    t0 = clock()
    sources = list(iter_sources([str(folder)]))
    with open(os.devnull, "w", encoding="utf-8") as sink:
        writer = Writer(sink, "jsonl")
        count = 0
        for result in run_serial(tagger, sources, Options("jsonl"), writer, lambda message: None):
            if result.error:
                raise RuntimeError(result.error)
            count += result.sentences
    return clock() - t0, count


# --------------------------------------------------------------------------
# The plain scikit-learn pipeline


def plain_fit(rows) -> tuple[object, float]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    pipe = Pipeline([("tfidf", TfidfVectorizer(ngram_range=(1, 2))), ("lr", LogisticRegression(max_iter=1000))])
    t0 = clock()
    pipe.fit([r.text for r in rows], [r.label for r in rows])
    return pipe, clock() - t0


def plain_split(text: str) -> list[str]:
    return [s for s in PLAIN_SPLIT.split(text) if s.strip()]


def plain_records(path: str, sentences: list[str], proba: np.ndarray, classes: list[str]):
    for i, (sentence, row) in enumerate(zip(sentences, proba)):
        best = int(row.argmax())
        yield json.dumps(
            {
                "doc": path,
                "index": i,
                "text": sentence,
                "tag": classes[best],
                "confidence": round(float(row[best]), 6),
                "scores": {c: round(float(p), 6) for c, p in zip(classes, row)},
                "date": None,
            },
            ensure_ascii=False,
        ) + "\n"


def plain_stages(pipe, paths: list[str]) -> dict:
    stages: dict[str, float] = {}
    classes = [str(c) for c in pipe.classes_]

    t0 = clock()
    texts = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            texts.append(handle.read())
    stages["read + decode"] = clock() - t0

    t0 = clock()
    docs = [plain_split(text) for text in texts]
    stages["split"] = clock() - t0
    n_sentences = sum(map(len, docs))
    del texts

    t0 = clock()
    probas = [pipe.predict_proba(sentences) for sentences in docs]
    stages["predict_proba (one call per file)"] = clock() - t0

    t0 = clock()
    buffer = io.StringIO()
    for path, sentences, proba in zip(paths, docs, probas):
        for line in plain_records(path, sentences, proba, classes):
            buffer.write(line)
    stages["output (json.dumps per sentence)"] = clock() - t0
    lines = buffer.getvalue().count("\n")
    if lines != n_sentences:
        raise RuntimeError(f"plain output wrote {lines} lines for {n_sentences} sentences")
    del docs, probas, buffer
    gc.collect()
    return {"stages": stages, "sentences": n_sentences}


def plain_in_process(pipe, paths: list[str]) -> tuple[float, int]:
    classes = [str(c) for c in pipe.classes_]
    t0 = clock()
    count = 0
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for path in paths:
            with open(path, encoding="utf-8") as handle:
                sentences = plain_split(handle.read())
            proba = pipe.predict_proba(sentences)
            for line in plain_records(path, sentences, proba, classes):
                sink.write(line)
            count += len(sentences)
    return clock() - t0, count


# --------------------------------------------------------------------------
# Latency, cold start, training


def latencies(call, sentences: list[str]) -> list[float]:
    for s in sentences[:20]:  # warm-up, not counted
        call(s)
    out = []
    for s in sentences:
        t0 = time.perf_counter_ns()
        call(s)
        out.append((time.perf_counter_ns() - t0) / 1e3)
    return out


# --------------------------------------------------------------------------
# Reporting


def table(rows: list[list[str]], header: list[str], align: str = "") -> str:
    """A plain-text table; ``align`` holds l or r per column (default: first left, rest right)."""
    align = align or "l" + "r" * (len(header) - 1)
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).ljust(w) if a == "l" else str(c).rjust(w) for c, w, a in zip(cells, widths, align)).rstrip()

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def rate(n: int, seconds: float | None) -> str:
    return "" if seconds is None else f"{n / seconds:,.0f}"


def secs(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds:.2f}"


def report(r: dict) -> str:
    n, mb = r["corpus"]["sentences"], r["corpus"]["bytes"] / 1e6
    c, p = r["claimtag"], r["plain"]
    out = []
    corpus = r["corpus"]
    out.append(
        f"Corpus: {corpus['files']} files, {corpus['bytes']:,} bytes ({mb:.1f} MB), {n:,} sentences by claimtag's splitter "
        f"({p['sentences']:,} by the plain regex split); {corpus['articles_sampled']:,} articles sampled (seed {corpus['seed']}) "
        f"from {corpus['distinct_articles']} labelled articles."
    )
    out.append(f"Cores: {r['machine']['cores']} of nproc {r['machine']['nproc']}; OMP/OPENBLAS/MKL_NUM_THREADS=1.")
    out.append(
        f"Plain pipeline: TfidfVectorizer(ngram_range=(1, 2)) + LogisticRegression(max_iter=1000), trained on the "
        f"{r['training']['rows']:,} train-split rows of load_bundled() (the rows `claimtag train` uses)."
    )
    out.append("")
    out.append(f"Throughput (sentences/s over the same {n:,} sentences for every row; MB/s over {mb:.1f} MB)")
    rows = []

    def row(label, cs, ps):
        rows.append([label, secs(cs), rate(n, cs), f"{mb / cs:.2f}" if cs else "", secs(ps), rate(n, ps), f"{mb / ps:.2f}" if ps else ""])

    cs, ps = c["stages"], p["stages"]
    row("read + decode", cs["read + decode"], ps["read + decode"])
    row("split", cs["split"], ps["split"])
    row("features (claimtag)", cs["features"], None)
    for name, seconds in c["feature_parts"].items():
        row(f"  - {name}", seconds, None)
    row("scoring (claimtag)", cs["scoring"], None)
    row("features + scoring / predict_proba", cs["features"] + cs["scoring"], ps["predict_proba (one call per file)"])
    row("  (check: Tagger.tag_sentences whole)", cs["features + scoring (Tagger.tag_sentences)"], None)
    row("output (JSONL)", cs["output (Writer, jsonl)"], ps["output (json.dumps per sentence)"])
    row("sum of the stages", c["stage_sum"], p["stage_sum"])
    row("end to end, in process", c["in_process"], p["in_process"])
    row("end to end, `claimtag tag -f jsonl` process", c["command"], None)
    if c.get("command_parallel") is not None:
        row(f"  same, --jobs -1 ({c['parallel_workers']} workers)", c["command_parallel"], None)
    header = ["stage", "claimtag s", "sent/s", "MB/s", "plain s", "sent/s", "MB/s"]
    out.append(table(rows, header))
    out.append("")

    lat, cold, mem, tr = r["latency"], r["cold_start"], r["memory"], r["training"]
    other = [
        [f"single sentence, median (µs, {lat['n']} sentences)", f"{lat['claimtag_median_us']:,.0f}", f"{lat['plain_median_us']:,.0f}", f"{lat['speedup_median']:.1f}x faster"],
        ["single sentence, p95 (µs)", f"{lat['claimtag_p95_us']:,.0f}", f"{lat['plain_p95_us']:,.0f}", f"{lat['speedup_p95']:.1f}x faster"],
        [
            f"cold start, median of {cold['runs']} (s)",
            f"{cold['claimtag_s']:.3f}",
            f"{cold['sklearn_import_s']:.3f}",
            f"{cold['ratio']:.2f}x the import",
        ],
        ["peak RSS, end to end (MB)", f"{mem['claimtag_peak_rss_mb']:.0f}", "", "`claimtag tag` process"],
        ["model file (bytes)", f"{mem['bundled_model_bytes']:,}", f"{mem['plain_pickle_bytes']:,}", "bundled .ctm / joblib pickle"],
        ["trained model file (bytes)", f"{mem['trained_model_bytes']:,}", "", "`claimtag train --cv 0` output"],
        [
            "training, `claimtag train --cv 0` process (s)",
            f"{tr['claimtag_command_s']:.2f}",
            f"{tr['plain_fit_s']:.2f}",
            "plain: Pipeline.fit in process",
        ],
        ["training, claimtag.model.train(cv_folds=0) in process (s)", f"{tr['claimtag_in_process_s']:.2f}", f"{tr['plain_fit_s']:.2f}", ""],
        ["model load, claimtag.load() in process (s)", f"{r['claimtag']['load_s']:.3f}", "", ""],
    ]
    out.append(table(other, ["measure", "claimtag", "plain", "note"], "lrrl"))
    out.append("")
    out.append("Targets")
    targets = [[t["target"], t["measured"], "MET" if t["met"] else "NOT MET"] for t in r["targets"]]
    out.append(table(targets, ["target", "measured", "result"], "lll"))
    return "\n".join(out)


def markdown(r: dict, text: str) -> str:
    m = r["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    return (
        "# claimtag speed benchmark results\n\n"
        f"Produced by `{r['command']}` on {r['date']}.\n\n"
        f"- Machine: {m['cpu']}; `nproc` {m['nproc']} (os.cpu_count() {m['cpu_count']}); "
        f"benchmark pinned to {m['cores']} core(s)\n"
        f"- Python {m['python']} ({m['implementation']}), {m['platform']}\n"
        f"- Libraries: {versions}\n"
        f"- claimtag {m['claimtag']} at {m['git']}; labelled set: {r['training']['all_rows']:,} rows, sha256 {r['data_sha256'][:16]}…\n\n"
        "Each figure is one run (cold start and latency: medians). Regenerate with the command above.\n\n"
        "```\n" + text + "\n```\n"
    )


def machine_info() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        git = f"commit {commit}" + (" with uncommitted changes" if dirty else "") if commit else "unknown commit"
    except OSError:
        git = "unknown commit"
    return {
        **PINNING,
        "cores": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "claimtag": claimtag.__version__,
        "git": git,
        "versions": {name: installed(name) for name in ("numpy", "scikit-learn", "scipy", "joblib", "click")},
    }


# --------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=None, help="sentences in the corpus, at least (default: 100000; --quick: 3000)")
    parser.add_argument("--files", type=int, default=None, help="files the corpus is spread over (default: 400; --quick: 20)")
    parser.add_argument("--quick", action="store_true", help="a small corpus and fewer latency/cold-start runs, for a smoke run")
    parser.add_argument("--cores", type=int, default=1, help="pin this process and its children to N cores (default: 1)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--markdown", metavar="PATH", help="also write the results as a Markdown report to PATH")
    args = parser.parse_args()
    n_target = args.sentences or (3000 if args.quick else 100_000)
    n_files = args.files or (20 if args.quick else 400)
    n_latency = 200 if args.quick else 1000
    n_cold = 3 if args.quick else 5
    if n_target < 1 or n_files < 1:
        parser.error("--sentences and --files must be positive")

    def say(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    results: dict = {
        "command": shlex.join(["python", "benchmarks/speed.py", *sys.argv[1:]]),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine_info(),
    }
    rows = load_bundled()
    train_rows = select_split(rows, "train")
    results["data_sha256"] = data_hash(rows)

    say("loading the bundled model and fitting the plain pipeline...")
    t0 = clock()
    tagger = claimtag.load()
    load_s = clock() - t0
    pipe, plain_fit_s = plain_fit(train_rows)

    with tempfile.TemporaryDirectory(prefix="claimtag-speed-") as tmp:
        tmp_path = Path(tmp)
        folder = tmp_path / "corpus"
        folder.mkdir()
        say(f"building the corpus (>= {n_target:,} sentences in {n_files} files)...")
        corpus = build_corpus(folder, articles(rows), n_target, n_files)
        paths = [str(p) for p in sorted(folder.glob("*.txt"))]

        say("claimtag, stage by stage...")
        c = claimtag_stages(tagger, paths)
        n = c["sentences"]
        corpus["sentences"] = n
        texts = c.pop("sentence_texts")
        say("plain pipeline, stage by stage...")
        p = plain_stages(pipe, paths)

        say("end to end in process...")
        c["in_process"], count = claimtag_in_process(tagger, folder)
        if count != n:
            raise RuntimeError(f"claimtag in process tagged {count} sentences, expected {n}")
        p["in_process"], count = plain_in_process(pipe, paths)
        if count != p["sentences"]:
            raise RuntimeError(f"plain in process tagged {count} sentences, expected {p['sentences']}")

        say("end to end: `claimtag tag -f jsonl FOLDER`...")
        command = [sys.executable, "-m", "claimtag", "tag", "-f", "jsonl", str(folder)]
        c["command"], peak_mb = measure(command)
        c["command_parallel"] = None
        if results["machine"]["cores"] > 1:
            say("end to end: `claimtag tag -f jsonl --jobs -1 FOLDER`...")
            c["parallel_workers"] = resolve_jobs(-1)
            c["command_parallel"], c["parallel_peak_rss_mb"] = measure([*command[:-1], "--jobs", "-1", str(folder)])

        say(f"single-sentence latency ({n_latency} sentences)...")
        rng = random.Random(SEED + 1)
        sample = [texts[rng.randrange(len(texts))] for _ in range(n_latency)]
        del texts
        ours = latencies(tagger.tag, sample)
        theirs = latencies(lambda s: pipe.predict_proba([s]), sample)
        lat = {
            "n": n_latency,
            "claimtag_median_us": statistics.median(ours),
            "claimtag_p95_us": quantile(ours, 0.95),
            "plain_median_us": statistics.median(theirs),
            "plain_p95_us": quantile(theirs, 0.95),
        }
        lat["speedup_median"] = lat["plain_median_us"] / lat["claimtag_median_us"]
        lat["speedup_p95"] = lat["plain_p95_us"] / lat["claimtag_p95_us"]

        say(f"cold start ({n_cold} runs each, after one warm-up run each)...")
        one_line = tmp_path / "one-line.txt"
        one_line.write_text(sample[0].replace("\n", " ") + "\n", encoding="utf-8")
        tag_one = [sys.executable, "-m", "claimtag", "tag", str(one_line)]
        import_sklearn = [sys.executable, "-c", "import sklearn.linear_model"]
        measure(tag_one)
        measure(import_sklearn)
        cold_ours, cold_theirs = [], []
        for _ in range(n_cold):  # alternated, so drift hits both alike
            cold_ours.append(measure(tag_one)[0])
            cold_theirs.append(measure(import_sklearn)[0])
        cold = {
            "runs": n_cold,
            "claimtag_s": statistics.median(cold_ours),
            "sklearn_import_s": statistics.median(cold_theirs),
            "claimtag_runs_s": cold_ours,
            "sklearn_import_runs_s": cold_theirs,
        }
        cold["ratio"] = cold["claimtag_s"] / cold["sklearn_import_s"]

        say("training: `claimtag train --cv 0` and in process...")
        model_out = tmp_path / "trained.ctm"
        train_s, train_peak_mb = measure([sys.executable, "-m", "claimtag", "train", "--out", str(model_out), "--cv", "0"])
        from claimtag.model import train as train_model

        t0 = clock()
        train_model(train_rows, cv_folds=0)
        train_in_process_s = clock() - t0

        import joblib

        pickled = tmp_path / "plain.joblib"
        joblib.dump(pipe, pickled)
        memory = {
            "claimtag_peak_rss_mb": peak_mb,
            "bundled_model_bytes": (ROOT / "claimtag" / DEFAULT_MODEL).stat().st_size,
            "trained_model_bytes": model_out.stat().st_size,
            "plain_pickle_bytes": pickled.stat().st_size,
            "train_peak_rss_mb": train_peak_mb,
        }

    c["load_s"] = load_s
    c["stage_sum"] = sum(v for k, v in c["stages"].items() if k != "features + scoring (Tagger.tag_sentences)")
    p["stage_sum"] = sum(p["stages"].values())
    c["sentences_per_s"] = {"command": n / c["command"], "in_process": n / c["in_process"]}
    p["sentences_per_s"] = {"in_process": n / p["in_process"]}
    training = {
        "rows": len(train_rows),
        "all_rows": len(rows),
        "claimtag_command_s": train_s,
        "claimtag_in_process_s": train_in_process_s,
        "plain_fit_s": plain_fit_s,
    }
    e2e_ratio = p["in_process"] / c["command"]
    targets = [
        {
            "target": "end to end >= 2x the plain pipeline's sentences/s",
            "measured": f"{e2e_ratio:.2f}x ({n / c['command']:,.0f} vs {n / p['in_process']:,.0f} sent/s; "
            f"in process {p['in_process'] / c['in_process']:.2f}x)",
            "value": e2e_ratio,
            "met": e2e_ratio >= 2.0,
        },
        {
            "target": "single-sentence tag >= 10x faster than plain predict_proba",
            "measured": f"{lat['speedup_median']:.1f}x (median {lat['claimtag_median_us']:,.0f} vs {lat['plain_median_us']:,.0f} µs)",
            "value": lat["speedup_median"],
            "met": lat["speedup_median"] >= 10.0,
        },
        {
            "target": "cold start <= 0.5x of `import sklearn.linear_model`",
            "measured": f"{cold['ratio']:.2f}x ({cold['claimtag_s']:.3f} vs {cold['sklearn_import_s']:.3f} s)",
            "value": cold["ratio"],
            "met": cold["ratio"] <= 0.5,
        },
    ]
    results.update(corpus=corpus, claimtag=c, plain=p, latency=lat, cold_start=cold, memory=memory, training=training, targets=targets)

    text = report(results)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.markdown:
        Path(args.markdown).write_text(markdown(results, text), encoding="utf-8")


if __name__ == "__main__":
    main()
