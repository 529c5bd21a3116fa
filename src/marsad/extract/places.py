"""Place mentions: gazetteer matches filtered by context and resolved to one place.

Names repeat across governorates and countries, and many village names are everyday
words. A single-word name is accepted when a location cue stands before it or when it
names a well-known place; candidates are then ranked with the article's context
(countries and provinces it mentions), feature type and population.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter

from marsad.extract.latin_places import latin_mentions
from marsad.extract.place_mention import PlaceMention
from marsad.extract.tokens import Tokens
from marsad.geo.distance import ROUND_EARTH_RADIUS_KM, haversine_km
from marsad.geo.gazetteer import Gazetteer, Place
from marsad.knowledge import morphology
from marsad.knowledge.lexicon import Match, load_word_lists, single_word, word_set
from marsad.text.doc import Doc

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
_SMALL = {"village", "community", "neighbourhood", "populated place", "site", "hill", "admin3", "town"}
_WORDS = load_word_lists("places")
_DIRECTION_ADJ = word_set(_WORDS, "direction_adjectives")
_DIRECTION_RE = re.compile(
    " (?:" + "|".join(sorted(_DIRECTION_ADJ, key=lambda w: (-len(w), w))) + r")(?!\w)"
)  # longest first: "الشمالي الغربي" before "الشمالي"
_PREPOSITIONS = word_set(_WORDS, "prepositions")
_BETWEEN = single_word(_WORDS, "between")
# Clitics that put a name in a location context ("بحلب", "للاذقية").
_LOCATIVE_PREFIXES = frozenset(morphology.proclitics("locative"))
_AND = morphology.AND
LIST_COMMAS = ("،", ",")  # commas that join the names of a list (extract/event_places.py too)
_ARTICLE = morphology.ARTICLE


def find_places(
    doc: Doc,
    tokens: Tokens,
    place_matches: list[Match],
    cues: list[Match],
    stopwords: frozenset[str],
    gazetteer: Gazetteer,
    ambiguous: frozenset[str] = frozenset(),
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
            or _listed_after(text, mentions, word_start, prefix)
        )
        if " " not in key and not has_context and not _well_known(cands):
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
    _link_between(text, mentions)
    _resolve(doc, mentions)
    # Names GeoNames gives only in Latin, after a place noun, in the article's countries.
    latin = latin_mentions(doc, tokens, mentions, gazetteer, stopwords, ambiguous)
    return sorted(mentions + latin, key=lambda pm: pm.start) if latin else mentions


def _listed_after(text: str, mentions: list[PlaceMention], word_start: int, prefix: str) -> bool:
    """The name continues a list after a place already accepted ("في منبه ورازح", "حلب، إدلب"):
    the list gives it the place context its first member had."""
    if not mentions or mentions[-1].extra.get("context") != "1":
        return False  # "مفتي القدس والديار": a list only after a place in a place slot
    between = text[mentions[-1].end : word_start]
    return (prefix == _AND and not between.strip()) or (not prefix and between.strip() in LIST_COMMAS)


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


def _well_known(cands: list[Place]) -> bool:
    return any(p.feature in ("country", "admin1", "capital") or p.population >= 100000 for p in cands)


def _link_between(text: str, mentions: list[PlaceMention]) -> None:
    """ "بين X و Y": both ends get precision 2 and point at each other."""
    for a, b in zip(mentions, mentions[1:], strict=False):
        gap = text[a.end : b.name_start].strip()
        if (
            gap in (_AND, "")
            or gap.endswith(" " + _AND)
            or gap == _AND
            or (b.start > a.end and text[a.end : b.start].strip() == _AND)
        ):
            before = text[max(0, a.start - 20) : a.start]
            if before.rstrip().endswith(_BETWEEN) or _BETWEEN in text[a.start : a.name_start]:
                a.partner, b.partner = b, a
                a.precision = b.precision = 2


def _resolve(doc: Doc, mentions: list[PlaceMention]) -> None:
    """Pick one candidate per mention using the article's countries, provinces and focus."""
    countries: Counter[str] = Counter()
    admins: Counter[tuple[str, str]] = Counter()
    for pm in mentions:
        trusted = pm.precision != 1 or " " in pm.key or _well_known(pm.candidates)
        if trusted and len({p.country for p in pm.candidates}) == 1:
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
        for pm in mentions
        if len({p.country for p in pm.candidates}) == 1 and (" " in pm.key or _well_known(pm.candidates))
    ]
    # The anchors within 300 characters by bisection over their positions, counted in their
    # original order (most_common breaks ties by it): linear in the mentions, not quadratic.
    by_position = sorted(range(len(anchors)), key=lambda i: anchors[i][0])
    positions = [anchors[i][0] for i in by_position]
    for pm in mentions:
        lo = bisect.bisect_left(positions, pm.start - 300)
        hi = bisect.bisect_right(positions, pm.start + 300)
        window = sorted(by_position[lo:hi])
        near = Counter(anchors[i][1] for i in window if anchors[i][0] != pm.start)
        if near:
            pm.extra["local_country"] = near.most_common(1)[0][0]
    for pm in mentions:
        _choose(pm, countries, admins, top, None)
    if _local_provinces(doc, mentions):
        for pm in mentions:
            if len(pm.candidates) > 1:
                _choose(pm, countries, admins, top, None)
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
        for pm in mentions:
            if len(pm.candidates) > 1 or (pm.place is not None and pm.place.country != main):
                _choose(pm, countries, admins, top, focus)
    _drop_namesakes(doc, mentions)
    doc.attrs["countries"] = countries
    doc.attrs["focus"] = focus


_LOCATOR_GAP = 25  # characters between a place and the place that locates it ("X شرقي مدينة Y")
_LOCATOR_KM = 60


def _local_provinces(doc: Doc, mentions: list[PlaceMention]) -> bool:
    """Give each mention the provinces the other trusted mentions of its sentence name (a
    line's header, "شرقي مدينة تعز"). True when any mention got one."""
    changed = False
    for group in _by_sentence(doc, mentions):
        # The provinces counted once per sentence, each mention's own taken out: a set
        # built from every other mention made a sentence of a hundred places quadratic.
        trusted = {id(o): (o.place.country, o.place.admin1) for o in _trusted(group) if o.place is not None}
        provinces = Counter(trusted.values())
        everywhere = frozenset(provinces)
        for pm in group:
            own = trusted.get(id(pm))
            local = everywhere - {own} if own is not None and provinces[own] == 1 else everywhere
            if local:
                pm.local_admins = local
                changed = True
    return changed


def _by_sentence(doc: Doc, mentions: list[PlaceMention]) -> list[list[PlaceMention]]:
    by_sentence: dict[int, list[PlaceMention]] = {}
    for pm in mentions:
        by_sentence.setdefault(doc.sentence_index(pm.name_start), []).append(pm)
    return [group for group in by_sentence.values() if len(group) > 1]


def _trusted(group: list[PlaceMention]) -> list[PlaceMention]:
    return [
        pm
        for pm in group
        if pm.place is not None
        and pm.place.admin1
        and (pm.start != pm.name_start or " " in pm.key or _well_known(pm.candidates))
    ]


def _drop_namesakes(doc: Doc, mentions: list[PlaceMention]) -> None:
    """A small place right before the place that locates it ("حي الروضة شرقي مدينة تعز",
    "قرية X بريف Y") lies in the locator's province; when none of its namesakes does, the
    name is unknown to the gazetteer and the one found is another place's."""
    for group in _by_sentence(doc, mentions):
        trusted = {
            id(pm) for pm in _trusted(group)
        }  # by identity: comparing mentions field by field was most of the work
        for a, b in zip(group, group[1:], strict=False):
            if id(b) not in trusted or b.start - a.end > _LOCATOR_GAP or a.place is None:
                continue
            if a.place.feature not in _SMALL or b.place.feature == "country":
                continue
            q = b.place
            # In the locator's province, or near its point ("جرمانا شرقي دمشق" is across the
            # city's boundary).
            fits = [
                p
                for p in a.candidates
                if (p.country == q.country and p.admin1 == q.admin1)
                or (
                    p.lat is not None
                    and q.lat is not None
                    and p.lon is not None
                    and q.lon is not None
                    and haversine_km(p.lat, p.lon, q.lat, q.lon, ROUND_EARTH_RADIUS_KM) <= _LOCATOR_KM
                )
            ]
            if not fits:
                a.place = None


def _choose(
    pm: PlaceMention,
    countries: Counter[str],
    admins: Counter[tuple[str, str]],
    top: int,
    focus: Place | None,
) -> None:
    best: tuple[float, Place] | None = None
    for p in pm.candidates:
        s = _FEATURE_WEIGHT.get(p.feature, 1.0)
        if p.lat is not None:
            s += 2.0
        if countries.get(p.country):
            s += 3.0 * countries[p.country] / max(top, 1)
        if p.admin1 and admins.get((p.country, p.admin1)):
            s += 2.0
        s += math.log10(p.population + 1) / 3
        if p.source.startswith("curated"):
            s += 0.5
        if p.feature == "country" and pm.key in (p.name_ar, _ARTICLE + p.name_ar):
            s += 5.0  # the country's own name: not a village that shares it
        if pm.extra.get("admin_hint") and p.feature == "admin1":
            s += 3.0
        small = p.feature in _SMALL and p.population < 50000
        if (p.country, p.admin1) in pm.local_admins:
            s += 2.5  # "البيضاء: … في مديرية الزاهر": the province its line names
        if pm.extra.get("local_country") == p.country:
            s += 3.0  # the paragraph's own country (round-ups cross borders)
        if (
            p.feature in ("admin1", "admin2")
            and not pm.extra.get("admin_hint")
            and any(
                q.country == p.country
                and q.feature not in ("admin1", "admin2", "admin3", "country")
                and q.lat is not None
                for q in pm.candidates
            )
        ):
            s -= 1.5  # "حلب" names the city; the province needs "محافظة حلب" or "ريف حلب"
        if focus is not None and small and p.lat is not None and focus.lat is not None and p.lon is not None:
            d = haversine_km(p.lat, p.lon, focus.lat, focus.lon, ROUND_EARTH_RADIUS_KM)
            s -= min(d / 100.0, 4.0)
        elif focus is not None and small and p.country != focus.country:
            s -= 2.0
        if best is None or s > best[0]:
            best = (s, p)
    if best:
        pm.score, pm.place = best
