"""Places no source knows, named after a settlement noun: "في قرية كاتشدورا", "بمنطقة
خواكرك في ناحية سيدكان".

Neither the gazetteer nor GeoNames' Latin names know many villages of the conflict world
(Kashmir's, the Kurdish mountains', central Mali's). Such a name after a settlement noun
(name_terms.tsv, kind unknown_place_noun), passing the word tests of the Latin search
(latin_places.py: no everyday word, no article, no place noun, no digit), is still a place
of its own: fighting there is another event than fighting in the town beside it
(gold-format.md: separate towns and villages are one event each).

It has no point. Its country and province are those of the known place that situates it
in the same sentence ("في ناحية سيدكان التابعة لمحافظة أربيل", "جنوب العاصمة سريناغار"),
else the article's first country; the location slot then codes it at that place's point,
less precisely (event_location._sibling_with_point), the mention keeping the text's name.
"""

from __future__ import annotations

import bisect

from marsad.extract.place_mention import PlaceMention
from marsad.geo.gazetteer import Gazetteer, Place
from marsad.text.sentences import END_MARK

SOURCE = "text"  # Place.source of a place known only from the article's words
_SITUATED_WITHIN = 80  # characters between the name and the known place that situates it


def unknown_place(
    text: str,
    noun_start: int,
    start: int,
    end: int,
    mentions: list[PlaceMention],
    countries: list[str],
    gazetteer: Gazetteer,
) -> PlaceMention | None:
    """The mention of an unknown place named at text[start:end] after the noun at
    noun_start, situated by a known mention near it (`mentions` sorted by start), else in
    the article's first country (`countries`: ISO2 codes); None without either."""
    situating = _situating(text, start, end, mentions)
    if situating is not None and situating.place is not None:
        known = situating.place
        country, iso2 = known.country, known.country_iso2
        admin1 = known.name_en if known.feature == "admin1" else known.admin1
    else:
        home = gazetteer.country(countries[0]) if countries else None
        if home is None:
            return None
        country, iso2, admin1 = home.country, home.country_iso2, None
    name = text[start:end]
    place = Place(
        f"{SOURCE}:{iso2}:{name}", name, name, country, iso2, admin1, None, None, None, "village", 0, SOURCE
    )
    pm = PlaceMention(noun_start, end, start, end, name, [place])
    pm.place = place
    pm.extra["context"] = "1"
    pm.extra["unknown"] = "1"
    return pm


def _situating(text: str, start: int, end: int, mentions: list[PlaceMention]) -> PlaceMention | None:
    """The known place below the country named right after the name in its sentence
    ("… في ناحية سيدكان"), else right before it ("في محافظة ذمار، قرية …")."""
    # Indexes, not slices: a text of thousands of unknown villages would copy the list each time.
    k = bisect.bisect_left(mentions, end, key=lambda m: m.name_start)
    for i in range(k, len(mentions)):
        m = mentions[i]
        if m.name_start - end > _SITUATED_WITHIN or END_MARK.search(text, end, m.name_start):
            break
        if m.place is not None and m.place.feature != "country":
            return m
    for i in range(k - 1, -1, -1):
        m = mentions[i]
        if m.end > start:
            continue
        if start - m.end > _SITUATED_WITHIN or END_MARK.search(text, m.end, start):
            break
        if m.place is not None and m.place.feature != "country":
            return m
    return None
