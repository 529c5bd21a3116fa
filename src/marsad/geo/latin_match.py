"""Candidates among places that GeoNames names only in Latin for an Arabic spelling
("باتيكول" → Patikul), inside given countries.

Candidates meet on consonant skeletons (geo/transliteration.py) and are scored with a
reading similarity (vowels included) plus the evidence the geoparser uses for its own
candidates: the article's country weight, a province it names, feature and population.
Where in a text a name is tried is the geoparser's business (extract/latin_places.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from pathlib import Path

from marsad.geo.gazetteer import Place
from marsad.geo.latin import LatinGazetteer, LatinHit
from marsad.geo.names import TERMS_PATH
from marsad.geo.transliteration import arabic_phonetic, arabic_skeletons, latin_phonetic
from marsad.text.normalize import normalize_key

COMMON_WORDS_PATH = (
    Path(__file__).resolve().parents[1] / "knowledge" / "built" / "gazetteer_latin_common_words.tsv"
)
UNKNOWN_COMMON_WORDS_PATH = COMMON_WORDS_PATH.with_name("unknown_place_common_words.tsv")
MAX_WORDS = 3  # words a name may have
MIN_SKELETON = 2  # consonant classes a name needs
MIN_SIMILARITY = 0.8  # reading similarity a candidate needs
FUZZY_SIMILARITY = 0.85  # ... when the skeletons meet only after one deletion
SHORT_SKELETON = 3  # below this many classes names collide: the reading must agree closely
SHORT_SIMILARITY = 0.85
MAX_COUNTRIES = 3
_FEATURE_WEIGHT = {"capital": 0.6, "city": 0.5, "town": 0.35, "village": 0.1, "neighbourhood": 0.1}


@dataclass(frozen=True, slots=True)
class LatinCandidate:
    place: Place
    name: str
    score: float
    similarity: float
    edits: int
    skeleton: str


@cache
def name_terms(kind: str) -> frozenset[str]:
    out: set[str] = set()
    with TERMS_PATH.open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            term, k, *_ = line.rstrip("\n").split("\t")
            if k == kind:
                out.add(normalize_key(term))
    return frozenset(out)


@cache
def common_words(path: Path = COMMON_WORDS_PATH) -> frozenset[str]:
    """Everyday words of Arabic news (built by scripts/build_gazetteer_latin.py from word
    counts of the bulk corpus, and the name_terms rows of kind latin_not_name)."""
    words = set(name_terms("latin_not_name"))
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                words.add(line.split("\t", 1)[0])
    return frozenset(words)


@cache
def unknown_place_common_words(path: Path = UNKNOWN_COMMON_WORDS_PATH) -> frozenset[str]:
    """Words in many articles of the bulk corpus beyond the list above (verbs, adjectives:
    "سيطر", "تبعد"): no name of a place no source knows (extract/unknown_places.py)."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("\t", 1)[0] for line in lines if line and not line.startswith("#"))


def province_nouns() -> frozenset[str]:
    """Place nouns of a province (kind latin_province_noun): "ولاية ميسوري" is no village."""
    return name_terms("latin_province_noun")


SEAT_FEATURES = frozenset({"capital", "city", "town"})  # what a province noun's Latin name may be


def place_nouns() -> frozenset[str]:
    """Nouns after which a Latin-only name is tried (name_terms.tsv, kind latin_place_noun)."""
    return name_terms("latin_place_noun")


def rank(
    mention: str,
    countries: list[str],
    latin: LatinGazetteer,
    context: Counter | None = None,
    min_similarity: float = 0.0,
) -> list[LatinCandidate]:
    """Candidates for an Arabic mention inside the given countries (ISO2), best first.
    context: article evidence, (country name) and (country name, admin1) → weight.
    min_similarity: candidates whose (rounded) reading similarity is lower are left out
    before their place is read (the geoparser never takes them; `marsad where` shows all)."""
    skeletons, reading = _readings(mention)
    if not skeletons:
        return []
    context = context or Counter()
    accept = None
    if min_similarity > 0:

        def accept(name: str) -> bool:
            return _similar_enough(reading, name, min_similarity)

    out: list[LatinCandidate] = []
    for cc in countries:
        best: dict[str, LatinCandidate] = {}
        for hit in latin.match(skeletons, cc, accept):
            cand = _score(hit, reading, context)
            old = best.get(hit.place.id)
            if old is None or cand.score > old.score:
                best[hit.place.id] = cand
        out.extend(best.values())
    out.sort(key=lambda c: (-c.score, c.place.id))
    return out


@lru_cache(maxsize=1 << 16)
def reading_similarity(reading: str, name: str) -> float:
    """How close an Arabic reading (arabic_phonetic) is to a Latin name's; cached because
    the same few names come back article after article."""
    return SequenceMatcher(None, reading, latin_phonetic_cached(name), autojunk=False).ratio()


@lru_cache(maxsize=1 << 16)
def latin_phonetic_cached(name: str) -> str:
    return latin_phonetic(name)


@lru_cache(maxsize=1 << 14)
def _readings(mention: str) -> tuple[list[str], str]:
    """The mention's skeletons (of MIN_SKELETON classes or more) and its reading."""
    return [s for s in arabic_skeletons(mention) if len(s) >= MIN_SKELETON], arabic_phonetic(mention)


def _similar_enough(reading: str, name: str, floor: float) -> bool:
    # The bounds of SequenceMatcher.real_quick_ratio (lengths) and quick_ratio (letters in
    # common) are never below the ratio: most names fail them before any alignment.
    latin = latin_phonetic_cached(name)
    size = len(reading) + len(latin)
    if not size:
        return floor <= 0
    if round(2 * min(len(reading), len(latin)) / size, 3) < floor:
        return False
    if round(2 * sum((Counter(reading) & Counter(latin)).values()) / size, 3) < floor:
        return False
    return round(reading_similarity(reading, name), 3) >= floor


def _score(hit: LatinHit, reading: str, context: Counter) -> LatinCandidate:
    p = hit.place
    similarity = reading_similarity(reading, hit.name)
    s = 3.0 * similarity - 0.5 * hit.edits
    s += _FEATURE_WEIGHT.get(p.feature, 0.1)
    if p.population:
        s += min(0.6, len(str(p.population)) / 10)
    s += min(1.0, context.get(p.country, 0) / 4)
    if p.admin1 and context.get((p.country, p.admin1)):
        s += 1.0  # a province the article names
    return LatinCandidate(p, hit.name, round(s, 3), round(similarity, 3), hit.edits, hit.skeleton)


def close_enough(c: LatinCandidate, words: int) -> bool:
    """Similar enough: a name of several words must meet exactly (no edit), and a short
    skeleton needs a close reading."""
    if words > 1 and c.edits:
        return False
    short = len(c.skeleton) < SHORT_SKELETON
    strict = short or words > 1 or c.edits
    return c.similarity >= (max(SHORT_SIMILARITY, FUZZY_SIMILARITY) if strict else MIN_SIMILARITY)
