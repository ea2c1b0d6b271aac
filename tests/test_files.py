"""Reading inputs (encodings, binary files) and atomic writes."""

from __future__ import annotations

import codecs

import pytest

from claimtag.files import InputError, atomic_write, decode, expand_paths

TEXT = "„Café” kost € 3."


@pytest.mark.parametrize(
    "data,encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16le", "utf16be", "utf32le"],
)
def test_unicode_encodings(data, encoding):
    text, used, warning = decode(data, "f.txt")
    assert (text, used, warning) == (TEXT, encoding, None)


def test_cp1252_fallback_warns_with_name_and_line():
    data = "regel een\nCafé „zegt” ja".encode("cp1252")
    text, used, warning = decode(data, "f.txt")
    assert text == "regel een\nCafé „zegt” ja"
    assert used == "cp1252" and warning.startswith("f.txt: not valid UTF-8 (line 2)")


def test_forced_encoding_and_errors():
    assert decode("é".encode("latin-1"), "f", "latin-1")[0] == "é"
    with pytest.raises(InputError, match="unknown encoding"):
        decode(b"x", "f", "nope-codec")
    with pytest.raises(InputError, match="f.txt: line 2: cannot decode as ascii"):
        decode(b"a\n\xff", "f.txt", "ascii")


def test_binary_is_refused():
    with pytest.raises(InputError, match=r"img.png: looks like a binary file \(NUL byte at line 3\)"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00", "img.png")
    with pytest.raises(InputError, match="binary"):
        decode(bytes(range(1, 9)) * 100, "ctl.bin")


def test_expand_paths(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ["a.txt", "b/c.txt", "b/d.md", ".hidden/e.txt", ".f.txt"]:
        (tmp_path / name).write_text("x")
    assert [p.replace(str(tmp_path), "") for p in expand_paths([str(tmp_path)])] == ["/a.txt", "/b/c.txt"]
    assert list(expand_paths(["-"])) == ["-"]
    with pytest.raises(InputError, match="no such file"):
        list(expand_paths([str(tmp_path / "missing.txt")]))


def test_atomic_write_keeps_old_content_on_failure(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as handle:
            handle.write("half")
            raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_atomic_write_replaces_and_creates_folders(tmp_path):
    target = tmp_path / "new" / "out.txt"
    with atomic_write(target) as handle:
        handle.write("new")
    assert target.read_text() == "new"
