"""List every false alarm and miss of an engine output with its error class and evidence (for reading).

Classes as ../shared/tools/error_classes.py (misplaced, mistyped, oversplit, spurious, missed);
the phenomenon behind each one is assigned by a reader and kept outside the repo.

usage: PYTHONPATH=src:scripts/analysis python scripts/analysis/error_dump.py SET SYSTEM_JSONL
"""

from __future__ import annotations

import sys
from pathlib import Path

from corpus_sets import SETS, load_all, read_system, reference_score
from corpus_sets import error_classes as ec


def place(e: dict, gold: bool) -> str:
    loc = e.get("location") or {}
    if gold:
        return f"{(loc.get('names') or ['?'])[0]}/{loc.get('country')}"
    return f"{loc.get('mention')}->{loc.get('name')}/{loc.get('country')}"


def main(set_name: str, system_path: str) -> None:
    assert set_name in SETS
    system = read_system(Path(system_path))
    for art in load_all():
        if art.set_name != set_name:
            continue
        se = (system.get(art.article_id) or {}).get("events") or []
        ge = art.gold.get("events") or []
        m = reference_score.greedy_match(se, ge)
        ms, mg = {id(s) for s, _ in m}, {id(g) for _, g in m}
        fps = [s for s in se if id(s) not in ms]
        fns = [g for g in ge if id(g) not in mg]
        if not fps and not fns:
            continue
        title = art.text.split("\n", 1)[0]
        print(f"=== {art.article_id} [{art.gold.get('published')}] tp={len(m)} :: {title}")
        for s, g in m:
            print(f"  TP {s['event_type']}/{s['sub_event_type']} @ {place(s, False)} ~ {place(g, True)}")
        for n, s in enumerate(fps, 1):
            kind = (
                "oversplit"
                if any(
                    s.get("event_type") == a.get("event_type") and reference_score.place_match(s, b)
                    for a, b in m
                )
                else "fp"
            )
            for g in fns:
                if s.get("event_type") != g.get("event_type") and reference_score.place_match(s, g):
                    kind = "mistyped?"
                elif s.get("event_type") == g.get("event_type") and (
                    (ec.tolls(s) & ec.tolls(g)) or ec.overlap(ec.ev_text(s), ec.ev_text(g)) >= 0.5
                ):
                    kind = "misplaced?"
            ev = " | ".join(x["text"][:160] for x in s.get("evidence") or [])
            print(
                f"  FP{n}[{kind}] {s['event_type']}/{s['sub_event_type']} @ {place(s, False)} {s.get('date')} :: {ev}"
            )
        for n, g in enumerate(fns, 1):
            print(
                f"  FN{n} {g['event_type']}/{g['sub_event_type'][0]} @ {place(g, True)} {g.get('date')} :: "
                f"{(g.get('evidence') or '')[:160]} || note: {(g.get('note') or '')[:160]}"
            )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
