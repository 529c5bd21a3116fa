#!/usr/bin/env python3
"""Geoparsing speed and coverage on the bulk corpus.

Reports: gazetteer load time (cold, in a fresh interpreter), place mentions resolved per
second on one core (matching + context filtering + disambiguation, the lexicon scan of the
whole text excluded), and the share of place mentions that resolve to coordinates. Each
time is given as wall clock and as this process's CPU time: on a machine shared with
other jobs the CPU time is the figure that says what one core does.

usage: python bench/geo.py [--bulk PATH] [--articles 2000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bulk", type=Path, default=ROOT.parent / "shared/corpus/bulk.jsonl.gz")
    ap.add_argument("--articles", type=int, default=2000)
    args = ap.parse_args()
    load = subprocess.run(
        [
            sys.executable,
            "-c",
            "import time; t=time.perf_counter(); c=time.process_time(); "
            "from marsad.geo.gazetteer import Gazetteer; Gazetteer.load(); "
            "print(time.perf_counter()-t, time.process_time()-c)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    from marsad.extract.knowledgebase import knowledge
    from marsad.extract.places import find_places
    from marsad.extract.tokens import Tokens
    from marsad.text.doc import Doc

    kb = knowledge()
    prepared = []
    with gzip.open(args.bulk, "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = Doc(json.loads(line)["text"])
            by = defaultdict(list)
            for m in kb.lexicon.scan(doc.ntext):
                by[m.lexicon].append(m)
            prepared.append((doc, Tokens.of(doc.ntext), by["place"], by["location_cues"]))
            if len(prepared) >= args.articles:
                break
    t0, c0 = time.perf_counter(), time.process_time()
    mentions = with_point = latin = 0
    for doc, tokens, places, cues in prepared:
        found = find_places(doc, tokens, places, cues, kb.place_stopwords, kb.gazetteer, kb.ambiguous_places)
        mentions += len(found)
        with_point += sum(1 for p in found if p.place is not None and p.place.lat is not None)
        latin += sum(1 for p in found if "latin_name" in p.extra)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    # Again, warm: the countries' Latin-name indexes (built on first use) are in place, as
    # in a worker that has run for a while.
    t1, c1 = time.perf_counter(), time.process_time()
    for doc, tokens, places, cues in prepared:
        find_places(doc, tokens, places, cues, kb.place_stopwords, kb.gazetteer, kb.ambiguous_places)
    warm, warm_cpu = time.perf_counter() - t1, time.process_time() - c1
    load_wall, load_cpu = map(float, load.stdout.split())
    print(f"gazetteer load (fresh interpreter): {load_wall:.2f} s wall, {load_cpu:.2f} s CPU")
    print(
        f"{mentions} place mentions in {len(prepared)} articles resolved in {seconds:.2f} s wall "
        f"({mentions / seconds:,.0f} mentions/s), {cpu:.2f} s CPU: {mentions / cpu:,.0f} mentions/s on one core"
    )
    print(
        f"warm (second pass): {warm:.2f} s wall ({mentions / warm:,.0f} mentions/s), "
        f"{warm_cpu:.2f} s CPU ({mentions / warm_cpu:,.0f} mentions/s)"
    )
    print(f"mentions resolved to coordinates: {with_point / max(mentions, 1):.1%}")
    print(f"of which Latin-only places (GeoNames cities500 matched by transliteration): {latin}")


if __name__ == "__main__":
    main()
