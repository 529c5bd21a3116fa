#!/usr/bin/env python3
"""What each engine component contributes: the gold sets scored with the full pipeline and
with each component left out in turn (`marsad eval --run --without NAME` for all of them).

usage: python bench/components.py [--sets dev dev2 dev3] [--metrics event_f1 fatalities ...] [--markdown]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared/corpus"
DEFAULT_METRICS = [
    "event_f1",
    "event_precision",
    "event_recall",
    "fatalities",
    "actors",
    "location_10km",
    "date",
]


def score(set_name: str, without: frozenset[str], tmp: Path) -> dict[str, float | None]:
    from marsad.evaluation import evaluate, run_engine

    inputs = CORPUS / f"{set_name}.jsonl"
    out = tmp / f"{set_name}-{'-'.join(sorted(without)) or 'full'}.jsonl"
    run_engine(inputs, out, without)
    return evaluate(CORPUS / set_name, inputs, out).metrics


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["dev", "dev2", "dev3"])
    parser.add_argument("--metrics", nargs="+", default=DEFAULT_METRICS)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from marsad.extract.pipeline import CORE, component_names

    rows: list[tuple[str, dict[str, dict]]] = []
    with tempfile.TemporaryDirectory(prefix="marsad-components-") as tmpdir:
        tmp = Path(tmpdir)
        full = {s: score(s, frozenset(), tmp) for s in args.sets}
        rows.append(("(full pipeline)", full))
        for name in component_names():
            if name in CORE:
                continue
            rows.append((f"without {name}", {s: score(s, frozenset({name}), tmp) for s in args.sets}))
    header = ["run"] + [f"{s} {m}" for s in args.sets for m in args.metrics]
    sep = " | " if args.markdown else "\t"
    print(("| " if args.markdown else "") + sep.join(header) + (" |" if args.markdown else ""))
    if args.markdown:
        print("|" + "---|" * len(header))
    for label, by_set in rows:
        cells = [label]
        for s in args.sets:
            for m in args.metrics:
                value = by_set[s].get(m)
                base = full[s].get(m)
                if value is None:
                    cells.append("—")
                elif label.startswith("(") or base is None:
                    cells.append(f"{value:.3f}")
                else:
                    cells.append(f"{value:.3f} ({value - base:+.3f})")
        print(("| " if args.markdown else "") + sep.join(cells) + (" |" if args.markdown else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
