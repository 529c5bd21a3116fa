#!/usr/bin/env python3
"""Build "العاصمة السورية" → Damascus: capital phrases from our demonyms and the gazetteer.

Reads knowledge/data/lexicons/demonyms.tsv (adjective → country) and the built gazetteer's
capitals; writes src/marsad/knowledge/built/capital_phrases.tsv (phrase, capital key, country).

usage: python scripts/build_capital_phrases.py
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from marsad.geo.gazetteer import Gazetteer
from marsad.knowledge.lexicon import load_rows
from marsad.text.normalize import normalize_key

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/marsad/knowledge/built/capital_phrases.tsv"
COUNTRIES = ROOT / "src/marsad/knowledge/data/geo/countries.tsv"


def main() -> None:
    gaz = Gazetteer.load()
    capitals = {p.country: p for p in gaz.places if p.feature == "capital" and p.name_ar}
    # Capitals merged into another row (Damascus is an OCHA community): countries.tsv names
    # the capital in its source column, "(PPLC Damascus, capital)".
    for row in csv.DictReader(COUNTRIES.open(encoding="utf-8"), delimiter="\t"):
        m = re.search(r"PPLC ([^,)]+)", row.get("source") or "")
        if m and row["name_en"] not in capitals:
            for p in gaz.candidates(normalize_key(m.group(1))):
                if p.country == row["name_en"] and p.name_ar and p.lat is not None:
                    capitals[row["name_en"]] = p
                    break
    rows = []
    for r in load_rows("demonyms"):
        cap = capitals.get(r["country"])
        if cap is None:
            continue
        adjective = normalize_key(r["pattern"])
        # Feminine adjectives agree with العاصمة; masculine ones are kept for "العاصمة X" typos.
        rows.append((f"العاصمه ال{adjective}", normalize_key(cap.name_ar), r["country"]))
    rows = sorted(set(rows))
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write(
            "# Built by scripts/build_capital_phrases.py from demonyms.tsv and the gazetteer's capitals.\n"
        )
        fh.write("pattern\tcapital_key\tcountry\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    print(f"{len(rows)} capital phrases written to {OUT}")


if __name__ == "__main__":
    main()
