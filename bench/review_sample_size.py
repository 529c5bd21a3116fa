#!/usr/bin/env python3
"""How many reviewed articles it takes to move a figure: the engine is scored on the visible gold
(dev ∪ dev2 ∪ dev3, as analysts' reviews exported with `marsad export --format gold --reviewed`
would be scored by `marsad eval`), then

1. the sampling noise of event F1 on n reviewed articles: the 95% bootstrap interval (articles
   drawn with replacement, fixed seed) for each n;
2. what one more reviewed article does to the pooled figure: the change of pooled event F1 when
   each article is left out (mean and largest), so that a shift of the figure can be read as
   "about k articles going the same way".

usage: python bench/review_sample_size.py [--sets dev dev2 dev3] [--draws 2000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared/corpus"
SIZES = (10, 25, 50, 100, 200)

Counts = tuple[int, int, int]  # tp, fp, fn of one article


def f1(counts: list[Counts]) -> float:
    tp = sum(c[0] for c in counts)
    fp = sum(c[1] for c in counts)
    fn = sum(c[2] for c in counts)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def article_counts(sets: list[str]) -> list[Counts]:
    sys.path.insert(0, str(ROOT / "src"))
    from marsad.evaluation import evaluate, run_engine

    out: list[Counts] = []
    with tempfile.TemporaryDirectory(prefix="marsad-sample-") as tmp:
        for s in sets:
            system = Path(tmp) / f"{s}.jsonl"
            run_engine(CORPUS / f"{s}.jsonl", system, frozenset())
            report = evaluate(CORPUS / s, CORPUS / f"{s}.jsonl", system)
            out += [(a.tp, a.fp, a.fn) for _, a in sorted(report.per_article.items())]
    return out


def interval(counts: list[Counts], n: int, draws: int, rng: random.Random) -> tuple[float, float]:
    values = sorted(f1(rng.choices(counts, k=n)) for _ in range(draws))
    return values[int(0.025 * draws)], values[int(0.975 * draws) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["dev", "dev2", "dev3"])
    parser.add_argument("--draws", type=int, default=2000)
    args = parser.parse_args()
    counts = article_counts(args.sets)
    pooled = f1(counts)
    print(f"{len(counts)} articles, pooled event F1 {pooled:.3f}\n")
    print("| reviewed articles | 95% interval of event F1 | half-width |")
    print("|---|---|---|")
    rng = random.Random(18)
    for n in (*[s for s in SIZES if s < len(counts)], len(counts)):
        lo, hi = interval(counts, n, args.draws, rng)
        print(f"| {n} | {lo:.3f} – {hi:.3f} | ±{(hi - lo) / 2:.3f} |")
    moves = sorted(abs(pooled - f1(counts[:i] + counts[i + 1 :])) for i in range(len(counts)))
    mean = sum(moves) / len(moves)
    print(
        f"\none article more or less moves pooled event F1 by {mean:.4f} on average "
        f"(median {moves[len(moves) // 2]:.4f}, largest {moves[-1]:.4f}); "
        f"0.01 is about {0.01 / mean:.0f} average articles going the same way"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
