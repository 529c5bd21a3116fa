#!/usr/bin/env python3
"""Build src/marsad/knowledge/data/geo/districts.tsv: second-level units (districts) of
conflict countries, for the gazetteer (scripts/build_gazetteer.py reads the file).

Sources (one a country; each row of the output names its source):

* YE, the 333 districts (مديريات) of Yemen's 22 governorates, Arabic and English names:
  YemenOpenSource/Yemen-info (https://github.com/YemenOpenSource/Yemen-info), commit
  59a8c46d00294a89941dce40ad8432fd6c3ea869 (2025-03-08), file automated/yemen-info-.db
  (SQLite, tables governorates and districts; sha256 in SOURCE_SHA256 below), licence MIT ("Copyright (c) 2022 Yemen Open Source").
  Obtained with `git show 59a8c46:automated/yemen-info-.db > yemen-info-.db` (the
  repository's yemen-info.json holds the same names). The source gives no coordinates,
  so the rows have none: the engine codes an event in a district to the governorate's
  seat with a lower precision (extract/event_location.py) and never invents a point.

A district is written only when its name is no place of the gazetteer yet, bare or after a
place noun ("مدينة ذمار" is Dhamar): where a town gives the district its name (زبيد، باجل),
the town has the point and stays the one place of that name, and a district without a
point never competes with a namesake abroad that has one (القاهرة, a district of Taiz, is
Cairo first). Names lose the source's vowel marks. Governorates are matched to our admin1
names (knowledge/data/geo/admin1.tsv) by their Arabic name.

    python scripts/build_districts.py PATH/TO/yemen-info-.db
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sqlite3
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from marsad.geo.gazetteer import Gazetteer  # noqa: E402
from marsad.geo.names import arabic_match_key  # noqa: E402
from marsad.text.normalize import normalize_key  # noqa: E402

DATA = REPO / "src" / "marsad" / "knowledge" / "data" / "geo"
OUT = DATA / "districts.tsv"
COLUMNS = [
    "country_iso2",
    "name_en",
    "name_ar",
    "alt_names",
    "feature",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "source",
]
SOURCE_SHA256 = "10a933634335289d02dbb1120457b667e6f32ef0841ed07c02169deff9e00129"
YE_SOURCE = (
    "YemenOpenSource/Yemen-info@59a8c46d00294a89941dce40ad8432fd6c3ea869 "
    "automated/yemen-info-.db (MIT) district_id="
)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _place_nouns() -> frozenset[str]:
    rows = read_tsv(DATA / "name_terms.tsv")
    return frozenset(normalize_key(r["term"]) for r in rows if r["kind"] == "latin_place_noun")


def without_marks(name: str) -> str:
    """The name without vowel marks and tatweel ("آزَاْل" → "آزال")."""
    return (
        "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch) != "Mn")
        .replace("\u0640", "")
        .strip()
    )


def is_known(name_ar: str, gazetteer: Gazetteer, nouns: frozenset[str]) -> bool:
    """A place of the gazetteer (other than a row of this script) has this name, bare or
    after a place noun."""
    key = normalize_key(name_ar)
    first, _, rest = key.partition(" ")
    keys = [key, rest] if first in nouns and rest else [key]
    # Rows of an earlier run of this script do not count: rebuilding gives the same file.
    return any(not p.source.startswith(YE_SOURCE) for k in keys for p in gazetteer.candidates(k))


def admin1_by_arabic(cc: str) -> dict[str, str]:
    """Arabic match key of each admin1 name and alias of country cc → its English name."""
    out: dict[str, str] = {}
    for r in read_tsv(DATA / "admin1.tsv"):
        if r["country_iso2"] != cc:
            continue
        for name in [r["name_ar"], *r["alt_names"].split("|")]:
            if name:
                out[arabic_match_key(name)] = r["name_en"]
    return out


def yemen_rows(db: Path, gazetteer: Gazetteer) -> tuple[list[dict[str, str]], int]:
    admin1 = admin1_by_arabic("YE")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    governorates = {
        gid: (name_en, name_ar)
        for gid, name_en, name_ar in con.execute("SELECT governorate_id, name_en, name_ar FROM governorates")
    }
    rows: list[dict[str, str]] = []
    nouns = _place_nouns()
    known = 0
    query = "SELECT district_id, governorate_id, name_en, name_ar FROM districts ORDER BY district_id"
    for did, gid, name_en, name_ar in con.execute(query):
        gov_en, gov_ar = governorates[gid]
        province = admin1.get(arabic_match_key(gov_ar))
        if province is None:
            raise SystemExit(f"governorate {gov_en} / {gov_ar} is no YE row of admin1.tsv")
        name_ar = without_marks(name_ar)
        if is_known(name_ar, gazetteer, nouns):
            known += 1
            continue
        rows.append(
            {
                "country_iso2": "YE",
                "name_en": name_en.strip(),
                "name_ar": name_ar,
                "alt_names": "",
                "feature": "admin2",
                "admin1": province,
                "admin2": name_en.strip(),
                "lat": "",
                "lon": "",
                "source": f"{YE_SOURCE}{did}",
            }
        )
    return rows, known


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("yemen_db", type=Path, help="automated/yemen-info-.db of YemenOpenSource/Yemen-info")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    digest = hashlib.sha256(args.yemen_db.read_bytes()).hexdigest()
    if digest != SOURCE_SHA256:
        print(
            f"warning: {args.yemen_db} has sha256 {digest}, not the recorded {SOURCE_SHA256}", file=sys.stderr
        )
    rows, known = yemen_rows(args.yemen_db, Gazetteer.load())
    rows.sort(key=lambda r: (r["country_iso2"], r["admin1"], r["name_en"]))
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"districts={len(rows)} already_places={known} out={args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
