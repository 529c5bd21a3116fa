"""The packaged gazetteer: places, admin units and countries with Arabic and Latin names.

Built by scripts/build_gazetteer.py into knowledge/built/gazetteer.tsv.gz. Every row
carries its look-up keys (normalize_key forms of its names, precomputed at build time)
so loading is a split of lines, not a re-normalisation of every alias.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from marsad.geo.names import ADMIN_WORDS, article_variants, is_arabic, latin_fold, latin_skeleton
from marsad.text.normalize import normalize_key

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "knowledge" / "built" / "gazetteer.tsv.gz"

ADMIN_FEATURES = ("country", "admin1", "admin2", "admin3")
MIN_SKELETON = 5  # consonants a loose Latin skeleton needs before it is trusted

_GEONAMES_REF = re.compile(r"geonames(?::|id=)(\d+)")


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name_en: str
    name_ar: str
    country: str
    country_iso2: str
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    feature: str
    population: int
    source: str

    @property
    def has_coords(self) -> bool:
        return self.lat is not None and self.lon is not None


# -- the key index file ------------------------------------------------------------------------
# The build writes, next to gazetteer.tsv.gz, gazetteer.index.tsv.gz: one line per key with
# the row numbers that carry it. Loading it is a split per key instead of re-walking every
# row's keys. Its first line names the sha1 of the table it indexes; a stale or missing
# index is ignored and the index is rebuilt from the table's keys column.


def index_path(table: Path) -> Path:
    return table.with_name(table.name.replace(".tsv.gz", ".index.tsv.gz"))


def render_index(row_keys: list[list[str]], table_gz: bytes) -> bytes:
    """The gzipped key index for a table whose rows carry row_keys (deterministic)."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, keys in enumerate(row_keys):
        for k in keys:
            if not by_key[k] or by_key[k][-1] != i:
                by_key[k].append(i)
    lines = [f"#sha1={hashlib.sha1(table_gz).hexdigest()}\trows={len(row_keys)}"]
    lines += [f"{k}\t{','.join(map(str, v))}" for k, v in sorted(by_key.items())]
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))
    return buf.getvalue()


def _read_index(table: Path, table_gz: bytes, rows: int) -> dict[str, str] | None:
    path = index_path(table)
    if not path.exists():
        return None
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    head, _, body = text.partition("\n")
    if head != f"#sha1={hashlib.sha1(table_gz).hexdigest()}\trows={rows}":
        return None
    return dict(line.split("\t", 1) for line in body.split("\n") if line)


# -- the gazetteer ---------------------------------------------------------------------------

_FEATURE_LEVEL = {"country": "country", "admin1": "admin1", "admin2": "admin2", "admin3": "admin3"}


class Gazetteer:
    """Look-ups over the built gazetteer. Rows are parsed into Place objects only when a
    look-up returns them, which keeps loading well under half a second."""

    _default: Gazetteer | None = None

    def __init__(self, lines: list[str], header: list[str], index: dict[str, str] | None = None) -> None:
        self._lines = lines
        col = {name: i for i, name in enumerate(header)}
        self._ci = [
            col[c]
            for c in (
                "id",
                "name_en",
                "name_ar",
                "country",
                "country_iso2",
                "admin1",
                "admin2",
                "lat",
                "lon",
                "feature",
                "population",
                "source",
            )
        ]
        self._c_alts, self._c_cf, self._c_keys = col["alt_names"], col["coords_from"], col["keys"]
        self._c_feature = col["feature"]
        self._cache: dict[int, Place] = {}
        # key -> comma-separated row numbers (parsed only when the key is looked up)
        self._by_key: dict[str, str] = index if index is not None else self._index_from_rows()
        self._by_id: dict[str, int] | None = None
        self._skeleton: dict[str, list[int]] | None = None
        self._admin_index: tuple[dict[str, int], dict[tuple[str, str], list[int]]] | None = None
        self._country_codes: dict[str, str] | None = None

    def _index_from_rows(self) -> dict[str, str]:
        by_key: dict[str, list[int]] = {}
        c_keys = self._c_keys
        for i, line in enumerate(self._lines):
            cell = line.split("\t")[c_keys]
            if not cell:
                continue
            for k in cell.split("|"):
                hits = by_key.get(k)
                if hits is None:
                    by_key[k] = [i]
                elif hits[-1] != i:
                    hits.append(i)
        return {k: ",".join(map(str, v)) for k, v in by_key.items()}

    def _hits(self, key: str) -> list[int]:
        cell = self._by_key.get(key)
        return [int(x) for x in cell.split(",")] if cell else []

    # -- loading ----------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Load the built gazetteer; without a path, a cached default instance."""
        if path is None:
            if cls._default is None:
                cls._default = cls._read(DEFAULT_PATH)
            return cls._default
        return cls._read(Path(path))

    @classmethod
    def _read(cls, path: Path) -> Gazetteer:
        table_gz = path.read_bytes()
        lines = gzip.decompress(table_gz).decode("utf-8").split("\n")
        header = lines[0].split("\t")
        rows = [line for line in lines[1:] if line]
        return cls(rows, header, _read_index(path, table_gz, len(rows)))

    def __len__(self) -> int:
        return len(self._lines)

    def _place(self, i: int) -> Place:
        p = self._cache.get(i)
        if p is None:
            f = self._lines[i].split("\t")
            pid, en, ar, country, cc, a1, a2, lat, lon, feat, pop, src = (f[j] for j in self._ci)
            p = Place(
                pid,
                en,
                ar,
                country,
                cc,
                a1 or None,
                a2 or None,
                float(lat) if lat else None,
                float(lon) if lon else None,
                feat,
                int(pop) if pop else 0,
                src,
            )
            self._cache[i] = p
        return p

    def _field(self, i: int, col: int) -> str:
        return self._lines[i].split("\t")[col]

    def _index_of(self, place_id: str) -> int | None:
        if self._by_id is None:
            self._by_id = {line.split("\t", 1)[0]: i for i, line in enumerate(self._lines)}
        return self._by_id.get(place_id)

    @property
    def places(self) -> list[Place]:
        """Every row as a Place (parses the whole table; meant for bulk use, not look-ups)."""
        return [self._place(i) for i in range(len(self._lines))]

    # -- look-ups ---------------------------------------------------------------------------
    def candidates(self, key: str) -> list[Place]:
        """Places whose name or alias has this normalize_key form; the key with or without
        a leading ال on its first word is tried too, and Latin keys fall back to a loose
        transliteration skeleton when nothing matches exactly."""
        key = key.strip()
        if not key:
            return []
        hits: list[int] = self._hits(key)
        for variant in article_variants(key):
            hits.extend(self._hits(variant))
        if not is_arabic(key):
            folded = latin_fold(key)
            if folded != key:
                hits.extend(self._hits(folded))
            if not hits:
                skeleton = latin_skeleton(key)
                # Short skeletons ("nhm", "brh") match unrelated names: only long ones are used.
                if len(skeleton.replace(" ", "")) >= MIN_SKELETON:
                    hits.extend(self._skeleton_index().get(skeleton, ()))
        seen: set[int] = set()
        return [self._place(i) for i in hits if not (i in seen or seen.add(i))]

    def _skeleton_index(self) -> dict[str, list[int]]:
        if self._skeleton is None:
            index: dict[str, list[int]] = defaultdict(list)
            for key in self._by_key:
                if not is_arabic(key):
                    sk = latin_skeleton(key)
                    if sk:
                        for i in self._hits(key):
                            if i not in index[sk]:
                                index[sk].append(i)
            self._skeleton = index
        return self._skeleton

    def alias_keys(self) -> Iterable[str]:
        """Every normalised name and alias (Arabic and Latin), for an Aho-Corasick automaton."""
        return self._by_key.keys()

    def aliases(self, place: Place) -> list[str]:
        """The alternative names of a place as stored (not normalised)."""
        i = self._index_of(place.id)
        cell = self._field(i, self._c_alts) if i is not None else ""
        return cell.split("|") if cell else []

    def get(self, place_id: str) -> Place | None:
        i = self._index_of(place_id)
        return self._place(i) if i is not None else None

    def coords_from(self, place: Place) -> str:
        """ "shared", "curated" or "" (no coordinates): where the row's point came from."""
        i = self._index_of(place.id)
        return self._field(i, self._c_cf) if i is not None else ""

    def _admin(self) -> tuple[dict[str, int], dict[tuple[str, str], list[int]]]:
        if self._admin_index is None:
            countries: dict[str, int] = {}
            admin1: dict[tuple[str, str], list[int]] = defaultdict(list)
            for i, line in enumerate(self._lines):
                if "\tcountry\t" not in line and "\tadmin1\t" not in line:
                    continue
                f = line.split("\t")
                feature, cc = f[self._c_feature], f[self._ci[4]]
                if feature == "country":
                    countries[cc.lower()] = i
                elif feature == "admin1":
                    for k in f[self._c_keys].split("|"):
                        admin1[(cc, k)].append(i)
            self._admin_index = (countries, admin1)
        return self._admin_index

    def country(self, name_or_iso2: str) -> Place | None:
        s = name_or_iso2.strip()
        if len(s) == 2 and s.isascii():
            i = self._admin()[0].get(s.lower())
            return self._place(i) if i is not None else None
        for p in self.candidates(normalize_key(s)):
            if p.feature == "country":
                return p
        return None

    def country_codes_to_names(self) -> dict[str, str]:
        """ISO2 → the English country name places carry."""
        return {cc.upper(): self._place(i).country for cc, i in self._admin()[0].items()}

    def country_code(self, country_name: str) -> str | None:
        """The ISO2 code of a country by the English name places carry."""
        if self._country_codes is None:
            self._country_codes = {v: k for k, v in self.country_codes_to_names().items()}
        return self._country_codes.get(country_name)

    def admin1(self, country_iso2: str, name: str) -> Place | None:
        key = normalize_key(name)
        cc = country_iso2.upper()
        for k in [key, *article_variants(key)] + ([] if is_arabic(key) else [latin_fold(name)]):
            idxs = self._admin()[1].get((cc, k))
            if idxs:
                return self._place(idxs[0])
        # "محافظة حلب" / "ولاية بورنو": the generic word in front is optional.
        words = key.split()
        if len(words) > 1 and words[0] in ADMIN_WORDS:
            return self.admin1(cc, " ".join(words[1:]))
        return None

    def geonames_ids(self) -> set[str]:
        """Every GeoNames id the gazetteer holds, also those of records merged into other
        rows (their ids stand in the row's sources)."""
        return {f"geonames:{gid}" for line in self._lines for gid in _GEONAMES_REF.findall(line)}

    def stats(self, latin_only: Mapping[str, int] | None = None) -> dict:
        """Counts per country: rows, rows with coordinates, per level, and how many
        coordinates came from the shared data versus our curated additions. latin_only:
        per ISO2 code, the places with points that only the Latin table (geo/latin.py) adds."""
        per: dict[str, Counter] = defaultdict(Counter)
        for i in range(len(self._lines)):
            p, cf = self._place(i), self._field(i, self._c_cf)
            c = per[p.country_iso2]
            level = _FEATURE_LEVEL.get(p.feature, "place")
            c["rows"] += 1
            c[level] += 1
            if p.has_coords:
                c["with_coords"] += 1
                c[f"{level}_with_coords"] += 1
                c[f"coords_{cf or 'shared'}"] += 1
        total: Counter = Counter()
        for cc, n in (latin_only or {}).items():
            per[cc]["latin_only"] += n
            per[cc]["with_coords_after"] = per[cc]["with_coords"] + n
        for c in per.values():
            c.setdefault("with_coords_after", c["with_coords"])
            total.update(c)
        return {"total": dict(total), "countries": {cc: dict(c) for cc, c in sorted(per.items())}}
