"""Incident places: a later sentence that says where the incident happened names its place.

"أصيب سبعة جنود في تفجير انتحاري عند قاعدة عسكرية في الصومال" … "وقال الضابط إن
الهجوم وقع عند قاعدة تقع خارج بلدة كيسمايو": the second sentence proposes no event of
its own (a bare "الهجوم" is no trigger), but it refers back to the incident and places it.
The most specific place named for the incident wins (gold-format.md conventions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from marsad.extract.event_places import more_specific
from marsad.extract.events import Event, SentenceInfo
from marsad.extract.places import PlaceMention

if TYPE_CHECKING:
    from marsad.extract.article import ArticleDoc
    from marsad.extract.knowledgebase import KnowledgeBase

_REACH = 3  # sentences after the incident's last sentence in which it may be referred back to


def incident_places(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """Narrow each event's place with the sentences that refer back to it."""
    with_candidates = {c.sentence.index for c in doc.candidates}
    for info in doc.infos:
        if info.index == doc.title_index or info.index in with_candidates:
            continue
        if not info.matches["incident_anaphora"]:
            continue
        ev = _referent(doc.events, info)
        if ev is None:
            continue
        place = _narrower_place(info, ev, doc.article_country)
        if place is not None:
            ev.place = place
            ev.place_inherited = False


def _referent(events: list[Event], info: SentenceInfo) -> Event | None:
    """The incident told last before the sentence, when it is near enough."""
    best: Event | None = None
    best_last = -1
    for ev in events:
        last = max((i.index for i in ev.sentences if i.index < info.index), default=-1)
        if last > best_last:
            best, best_last = ev, last
    if best is None or info.index - best_last > _REACH:
        return None
    return best


def _narrower_place(info: SentenceInfo, ev: Event, article_country: str | None) -> PlaceMention | None:
    """The sentence's most specific place inside the event's country (the article's when
    the event has no place yet), when it is more specific than the event's."""
    old = ev.place
    country = old.place.country if old is not None and old.place is not None else article_country
    usable = [
        p
        for p in info.places
        if p.place is not None
        and p.place.lat is not None
        and p.partner is None
        and (country is None or p.place.country == country)
        and more_specific(p, old)
    ]
    if not usable:
        return None
    return max(usable, key=lambda p: (p.precision == 1, p.score))
