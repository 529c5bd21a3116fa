#!/usr/bin/env python3
"""Build the list of gazetteer names that are also everyday words.

Counts word frequencies in the bulk corpus (../shared/corpus/bulk.jsonl.gz) and keeps
single-word place names, other than countries, provinces and capitals, that are frequent in
running text but rarely stand where a place stands — "بيان", "ليل", "جروح". The engine reads
such a word as a place only after a place noun ("قرية بيان", "بلدة ليل"), never after a bare
preposition ("في بيان", "ليل السبت").

Two tests, either makes a word ambiguous:
- it almost never follows a location cue of our lexicon ("مدينة", "قرية", "ريف", "قرب" …;
  not the weak "بين"): "في" precedes every noun ("في إطار", "في منزله", "في حينه"), a place noun only
  places. This holds for large towns too: "سلطات" (Settat), "خبر" (Khobar), "منزله"
  (El Manzala) are everyday words first, whatever the town's size.
- it is a small place (under 50,000 people) and seldom follows a cue or a bare
  preposition ("في", "ب" …).

Only words and counts are written (no text), to
src/marsad/knowledge/built/ambiguous_place_words.tsv.

usage: python scripts/build_ambiguous_place_words.py [BULK_JSONL_GZ] [--min-count 40]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from pathlib import Path

from marsad.geo.gazetteer import Gazetteer
from marsad.knowledge.lexicon import load_rows
from marsad.text.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/marsad/knowledge/built/ambiguous_place_words.tsv"
_WORD = re.compile(r"[^\W\d_]+")
_BIG = {"country", "admin1", "capital"}
_PLACE_SLOT = {
    "في",
    "مدينه",
    "بلده",
    "قريه",
    "قرب",
    "بمدينه",
    "ببلده",
    "بقريه",
    "محافظه",
    "ريف",
    "بريف",
    "مخيم",
    "حي",
    "منطقه",
    "بلدات",
    "مدن",
    "قري",
    "ناحيه",
    "اطراف",
    "محيط",
    "شمال",
    "جنوب",
    "شرق",
    "غرب",
}
_CLITICS = ("وب", "ول", "فب", "وال", "بال", "لل", "و", "ف", "ب", "ل")


def _location_cue_words() -> frozenset[str]:
    """Single-word location cues that make an everyday word a place ("مدينه", "ريف",
    "شمال", "قرب") with their clitic forms ("بمدينه", "وقريه"); weak cues ("بين") stand
    before any noun and are left out, as the engine leaves them out."""
    words = {normalize(r["pattern"]).text.strip() for r in load_rows("location_cues") if r.get("weak") != "1"}
    single = {w for w in words if w and " " not in w}
    return frozenset(single | {c + w for w in single for c in _CLITICS if not c.endswith("ال")})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("bulk", nargs="?", default=str(ROOT.parent / "shared/corpus/bulk.jsonl.gz"))
    ap.add_argument("--min-count", type=int, default=40)
    ap.add_argument(
        "--max-located-share",
        type=float,
        default=0.3,
        help="small places found in a place slot more often than this are kept as places",
    )
    ap.add_argument(
        "--min-cued-share",
        type=float,
        default=0.035,
        help="words found after a location cue less often than this are ambiguous, at any size",
    )
    args = ap.parse_args()
    cues = _location_cue_words()
    counts: Counter[str] = Counter()
    located: Counter[str] = Counter()
    cued: Counter[str] = Counter()
    with gzip.open(args.bulk, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            prev = ""
            for word in _WORD.findall(normalize(text).text):
                bare = word
                # "بجروح", "وبيان": the word behind a clitic counts too.
                for clitic in _CLITICS:
                    if word.startswith(clitic) and len(word) - len(clitic) >= 3:
                        bare = word[len(clitic) :]
                        break
                # And the whole word as written: "بانه" (بأنه) is a town's name itself, not
                # only "انه" behind a clitic.
                for form in {word, bare}:
                    counts[form] += 1
                    if prev in _PLACE_SLOT or prev in cues:  # "مديريه رازح" is a place slot too
                        located[form] += 1
                    if prev in cues:
                        cued[form] += 1
                prev = word
    gaz = Gazetteer.load()
    rows = []
    for word, n in counts.most_common():
        if n < args.min_count:
            break
        cands = gaz.candidates(word)
        if not cands:
            continue
        if any(p.feature in _BIG for p in cands):
            continue
        small = all(p.population < 50000 for p in cands)
        if cued[word] / n >= args.min_cued_share and not (
            small and located[word] / n < args.max_located_share
        ):
            continue  # used as a place often enough: not ambiguous
        rows.append((word, n))
    rows.sort()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("# Built by scripts/build_ambiguous_place_words.py from word counts of the bulk corpus.\n")
        fh.write("word\tcount\n")
        for word, n in rows:
            fh.write(f"{word}\t{n}\n")
    print(f"{len(rows)} ambiguous place words written to {OUT}")


if __name__ == "__main__":
    main()
