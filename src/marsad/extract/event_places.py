"""Where an event happened: the place of a candidate in its sentence, and when two places are one.

Arabic names the place after the action; the most specific resolved mention nearest
after the trigger wins. Places within 15 km, or an area and a place inside it, can be one
event's place.
"""

from __future__ import annotations

import bisect
import dataclasses
import math

from marsad.extract.events import MIN_WORDS, Event, SentenceInfo
from marsad.extract.place_context import WELL_KNOWN_POPULATION, distance_only
from marsad.extract.place_relations import LIST_COMMAS, unknown_list_items
from marsad.extract.places import PlaceMention
from marsad.geo.distance import ROUND_EARTH_RADIUS_KM, haversine_km, within_km
from marsad.geo.gazetteer import Place
from marsad.knowledge.lexicon import Match, load_word_lists

_SMALL_FEATURES = {"village", "community", "neighbourhood", "populated place", "site", "hill", "admin3"}
_CONTAINERS = {"admin1", "city", "capital"}
_NEST_GAP = 30  # characters between a place and the province after it ("منبه ورازح وسحار في صعدة")
NEAR_KM = 15.0  # two points this close can be one event's place (one type's sentences)
# Another type's sentence at a nearby town is another incident ("separate towns"); only the
# same place, or one entry of it a little apart, lets it tell the event already open.
SAME_TOWN_KM = 2.0
_SEAT_GAP = 4  # characters between a seat cue ("ومقره") and the place ("في غازي عنتاب")
_APPOSITION_GAP = 1  # one space: "لوغار جنوب كابول" (not "لوغار وجنوب كابول", two places)
_METONYM_GAP = 1  # "حكومة طهران": the capital right after the word
_WORDS = load_word_lists("events")
_LIST_PUNCT = str.maketrans("", "", " ،,؛")
_ANAPHOR_REACH = 2  # sentences back in which "المدينة نفسها" looks for the place it repeats


def event_place_mentions(info: SentenceInfo, trigger: Match | None = None) -> list[PlaceMention]:
    """The resolved mentions of a sentence that can be an event's place: not a speaker's
    seat or a metonym ("حكومة طهران", "وكالة أنباء فارس"), not where people fled from, not
    a launch site."""
    # A metonym names the place right after it ("حكومة طهران"), not one after "في"
    # ("ضد الحكومة في بغداد" is where the protest was).
    seats = [
        (c.end, _METONYM_GAP if c.entry.get("kind") == "metonym" else _SEAT_GAP)
        for c in info.matches["nonevent_cues"]
        if c.entry.get("scope") == "place" and c.entry.get("kind") != "origin"
    ]
    # "الفارين من منطقة الهلال النفطي": where people fled from, cue and all.
    origins = [c.end for c in info.matches["nonevent_cues"] if c.entry.get("kind") == "origin"]
    # What the event coincided with is another event's, unless the trigger itself is told
    # there ("وتزامن نقل الجنود مع قصف مدفعي على قرى …": the shelling is the event).
    other = [(s, e) for s, e in info.other_event_spans if trigger is None or not s <= trigger.start < e]
    return [
        p
        for p in info.places
        if p.place is not None
        and not any(0 <= p.name_start - end <= gap for end, gap in seats)
        and not any(0 <= p.start - end <= _SEAT_GAP for end in origins)
        and p.extra.get("launch_site") != "1"  # "من محافظة صعدة باتجاه جازان"
        and not any(s <= p.start < e for s, e in other)  # "تزامنت مع … إلى القدس"
    ]


def place_for(
    cand_info: SentenceInfo,
    trigger: Match | None,
    focus: Place | None = None,
    main_country: str | None = None,
) -> PlaceMention | None:
    """The place of an event in one sentence: the most specific resolved mention,
    nearest after the trigger (Arabic puts the place after the action)."""
    best: tuple[float, PlaceMention] | None = None
    by_end: tuple[list[int], list[PlaceMention]] | None = None
    mentions = event_place_mentions(cand_info, trigger)
    cause = cand_info.cause_start
    if cause is not None and trigger is not None and trigger.start < cause:
        # "تظاهروا بعد مقتل 17 شخصا في مدرسة بفلوريدا": the place of the killing a protest is
        # held over is not the protest's.
        mentions = [p for p in mentions if p.name_start < cause]
    for p in mentions:
        s = 0.0
        feat = p.place.feature
        if feat == "country":
            s -= 3
        elif feat == "admin1":
            s -= 1.5 if not p.region else 0.5
        if p.place.lat is None:
            s -= 0.5 if p.start != p.name_start else 2  # "قرية مديرا": specific even without a point
        if main_country and p.place.country != main_country:
            s -= 2
        if focus is not None and p.place.lat is not None and focus.lat is not None:
            d = haversine_km(p.place.lat, p.place.lon, focus.lat, focus.lon, ROUND_EARTH_RADIUS_KM)
            at_home = p.place.country in (main_country, p.extra.get("local_country"))
            if (
                d > 150
                and p.precision == 1
                and " " not in p.key
                and not (p.place.feature in ("admin1", "capital") and at_home)
                and not _famous(p, main_country)
                and ((p.place.country, p.place.admin1) not in p.local_admins)
                and (
                    p.extra.get("local_country") != p.place.country
                    or (
                        len(p.candidates) > 1
                        and p.place.population < 50000
                        and p.place.feature in _SMALL_FEATURES
                    )
                )
            ):
                continue  # far from the report's focus and not anchored nearby (nor by its line): a namesake
        if by_end is None:
            by_end = _by_end(cand_info.places)
        if p.extra.get("situates") == "1" or _situates_prior(p, by_end):
            continue  # "في ولاية لوغار جنوب كابول": Kabul only tells where Logar lies
        if _contains_prior(p, by_end):
            s -= 2  # "في مديرية منبه في صعدة": the province only situates the district before it
        if trigger is not None:
            d = p.name_start - trigger.end
            # Arabic names the place after the action; a place before it is often a
            # dateline or a label ("الحسكة: استهدفت …").
            s -= (d / 200) if d >= 0 else (abs(d) / 100 + 1.0)
        if best is None or s > best[0]:
            best = (s, p)
    return best[1] if best else None


def _famous(p: PlaceMention, main_country: str | None) -> bool:
    """A capital or a city of 100,000 (WELL_KNOWN_POPULATION) that no place of the report's
    own country shares the name of: named in the report, it is that city wherever the
    report's focus lies ("مسيرات مساندة في لندن وسيدني" in a report from the US), not a
    village's namesake, when a place slot names it (a capital alone is often its government,
    "دعت طهران"). ("منطقة العمارة" near Aleppo is not the Iraqi city of Amarah: a
    Syrian Amara bears the name too.)"""
    place = p.place
    return (
        place is not None
        and p.extra.get("context") == "1"  # in a place slot: "في لندن", not "دعا طهران"
        and place.feature in ("capital", "city")
        and place.population >= WELL_KNOWN_POPULATION
        and not any(c.country == main_country for c in p.candidates)
    )


def _by_end(places: list[PlaceMention]) -> tuple[list[int], list[PlaceMention]]:
    """The mentions ordered by where they end, for finding those that end just before one."""
    ordered = sorted(places, key=lambda q: q.end)
    return [q.end for q in ordered], ordered


def _situates_prior(p: PlaceMention, by_end: tuple[list[int], list[PlaceMention]]) -> bool:
    """`p` is a "near X" or "south of X" (a cue of precision 2) put right after another
    resolved place with a point: it situates that place and is not the event's own ("في ولاية لوغار جنوب
    كابول", "ببلدة سيلوبي قرب الحدود العراقية"). The place before is of `p`'s country, or a
    town when `p` is a country ("في الحدود الشمالية والشرقية لنيجيريا" is not Saudi Arabia's
    Northern Borders)."""
    ref = p.place
    if ref is None or p.precision != 2 or p.start == p.name_start:
        return False
    ends, ordered = by_end
    lo = bisect.bisect_left(ends, p.start - _APPOSITION_GAP)
    hi = bisect.bisect_right(ends, p.start)
    # (the bisection bounds are the gap: every q here ends 0–_APPOSITION_GAP before p)
    for q in ordered[lo:hi]:
        # "قرية الصرمان شرق معرة النعمان": a village without a point is found by the town.
        if q is p or q.place is None or q.place.feature == "country" or q.place.lat is None:
            continue
        if q.place.country == ref.country if ref.feature != "country" else q.specific:
            return True
    return False


def _contains_prior(p: PlaceMention, by_end: tuple[list[int], list[PlaceMention]]) -> bool:
    """`p` names the province (or its seat) of a more specific place named just before it."""
    big = p.place
    if big is None or big.feature not in _CONTAINERS or not big.admin1:
        return False
    ends, ordered = by_end
    lo = bisect.bisect_left(ends, p.start - _NEST_GAP)
    hi = bisect.bisect_right(ends, p.start)
    for q in ordered[lo:hi]:  # the mentions that end at most _NEST_GAP before it
        small = q.place
        if q is p or small is None or not 0 <= p.start - q.end <= _NEST_GAP:
            continue
        if small.feature not in _CONTAINERS and (small.country, small.admin1) == (big.country, big.admin1):
            return True
    return False


_WIDE = frozenset({"country", "admin1"})
# Twice the degrees of latitude a kilometre spans: two points further apart in latitude
# alone are surely further than the distance asked (within_km checks exactly).
_DEGREES_PER_KM = 2 * 180.0 / (math.pi * ROUND_EARTH_RADIUS_KM)


def same_place(
    a: PlaceMention | None, b: PlaceMention | None, areas: bool = True, near_km: float = NEAR_KM
) -> bool:
    """Whether two mentions can be one event's place. `areas`: a sub-region ("ريف حمص")
    fits anything in its province (for events of one type; not for absorbing others).
    `near_km`: two points this close are one place."""
    if a is None or b is None:
        return True
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return True
    if pa.id == pb.id:
        return True
    if areas and (a.region or b.region):
        # "ريف حمص الشرقي" is an area of the province: anything in that province fits.
        return pa.country == pb.country and (pa.admin1 == pb.admin1 or "country" in (pa.feature, pb.feature))
    if pa.feature in _WIDE or pb.feature in _WIDE:
        return pa.country == pb.country and (
            pa.feature == "country" or pb.feature == "country" or pa.admin1 == pb.admin1
        )
    lat1, lat2 = pa.lat, pb.lat
    if lat1 is None or lat2 is None or pa.lon is None or pb.lon is None:
        return False
    if abs(lat1 - lat2) > near_km * _DEGREES_PER_KM:
        return False  # the segmenter asks this of every event told so far: skip the call
    return within_km(lat1, pa.lon, lat2, pb.lon, near_km, ROUND_EARTH_RADIUS_KM)


def more_specific(new: PlaceMention | None, old: PlaceMention | None) -> bool:
    if new is None or new.place is None:
        return False
    if old is None or old.place is None:
        return True
    rank = {"country": 0, "admin1": 1, "admin2": 2}
    return rank.get(new.place.feature, 3) > rank.get(old.place.feature, 3)


def anaphoric_place(
    anaphor: Match, last_event: Event | None, events: list[Event], before: list[SentenceInfo]
) -> PlaceMention | None:
    """The place "المدينة نفسها" / "بنفس الولاية" points back to: the place of the incident
    told just before, else the last place named in the sentences just before, else the
    last event's; narrowed to what the phrase keeps of it — the place itself, the district
    around it, or only its province."""
    base = None
    recent = [info for info in before if info.words >= MIN_WORDS][-_ANAPHOR_REACH:]
    if (
        last_event is not None
        and last_event.place is not None
        and not (last_event.place.place is not None and last_event.place.place.feature == "country")
        and any(i in last_event.sentences for i in recent)
    ):
        base = last_event.place  # the incident just told (a town named later beats its country)
    for info in reversed(recent if base is None else []):
        named = [
            p for p in info.places if p.place is not None and p.place.feature not in ("country", "admin1")
        ]
        if named:
            base = max(named, key=lambda p: p.name_start)
            break
    if base is None and last_event is not None:
        base = last_event.place
        if base is not None and base.place is not None and base.place.feature == "country":
            # The incident's country, and a town named further on in its telling
            # ("… عند قاعدة عسكرية تقع خارج بلدة كيسمايو"): the phrase points to the town.
            first = min(i.index for i in last_event.sentences)
            towns = [
                p
                for info in before
                if info.index >= first
                for p in info.places
                if p.place is not None and p.place.feature not in _WIDE
            ]
            base = max(towns, key=lambda p: p.name_start) if towns else base
    if base is None or base.place is None:
        base = next(
            (ev.place for ev in reversed(events) if ev.place is not None and ev.place.place is not None), None
        )
    if base is None or base.place is None:
        return None
    scope = anaphor.entry.get("scope", "place")
    if scope == "place":
        return base
    wider = dataclasses.replace(base, precision=2, partner=None, extra=dict(base.extra))
    if scope == "province":
        wider.extra["province_only"] = "1"
    return wider


def places_fit(info: SentenceInfo, place: PlaceMention | None) -> bool:
    """Every place the sentence names can be the event's place (same place, within
    15 km); a sentence that names no place fits."""
    return all(same_place(place, p, areas=False) for p in info.places if p.place is not None)


def listed_places(text: str, info: SentenceInfo, place: PlaceMention | None) -> list[PlaceMention]:
    """The other places of a list the chosen place belongs to ("على منبه ورازح وسحار"):
    towns, districts or provinces joined only by commas and "و"; one event each."""
    if place is None or place.place is None or place.partner is not None:
        return []
    usable = sorted(
        (
            p
            for p in info.places
            if p.place is not None
            and p.partner is None
            # "قرب X", "جنوبي X" only locate another place; "ميناء X" is a place of its own.
            and (p.precision != 2 or p.extra.get("site") == "1")
            and not p.region
            and p.place.feature != "country"
        ),
        key=lambda p: p.start,
    )
    if place not in usable:
        return []
    kept = set(map(id, usable))
    # Chains of mentions with only joiners between them. A bearing from a distance after a
    # member ("السلط 33 كلم شمال غرب عمان وإربد …") only describes it: the list goes on.
    chain: list[PlaceMention] = []
    chains: list[list[PlaceMention]] = []
    chain_end = -1
    for p in sorted(info.places, key=lambda p: p.start):
        if id(p) not in kept:
            if chain and p.precision == 2 and distance_only(text[chain_end : p.start]):
                chain_end = p.end
            continue
        if chain and not _joined(text, chain_end, p):
            chains.append(chain)
            chain = []
        chain.append(p)
        chain_end = p.end
    chains.append(chain)
    for c in chains:
        if place in c and len(c) > 1:
            return [p for p in c if p is not place]
    return []


def _joined(text: str, prev_end: int, p: PlaceMention) -> bool:
    """Whether `p` continues a list after a member ending at `prev_end`: "و" or a comma
    between them, or "و" on its cue ("وقرية عيشة"); a cue with "ب" nests it ("حي البريقة
    بمدينة عدن": one place)."""
    between = text[prev_end : p.start]
    bare = between.translate(_LIST_PUNCT)
    if bare:
        return bare in _WORDS["place_list_joiners"] or unknown_list_items(between)
    cue = text[p.start : p.name_start].strip()
    if cue:
        return cue.startswith(_WORDS["list_conjunction"])
    return any(c in between for c in LIST_COMMAS)  # "حلب، إدلب، وحماة"
