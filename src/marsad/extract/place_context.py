"""The context of each place mention within its article: the country of the anchors
around it, the provinces its sentence names, and namesakes its locator rules out
(extract/places.py resolves the mentions with them)."""

from __future__ import annotations

import bisect
from collections import Counter, deque

from marsad.extract.place_mention import PlaceMention
from marsad.geo.distance import ROUND_EARTH_RADIUS_KM, within_km
from marsad.geo.gazetteer import Place
from marsad.knowledge.lexicon import load_word_lists, word_set
from marsad.text.doc import Doc
from marsad.util.identity_memo import IdentityMemo

SMALL = {"village", "community", "neighbourhood", "populated place", "site", "hill", "admin3", "town"}


WELL_KNOWN_POPULATION = 100_000  # a place this large is known by its name alone


def _well_known(cands: list[Place]) -> bool:
    return any(
        p.feature in ("country", "admin1", "capital") or p.population >= WELL_KNOWN_POPULATION for p in cands
    )


# A name that a country, a province, a capital or a city of 100,000 bears. Asked again and
# again of the gazetteer's shared candidate lists: remembered by identity.
well_known: IdentityMemo[list[Place], bool] = IdentityMemo(_well_known, 100_000)


_LOCAL_CHARS = 300  # how far an anchor gives its country to the mentions around it


def local_countries(mentions: list[PlaceMention], anchors: list[tuple[int, str]]) -> None:
    """Give each mention the country most anchors within _LOCAL_CHARS of it name (its own
    left out; on equal counts the country named first wins). Anchors come in text order, so
    one sliding window serves every mention: a text dense with places stays linear."""
    positions = [a[0] for a in anchors]
    if any(b <= a for a, b in zip(positions, positions[1:], strict=False)):
        _local_countries_by_bisection(mentions, anchors)  # anchors out of text order: rare
        return
    own = dict(anchors)
    in_window: dict[str, deque[int]] = {}
    lo = hi = 0
    for pm in sorted(mentions, key=lambda m: m.start):
        while hi < len(anchors) and anchors[hi][0] <= pm.start + _LOCAL_CHARS:
            in_window.setdefault(anchors[hi][1], deque()).append(anchors[hi][0])
            hi += 1
        while lo < hi and anchors[lo][0] < pm.start - _LOCAL_CHARS:
            window = in_window[anchors[lo][1]]
            window.popleft()
            if not window:
                del in_window[anchors[lo][1]]
            lo += 1
        best: tuple[int, int] | None = None
        chosen = None
        mine = own.get(pm.start)
        for country, window in in_window.items():
            count, first = len(window), window[0]
            if mine == country:
                count -= 1
                if first == pm.start:
                    first = window[1] if count else first
            if count and (best is None or count > best[0] or (count == best[0] and first < best[1])):
                best, chosen = (count, first), country
        if chosen is not None:
            pm.extra["local_country"] = chosen


def _local_countries_by_bisection(mentions: list[PlaceMention], anchors: list[tuple[int, str]]) -> None:
    """The same choice for anchors in any order, by bisection over their positions and
    counting in their original order."""
    by_position = sorted(range(len(anchors)), key=lambda i: anchors[i][0])
    positions = [anchors[i][0] for i in by_position]
    for pm in mentions:
        lo = bisect.bisect_left(positions, pm.start - _LOCAL_CHARS)
        hi = bisect.bisect_right(positions, pm.start + _LOCAL_CHARS)
        near: dict[str, int] = {}
        for i in sorted(by_position[lo:hi]):
            if anchors[i][0] != pm.start:
                near[anchors[i][1]] = near.get(anchors[i][1], 0) + 1
        if near:
            pm.extra["local_country"] = max(near, key=near.__getitem__)


_LOCATOR_GAP = 25  # characters between a place and the place that locates it ("X شرقي مدينة Y")
_LOCATOR_KM = 60
_DISTANCE_UNITS = word_set(load_word_lists("places"), "distance_units")


def local_provinces(doc: Doc, mentions: list[PlaceMention]) -> bool:
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
    for k, pm in zip(doc.sentence_indexes([pm.name_start for pm in mentions]), mentions, strict=True):
        by_sentence.setdefault(k, []).append(pm)
    return [group for group in by_sentence.values() if len(group) > 1]


def _trusted(group: list[PlaceMention]) -> list[PlaceMention]:
    return [
        pm
        for pm in group
        if pm.place is not None
        and pm.place.admin1
        and (pm.start != pm.name_start or " " in pm.key or well_known(pm.candidates))
    ]


def distance_only(between: str) -> bool:
    """ "33 كلم", "90 كلم": a number and a unit of distance, the number maybe glued to the
    name before it ("وإربد90 كلم")."""
    words = between.split()
    return len(words) == 2 and words[0].isdigit() and words[1] in _DISTANCE_UNITS


def drop_namesakes(doc: Doc, mentions: list[PlaceMention]) -> None:
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
            if a.place.feature not in SMALL or b.place.feature == "country":
                continue
            if distance_only(doc.ntext[a.end : b.start]):
                continue  # "حمص 40 كلم شمال دمشق": placed by its distance, not inside Y
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
                    and within_km(p.lat, p.lon, q.lat, q.lon, _LOCATOR_KM, ROUND_EARTH_RADIUS_KM)
                )
            ]
            if not fits:
                a.place = None
