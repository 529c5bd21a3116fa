"""Arabic spellings of places that GeoNames names only in Latin ("بلدة باتيكول" → Patikul).

Called by the geoparser (extract/places.py) after it has resolved the names it knows, so
that the article's countries, focus and provinces are known. A name is tried only

* right after a place noun (بلدة، قرية، مدينة، مديرية … ; knowledge/data/geo/name_terms.tsv,
  kind latin_place_noun), never after a bare preposition;
* when it is no name the gazetteer already matched there, no stop word, no everyday word
  (ambiguous place words and the common-word list built from the bulk corpus) and does
  not start with the article (foreign names do not; Arabic adjectives do: "المجاورة");
* inside the countries the article is about (its most mentioned countries, the focus's,
  the country of trusted mentions near it), never the whole world.

Candidates meet on consonant skeletons (geo/transliteration.py) and are scored with a
reading similarity (vowels included) plus the evidence the geoparser uses for its own
candidates: the article's country weight, a province it names, feature and population.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from marsad.geo.gazetteer import TERMS_PATH, Gazetteer, Place
from marsad.geo.latin import LatinGazetteer, LatinHit
from marsad.geo.transliteration import arabic_phonetic, arabic_skeletons, latin_phonetic
from marsad.text.normalize import normalize_key

if TYPE_CHECKING:
    from marsad.extract.places import PlaceMention
    from marsad.extract.tokens import Tokens
    from marsad.text.doc import Doc

COMMON_WORDS_PATH = (
    Path(__file__).resolve().parents[1] / "knowledge" / "built" / "gazetteer_latin_common_words.tsv"
)
MAX_WORDS = 3  # words a name may have
MIN_SKELETON = 2  # consonant classes a name needs
MIN_SIMILARITY = 0.8  # reading similarity a candidate needs
FUZZY_SIMILARITY = 0.85  # ... when the skeletons meet only after one deletion
SHORT_SKELETON = 3  # below this many classes names collide: the reading must agree closely
SHORT_SIMILARITY = 0.85
MAX_COUNTRIES = 3
_CLITICS = ("وب", "فب", "ول", "وك", "و", "ب", "ف", "ل", "ك")
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
def _terms(kind: str) -> frozenset[str]:
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
    words = set(_terms("latin_not_name"))
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                words.add(line.split("\t", 1)[0])
    return frozenset(words)


@cache
def _noun_forms() -> frozenset[str]:
    nouns = _terms("latin_place_noun")
    return frozenset(nouns | {c + n for c in _CLITICS for n in nouns})


def _place_noun(word: str) -> bool:
    return word in _noun_forms()


def rank(
    mention: str, countries: list[str], latin: LatinGazetteer, context: Counter | None = None
) -> list[LatinCandidate]:
    """Candidates for an Arabic mention inside the given countries (ISO2), best first.
    context: article evidence, (country name) and (country name, admin1) → weight."""
    skeletons = [s for s in arabic_skeletons(mention) if len(s) >= MIN_SKELETON]
    if not skeletons:
        return []
    reading = arabic_phonetic(mention)
    context = context or Counter()
    out: list[LatinCandidate] = []
    for cc in countries:
        best: dict[str, LatinCandidate] = {}
        for hit in latin.match(skeletons, cc):
            cand = _score(hit, reading, context)
            old = best.get(hit.place.id)
            if old is None or cand.score > old.score:
                best[hit.place.id] = cand
        out.extend(best.values())
    out.sort(key=lambda c: (-c.score, c.place.id))
    return out


def _score(hit: LatinHit, reading: str, context: Counter) -> LatinCandidate:
    p = hit.place
    similarity = SequenceMatcher(None, reading, latin_phonetic(hit.name), autojunk=False).ratio()
    s = 3.0 * similarity - 0.5 * hit.edits
    s += _FEATURE_WEIGHT.get(p.feature, 0.1)
    if p.population:
        s += min(0.6, len(str(p.population)) / 10)
    s += min(1.0, context.get(p.country, 0) / 4)
    if p.admin1 and context.get((p.country, p.admin1)):
        s += 1.0  # a province the article names
    return LatinCandidate(p, hit.name, round(s, 3), round(similarity, 3), hit.edits, hit.skeleton)


def article_countries(doc: Doc, mentions: list[PlaceMention], gazetteer: Gazetteer) -> list[str]:
    """ISO2 codes of the countries the article is about: its most mentioned countries
    (at least a third of the top count), the focus's, and the local countries of its
    mentions; at most MAX_COUNTRIES."""
    countries: Counter = doc.attrs.get("countries") or Counter()
    names: list[str] = []
    focus = doc.attrs.get("focus")
    if focus is not None:
        names.append(focus.country)
    top = countries.most_common(1)[0][1] if countries else 0
    names += [c for c, n in countries.most_common() if n * 3 >= top]
    names += [pm.extra["local_country"] for pm in mentions if pm.extra.get("local_country")]
    codes: list[str] = []
    for name in names:
        cc = gazetteer.country_code(name)
        if cc and cc not in codes:
            codes.append(cc)
    return codes[:MAX_COUNTRIES]


def _context(mentions: list[PlaceMention], doc: Doc) -> Counter:
    ctx: Counter = Counter(doc.attrs.get("countries") or Counter())
    for pm in mentions:
        if pm.place is not None and pm.place.admin1:
            ctx[(pm.place.country, pm.place.admin1)] += 1
    return ctx


def latin_mentions(
    doc: Doc,
    tokens: Tokens,
    mentions: list[PlaceMention],
    gazetteer: Gazetteer,
    stopwords: frozenset[str] = frozenset(),
    ambiguous: frozenset[str] = frozenset(),
    latin: LatinGazetteer | None = None,
) -> list[PlaceMention]:
    """Mentions of Latin-only places after place nouns (see the module docstring)."""
    from marsad.extract.places import PlaceMention

    words = tokens.words
    forms = _noun_forms()
    nouns = [i for i, w in enumerate(words) if w in forms]
    if not nouns:
        return []
    latin = latin or LatinGazetteer._default or LatinGazetteer.default(gazetteer.country_codes_to_names())
    if not latin.available():
        return []
    countries = article_countries(doc, mentions, gazetteer)
    if not countries:
        return []
    taken = [(pm.name_start, pm.end) for pm in mentions]
    context = _context(mentions, doc)
    blocked = (common_words(), stopwords, ambiguous)
    out: list[PlaceMention] = []
    for i in nouns:
        found = _match_after(i, tokens, taken, blocked, countries, latin, context)
        if found is None:
            continue
        j, cand, cands = found
        start, end = tokens.starts[i + 1], tokens.ends[j]
        pm = PlaceMention(tokens.starts[i], end, start, end, doc.ntext[start:end], [c.place for c in cands])
        pm.place, pm.score = gazetteer.get(cand.place.id) or cand.place, cand.score
        pm.extra["latin_name"] = cand.name
        out.append(pm)
        taken.append((start, end))
    return out


def _match_after(
    i: int,
    tokens: Tokens,
    taken: list[tuple[int, int]],
    blocked: tuple[frozenset[str], ...],
    countries: list[str],
    latin: LatinGazetteer,
    context: Counter,
) -> tuple[int, LatinCandidate, list[LatinCandidate]] | None:
    """The longest run of words after place noun i that names a Latin-only place."""
    words, text = tokens.words, tokens.text
    run: list[int] = []
    for j in range(i + 1, min(i + 1 + MAX_WORDS, len(words))):
        w = words[j]
        if any(s <= tokens.starts[j] < e for s, e in taken):
            break
        if _blocked(w, blocked) or w.startswith("ال") or not w.isalpha() or w.isascii() or len(w) < 3:
            break
        if run and text[tokens.ends[run[-1]] : tokens.starts[j]] not in (" ", "-", " - "):
            break
        if _place_noun(w):
            break
        run.append(j)
    best: tuple[int, LatinCandidate, list[LatinCandidate]] | None = None
    for n in range(1, len(run) + 1):
        mention = " ".join(words[k] for k in run[:n])
        cands = [c for c in rank(mention, countries, latin, context) if _close(c, n)]
        if cands and (best is None or cands[0].score > best[1].score):
            best = (run[n - 1], cands[0], cands)
    return best


def _blocked(word: str, blocked: tuple[frozenset[str], ...]) -> bool:
    """An everyday word, also behind a clitic ("ومزارع", "بالقرب")."""
    forms = [word] + [word[len(c) :] for c in _CLITICS if word.startswith(c) and len(word) - len(c) >= 3]
    return any(f in b for f in forms for b in blocked)


def _close(c: LatinCandidate, words: int) -> bool:
    """Similar enough: a name of several words must meet exactly (no edit), and a short
    skeleton needs a close reading."""
    if words > 1 and c.edits:
        return False
    short = len(c.skeleton) < SHORT_SKELETON
    strict = short or words > 1 or c.edits
    return c.similarity >= (max(SHORT_SIMILARITY, FUZZY_SIMILARITY) if strict else MIN_SIMILARITY)
