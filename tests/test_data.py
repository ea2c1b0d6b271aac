"""Reading labelled data: every problem names the file and the line."""

from __future__ import annotations

import pytest

from claimtag.data import DataError, as_sentences, check_trainable, read_labelled, select_split


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return str(path)


GOOD = '{"text": "Het kost 3 euro.", "label": "statistic", "lang": "nl", "doc": "a", "split": "train"}\n'


@pytest.mark.parametrize(
    "content,message",
    [
        (GOOD + "{not json\n", r"line 2: invalid JSON"),
        (GOOD + '{"label": "quote"}\n', r"line 2: missing 'text'"),
        (GOOD + '{"text": "x"}\n', r"line 2: missing 'label'"),
        (GOOD + '{"text": "   ", "label": "quote"}\n', r"line 2: empty text"),
        (GOOD + '{"text": "Ja.", "label": "quotes"}\n', r"line 2: unknown label 'quotes' \(allowed: quote, statistic, policy, background\)"),
        (GOOD + '{"text": "Ja.", "label": "quote", "split": "dev"}\n', r"line 2: unknown split 'dev'"),
        (GOOD + '["text", "label"]\n', r"line 2: expected an object"),
        (GOOD + '{"text": "Het kost 3 euro!", "label": "quote"}\n', r"line 2: sentence labelled 'quote' here but 'statistic' at .*: line 1"),
        (GOOD + '{"text": 5, "label": "quote"}\n', r"line 2: 'text' must be a string"),
    ],
    ids=["json", "no-text", "no-label", "empty", "unknown-label", "split", "not-object", "conflict", "text-type"],
)
def test_jsonl_problems_name_file_and_line(tmp_path, content, message):
    path = write(tmp_path, "d.jsonl", content)
    with pytest.raises(DataError, match=message) as info:
        read_labelled([path])
    assert str(info.value).startswith(path)


def test_csv_and_tsv(tmp_path):
    csv_path = write(tmp_path, "d.csv", 'text,label,lang\n"Hij zei: ""nee"", en ging.",quote,nl\nHet kost 3 euro.,statistic,nl\n')
    tsv_path = write(tmp_path, "d.tsv", "label\ttext\npolicy\tDe gemeente verhoogt de tarieven.\n")
    rows = read_labelled([csv_path, tsv_path])
    assert [r.label for r in rows] == ["quote", "statistic", "policy"]
    assert rows[0].text == 'Hij zei: "nee", en ging.'
    assert rows[1].line == 3 and rows[2].source == tsv_path


def test_csv_header_and_field_count(tmp_path):
    with pytest.raises(DataError, match=r"line 1: CSV header has no 'label' column"):
        read_labelled([write(tmp_path, "a.csv", "text,tag\nx,quote\n")])
    with pytest.raises(DataError, match=r"line 3: expected 2 fields, found 3"):
        read_labelled([write(tmp_path, "b.csv", "text,label\nx,quote\ny,quote,extra\n")])


def test_missing_binary_and_folder(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        read_labelled([str(tmp_path / "nope.jsonl")])
    binary = tmp_path / "b.jsonl"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(DataError, match="binary"):
        read_labelled([str(binary)])
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="holds no"):
        read_labelled([str(tmp_path / "empty")])


def test_cp1252_training_file_is_decoded(tmp_path):
    path = write(tmp_path, "d.csv", "text,label\nCafé sluit.,background\n", encoding="cp1252")
    assert read_labelled([path])[0].text == "Café sluit."


def test_check_trainable_names_the_tag(tmp_path):
    rows = read_labelled([write(tmp_path, "d.jsonl", GOOD)])
    with pytest.raises(DataError, match="tag 'quote' has 0 example"):
        check_trainable(rows)


def test_split_selection_keeps_unsplit_rows(tmp_path):
    path = write(
        tmp_path,
        "d.jsonl",
        '{"text": "A.", "label": "quote", "split": "train"}\n{"text": "B.", "label": "quote", "split": "test"}\n'
        '{"text": "C.", "label": "quote"}\n',
    )
    rows = read_labelled([path])
    assert [r.text for r in select_split(rows, "train")] == ["A.", "C."]
    assert [r.text for r in select_split(rows, "test")] == ["B.", "C."]
    assert len(select_split(rows, "all")) == 3


def test_quote_state_follows_articles(tmp_path):
    path = write(
        tmp_path,
        "d.jsonl",
        '{"text": "„Wij gaan door.", "label": "quote", "doc": "a", "para": 1}\n'
        '{"text": "Niemand houdt ons tegen.”", "label": "quote", "doc": "a", "para": 1}\n'
        '{"text": "„Begin.", "label": "quote", "doc": "b", "para": 1}\n'
        '{"text": "Nieuw stuk.", "label": "background", "doc": "c", "para": 1}\n',
    )
    states = [s.quote for s in as_sentences(read_labelled([path]))]
    assert states == ["opens", "closes", "opens", "none"]
