"""Everything the engine reads, loaded once per process and shared read-only.

One Aho-Corasick automaton holds every lexicon, every actor alias and every gazetteer
name, so a document is scanned once for all of them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from marsad.extract.decision_models import DecisionModels, load_decisions
from marsad.geo.gazetteer import Gazetteer
from marsad.knowledge import morphology
from marsad.knowledge.actors import ActorBase
from marsad.knowledge.lexicon import (
    Lexicon,
    WordList,
    lexicon_files,
    load_word_lists,
    read_tsv,
    word_list_names,
)
from marsad.knowledge.morphology import Clitic
from marsad.text.normalize import normalize

# Place names that are also everyday words in conflict reports: never read as places
# unless a location cue stands right before them. Kept in a data file.
_STOPLIST = "place_stopwords"


@dataclass(frozen=True)
class KnowledgeBase:
    lexicon: Lexicon  # every lexicon, actor alias and place name in one automaton
    actors: ActorBase
    gazetteer: Gazetteer
    place_stopwords: frozenset[str]  # normalised
    ambiguous_places: frozenset[str]  # normalised
    load_seconds: float
    # component -> its named word lists (knowledge/data/wordlists/COMPONENT.yaml), normalised
    word_lists: dict[str, dict[str, WordList]] = field(default_factory=dict)
    clitics: tuple[Clitic, ...] = ()  # knowledge/data/morphology/clitics.tsv
    decisions: DecisionModels = field(default_factory=DecisionModels)  # fitted, built/decisions.json.gz


@cache
def knowledge() -> KnowledgeBase:
    t0 = time.perf_counter()
    actors = ActorBase.load()
    gazetteer = Gazetteer.load()
    tables: dict[str, list[dict[str, str]]] = {name: read_tsv(path) for name, path in lexicon_files()}
    stop = frozenset(normalize(r["pattern"]).text for r in tables.pop(_STOPLIST, []))
    actor_rows: dict[str, dict[str, str]] = {}
    for key, actor_id in actors.alias_keys():
        row = actor_rows.setdefault(key, {"pattern": key, "ids": ""})
        if actor_id not in row["ids"].split("|"):
            row["ids"] = f"{row['ids']}|{actor_id}" if row["ids"] else actor_id
    tables["actor"] = list(actor_rows.values())
    tables["framing"] = [{"pattern": w, "meaning": meaning} for w, meaning in actors.framing_words().items()]
    # Words of our own lexicons (triggers, victims, cues …) are never place names.
    common = {
        normalize(r["pattern"].strip("^*")).text
        for name, rows in tables.items()
        for r in rows
        if name not in ("actor", "framing")
    }
    tables["place"] = [
        {"pattern": k}
        for k in gazetteer.alias_keys()
        if _plausible_place_key(k) and k not in common and k not in stop
    ]
    tables["place"] += _built_rows("capital_phrases")  # "العاصمة السورية" → دمشق
    lexicon = Lexicon(tables, names=frozenset({"place", "actor"}))
    word_lists = {name: load_word_lists(name) for name in word_list_names()}
    return KnowledgeBase(
        lexicon,
        actors,
        gazetteer,
        stop,
        _ambiguous_place_words(),
        time.perf_counter() - t0,
        word_lists,
        morphology.clitics(),
        load_decisions(),
    )


def _built_rows(name: str) -> list[dict[str, str]]:
    ref = resources.files("marsad").joinpath(f"knowledge/built/{name}.tsv")
    return read_tsv(ref) if ref.is_file() else []


def _ambiguous_place_words() -> frozenset[str]:
    """Place names that are everyday words (built by scripts/build_ambiguous_place_words.py)."""
    ref = resources.files("marsad").joinpath("knowledge/built/ambiguous_place_words.tsv")
    if not ref.is_file():
        return frozenset()
    rows = [
        line.split("\t")[0]
        for line in ref.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    return frozenset(rows[1:])


def _plausible_place_key(key: str) -> bool:
    # Latin keys would only match Latin text; Arabic keys shorter than 3 letters are noise.
    return len(key.replace(" ", "")) >= 3 and not key.isascii()
