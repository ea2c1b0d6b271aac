"""Regenerate seeds/README.md, the data card of the labelled set.

Usage (from the repository root):

    python training/data_card.py

Counts come from seeds/labelled/*.jsonl; the agreement figures from the blind
second pass in seeds/review/blind-pass.jsonl. Prose lives in this script, the
numbers are computed, so the card never drifts from the data.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimtag.data import LABELS  # noqa: E402
from claimtag.evaluation import evaluate_labels  # noqa: E402

SEEDS = ROOT / "seeds"


def load() -> list[dict]:
    rows = []
    for path in sorted((SEEDS / "labelled").glob("*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                record["file"] = path.name
                rows.append(record)
    return rows


#: The last id of the first blind round; later ids are the top-up round.
FIRST_ROUND_LAST_ID = "b0452"


def kappa(first: list[str], second: list[str]) -> float:
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second)) / n
    ca, cb = Counter(first), Counter(second)
    expected = sum(ca[label] * cb[label] for label in LABELS) / (n * n)
    return (observed - expected) / (1 - expected)


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row) + " |")
    return "\n".join(lines)


def main() -> None:
    rows = load()
    docs = defaultdict(list)
    for r in rows:
        docs[r["doc"]].append(r)
    sizes = [len(v) for v in docs.values()]

    counts = []
    for lang in ("nl", "en"):
        for split in ("train", "test"):
            sub = [r for r in rows if r["lang"] == lang and r["split"] == split]
            c = Counter(r["label"] for r in sub)
            counts.append([lang, split, *(c[label] for label in LABELS), len(sub)])
        sub = [r for r in rows if r["lang"] == lang]
        c = Counter(r["label"] for r in sub)
        counts.append([f"**{lang}**", "all", *(f"{c[label]} ({c[label] / len(sub):.0%})" for label in LABELS), len(sub)])
    c = Counter(r["label"] for r in rows)
    counts.append(["**all**", "all", *(c[label] for label in LABELS), len(rows)])

    topics = Counter(r["topic"] for r in rows)
    topic_docs = Counter(v[0]["topic"] for v in docs.values())
    styles = Counter(v[0].get("style") or "unknown" for v in docs.values())
    hard = Counter(r["hard"] for r in rows if r.get("hard"))
    test_share = sum(r["split"] == "test" for r in rows) / len(rows)

    review_path = SEEDS / "review" / "blind-pass.jsonl"
    agreement = "The blind second pass has not been run yet."
    if review_path.exists():
        with open(review_path, encoding="utf-8") as handle:
            review = [json.loads(line) for line in handle]
        first = [r["first"] for r in review]
        second = [r["second"] for r in review]
        scores = evaluate_labels(first, second)
        per_lang = []
        for lang in ("nl", "en"):
            idx = [i for i, r in enumerate(review) if r["lang"] == lang]
            per_lang.append(
                [
                    lang,
                    len(idx),
                    kappa([first[i] for i in idx], [second[i] for i in idx]),
                    evaluate_labels([first[i] for i in idx], [second[i] for i in idx])["macro_f1"],
                    sum(first[i] == second[i] for i in idx) / len(idx),
                ]
            )
        # The guide as each round's reviewer read it: the first round's
        # disagreements became the guide's settled questions, which the second
        # round (a top-up after the set grew) read too.
        full_guide = (SEEDS / "GUIDE.md").read_text(encoding="utf-8")
        first_guide = full_guide.split("## Settled questions")[0]
        first_round = [r for r in review if r["id"] <= FIRST_ROUND_LAST_ID]
        second_round = [r for r in review if r["id"] > FIRST_ROUND_LAST_ID]
        # Settled questions that came out of the second round were added after it.
        second_disagreements = [r["text"] for r in second_round if r["first"] != r["second"]]
        second_guide = "\n".join(
            line for line in full_guide.splitlines() if not any(text in line for text in second_disagreements)
        )
        outside = [r for r in first_round if r["text"] not in first_guide]
        outside += [r for r in second_round if r["text"] not in second_guide]
        outside_agreement = sum(r["first"] == r["second"] for r in outside) / max(1, len(outside))
        changed = sum(r["settled"] != r["first"] for r in review)
        disagreements = sum(a != b for a, b in zip(first, second))
        agreement = (
            f"A reviewer who had not seen the labels labelled a random {len(review) / len(rows):.0%} sample "
            f"({len(review)} sentences, drawn with a fixed seed, each shown with up to three sentences before it "
            "and one after) from the guide alone, in two rounds: "
            f"{len(first_round)} sentences of the set as it first stood, and {len(second_round)} "
            "drawn from the sentences added since, when the set had grown "
            "(`python training/blind_pass.py sample` tops the review up to 10% of the whole set).\n\n"
            + table(
                ["language", "sentences", "Cohen's kappa", "macro-F1", "raw agreement"],
                per_lang + [["all", len(review), kappa(first, second), scores["macro_f1"], scores["accuracy"]]],
            )
            + f"\n\n{len(review) - len(outside)} of the sampled sentences also appear as examples in the guide "
            f"the reviewer read; on the other {len(outside)} the raw agreement is {outside_agreement:.3f}. "
            "Both passes were made by language models working from the same written guide, so the "
            "agreement measures how well the guide pins the labels down, not how human annotators "
            "would agree."
            + f"\n\nThe two passes disagreed on {disagreements} sentences. Each was settled by the guide "
            f"(`seeds/review/blind-pass.jsonl` keeps both labels, the settled one and the reason); {changed} "
            "labels in the set were changed as a result, and the guide was sharpened where it had been unclear."
        )

    card = f"""# The claimtag labelled set

Hand-written news sentences in Dutch and English, each labelled `quote`, `statistic`,
`policy` or `background` by the rules in [GUIDE.md](GUIDE.md) (the project's own
wording of the labelling contract). This card is written by `python training/data_card.py`.

## What is in it

- {len(rows)} sentences in {len(docs)} articles ({min(sizes)}–{max(sizes)} sentences each, median
  {sorted(sizes)[len(sizes) // 2]}), {sum(r['lang'] == 'nl' for r in rows)} Dutch and
  {sum(r['lang'] == 'en' for r in rows)} English.
- Files: `labelled/*.jsonl`, one JSON object a line: `text`, `label`, `lang` (`nl`/`en`),
  `doc` (article id), `split` (`train`/`test`), `topic`, `style` (the outlet voice),
  `para` (paragraph number in the article; 0 is the headline) and `hard` (the kind of
  boundary case, or null). Sentences of an article are in order, so the articles can be
  rebuilt as text (`claimtag.data.articles`) and the whole path, splitter included, can
  be evaluated: `claimtag evaluate --documents`.
- Split by article: {test_share:.1%} of the sentences are in the test split; no article is in
  both. The bundled model is trained on the train split only.
- The example article `examples/navo-2022-03.txt` is not in the set (a test checks this): it
  is a held-out test document.

{table(["language", "split", *LABELS, "total"], counts)}

### Topics ({len(topics)})

{table(["topic", "articles", "sentences"], [[t, topic_docs[t], n] for t, n in sorted(topics.items())])}

### Outlet styles

{table(["style", "articles"], [[s, n] for s, n in sorted(styles.items())])}

### Boundary cases

{sum(hard.values())} sentences ({sum(hard.values()) / len(rows):.0%}) are deliberate boundary cases, marked in `hard`:

{table(["kind", "sentences"], [[k, n] for k, n in sorted(hard.items(), key=lambda item: -item[1])])}

## How it was written

Every sentence was written by hand, as a sentence, by judgment: articles of invented but
plausible events in the voices of wire services, broadsheets, regional papers, tabloids,
public broadcasters, business press and magazines: headlines, datelines, leads, short
and long sentences, typographic `„…”`, curly and straight quotes and the typewriter form
`,,…''`. No sentence was produced by filling templates with code, and none was copied or
paraphrased from news sites or other data sets. Real institutions, places and public roles
appear; quoted people are invented. The writers were language-model assistants directed
by the project, one per language and topic group, in batches: the first files by topic;
`*-policy-*`, more announced measures and their near misses; `*-contrast-*`, figures and
deeds that sit next to measures (existing capacities, past steps, standing rules);
`*-lead-*`, articles whose headlines and leads are spread over all four tags, because the
earlier batches opened mostly with announcements. Each writer checked their file against
the rules and against repeated openings, and a second writer reviewed each later batch
against the guide; the checks in
`tests/test_seeds.py` (schema, sizes, balance, duplicates, near-duplicates, varied
openings, splits, the example article's absence, splitter agreement) run in CI.

## Agreement

{agreement}

## Licence

The labelled set is released with claimtag under the MIT licence. The sentences are
original writing; names of people in them are invented.
"""
    (SEEDS / "README.md").write_text(card, encoding="utf-8")
    print(f"wrote seeds/README.md ({len(rows)} sentences, {len(docs)} articles)")


if __name__ == "__main__":
    main()
