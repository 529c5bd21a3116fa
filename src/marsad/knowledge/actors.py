"""The actor knowledge base: who fights whom, under which names, in which coalitions, when.

Facts live in YAML files under ``knowledge/data/actors/`` (one file per region, plus
``generic.yaml`` for templated actors such as "Civilians ({country})"), the Arabic names
of countries in ``countries.tsv`` and partisan labels in ``framing.tsv``. This module
parses and validates them once per process and offers look-ups by alias, coalition and
country.

ACLED coding conventions kept here:
- ``inter`` is the ACLED actor-type code (1 state … 8 external/other). A state force
  acting outside its own country is coded 8 by ACLED; :meth:`Actor.inter_for` gives the
  code for an event in a given country.
- State forces carry a ``branch`` (army, air_force, police, intelligence, navy, ...), so
  a generic mention such as "الجيش" or "الطيران الحربي" can be turned into the state
  force of the article's country by :meth:`ActorBase.instantiate`.
"""

from __future__ import annotations

import csv
import hashlib
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from marsad.text.normalize import normalize, normalize_key

DATA_DIR = Path(__file__).parent / "data" / "actors"

# ACLED actor types: kind -> inter code.
KIND_INTER: dict[str, int] = {
    "state": 1,
    "rebel": 2,
    "political_militia": 3,
    "identity_militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external": 8,
}
BRANCHES = frozenset(
    {"army", "air_force", "navy", "police", "intelligence", "government", "paramilitary", "special_forces"}
)
_FIELDS = frozenset(
    {
        "id",
        "name",
        "name_ar",
        "kind",
        "inter",
        "country",
        "active",
        "aliases_ar",
        "aliases_en",
        "member_of",
        "parent",
        "successor",
        "branch",
        "generic",
        "sources",
        "note",
        "shared_aliases",
        "period_names",
    }
)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Single-letter proclitics that attach to a following word (conjunctions, prepositions).
_CLITICS = ("و", "ف", "ب", "ل", "ك")


class ActorDataError(ValueError):
    """The actor data files are inconsistent (unknown kind, dangling reference, ...)."""


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    name_ar: str
    kind: str
    inter: int
    country: str | None
    active: tuple[int | None, int | None]
    parent: str | None
    generic: bool
    coalitions: tuple[tuple[str, int | None, int | None], ...]  # (coalition id, from, to)
    aliases_ar: tuple[str, ...] = field(default=(), repr=False)
    aliases_en: tuple[str, ...] = field(default=(), repr=False)
    branch: str | None = None
    successor: str | None = None  # id of the actor this one was renamed/merged into
    sources: tuple[str, ...] = field(default=(), repr=False)
    # ACLED renames state forces with each government: (from, to, name) per period.
    period_names: tuple[tuple[int | None, int | None, str], ...] = field(default=(), repr=False)
    shared_aliases: tuple[str, ...] = field(
        default=(), repr=False
    )  # aliases deliberately shared with other actors

    def name_in(self, year: int | None) -> str:
        """The canonical name used for events in ``year`` (``name`` when no period matches).

        A name dated to a government period that does not cover ``year`` ("(2022-)" for a
        2019 event) loses that date rather than carry a wrong one."""
        for lo, hi, name in self.period_names:
            if year is not None and _in_period(year, lo, hi):
                return name
        if year is None:
            return self.name
        m = _NAME_PERIOD.search(self.name)
        if m and not _in_period(year, int(m.group(1)), int(m.group(2)) if m.group(2) else None):
            return _SPACES.sub(" ", self.name[: m.start()] + " " + self.name[m.end() :]).strip()
        return self.name

    def active_in(self, year: int | None) -> bool:
        """True when the actor existed in ``year`` (always True for an unknown year)."""
        if year is None:
            return True
        start, end = self.active
        return (start is None or start <= year) and (end is None or year <= end)

    def inter_for(self, event_country: str | None) -> int:
        """ACLED inter code for an event in ``event_country``: state forces abroad are 8."""
        if self.inter == 1 and event_country and self.country and self.country != event_country:
            return 8
        return self.inter

    def member_of(self, coalition_id: str, year: int | None) -> bool:
        return any(c == coalition_id and _in_period(year, lo, hi) for c, lo, hi in self.coalitions)


_NAME_PERIOD = re.compile(r"\((\d{4})-(\d{4})?\)")
_SPACES = re.compile(r"\s+")


def _in_period(year: int | None, lo: int | None, hi: int | None) -> bool:
    if year is None:
        return True
    return (lo is None or lo <= year) and (hi is None or year <= hi)


def _as_year(value: object, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and 1900 <= value <= 2100:
        return value
    raise ActorDataError(f"{where}: bad year {value!r}")


def _strings(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ActorDataError(f"{where}: expected a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _parse_actor(raw: object, where: str) -> Actor:
    if not isinstance(raw, dict):
        raise ActorDataError(f"{where}: an actor must be a mapping")
    unknown = set(raw) - _FIELDS
    if unknown:
        raise ActorDataError(f"{where}: unknown fields {sorted(unknown)}")
    for key in ("id", "name", "name_ar", "kind", "inter"):
        if key not in raw:
            raise ActorDataError(f"{where}: missing {key}")
    actor_id = raw["id"]
    where = f"{where} ({actor_id})"
    if not isinstance(actor_id, str) or not _ID.match(actor_id):
        raise ActorDataError(f"{where}: bad id")
    kind, inter = raw["kind"], raw["inter"]
    if kind not in KIND_INTER:
        raise ActorDataError(f"{where}: unknown kind {kind!r}")
    if KIND_INTER[kind] != inter:
        raise ActorDataError(f"{where}: kind {kind} needs inter {KIND_INTER[kind]}, not {inter!r}")
    active = raw.get("active") or [None, None]
    if not isinstance(active, list) or len(active) != 2:
        raise ActorDataError(f"{where}: active must be [from, to]")
    start, end = _as_year(active[0], where), _as_year(active[1], where)
    if start is not None and end is not None and end < start:
        raise ActorDataError(f"{where}: active period ends before it starts")
    coalitions: list[tuple[str, int | None, int | None]] = []
    for m in raw.get("member_of") or []:
        if not isinstance(m, dict) or "coalition" not in m or set(m) - {"coalition", "from", "to"}:
            raise ActorDataError(f"{where}: member_of entries are {{coalition, from, to}}")
        coalitions.append((m["coalition"], _as_year(m.get("from"), where), _as_year(m.get("to"), where)))
    branch = raw.get("branch")
    if branch is not None and branch not in BRANCHES:
        raise ActorDataError(f"{where}: unknown branch {branch!r}")
    period_names: list[tuple[int | None, int | None, str]] = []
    for p in raw.get("period_names") or []:
        if not isinstance(p, dict) or set(p) != {"from", "to", "name"} or not isinstance(p["name"], str):
            raise ActorDataError(f"{where}: period_names entries are {{from, to, name}}")
        period_names.append((_as_year(p["from"], where), _as_year(p["to"], where), p["name"].strip()))
    sources = _strings(raw.get("sources"), f"{where} sources")
    generic = bool(raw.get("generic", False))
    if not sources and not generic:
        raise ActorDataError(f"{where}: a named actor needs sources")
    return Actor(
        id=actor_id,
        name=str(raw["name"]).strip(),
        name_ar=str(raw["name_ar"]).strip(),
        kind=kind,
        inter=inter,
        country=raw.get("country"),
        active=(start, end),
        parent=raw.get("parent"),
        generic=generic,
        coalitions=tuple(coalitions),
        aliases_ar=_strings(raw.get("aliases_ar"), f"{where} aliases_ar"),
        aliases_en=_strings(raw.get("aliases_en"), f"{where} aliases_en"),
        branch=branch,
        successor=raw.get("successor"),
        sources=sources,
        period_names=tuple(period_names),
        shared_aliases=_strings(raw.get("shared_aliases"), f"{where} shared_aliases"),
    )


# Head nouns written two ways: the construct plural changes with case ("مسلحو X" subject,
# "مسلحي X" object), and militia has two common spellings.
_HEAD_SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("مسلحي", "مسلحو"),
    ("مقاتلي", "مقاتلو"),
    ("متمردي", "متمردو"),
    ("منتسبي", "منتسبو"),
    ("ميليشيا", "مليشيا"),
    ("ميليشيات", "مليشيات"),
    ("الميليشيا", "المليشيا"),
    ("الميليشيات", "المليشيات"),
)
_HEAD_VARIANTS: dict[str, tuple[str, ...]] = {
    normalize_key(w): tuple(normalize_key(o) for o in group if o != w)
    for group in _HEAD_SPELLINGS
    for w in group
}


# Group nouns after which the rest of a name is often quoted.
_QUOTED_AFTER = frozenset(
    normalize_key(w)
    for w in (
        "حركة",
        "جماعة",
        "تنظيم",
        "ميليشيا",
        "ميليشيات",
        "مليشيا",
        "مليشيات",
        "مسلحو",
        "مسلحي",
        "مقاتلو",
        "مقاتلي",
        "عناصر",
        "كتيبة",
        "كتائب",
        "لواء",
        "قوات",
        "عشيرة",
        "قبيلة",
        "جبهة",
        "فصائل",
        "فصيل",
        "هيئة",
        "سرايا",
    )
)


def _alias_variants(key: str) -> Iterator[str]:
    """The key itself, its other spellings of a head noun ("مسلحي X" → "مسلحو X",
    "ميليشيا X" → "مليشيا X"), and for "ال…" keys the "لل…" form that Arabic writes after ل."""
    head, sep, rest = key.partition(" ")
    forms = [key] + [f"{other}{sep}{rest}" for other in _HEAD_VARIANTS.get(head, ()) if sep]
    if sep and head in _QUOTED_AFTER:
        # News puts the proper part in quotes: حركة «حسم», مسلحو «الشباب» (normalised «» → ").
        forms += [f'{f.partition(" ")[0]} "{rest}"' for f in forms]
    for form in forms:
        yield form
        if form.startswith("ال") and len(form) > 3:
            yield "لل" + form[2:]


def _lookup_candidates(key: str) -> Iterator[str]:
    """The key, then the key with leading proclitics and/or the article removed."""
    yield key
    seen = {key}
    stems = [key]
    if key[:1] in _CLITICS and len(key) > 3:
        stems.append(key[1:])
    if key.startswith("لل") and len(key) > 4:
        stems.append("ال" + key[2:])
    for stem in list(stems):
        if stem.startswith("ال") and len(stem) > 4:
            stems.append(stem[2:])
        elif len(stem) > 2 and not stem.isascii():
            stems.append("ال" + stem)
    for s in stems:
        if s not in seen:
            seen.add(s)
            yield s


class ActorBase:
    """All actors, indexed by id and by normalised alias key."""

    def __init__(self, actors: Iterable[Actor], countries_ar: dict[str, str], framing: dict[str, str]):
        self._actors: dict[str, Actor] = {}
        for a in actors:
            if a.id in self._actors:
                raise ActorDataError(f"duplicate actor id {a.id}")
            self._actors[a.id] = a
        self._countries_ar = countries_ar
        self._framing = framing
        self._validate_references()
        self._by_key: dict[str, list[str]] = {}
        for key, actor_id in self.alias_keys():
            ids = self._by_key.setdefault(key, [])
            if actor_id not in ids:
                ids.append(actor_id)
        self._members: dict[str, list[str]] = {}
        for a in self._actors.values():
            for coalition_id, _lo, _hi in a.coalitions:
                self._members.setdefault(coalition_id, []).append(a.id)
        self._state_by_branch: dict[tuple[str, str], str] = {}
        for a in self._actors.values():
            if a.kind == "state" and a.branch and a.country and not a.generic:
                # The first entry of a branch per country is its main force (files list it first).
                self._state_by_branch.setdefault((a.country, a.branch), a.id)

    # -- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls) -> ActorBase:
        """The actor base from the packaged data files (parsed once per process)."""
        return _load_cached(DATA_DIR)

    @classmethod
    def from_dir(cls, data_dir: Path) -> ActorBase:
        actors: list[Actor] = []
        for path in sorted(data_dir.glob("*.yaml")):
            with path.open(encoding="utf-8") as fh:
                raw = yaml.load(fh, Loader=yaml.CSafeLoader)
            if raw is None:
                continue
            if not isinstance(raw, list):
                raise ActorDataError(f"{path.name}: expected a list of actors")
            actors.extend(_parse_actor(item, f"{path.name}[{i}]") for i, item in enumerate(raw))
        return cls(
            actors, _read_countries(data_dir / "countries.tsv"), _read_framing(data_dir / "framing.tsv")
        )

    def _validate_references(self) -> None:
        for a in self._actors.values():
            for ref, what in ((a.parent, "parent"), (a.successor, "successor")):
                if ref is not None and ref not in self._actors:
                    raise ActorDataError(f"{a.id}: {what} {ref} is not an actor")
            for coalition_id, _lo, _hi in a.coalitions:
                if coalition_id not in self._actors:
                    raise ActorDataError(f"{a.id}: coalition {coalition_id} is not an actor")
                if coalition_id == a.id:
                    raise ActorDataError(f"{a.id}: member of itself")

    # -- access --------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors.values())

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._actors

    def get(self, actor_id: str) -> Actor:
        try:
            return self._actors[actor_id]
        except KeyError:
            raise KeyError(f"unknown actor {actor_id!r}") from None

    def alias_keys(self) -> Iterator[tuple[str, str]]:
        """(normalize_key(alias), actor id) pairs for building a matcher.

        Every alias, the Arabic and English canonical names, and for keys that start with
        the article "ال" also the "لل…" spelling (ل + ال). Other proclitics (و ف ب ك) are
        left to the matcher: they precede an alias without changing it.
        """
        for a in self._actors.values():
            names = (a.name_ar, *a.aliases_ar, *a.aliases_en)
            if not a.generic:
                names = (a.name, *names)
            if not a.generic:
                names = (*names, *(p[2] for p in a.period_names))
            for alias in names:
                key = normalize_key(alias)
                if not key:
                    continue
                for variant in _alias_variants(key):
                    yield variant, a.id

    def ids_for_key(self, key: str) -> list[str]:
        """Actor ids registered under an already normalised alias key."""
        return list(self._by_key.get(key, ()))

    def lookup(self, text: str, year: int | None = None) -> list[Actor]:
        """Actors whose alias equals ``text`` after normalisation.

        Tries the text as written, then without a leading proclitic (و ف ب ل ك) and/or
        the article. With ``year``, a renamed actor resolves to its successor active in
        that year (e.g. "جبهة النصرة" in 2017 → its successor), and actors known not to
        exist that year are dropped when an active one is found.
        """
        key = normalize_key(text)
        if not key:
            return []
        for candidate in _lookup_candidates(key):
            ids = self._by_key.get(candidate)
            if ids:
                return self._time_filter([self._actors[i] for i in ids], year)
        return []

    def _time_filter(self, actors: list[Actor], year: int | None) -> list[Actor]:
        if year is None:
            return actors
        out: list[Actor] = []
        for a in actors:
            cur, hops = a, 0
            while not cur.active_in(year) and cur.successor and hops < 5:
                cur, hops = self._actors[cur.successor], hops + 1
            if cur not in out:
                out.append(cur)
        active = [a for a in out if a.active_in(year)]
        return active or out

    def members(self, coalition_id: str, year: int | None = None) -> list[Actor]:
        """Actors that belonged to ``coalition_id`` in ``year`` (any time when None)."""
        return [
            self._actors[i]
            for i in self._members.get(coalition_id, ())
            if self._actors[i].member_of(coalition_id, year)
        ]

    def coalitions_of(self, actor_id: str, year: int | None = None) -> list[Actor]:
        """Coalitions ``actor_id`` belonged to in ``year`` (any time when None)."""
        actor = self.get(actor_id)
        out: list[Actor] = []
        for coalition_id, lo, hi in actor.coalitions:
            if _in_period(year, lo, hi) and self._actors[coalition_id] not in out:
                out.append(self._actors[coalition_id])
        return out

    def children(self, actor_id: str) -> list[Actor]:
        """Actors whose parent is ``actor_id`` (air force, police, ... of a state)."""
        return [a for a in self._actors.values() if a.parent == actor_id]

    def state_force(self, country: str, branch: str) -> Actor | None:
        """The state force of ``country`` for ``branch`` (army, air_force, police, ...)."""
        actor_id = self._state_by_branch.get((country, branch))
        return self._actors[actor_id] if actor_id else None

    def country_ar(self, country: str) -> str | None:
        return self._countries_ar.get(country)

    def instantiate(self, actor: Actor, country: str | None) -> Actor:
        """A concrete actor for a generic one in ``country``.

        Generic state forces ("الجيش", "الطيران الحربي") become the state force of that
        country when the base has one; templates such as "Civilians ({country})" get
        their placeholders filled. Non-generic actors and unknown countries come back
        unchanged (the template keeps "{country}" only when country is None).
        """
        if not country:
            return actor
        if not actor.generic:
            if actor.country is None:
                # A transnational umbrella (Islamic State, al-Qaeda) -> its branch in that country.
                for child in self.children(actor.id):
                    if child.country == country:
                        return child
            return actor
        if actor.kind == "state" and actor.branch:
            concrete = self.state_force(country, actor.branch)
            if concrete is not None:
                return concrete
        country_ar = self._countries_ar.get(country, country)
        return replace(
            actor,
            id=f"{actor.id}:{normalize_key(country).replace(' ', '-')}",
            name=actor.name.replace("{country}", country),
            name_ar=actor.name_ar.replace("{country_ar}", country_ar).replace("{country}", country_ar),
            country=country,
        )

    def framing_words(self) -> dict[str, str]:
        """Normalised loaded/partisan word -> meaning (terrorist, takfiri, gang, ...)."""
        return dict(self._framing)

    # -- matching in running text ----------------------------------------------------------------

    def find(self, text: str) -> list[tuple[int, int, list[Actor]]]:
        """Alias mentions in ``text`` as (start, end, actors), offsets into ``text``.

        Matching is done on the normalised text with punctuation folded to spaces (so
        'تنظيم "الدولة الإسلامية"' matches), longest match first; a match must start at
        a word start (after an optional proclitic و ف ب ل ك) and end at a word end.
        """
        norm = normalize(text)
        compact, index = _compact(norm.text)
        automaton = _automaton(self)
        found: list[tuple[int, int, str]] = []
        for end_idx, key in automaton.iter(compact):
            start, end = end_idx - len(key) + 1, end_idx + 1
            if end < len(compact) and compact[end].isalnum():
                continue
            pre = start
            if pre > 0 and compact[pre - 1] in _CLITICS and (pre == 1 or not compact[pre - 2].isalnum()):
                pre -= 1
            if pre > 0 and compact[pre - 1].isalnum():
                continue
            found.append((start, end, key))
        chosen: list[tuple[int, int, str]] = []
        for start, end, key in sorted(found, key=lambda m: (-(m[1] - m[0]), m[0])):
            if all(end <= s or start >= e for s, e, _ in chosen):
                chosen.append((start, end, key))
        chosen.sort()
        out: list[tuple[int, int, list[Actor]]] = []
        for start, end, key in chosen:
            o_start, o_end = norm.to_original(index[start], index[end - 1] + 1)
            out.append((o_start, o_end, [self._actors[i] for i in self._by_key[key]]))
        return out


# Folded to spaces like normalize_key does, plus "#" so hashtags (#داعش) match.
_FOLD = frozenset("\"'()[],.:;!?؟،؛_/\\#-")


def _compact(text: str) -> tuple[str, list[int]]:
    """Lower-cased text with punctuation as spaces and runs of spaces collapsed, the way
    normalize_key builds alias keys, plus the index of each kept character in ``text``."""
    chars: list[str] = []
    index: list[int] = []
    space = True
    for i, ch in enumerate(text.lower()):
        if ch in _FOLD or ch.isspace():
            if space:
                continue
            ch, space = " ", True
        else:
            space = False
        chars.append(ch)
        index.append(i)
    return "".join(chars), index


def _automaton_keys(base: ActorBase) -> list[str]:
    return list(base._by_key)


@lru_cache(maxsize=4)
def _automaton(base: ActorBase):  # type: ignore[no-untyped-def]
    import ahocorasick

    auto = ahocorasick.Automaton()
    # Keys are matched on the punctuation-preserving normalised text, so register the
    # alias keys as they are (normalize_key only folds punctuation to spaces).
    for key in _automaton_keys(base):
        auto.add_word(key, key)
    auto.make_automaton()
    return auto


def _read_countries(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    if not path.exists():
        return out
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out[row["country"].strip()] = row["country_ar"].strip()
    return out


def _read_framing(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    if not path.exists():
        return out
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            word = normalize_key(row["word"])
            if word:
                out[word] = row["meaning"].strip()
    return out


def _cache_dir() -> Path:
    override = os.environ.get("MARSAD_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "marsad"


@lru_cache(maxsize=2)
def _load_cached(data_dir: Path) -> ActorBase:
    """Parse the data files, or reuse a pickle of an earlier parse of the same bytes.

    Parsing and normalising a few thousand aliases takes a few hundred milliseconds; the
    pickle loads in a few. The cache file name carries a hash of every data file, so an
    edited file can never be served stale; an unwritable cache directory is ignored.
    """
    digest = hashlib.sha1(Path(__file__).read_bytes())
    for path in sorted(data_dir.iterdir()):
        if path.suffix in {".yaml", ".tsv"}:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    cache = _cache_dir() / f"actors-{digest.hexdigest()[:20]}.pickle"
    try:
        with cache.open("rb") as fh:
            base = pickle.load(fh)
        if isinstance(base, ActorBase):
            return base
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        pass
    base = ActorBase.from_dir(data_dir)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(base, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        pass
    return base
