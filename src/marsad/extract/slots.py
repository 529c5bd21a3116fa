"""Slot components: each fills one group of fields of every event in `doc.slots`.

`doc.slots[i]` belongs to `doc.events[i]`. The components run in this order (see
`pipeline.COMPONENTS`): place → tolls → date → attribution → actors; each leaves the
empty value of its fields when it is left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from marsad.extract import actors as actor_roles
from marsad.extract.article import EventSlots
from marsad.extract.attribution import source_after
from marsad.extract.dates import resolve_date
from marsad.extract.event_location import fill_place, location_of
from marsad.extract.event_sources import attribution_of
from marsad.extract.tolls import count_fields, losses_of

if TYPE_CHECKING:
    from marsad.extract.article import ArticleDoc
    from marsad.extract.knowledgebase import KnowledgeBase


def open_slots(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """One empty `EventSlots` per event."""
    doc.slots = [EventSlots(country=doc.article_country) for _ in doc.events]


def place_slot(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """`location` (and the event's country) from the event's place or the nearest earlier one."""
    for ev, slots in zip(doc.events, doc.slots, strict=True):
        fill_place(ev, doc.infos)
        slots.location = location_of(doc, ev, doc.article_country, kb)
        slots.country = (slots.location or {}).get("country") or doc.article_country


def toll_slot(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """`fatalities`, `injuries`, `casualties` and `losses`."""
    for ev, slots in zip(doc.events, doc.slots, strict=True):
        slots.fatalities, slots.injuries, slots.casualties = count_fields(ev)
        slots.losses = losses_of(ev)


def date_slot(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """`date` and `time_precision` from the event's date words and the publication day."""
    for ev, slots in zip(doc.events, doc.slots, strict=True):
        date_words = [m for info in ev.sentences for m in info.matches["dates"]]
        slots.date, slots.time_precision, _ = resolve_date(doc.published, date_words, doc.ntext)


def attribution_slot(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """`attribution` (source and hedging), and the source phrases the actor step must skip."""
    for ev, slots in zip(doc.events, doc.slots, strict=True):
        slots.attribution, _ = attribution_of(doc, ev, doc.infos)
        slots.hedged = bool(slots.attribution and slots.attribution.get("hedged"))
        slots.source_spans = [
            sp
            for info in ev.sentences + doc.infos[:1]
            for cue in info.matches["attribution"]
            if (sp := source_after(doc, cue, info.end)) is not None
        ]


def actor_mentions(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """Every actor alias found, resolved to the actor base (`doc.actor_mentions`)."""
    doc.actor_mentions = actor_roles.mentions(doc, doc.lexicon("actor"), kb)


def actor_slot(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """`actor1`/`actor2` by their roles in the event's sentences; a state force's
    "regains territory" becomes a non-state takeover when the taker is not a state."""
    for ev, slots in zip(doc.events, doc.slots, strict=True):
        day = slots.date or doc.published
        year = day.year if day else None
        slots.actor1, slots.actor2 = actor_roles.assign(
            doc, ev, doc.infos, doc.actor_mentions, kb, slots.country, year, doc.tokens, slots.source_spans
        )
        if (
            ev.sub_event_type == "Government regains territory"
            and slots.actor1 is not None
            and slots.actor1["kind"] != "state"
        ):
            ev.sub_event_type = "Non-state actor overtakes territory"
