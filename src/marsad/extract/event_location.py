"""The location slot: an event's place as a record field (`location` of event-schema.md).

An event without a place in its own sentences takes the nearest earlier one; a place
without a point is coded to a place beside it or its province's main town, with an
honest `geo_precision` (ACLED practice: the record names the place whose point it gives,
the mention keeps the text's name). Country-only events take the country's point.
"""

from __future__ import annotations

from marsad.extract.event_places import event_place_mentions
from marsad.extract.events import Event, SentenceInfo
from marsad.extract.knowledgebase import KnowledgeBase
from marsad.extract.places import PlaceMention
from marsad.geo.gazetteer import Place
from marsad.schema import LocationRecord
from marsad.text.doc import Doc
from marsad.text.normalize import normalize_key


def fill_place(ev: Event, infos: list[SentenceInfo]) -> None:
    """Events without a place in their own sentences take the nearest earlier place."""
    if ev.place is not None and ev.place.place is not None:
        return
    first = ev.sentences[0].index
    for info in reversed(infos[:first]):
        specific = [p for p in event_place_mentions(info) if p.place is not None and p.place.lat is not None]
        if specific:
            ev.place = max(specific, key=lambda p: p.score)
            ev.place_inherited = True
            return
    for info in infos[first:]:
        specific = event_place_mentions(info)
        if specific:
            ev.place = max(specific, key=lambda p: p.score)
            ev.place_inherited = True
            return


def location_of(doc: Doc, ev: Event, article_country: str | None, kb: KnowledgeBase) -> LocationRecord | None:
    pm = ev.place
    if pm is None or pm.place is None:
        if article_country:
            c = kb.gazetteer.country(article_country)
            if c is not None:
                return {
                    "mention": c.name_ar or c.name_en,
                    "name": c.name_en,
                    "name_ar": c.name_ar,
                    "admin1": None,
                    "admin2": None,
                    "country": c.country,
                    "lat": c.lat,
                    "lon": c.lon,
                    "geo_precision": 3,
                }
        return None
    p = pm.place
    if pm.extra.get("province_only") and p.admin1 and p.feature not in ("country", "admin1"):
        # "بنفس الولاية": only the province of the place named before is known.
        seat = _province_seat(kb, p)
        return {
            "mention": doc.original_text(pm.start, pm.end),
            "name": p.admin1,
            "name_ar": None,
            "admin1": p.admin1,
            "admin2": None,
            "country": p.country,
            "lat": seat.lat if seat else None,
            "lon": seat.lon if seat else None,
            "geo_precision": 3,
        }
    lat, lon = p.lat, p.lon
    precision = pm.precision
    if (
        pm.partner is not None
        and pm.partner.place is not None
        and pm.partner.place.lat is not None
        and lat is not None
    ):
        lat = round((lat + pm.partner.place.lat) / 2, 5)
        lon = round((lon + pm.partner.place.lon) / 2, 5)
        precision = 2
    if p.feature in ("country", "admin1"):
        precision = 3 if not pm.region else 2
    elif p.feature in ("admin2", "region") and precision == 1:
        precision = 2
    # ACLED codes a place it cannot find to the nearest place it can, with a lower precision:
    # the record then names the place whose point it gives (the mention keeps the text's name).
    named = p
    if lat is None:
        # No point for this village: a place named beside it in the same sentence and
        # province ("قرية X الواقعة في ناحية Y") gives an approximate point.
        sibling = _sibling_with_point(ev, pm)
        if sibling is not None:
            named, lat, lon, precision = sibling, sibling.lat, sibling.lon, 2
    if lat is None:
        # No point for this place: fall back to its province's main town (or centre),
        # honestly less precise.
        seat = _province_seat(kb, p)
        if seat is not None:
            named, lat, lon = seat, seat.lat, seat.lon
            precision = 2 if pm.precision == 2 else 3
    mention = doc.original_text(pm.start, pm.end)
    admin2 = named.admin2 if named.feature != "admin1" else None
    if named is not p and p.feature == "admin2":
        admin2 = p.admin2 or p.name_en  # coded to another place's point, the district is still known
    return {
        "mention": mention,
        "name": named.name_en or None,
        "name_ar": named.name_ar or None,
        "admin1": named.admin1 if named.feature != "admin1" else named.name_en,
        "admin2": admin2,
        "country": p.country,
        "lat": lat,
        "lon": lon,
        "geo_precision": precision,
    }


def _province_seat(kb: KnowledgeBase, p: Place) -> Place | None:
    """The province's main town (a place with a point named like the province), else the
    province itself when it has a point."""
    admin = kb.gazetteer.admin1(p.country_iso2, p.admin1) if p.admin1 else None
    if admin is None:
        return None
    for town in kb.gazetteer.candidates(normalize_key(admin.name_ar or "")):
        if (
            town.country == p.country
            and town.lat is not None
            and town.feature not in ("admin1", "admin2", "country")
        ):
            return town
    return admin if admin.lat is not None else None


def _sibling_with_point(ev: Event, pm: PlaceMention) -> Place | None:
    p = pm.place
    for info in ev.sentences:
        if not (info.start <= pm.start < info.end):
            continue
        near = [
            o.place
            for o in info.places
            if o.place is not None
            and o.place.lat is not None
            and o.place.country == p.country
            and o.place.admin1 == p.admin1
            and o.place.feature not in ("country", "admin1")
        ]
        if near:
            return min(
                near,
                key=lambda q: abs(
                    info.places.index(next(o for o in info.places if o.place is q)) - info.places.index(pm)
                ),
            )
    return None
