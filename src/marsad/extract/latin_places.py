"""Arabic spellings of places that GeoNames names only in Latin, in an article
("بلدة باتيكول" → Patikul).

Called by the geoparser (extract/places.py) after it has resolved the names it knows, so
that the article's countries, focus and provinces are known. A name is tried only

* right after a place noun (name_terms.tsv, kind latin_place_noun, also behind a clitic
  of names: knowledge/morphology.py), never after a bare preposition;
* when it is no name the gazetteer already matched there, no stop word, no everyday word
  (ambiguous place words and the common-word list built from the bulk corpus) and does
  not start with the article (foreign names do not; Arabic adjectives do);
* inside the countries the article is about (its most mentioned countries, the focus's,
  the country of trusted mentions near it), never the whole world.

The candidates and their scores come from geo/latin_match.py.
"""

from __future__ import annotations

import bisect
from collections import Counter
from functools import cache

from marsad.extract.place_mention import PlaceMention
from marsad.extract.tokens import Tokens
from marsad.extract.unknown_places import unknown_place
from marsad.geo.gazetteer import Gazetteer
from marsad.geo.latin import LatinGazetteer
from marsad.geo.latin_match import (
    MAX_COUNTRIES,
    MAX_WORDS,
    MIN_SIMILARITY,
    SEAT_FEATURES,
    LatinCandidate,
    close_enough,
    common_words,
    name_terms,
    place_nouns,
    province_nouns,
    rank,
    unknown_place_common_words,
)
from marsad.knowledge import morphology
from marsad.knowledge.lexicon import Match
from marsad.text.doc import Doc

MIN_WORD = 3  # letters a name word (and what a clitic leaves of a word) needs
_IN_WORDS = frozenset(name_terms("in_word"))  # "في" before a name told by its bearing from a country


def _with_clitics(nouns: frozenset[str]) -> frozenset[str]:
    """The nouns, bare and behind a clitic of names ("وبلدة", "بولاية")."""
    return frozenset(nouns | {c + n for c in morphology.proclitics("name") for n in nouns})


@cache
def _noun_forms() -> frozenset[str]:
    return _with_clitics(place_nouns())


def _place_noun(word: str) -> bool:
    return word in _noun_forms()


@cache
def _settlement_forms() -> frozenset[str]:
    """Settlement nouns (kind unknown_place_noun), bare and behind a clitic of names."""
    return _with_clitics(name_terms("unknown_place_noun"))


@cache
def _province_forms() -> frozenset[str]:
    return _with_clitics(province_nouns())


def _positions(words: list[str], word: str) -> list[int]:
    """Where word occurs in words (list.index runs in C)."""
    out: list[int] = []
    i = -1
    while True:
        try:
            i = words.index(word, i + 1)
        except ValueError:
            return out
        out.append(i)


_NAMED_AFTER_NOUN = (2, 3)  # tokens from a place noun to its nationality: "بولاية ميسوري الأميركية"


def named_countries(tokens: Tokens, demonyms: list[Match]) -> Counter[str]:
    """Countries a nationality adjective names for a place: "مدينة فيرغسون الأميركية",
    "بولاية ميسوري الأميركية", "بلدة سيزر التركية" (a place noun, a name of one or two
    words, the adjective). Such a place is in that country even when the gazetteer does
    not know its Arabic name; its Latin name is then looked for there."""
    out: Counter[str] = Counter()
    words = tokens.words
    for d in demonyms:
        country = d.entry.get("country")
        k = tokens.index_at(d.start)
        if country and any(k - gap >= 0 and _place_noun(words[k - gap]) for gap in _NAMED_AFTER_NOUN):
            out[country] += 1
    return out


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
    words = tokens.words
    present = _noun_forms().intersection(words)  # one pass in C: most articles have none
    located = [m for m in mentions if _bearing_from_country(m)]
    if not present and not located:
        return []
    nouns = sorted(i for w in present for i in _positions(words, w))
    latin = latin or LatinGazetteer._default or LatinGazetteer.default(gazetteer.country_codes_to_names())
    if not latin.available():
        return []
    countries = article_countries(doc, mentions, gazetteer)
    if not countries:
        return []
    taken = bytearray(len(words))  # per word: does it start inside a mention already found?
    for pm in mentions:
        _take(taken, tokens, pm.name_start, pm.end)
    context = _context(mentions, doc)
    blocked = (common_words(), stopwords, ambiguous)
    out: list[PlaceMention] = []
    for i in nouns:
        run = _name_run(i, tokens, taken, blocked)
        found = _match_after(i, run, tokens, countries, latin, context) if run else None
        if found is None:
            unknown = _unknown(i, run, tokens, doc, mentions, countries, gazetteer)
            if unknown is not None:
                out.append(unknown)
                _take(taken, tokens, unknown.name_start, unknown.end)
            continue
        j, cand, cands = found
        start, end = tokens.starts[i + 1], tokens.ends[j]
        pm = PlaceMention(tokens.starts[i], end, start, end, doc.ntext[start:end], [c.place for c in cands])
        pm.place, pm.score = gazetteer.get(cand.place.id) or cand.place, cand.score
        pm.extra["latin_name"] = cand.name
        # Looked for only in the article's countries: at home there, not a far namesake.
        pm.extra["local_country"] = pm.place.country
        out.append(pm)
        _take(taken, tokens, start, end)
    for m in located:
        pm = _before_bearing(m, tokens, taken, blocked, latin, context, doc, mentions, gazetteer)
        if pm is not None:
            out.append(pm)
            _take(taken, tokens, pm.name_start, pm.end)
    return out


def _bearing_from_country(m: PlaceMention) -> bool:
    """ "بشمال الكاميرون", "شمال شرق نيجيريا": a country named with a bearing cue."""
    return m.place is not None and m.place.feature == "country" and m.region and m.start < m.name_start


def _before_bearing(
    m: PlaceMention,
    tokens: Tokens,
    taken: bytearray,
    blocked: tuple[frozenset[str], ...],
    latin: LatinGazetteer,
    context: Counter,
    doc: Doc,
    mentions: list[PlaceMention],
    gazetteer: Gazetteer,
) -> PlaceMention | None:
    """ "في مروة بشمال الكاميرون", "في غومبيه بشمال شرق نيجيريا": the word between "في" and a
    bearing from a country names a place of that country; its Latin name is looked for
    there, else it is a place no source knows (unknown_places.py)."""
    words = tokens.words
    j = tokens.index_at(m.start) - 1
    if j < 1 or taken[j] or words[j - 1] not in _IN_WORDS:
        return None
    w = words[j]
    if (
        not _name_word(w, blocked)
        or _place_noun(w)
        or w in unknown_place_common_words()
        or _inflected_common(w)
    ):
        return None
    assert m.place is not None
    iso2 = m.place.country_iso2
    start, end = tokens.starts[j], tokens.ends[j]
    cands = [c for c in rank(w, [iso2], latin, context, MIN_SIMILARITY) if close_enough(c, 1)]
    if not cands:
        return unknown_place(doc.ntext, start, start, end, mentions, [iso2], gazetteer)
    pm = PlaceMention(start, end, start, end, w, [c.place for c in cands])
    pm.place, pm.score = gazetteer.get(cands[0].place.id) or cands[0].place, cands[0].score
    pm.extra["latin_name"] = cands[0].name
    pm.extra["local_country"] = pm.place.country
    pm.extra["context"] = "1"
    return pm


def _take(taken: bytearray, tokens: Tokens, start: int, end: int) -> None:
    """Mark the words that start inside [start, end): a flag per word instead of a look at
    every mention per word (a text of thousands of towns made that quadratic)."""
    for k in range(bisect.bisect_left(tokens.starts, start), bisect.bisect_left(tokens.starts, end)):
        taken[k] = 1


def _name_run(i: int, tokens: Tokens, taken: bytearray, blocked: tuple[frozenset[str], ...]) -> list[int]:
    """The words after place noun i that may be a name no gazetteer name matched."""
    words, text = tokens.words, tokens.text
    run: list[int] = []
    for j in range(i + 1, min(i + 1 + MAX_WORDS, len(words))):
        w = words[j]
        if taken[j] or not _name_word(w, blocked):
            break
        if run and text[tokens.ends[run[-1]] : tokens.starts[j]] not in (" ", "-", " - "):
            break
        if _place_noun(w):
            break
        run.append(j)
    return run


def _match_after(
    i: int,
    run: list[int],
    tokens: Tokens,
    countries: list[str],
    latin: LatinGazetteer,
    context: Counter,
) -> tuple[int, LatinCandidate, list[LatinCandidate]] | None:
    """The longest part of the name run after place noun i that names a Latin-only place."""
    words = tokens.words
    best: tuple[int, LatinCandidate, list[LatinCandidate]] | None = None
    province = words[i] in _province_forms()
    for n in range(1, len(run) + 1):
        mention = " ".join(words[k] for k in run[:n])
        cands = [
            c
            for c in rank(mention, countries, latin, context, MIN_SIMILARITY)
            if close_enough(c, n) and (not province or c.place.feature in SEAT_FEATURES)
        ]
        if cands and (best is None or cands[0].score > best[1].score):
            best = (run[n - 1], cands[0], cands)
    return best


def _unknown(
    i: int,
    run: list[int],
    tokens: Tokens,
    doc: Doc,
    mentions: list[PlaceMention],
    countries: list[str],
    gazetteer: Gazetteer,
) -> PlaceMention | None:
    """A place no source knows after a settlement noun ("في قرية كاتشدورا"): unknown_places.py."""
    words = tokens.words
    if not run or words[i] not in _settlement_forms():
        return None
    first = words[run[0]]
    if first in unknown_place_common_words():
        # "مدينة سيطر عليها المتمردون", "بلدة تبعد 50 كلم": an everyday word (as written: a
        # clitic stripped from a name, "لولان", may leave one).
        return None
    if first.startswith(morphology.proclitics("definite")) or _inflected_common(first):
        # "ناحية والاقتصاد", "منطقة للتجارة": the article behind a clitic, a common noun;
        # "منطقة فلاحية", "قرية تحولت إلى ركام": an everyday word with a feminine ending.
        return None
    # "منطقة رحوب وصولا", "قرية X وY": a word joined by "و" is another item or clause.
    run = run[: next((k for k, j in enumerate(run) if k and words[j].startswith(morphology.AND)), len(run))]
    start, end = tokens.starts[run[0]], tokens.ends[run[-1]]
    return unknown_place(doc.ntext, tokens.starts[i], start, end, mentions, countries, gazetteer)


_FEMININE_ENDINGS = (
    morphology.form_of("feminine relative adjective"),
    morphology.FEMININE,
    morphology.FEMININE_BEFORE_SUFFIX,
)


def _inflected_common(word: str) -> bool:
    """A common word (bulk corpus list) behind a feminine ending, an adjective or a verb, or
    a verb of "she" whose form for "he" is common ("مدينة تستضيف")."""
    common = common_words()
    if any(word.endswith(e) and word[: -len(e)] in common for e in _FEMININE_ENDINGS):
        return True
    return any(
        word.startswith(she) and he + word[len(she) :] in common
        for she in name_terms("imperfect_she")
        for he in name_terms("imperfect_he")
    )


def _name_word(w: str, blocked: tuple[frozenset[str], ...]) -> bool:
    """A word that may be part of a foreign or unknown name: no everyday word, no article
    (foreign names do not take it; Arabic adjectives do), Arabic letters only, long enough."""
    return not (
        _blocked(w, blocked)
        or w.startswith(morphology.ARTICLE)
        or not w.isalpha()
        or w.isascii()
        or len(w) < MIN_WORD
    )


def _blocked(word: str, blocked: tuple[frozenset[str], ...]) -> bool:
    """An everyday word, also behind a clitic ("ومزارع", "بالقرب")."""
    forms = [word, *morphology.strip_proclitics(word, "name", MIN_WORD)]
    return any(f in b for f in forms for b in blocked)
