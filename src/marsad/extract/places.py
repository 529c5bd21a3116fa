"""Place mentions: gazetteer matches filtered by context and resolved to one place.

Names repeat across governorates and countries, and many village names are everyday
words. A single-word name is accepted when a location cue stands before it or when it
names a well-known place; candidates are then ranked with the article's context
(countries and provinces it mentions), feature type and population.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from marsad.extract.latin_places import latin_mentions, named_countries
from marsad.extract.place_context import SMALL, drop_namesakes, local_countries, local_provinces, well_known
from marsad.extract.place_mention import PlaceMention
from marsad.extract.place_relations import (
    bearings_after,
    launch_sites,
    link_between,
    listed_after,
)
from marsad.extract.tokens import Tokens
from marsad.geo.distance import ROUND_EARTH_RADIUS_KM, haversine_km
from marsad.geo.gazetteer import Gazetteer, Place
from marsad.knowledge import morphology
from marsad.knowledge.lexicon import Match, load_word_lists, word_set
from marsad.text.doc import Doc
from marsad.util.identity_memo import IdentityMemo

_FEATURE_WEIGHT = {
    "country": 0.6,
    "admin1": 0.9,
    "admin2": 1.0,
    "admin3": 0.8,
    "capital": 2.4,
    "city": 2.2,
    "town": 1.6,
    "region": 1.6,
    "neighbourhood": 1.4,
    "site": 1.6,
    "base": 1.6,
    "camp": 1.6,
    "dam": 1.5,
    "hill": 1.2,
    "crossing": 1.4,
    "village": 1.0,
    "community": 1.0,
    "populated place": 1.2,
}
_WORDS = load_word_lists("places")
_DIRECTION_ADJ = word_set(_WORDS, "direction_adjectives")
_DIRECTION_RE = re.compile(
    " (?:" + "|".join(sorted(_DIRECTION_ADJ, key=lambda w: (-len(w), w))) + r")(?!\w)"
)  # longest first: "الشمالي الغربي" before "الشمالي"
_PREPOSITIONS = word_set(_WORDS, "prepositions")
# Clitics that put a name in a location context ("بحلب", "للاذقية").
_LOCATIVE_PREFIXES = frozenset(morphology.proclitics("locative"))
_AND = morphology.AND
_ARTICLE = morphology.ARTICLE


def find_places(
    doc: Doc,
    tokens: Tokens,
    place_matches: list[Match],
    cues: list[Match],
    stopwords: frozenset[str],
    gazetteer: Gazetteer,
    ambiguous: frozenset[str] = frozenset(),
    demonyms: list[Match] | None = None,
) -> list[PlaceMention]:
    text = doc.ntext
    cue_by_end: dict[int, Match] = {}
    for c in cues:
        cue_by_end[tokens.index_before(c.end)] = c
    mentions: list[PlaceMention] = []
    for m in _longest(place_matches):
        key = m.entry.pattern
        first = tokens.index_at(m.start)
        prev_tok = first - 1
        cue = cue_by_end.get(prev_tok)
        name_start = m.start
        word_start = name_start
        while word_start > 0 and text[word_start - 1].isalnum():
            word_start -= 1
        prefix = text[word_start:name_start]
        prev_word = tokens.words[prev_tok] if prev_tok >= 0 else ""
        capital_key = m.entry.get("capital_key")
        if capital_key:  # "العاصمه السوريه": that country's capital
            cands = [p for p in gazetteer.candidates(capital_key) if p.country == m.entry.get("country")]
        else:
            cands = _candidates(gazetteer, key)
            inner = cue_by_end.get(first)
            if (
                inner is not None
                and tokens.index_at(inner.start) == first
                and " " in key
                and inner.entry.get("precision") == "1"
            ):
                # "مدينه زنجبار" is Zanzibar City's name, and "مدينة زنجبار" also the town of
                # Zinjibar: a name that starts with a settlement noun competes with the bare
                # name ("محافظة X" names the province and stays as it is).
                rest = key.split(" ", 1)[1]
                cands = cands + [p for p in _candidates(gazetteer, rest) if p not in cands]
        if not cands:
            continue
        has_context = (
            cue is not None
            or prefix in _LOCATIVE_PREFIXES
            or prev_word in _PREPOSITIONS
            or listed_after(text, mentions, word_start, prefix)
        )
        if " " not in key and not has_context and not well_known(cands):
            continue
        if key in ambiguous and (cue is None or cue.entry.get("weak") == "1"):
            # An everyday word ("بيان", "منزله") names a place only after a location cue,
            # not after a bare preposition nor after "بين" ("بين فصائل المعارضة وقوات …").
            continue
        pm = PlaceMention(m.start, m.end, name_start, m.end, key, cands)
        if has_context:
            pm.extra["context"] = "1"
        if cue is not None:
            pm.start = cue.start
            pm.precision = int(cue.entry.get("precision") or 1)
            pm.region = cue.entry.get("region") == "1"
            if cue.entry.get("site") == "1":
                pm.extra["site"] = "1"  # "ميناء X": a facility of X, a place of its own in a list
            outer = cue_by_end.get(tokens.index_at(cue.start) - 1)
            if pm.precision == 1 and outer is not None and outer.entry.get("precision") == "2":
                # "جنوب مدينة القامشلي", "قرب بلدة X": near the named place.
                pm.start = outer.start
                pm.precision = 2
            if pm.precision == 3:  # "محافظة X": the province, whatever else X names
                pm.precision = 1
                pm.extra["admin_hint"] = "1"
        # A direction adjective after the name: "ريف حلب الجنوبي".
        adj = _DIRECTION_RE.match(text, m.end)
        if adj:
            pm.end = adj.end()
            pm.region = True
            pm.precision = 2
        mentions.append(pm)
    link_between(text, mentions)
    launch_sites(tokens, mentions)
    bearings_after(text, mentions, cues)
    _resolve(doc, mentions, named_countries(tokens, demonyms or []))
    # Names GeoNames gives only in Latin, after a place noun, in the article's countries.
    latin = latin_mentions(doc, tokens, mentions, gazetteer, stopwords, ambiguous)
    return sorted(mentions + latin, key=lambda pm: pm.start) if latin else mentions


_CANDIDATE_CACHE: dict[tuple[int, str], list[Place]] = {}


def _candidates(gazetteer: Gazetteer, key: str) -> list[Place]:
    """Gazetteer look-ups are pure: remember them (bounded) across documents."""
    ck = (id(gazetteer), key)
    hit = _CANDIDATE_CACHE.get(ck)
    if hit is None:
        if len(_CANDIDATE_CACHE) > 50_000:
            _CANDIDATE_CACHE.clear()
        hit = _CANDIDATE_CACHE[ck] = gazetteer.candidates(key)
    return hit


def _longest(matches: list[Match]) -> list[Match]:
    out: list[Match] = []
    for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _resolve(doc: Doc, mentions: list[PlaceMention], named: Counter[str] | None = None) -> None:
    """Pick one candidate per mention using the article's countries, provinces and focus.
    `named`: countries a nationality adjective gives a place ("بولاية ميسوري الأميركية")."""
    countries: Counter[str] = Counter(named or ())
    admins: Counter[tuple[str, str]] = Counter()
    # Per mention, once: does a well-known place bear its name, and is it one country's only?
    known = [well_known(pm.candidates) for pm in mentions]
    one_country = [len({p.country for p in pm.candidates}) == 1 for pm in mentions]
    for pm, famous, single in zip(mentions, known, one_country, strict=True):
        trusted = pm.precision != 1 or " " in pm.key or famous
        if trusted and single:
            countries[pm.candidates[0].country] += 2 if pm.start < 400 else 1
        for p in pm.candidates:
            if p.feature in ("admin1", "country"):
                countries[p.country] += 1
                if p.feature == "admin1":
                    admins[(p.country, p.name_en)] += 1
    top = countries.most_common(1)[0][1] if countries else 0
    # Local context: the country of unambiguous, trusted mentions within ~300 characters.
    anchors = [
        (pm.start, pm.candidates[0].country)
        for pm, famous, single in zip(mentions, known, one_country, strict=True)
        if single and (" " in pm.key or famous)
    ]
    local_countries(mentions, anchors)
    # Each candidate's score without the focus, kept for the pass with it (the focus terms
    # come last, so adding them to the kept score gives the same sum).
    scorer = _Scorer(countries, admins, top)
    scores = [scorer.scores(pm) for pm in mentions]
    for pm, own in zip(mentions, scores, strict=True):
        scorer.pick(pm, own, None)
    if local_provinces(doc, mentions):
        for i, pm in enumerate(mentions):
            if pm.local_admins:  # the others' scores are unchanged
                scores[i] = scorer.scores(pm)
                if len(pm.candidates) > 1:
                    scorer.pick(pm, scores[i], None)
    # The article's focus: the first well-placed mention in its main country. Candidates
    # far from it are unlikely (a village of the same name in another province).
    main = countries.most_common(1)[0][0] if countries else None
    focus = next(
        (
            pm.place
            for pm in mentions
            if pm.place is not None
            and pm.place.lat is not None
            and pm.place.country == main
            and pm.place.feature != "country"
        ),
        None,
    )
    if focus is not None:
        for pm, own in zip(mentions, scores, strict=True):
            if len(pm.candidates) > 1 or (pm.place is not None and pm.place.country != main):
                scorer.pick(pm, own, focus)
    drop_namesakes(doc, mentions)
    doc.attrs["countries"] = countries
    doc.attrs["focus"] = focus


class _Scorer:
    """Scores and choices of one article, each worked out once per distinct input: a name
    repeated in the same context (a round-up, a long list) gets the same scores, and a
    text of a hundred thousand place names repeats a few hundred."""

    def __init__(self, countries: Counter[str], admins: Counter[tuple[str, str]], top: int) -> None:
        self.countries, self.admins, self.top = countries, admins, top
        self._scores: dict[tuple[object, ...], list[float]] = {}
        self._picks: dict[tuple[int, int, int], tuple[float, Place] | None] = {}

    def scores(self, pm: PlaceMention) -> list[float]:
        # Everything _scores reads of the mention (its candidates by identity: they are
        # the gazetteer's shared lists, alive as long as the mentions).
        key = (
            id(pm.candidates),
            pm.key,
            pm.extra.get("admin_hint"),
            pm.extra.get("local_country"),
            pm.local_admins,
        )
        hit = self._scores.get(key)
        if hit is None:
            hit = self._scores[key] = _scores(pm, self.countries, self.admins, self.top)
        return hit

    def pick(self, pm: PlaceMention, scores: list[float], focus: Place | None) -> None:
        key = (id(scores), id(pm.candidates), id(focus))
        if key in self._picks:
            best = self._picks[key]
        else:
            best = self._picks[key] = _best(pm, scores, focus)
        if best:
            pm.score, pm.place = best


def _terms_of(p: Place) -> tuple[float, float, bool, bool]:
    base = _FEATURE_WEIGHT.get(p.feature, 1.0)
    if p.lat is not None:
        base += 2.0
    return (
        base,
        math.log10(p.population + 1) / 3,
        p.source.startswith("curated"),
        p.feature in SMALL and p.population < 50000,
    )


# The parts of a candidate's score that depend on the place alone (feature and point,
# population, curated source, small settlement), once per place: a mention is scored up to
# three times and a name can have dozens of namesakes.
_own_terms: IdentityMemo[Place, tuple[float, float, bool, bool]] = IdentityMemo(_terms_of, 200_000)


def _scores(
    pm: PlaceMention,
    countries: Counter[str],
    admins: Counter[tuple[str, str]],
    top: int,
) -> list[float]:
    """Each candidate's score from the article's context, before the focus."""
    out: list[float] = []
    # Countries where the name also has a point that is not an area ("حلب" the city).
    settled = {
        q.country
        for q in pm.candidates
        if q.lat is not None and q.feature not in ("admin1", "admin2", "admin3", "country")
    }
    admin_hint = bool(pm.extra.get("admin_hint"))
    local_country = pm.extra.get("local_country")
    for p in pm.candidates:
        base, size, curated, _ = _own_terms(p)
        s = base
        if countries.get(p.country):
            s += 3.0 * countries[p.country] / max(top, 1)
        if p.admin1 and admins.get((p.country, p.admin1)):
            s += 2.0
        s += size
        if curated:
            s += 0.5
        if p.feature == "country" and pm.key in (p.name_ar, _ARTICLE + p.name_ar):
            s += 5.0  # the country's own name: not a village that shares it
        if admin_hint and p.feature == "admin1":
            s += 3.0
        if pm.local_admins and (p.country, p.admin1) in pm.local_admins:
            s += 2.5  # "البيضاء: … في مديرية الزاهر": the province its line names
        if local_country == p.country:
            s += 3.0  # the paragraph's own country (round-ups cross borders)
        if p.feature in ("admin1", "admin2") and not admin_hint and p.country in settled:
            s -= 1.5  # "حلب" names the city; the province needs "محافظة حلب" or "ريف حلب"
        out.append(s)
    return out


def _best(pm: PlaceMention, scores: list[float], focus: Place | None) -> tuple[float, Place] | None:
    """The best candidate and its score; with a focus, small places far from it (or in
    another country) lose."""
    best: tuple[float, Place] | None = None
    for p, s in zip(pm.candidates, scores, strict=True):
        if focus is not None and _own_terms(p)[3]:
            if p.lat is not None and focus.lat is not None and p.lon is not None:
                d = haversine_km(p.lat, p.lon, focus.lat, focus.lon, ROUND_EARTH_RADIUS_KM)
                s -= min(d / 100.0, 4.0)
            elif p.country != focus.country:
                s -= 2.0
        if best is None or s > best[0]:
            best = (s, p)
    return best
