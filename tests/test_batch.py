"""Many documents: --jobs, --input jsonl, the progress line, and Dask (--scheduler, bags, DataFrames)."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from claimtag.batch import Source, iter_sources, resolve_jobs
from claimtag.cli import cli
from claimtag.progress import Progress



@pytest.fixture(scope="module")
def corpus(tmp_path_factory, example_text):
    """A folder of documents of different sizes, one of them unreadable."""
    folder = tmp_path_factory.mktemp("corpus")
    paragraphs = example_text.split("\n\n")
    for i in range(7):
        (folder / f"doc{i}.txt").write_text("\n\n".join(paragraphs[i % 3 :: 2]), encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary" * 20)
    (folder / "cp1252.txt").write_bytes("Het café kostte 3 euro meer, zegt de eigenaar.".encode("cp1252"))
    return folder


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "text"])
def test_jobs_output_is_identical_to_one_job(corpus, fmt):
    one = invoke("tag", "-f", fmt, str(corpus))
    two = invoke("tag", "-f", fmt, "--jobs", "2", str(corpus))
    every = invoke("tag", "-f", fmt, "-j", "-1", str(corpus))
    assert one.exit_code == two.exit_code == every.exit_code == 1  # broken.txt
    assert one.stdout == two.stdout == every.stdout
    assert one.stdout.count("doc0.txt") > 0
    assert "broken.txt" in two.stderr and "cp1252.txt" in two.stderr  # error and warning still reported
    if fmt == "csv":
        assert two.stdout.count("score_quote") == 1  # one header, not one per document


def test_jobs_writes_documents_in_input_order(corpus):
    result = invoke("tag", "-f", "jsonl", "-j", "2", str(corpus))
    docs = [json.loads(line)["doc"] for line in result.stdout.splitlines()]
    firsts = list(dict.fromkeys(docs))
    assert firsts == sorted(firsts)
    assert all(docs[i] <= docs[i + 1] for i in range(len(docs) - 1))


@pytest.mark.parametrize("jobs, usage", [("0", True), ("-1", False), ("3", False)])
def test_jobs_values(corpus, jobs, usage):
    result = invoke("tag", "-f", "jsonl", "--jobs", jobs, str(corpus / "doc1.txt"))
    assert result.exit_code == (2 if usage else 0)


def test_resolve_jobs():
    assert resolve_jobs(1) == 1 and resolve_jobs(4) == 4
    assert resolve_jobs(-1) >= 1 and resolve_jobs(-1000) == 1


def test_jobs_read_stdin_in_the_main_process():
    text = "De inflatie steeg naar 3 procent. Het kabinet trekt 2 miljard euro uit."
    one = invoke("tag", "-f", "jsonl", "-", input=text)
    two = invoke("tag", "-f", "jsonl", "-j", "2", "-", input=text)
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == 2


# --------------------------------------------------------------------------
# --input jsonl

CORPUS_LINES = [
    {"id": "a1", "date": "2024-05", "outlet": "NOS", "text": "De inflatie steeg naar 3 procent. Dat meldt het CBS."},
    {"id": "a2", "body": "no text field here"},
    {"id": "a3", "text": "date 2021-02 Het kabinet trekt 2 miljard euro uit."},
]


@pytest.fixture()
def corpus_file(tmp_path):
    path = tmp_path / "export.jsonl"
    lines = [json.dumps(item, ensure_ascii=False) for item in CORPUS_LINES]
    lines.insert(2, "{not json")
    lines.insert(1, "")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_input_jsonl_carries_fields_and_names_bad_lines(corpus_file):
    result = invoke("tag", "-f", "jsonl", "--input", "jsonl", str(corpus_file))
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a1", "a1", "a3"]
    assert records[0]["doc"] == f"{corpus_file}:1" and records[2]["doc"] == f"{corpus_file}:5"
    assert records[0]["outlet"] == "NOS" and records[0]["date"] == "2024-05"  # date field used when no prefix
    assert records[2]["date"] == "2021-02" and records[2]["text"] == "Het kabinet trekt 2 miljard euro uit."
    assert all("text" in r and r["text"] != CORPUS_LINES[0]["text"] for r in records)
    assert f"{corpus_file}:3: no 'text' field" in result.stderr
    assert f"{corpus_file}:4: invalid JSON" in result.stderr


def test_input_jsonl_text_field_and_folder_glob(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"body": "Het gaat goed."}) + "\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Dit is geen corpus.", encoding="utf-8")
    result = invoke("tag", "-f", "jsonl", "--input", "jsonl", "--text-field", "body", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["text"] == "Het gaat goed." and record["doc"].endswith("a.jsonl:1")


def test_input_jsonl_from_stdin_and_in_parallel(corpus_file):
    text = corpus_file.read_text(encoding="utf-8")
    serial = invoke("tag", "-f", "jsonl", "--input", "jsonl", "-", input=text)
    parallel = invoke("tag", "-f", "jsonl", "--input", "jsonl", "-j", "2", str(corpus_file))
    assert [json.loads(x)["doc"] for x in serial.stdout.splitlines()] == ["-:1", "-:1", "-:5"]
    strip = [{k: v for k, v in json.loads(x).items() if k != "doc"} for x in serial.stdout.splitlines()]
    assert strip == [{k: v for k, v in json.loads(x).items() if k != "doc"} for x in parallel.stdout.splitlines()]


def test_iter_sources_rejects_non_objects_and_non_text(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('[1, 2]\n{"text": 5}\n{"text": "Goed."}\n', encoding="utf-8")
    items = list(iter_sources([str(path)], input_format="jsonl"))
    assert "c.jsonl:1: a corpus line must be a JSON object" in str(items[0])
    assert "c.jsonl:2: a non-text (int) 'text' field" in str(items[1])
    assert isinstance(items[2], Source) and items[2].text == "Goed."


# --------------------------------------------------------------------------
# Progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_only_on_a_terminal():
    quiet = io.StringIO()
    Progress(100, 2, stream=quiet).update(sentences=10, size=50)
    assert quiet.getvalue() == ""
    ticks = iter([0.0, 1.0, 4.0, 4.0])
    loud = _Terminal()
    progress = Progress(100, 4, stream=loud, clock=lambda: next(ticks))
    progress.update(sentences=30, size=25)
    progress.update(sentences=30, size=25)
    progress.close()
    last = loud.getvalue().rstrip("\n").split("\r")[-1]
    assert last.split() == ["2/4", "docs", "60", "sentences", "15", "sentences/s", "50%", "0:04", "left"]


def test_cli_shows_no_progress_when_stderr_is_not_a_terminal(corpus):
    result = invoke("tag", "-f", "jsonl", str(corpus / "doc1.txt"))
    assert result.exit_code == 0 and result.stderr == ""


# --------------------------------------------------------------------------
# Dask


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    client = distributed.Client(cluster)
    yield cluster
    client.close()
    cluster.close()


def test_scheduler_output_equals_serial_output(dask_cluster, corpus, corpus_file):
    for args in (["-f", "jsonl", str(corpus)], ["-f", "csv", "--input", "jsonl", str(corpus_file)]):
        serial = invoke("tag", *args)
        remote = invoke("tag", "--scheduler", dask_cluster.scheduler_address, *args)
        assert remote.exit_code == serial.exit_code == 1
        assert remote.stdout == serial.stdout and remote.stdout


def test_dask_bag_and_dataframe_match_serial_records(dask_cluster, tagger, example_text):
    db = pytest.importorskip("dask.bag")
    dd = pytest.importorskip("dask.dataframe")
    import pandas as pd

    from claimtag.cluster import tag_bag, tag_dataframe

    texts = [example_text, "De inflatie steeg naar 3 procent.", "Hallo."]
    expected = [r for text in texts for r in tagger.tag(text).records()]
    items = [texts[0], {"text": texts[1], "id": 7}, texts[2]]
    got = tag_bag(db.from_sequence(items, npartitions=2)).compute()
    assert [r.pop("id", None) for r in got].count(7) == 1
    assert got == expected
    frame = dd.from_pandas(pd.DataFrame({"text": texts + [None]}), npartitions=2)
    table = tag_dataframe(frame).compute()
    assert list(table["text"]) == [r["text"] for r in expected]
    assert list(table["row"]) == [i for i, t in enumerate(texts) for _ in tagger.tag(t)]
    assert list(table["score_policy"]) == [r["scores"]["policy"] for r in expected]


def test_scheduler_that_cannot_be_reached_is_a_clear_error(corpus):
    pytest.importorskip("distributed")
    result = invoke("tag", "--scheduler", "tcp://127.0.0.1:9", str(corpus / "doc1.txt"))
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.output
