"""Draw and merge the blind second labelling pass over the labelled set.

Two steps, both reproducible::

    python training/blind_pass.py sample --out DIR --key KEY.json
    python training/blind_pass.py merge --key KEY.json --labels DIR/nl-labels.jsonl ...

``sample`` draws a fixed-seed random 10% of ``seeds/labelled`` (once the set has
grown, a top-up: a random draw from the sentences not yet reviewed, so that the
review covers 10% of the whole set again) and writes, per
language, ``DIR/<lang>.jsonl`` with one item a line: ``id``, ``lang``, ``text``
and ``context`` (up to three sentences before it in its article and one after,
each marked ``before``/``after``), without any label. The key (ids mapped to
file, line and first label) goes to ``KEY.json``, which the reviewer must not
see. The reviewer answers with one ``{"id": ..., "label": ...}`` line per item
(an optional ``note`` is kept).

``merge`` joins key and answers into ``seeds/review/blind-pass.jsonl`` (``id``,
``lang``, ``file``, ``line``, ``text``, ``first``, ``second``, ``settled``,
``reason``). ``settled`` starts as the first label; disagreements are settled by
hand against ``seeds/GUIDE.md`` (the reason is written next to it) and a
changed label is applied to the labelled file too. An existing review file keeps
its settlements for ids it already has.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "seeds" / "labelled"
REVIEW = ROOT / "seeds" / "review" / "blind-pass.jsonl"
SEED = 20261128
SHARE = 0.10


def read_rows() -> list[dict]:
    rows = []
    for path in sorted(LABELLED.glob("*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                row = json.loads(line)
                row["file"] = f"seeds/labelled/{path.name}"
                row["line"] = number
                rows.append(row)
    return rows


def _reviewed() -> dict[str, dict]:
    """The review records so far, by id (empty before the first round)."""
    if not REVIEW.exists():
        return {}
    with open(REVIEW, encoding="utf-8") as handle:
        return {r["id"]: r for r in map(json.loads, handle)}


def sample(out: Path, key_path: Path) -> None:
    rows = read_rows()
    by_doc: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_doc[(row["file"], row["doc"])].append(i)
    done = _reviewed()
    if done:
        # Top-up after the set has grown: draw from the sentences not yet
        # reviewed until the review covers SHARE of the whole set again.
        seen = {(r["file"], r["text"]) for r in done.values()}
        pool = [i for i, row in enumerate(rows) if (row["file"], row["text"]) not in seen]
        wanted = max(0, round(len(rows) * SHARE) - len(done))
        seed = SEED + len(done)
    else:
        pool, wanted, seed = list(range(len(rows))), round(len(rows) * SHARE), SEED
    first_id = 1 + max((int(i[1:]) for i in done), default=0)
    chosen = sorted(random.Random(seed).sample(pool, wanted))
    order = list(chosen)
    random.Random(seed + 1).shuffle(order)  # shown in random order, ids say nothing
    out.mkdir(parents=True, exist_ok=True)
    items: dict[str, list[dict]] = defaultdict(list)
    key = {}
    for n, i in enumerate(order, first_id):
        row = rows[i]
        doc = by_doc[(row["file"], row["doc"])]
        pos = doc.index(i)
        context = [{"before": rows[j]["text"]} for j in doc[max(0, pos - 3) : pos]]
        context += [{"after": rows[j]["text"]} for j in doc[pos + 1 : pos + 2]]
        item_id = f"b{n:04d}"
        items[row["lang"]].append({"id": item_id, "lang": row["lang"], "text": row["text"], "context": context})
        key[item_id] = {"file": row["file"], "line": row["line"], "lang": row["lang"], "text": row["text"], "first": row["label"]}
    for lang, lang_items in items.items():
        with open(out / f"{lang}.jsonl", "w", encoding="utf-8") as handle:
            for item in lang_items:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        print(f"{out / f'{lang}.jsonl'}: {len(lang_items)} items", file=sys.stderr)
    key_path.write_text(json.dumps(key, ensure_ascii=False, indent=1), encoding="utf-8")


def merge(key_path: Path, label_paths: list[Path]) -> None:
    key = json.loads(key_path.read_text(encoding="utf-8"))
    second = {}
    for path in label_paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    answer = json.loads(line)
                    if answer["label"] not in {"quote", "statistic", "policy", "background"}:
                        raise SystemExit(f"{path}:{number}: unknown label {answer['label']!r}")
                    second[answer["id"]] = answer
    missing = sorted(set(key) - set(second))
    if missing:
        raise SystemExit(f"no answer for {len(missing)} items, e.g. {missing[:5]}")
    old = _reviewed()
    REVIEW.parent.mkdir(parents=True, exist_ok=True)
    with open(REVIEW, "w", encoding="utf-8") as handle:
        for item_id in sorted(old.keys() - key.keys()):  # earlier rounds stay as they are
            handle.write(json.dumps(old[item_id], ensure_ascii=False) + "\n")
        for item_id in sorted(key):
            entry = key[item_id]
            record = {
                "id": item_id,
                "lang": entry["lang"],
                "file": entry["file"],
                "line": entry["line"],
                "text": entry["text"],
                "first": entry["first"],
                "second": second[item_id]["label"],
                "settled": old.get(item_id, {}).get("settled", entry["first"]),
                "reason": old.get(item_id, {}).get("reason", ""),
            }
            if second[item_id].get("note"):
                record["note"] = second[item_id]["note"]
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    agree = sum(key[i]["first"] == second[i]["label"] for i in key)
    print(f"{REVIEW}: {len(key)} items, {agree} agree, {len(key) - agree} to settle", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample", help="draw the sample and write the reviewer's items and the key")
    s.add_argument("--out", type=Path, required=True, help="folder for the reviewer's items")
    s.add_argument("--key", type=Path, required=True, help="where to write the key (keep it from the reviewer)")
    m = sub.add_parser("merge", help="merge the reviewer's labels into seeds/review/blind-pass.jsonl")
    m.add_argument("--key", type=Path, required=True, help="the key written by sample")
    m.add_argument("--labels", type=Path, nargs="+", required=True, help="the reviewer's label files")
    args = parser.parse_args()
    if args.command == "sample":
        sample(args.out, args.key)
    else:
        merge(args.key, args.labels)


if __name__ == "__main__":
    main()
