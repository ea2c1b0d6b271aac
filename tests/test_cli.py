"""The command line through click's CliRunner: results on stdout, messages on stderr."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

import claimtag
from claimtag.cli import cli


@pytest.fixture()
def runner():
    return CliRunner()


@pytest.fixture()
def article(tmp_path, example_text):
    path = tmp_path / "navo.txt"
    path.write_text(example_text, encoding="utf-8")
    return path


def test_version_and_help(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and claimtag.__version__ in result.stdout
    for args in (["-h"], ["tag", "--help"], ["train", "-h"], ["evaluate", "-h"], ["info", "-h"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, args
        assert "Exit codes" in result.stdout


def test_every_option_has_help():
    for command in cli.commands.values():
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{command.name} {param.opts}"


def test_tag_jsonl_contract(runner, article, example_text):
    result = runner.invoke(cli, ["tag", "--format", "jsonl", str(article)])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert 20 <= len(records) <= 30
    for i, rec in enumerate(records):
        assert set(rec) >= {"doc", "index", "start", "end", "text", "tag", "confidence", "scores", "date"}
        assert rec["doc"] == str(article) and rec["index"] == i and rec["date"] == "2022-03"
        assert example_text[rec["start"] : rec["end"]] == rec["text"]
        assert abs(sum(rec["scores"].values()) - 1) < 1e-5
        assert rec["tag"] in claimtag.LABELS
    assert result.stderr == ""


def test_tag_text_csv_tsv(runner, article):
    text = runner.invoke(cli, ["tag", str(article)])
    assert text.exit_code == 0
    assert "(date 2022-03)" in text.stdout and "\x1b[" not in text.stdout
    coloured = runner.invoke(cli, ["tag", "--color", "always", str(article)])
    assert "\x1b[" in coloured.stdout
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        result = runner.invoke(cli, ["tag", "-f", fmt, str(article)])
        rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter=delimiter))
        assert len(rows) == 25
        assert rows[0]["tag"] in claimtag.LABELS and rows[0]["date"] == "2022-03"
        assert abs(sum(float(rows[0][f"score_{t}"]) for t in claimtag.LABELS) - 1) < 1e-4


def test_tag_stdin_and_one_per_line(runner):
    result = runner.invoke(cli, ["tag", "-f", "jsonl", "--one-per-line", "-"], input="Zin een. Nog een.\n\nZin twee\n")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in records] == ["Zin een. Nog een.", "Zin twee"]
    assert all(r["doc"] == "-" and r["date"] is None for r in records)


def test_tag_folder_sorted_recursive(runner, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("Tweede document.", encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text("Derde document.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Eerste document.", encoding="utf-8")
    (tmp_path / "skip.md").write_text("Niet dit.", encoding="utf-8")
    result = runner.invoke(cli, ["tag", "-f", "jsonl", str(tmp_path)])
    docs = [json.loads(line)["doc"].replace(str(tmp_path), "") for line in result.stdout.splitlines()]
    assert docs == ["/a.txt", "/b.txt", "/sub/a.txt"]


def test_tag_bad_inputs_are_reported_and_others_tagged(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Het kabinet trekt geld uit.", encoding="utf-8")
    binary = tmp_path / "img.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x00")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(cli, ["tag", "-f", "jsonl", str(binary), str(tmp_path / "missing.txt"), str(empty), str(good)])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1 and "good.txt" in result.stdout
    assert f"{binary}: looks like a binary file" in result.stderr
    assert "missing.txt: no such file or folder" in result.stderr
    assert "Traceback" not in result.output


def test_tag_empty_file_gives_no_records(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(cli, ["tag", "-f", "jsonl", str(empty)])
    assert result.exit_code == 0 and result.stdout == ""


def test_tag_cp1252_warns(runner, tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Het café sloot in 1998.".encode("cp1252"))
    result = runner.invoke(cli, ["tag", "-f", "jsonl", str(path)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["text"] == "Het café sloot in 1998."
    assert "read as Windows-1252" in result.stderr and str(path) in result.stderr


def test_tag_output_file(runner, article, tmp_path):
    out = tmp_path / "out" / "tags.jsonl"
    result = runner.invoke(cli, ["tag", "-f", "jsonl", "-o", str(out), str(article)])
    assert result.exit_code == 0 and result.stdout == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 25


def test_tag_bad_model_file(runner, article, tmp_path):
    bad = tmp_path / "bad.ctm"
    bad.write_bytes(b"not a model")
    result = runner.invoke(cli, ["tag", "--model", str(bad), str(article)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and str(bad) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_usage_errors_exit_2(runner):
    assert runner.invoke(cli, ["tag"]).exit_code == 2
    assert runner.invoke(cli, ["tag", "--format", "xml", "x.txt"]).exit_code == 2
    assert runner.invoke(cli, ["nope"]).exit_code == 2


def _write_rows(path, rows):
    with open(path, "w", encoding="utf-8") as handle:
        for r in rows:
            handle.write(json.dumps({"text": r.text, "label": r.label, "lang": r.lang, "doc": r.doc, "para": r.para, "split": r.split}, ensure_ascii=False) + "\n")


def test_train_evaluate_info(runner, tmp_path, small_rows):
    data = tmp_path / "small.jsonl"
    _write_rows(data, small_rows)
    model = tmp_path / "models" / "m.ctm"
    result = runner.invoke(cli, ["train", "--data", str(data), "--out", str(model), "--cv", "2"])
    assert result.exit_code == 0, result.output
    for label in claimtag.LABELS:
        assert label in result.stdout
    assert "cross-validated macro-F1" in result.stdout
    assert "fitting on" in result.stderr
    assert model.exists()

    result = runner.invoke(cli, ["evaluate", "--data", str(data), "--model", str(model), "--split", "all", "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"labels", "per_tag", "macro_f1", "accuracy", "confusion"} <= set(report)
    assert sum(map(sum, report["confusion"])) == len(small_rows)

    text = runner.invoke(cli, ["evaluate", "--data", str(data), "--model", str(model), "--split", "all"])
    assert "macro-F1" in text.stdout and "confusion" in text.stdout

    info = runner.invoke(cli, ["info", "--model", str(model), "-f", "json"])
    summary = json.loads(info.stdout)
    assert summary["training"]["sentences"] == len(small_rows)
    assert summary["model_format"] == 1 and summary["tags"] == list(claimtag.LABELS)


def test_train_refuses_bad_data_and_writes_nothing(runner, tmp_path):
    data = tmp_path / "bad.jsonl"
    data.write_text('{"text": "Ja.", "label": "quote"}\n{"text": "Nee.", "label": "qoute"}\n', encoding="utf-8")
    out = tmp_path / "m.ctm"
    result = runner.invoke(cli, ["train", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 1
    assert f"{data}: line 2: unknown label 'qoute'" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [data]


def test_train_too_few_examples(runner, tmp_path):
    data = tmp_path / "few.csv"
    data.write_text("text,label\nJa.,quote\nHet kost 3 euro.,statistic\n", encoding="utf-8")
    result = runner.invoke(cli, ["train", "--data", str(data), "--out", str(tmp_path / "m.ctm")])
    assert result.exit_code == 1 and "at least 5 are needed" in result.stderr
    assert f"{data} (train split): tag 'quote' has 1 example(s)" in result.stderr
    assert not (tmp_path / "m.ctm").exists()


def test_info_bundled(runner):
    result = runner.invoke(cli, ["info"])
    assert result.exit_code == 0
    assert "model format 1" in result.stdout and "test split" in result.stdout


def test_evaluate_bundled_test_split(runner):
    result = runner.invoke(cli, ["evaluate", "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["macro_f1"] > 0.5


def test_python_m(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("„Ja”, zei ze.", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "claimtag", "tag", "-f", "jsonl", str(path)], capture_output=True, text=True)
    assert done.returncode == 0
    assert json.loads(done.stdout)["tag"] == "quote"


def test_evaluate_documents(runner):
    result = runner.invoke(cli, ["evaluate", "--documents", "-f", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["splitter_agreement"] >= 0.99
    assert sum(map(sum, report["confusion"])) == report["sentences"]


def test_tag_explain(runner, article):
    result = runner.invoke(cli, ["tag", "-f", "jsonl", "--explain", str(article)])
    assert result.exit_code == 0, result.output
    for line in result.stdout.splitlines():
        rec = json.loads(line)
        explanation = rec["explanation"]
        assert explanation["tag"] == rec["tag"]
        assert explanation["for"] and all(weight > 0 for _, weight in explanation["for"])
        assert all(weight < 0 for _, weight in explanation["against"])
        assert all(name.split(":", 1)[0] in ("word", "char", "cue") for name, _ in explanation["for"])
    text = runner.invoke(cli, ["tag", "--explain", str(article)])
    assert text.stdout.count("for: ") == 25


def test_train_help_states_the_real_defaults(runner):
    from claimtag.model import DEFAULT_SETTINGS

    text = " ".join(runner.invoke(cli, ["train", "--help"]).stdout.split())
    assert f"(default: {DEFAULT_SETTINGS['C']})" in text
    assert f"(default: {DEFAULT_SETTINGS['ngram_range'][1]};" in text
    low, high = DEFAULT_SETTINGS["char_ngram_range"]
    assert f"character n-grams of {low}-{high}" in text


def test_unwritable_out_fails_before_training(runner, tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    result = runner.invoke(cli, ["train", "--out", str(blocker / "m.ctm")])
    assert result.exit_code == 1
    assert "cannot create folder" in result.stderr
    assert "fitting" not in result.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
def test_tag_unicode_files_with_bom(runner, tmp_path, encoding):
    text = "date 2021-05 „Wij gaan door”, zei ze. Het kost € 3 miljoen."
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(encoding))
    result = runner.invoke(cli, ["tag", "-f", "jsonl", str(path)])
    assert result.exit_code == 0 and result.stderr == ""
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [text[r["start"] : r["end"]] for r in records] == [r["text"] for r in records]
    assert records[0]["date"] == "2021-05" and len(records) == 2


def test_debug_shows_traceback_for_internal_errors(runner, monkeypatch):
    import claimtag.tagging

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(claimtag.tagging.Tagger, "tag_stream", broken)
    plain = runner.invoke(cli, ["tag", "-"], input="Zin.")
    assert plain.exit_code == 1 and "internal error: RuntimeError: boom" in plain.stderr
    assert "--debug" in plain.stderr
    debug = runner.invoke(cli, ["--debug", "tag", "-"], input="Zin.")
    assert isinstance(debug.exception, RuntimeError)


def test_unknown_encoding_is_a_usage_error_before_reading(runner, tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("Een zin.", encoding="utf-8")
    result = runner.invoke(cli, ["tag", "--encoding", "klingon-8", str(path), str(path)])
    assert result.exit_code == 2
    assert "unknown encoding 'klingon-8'" in result.stderr
    assert result.stdout == ""


def test_forced_encoding_decodes_as_asked(runner, tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes("Het café kost € 3.".encode("cp1252"))
    result = runner.invoke(cli, ["tag", "-f", "jsonl", "--encoding", "cp1252", str(path)])
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)["text"] == "Het café kost € 3."
