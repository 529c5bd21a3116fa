"""The actor base: all actors, indexed by id, alias key, coalition and state branch."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from marsad.knowledge import morphology
from marsad.knowledge.actors.aliases import PROCLITICS, WORDS_FILE, alias_variants, compact, lookup_candidates
from marsad.knowledge.actors.parsing import read_actor_files, read_countries, read_framing
from marsad.knowledge.actors.records import Actor, ActorDataError, in_period
from marsad.text.normalize import normalize, normalize_key

if TYPE_CHECKING:
    import ahocorasick

DATA_DIR = Path(__file__).parents[1] / "data" / "actors"


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
        return cls(
            read_actor_files(data_dir),
            read_countries(data_dir / "countries.tsv"),
            read_framing(data_dir / "framing.tsv"),
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
                names = (a.name, *names, *(p[2] for p in a.period_names))
            for alias in names:
                key = normalize_key(alias)
                if not key:
                    continue
                for variant in alias_variants(key):
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
        for candidate in lookup_candidates(key):
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

    # -- coalitions, branches and generic templates ------------------------------------------

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
            if in_period(year, lo, hi) and self._actors[coalition_id] not in out:
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
        folded, index = compact(norm.text)
        found: list[tuple[int, int, str]] = []
        for end_idx, key in _automaton(self).iter(folded):
            start, end = end_idx - len(key) + 1, end_idx + 1
            if end < len(folded) and folded[end].isalnum():
                continue
            pre = start
            if pre > 0 and folded[pre - 1] in PROCLITICS and (pre == 1 or not folded[pre - 2].isalnum()):
                pre -= 1
            if pre > 0 and folded[pre - 1].isalnum():
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


@lru_cache(maxsize=4)
def _automaton(base: ActorBase) -> ahocorasick.Automaton:
    import ahocorasick

    auto = ahocorasick.Automaton()
    # Keys are matched on the punctuation-preserving normalised text, so register the
    # alias keys as they are (normalize_key only folds punctuation to spaces).
    for key in base._by_key:
        auto.add_word(key, key)
    auto.make_automaton()
    return auto


def _cache_dir() -> Path:
    override = os.environ.get("MARSAD_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "marsad"


def _code_fingerprint() -> bytes:
    """What a parse depends on besides the data files: this package's code and the word
    lists and clitics that shape alias keys."""
    parts = [
        path.name.encode() + b"\0" + path.read_bytes() for path in sorted(Path(__file__).parent.glob("*.py"))
    ]
    return b"\0".join(
        [
            *parts,
            WORDS_FILE.read_bytes(),
            resources.files("marsad").joinpath(morphology.CLITICS_FILE).read_bytes(),
        ]
    )


@lru_cache(maxsize=2)
def _load_cached(data_dir: Path) -> ActorBase:
    """Parse the data files, or reuse a pickle of an earlier parse of the same bytes.

    Parsing and normalising a few thousand aliases takes a few hundred milliseconds; the
    pickle loads in a few. The cache file name carries a hash of every data file, so an
    edited file can never be served stale; an unwritable cache directory is ignored.
    """
    digest = hashlib.sha1(_code_fingerprint())
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
