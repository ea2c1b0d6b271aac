"""Rebuild the bundled default model from seeds/labelled/.

Usage (from the repository root, with claimtag installed or importable):

    python training/build_default_model.py

Writes claimtag/models/default.ctm. The result is deterministic: the test
suite rebuilds the model the same way and checks it equals the shipped file.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimtag.model import build_default  # noqa: E402
from claimtag.modelfile import save_model  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    model = build_default(progress=lambda message: print(message, file=sys.stderr))
    out = ROOT / "claimtag" / "models" / "default.ctm"
    save_model(model, out)
    training = model.meta["training"]
    scores = model.meta.get("test_scores", {})
    print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size:,} bytes) in {time.perf_counter() - started:.1f} s")
    print(f"training: {training['sentences']} sentences, cv macro-F1 {training.get('cv_macro_f1', float('nan')):.3f}")
    if scores:
        print(f"test split: macro-F1 {scores['macro_f1']:.3f}, accuracy {scores['accuracy']:.3f} ({scores['sentences']} sentences)")


if __name__ == "__main__":
    main()
