"""The command as a process: closed pipes, Ctrl-C, big inputs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def big_file(tmp_path_factory, bundled_rows):
    """A few MB of news-like text: the labelled sentences as paragraphs, repeated."""
    paragraphs = [" ".join(r.text for r in bundled_rows[i : i + 4]) for i in range(0, len(bundled_rows), 4)]
    path = tmp_path_factory.mktemp("big") / "big.txt"
    with open(path, "w", encoding="utf-8") as handle:
        for _ in range(8):
            handle.write("\n\n".join(paragraphs))
            handle.write("\n\n")
    return path


def claimtag(*args, **kwargs):
    return subprocess.Popen(
        [sys.executable, "-m", "claimtag", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def test_closed_pipe_ends_quietly(big_file):
    process = claimtag("tag", "-f", "jsonl", str(big_file))
    first = process.stdout.readline()
    assert json.loads(first)["index"] == 0
    process.stdout.close()
    stderr = process.stderr.read().decode()
    code = process.wait(timeout=120)
    assert code == 141
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_ctrl_c_exits_130_without_traceback(big_file):
    process = claimtag("tag", "-f", "jsonl", str(big_file))
    assert process.stdout.readline()
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert "Traceback" not in stderr.decode()
    assert "Interrupted" in stderr.decode()


def test_interrupted_output_file_is_not_half_written(big_file, tmp_path):
    out = tmp_path / "tags.jsonl"
    out.write_text("previous results\n", encoding="utf-8")
    process = claimtag("tag", "-f", "jsonl", "-o", str(out), str(big_file))
    # Wait until the temporary file next to the output has content, then interrupt.
    import time

    deadline = time.time() + 60
    while time.time() < deadline:
        temps = [p for p in tmp_path.iterdir() if p.name.startswith(".tags.jsonl.")]
        if temps and temps[0].stat().st_size > 0:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=120)
    assert process.returncode == 130
    assert out.read_text(encoding="utf-8") == "previous results\n"
    assert [p.name for p in tmp_path.iterdir()] == ["tags.jsonl"]
