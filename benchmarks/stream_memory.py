"""Peak memory of `claimtag tag` against input size: streaming keeps it flat.

Usage:

    python benchmarks/stream_memory.py                 # 10, 40 and 160 MB
    python benchmarks/stream_memory.py --sizes 1000    # a 1 GB file (takes a while)

Builds files of news-like text (the labelled sentences as paragraphs,
repeated) in a temporary folder, tags each with `python -m claimtag tag -f
jsonl FILE > /dev/null` in its own process, and prints the file size, the
sentences tagged, the wall time and the peak resident memory of that process.
A figure, not a test.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimtag.data import load_bundled  # noqa: E402

MEASURE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def build(path: Path, megabytes: int) -> int:
    rows = load_bundled()
    paragraphs = "\n\n".join(" ".join(r.text for r in rows[i : i + 4]) for i in range(0, len(rows), 4)) + "\n\n"
    block = paragraphs.encode("utf-8")
    target = megabytes * 1_000_000
    written = 0
    with open(path, "wb") as handle:
        while written < target:
            handle.write(block)
            written += len(block)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 40, 160], help="file sizes in MB")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"news-{size}mb.txt"
            nbytes = build(path, size)
            started = time.perf_counter()
            peak_kb = int(
                subprocess.run(
                    [sys.executable, "-c", MEASURE, sys.executable, "-m", "claimtag", "tag", "-f", "jsonl", str(path)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
            seconds = time.perf_counter() - started
            results.append({"file_mb": round(nbytes / 1e6, 1), "seconds": round(seconds, 1), "peak_rss_mb": round(peak_kb / 1024, 1)})
            print(f"{nbytes / 1e6:8.1f} MB  {seconds:7.1f} s  peak RSS {peak_kb / 1024:6.1f} MB", flush=True)
            path.unlink()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
