"""The engine's Doc: one article's text and every typed layer the components add to it.

`text.Doc` owns the original text, its normalised view, the offset map and the
sentences. `ArticleDoc` adds the layers of the extraction components, in pipeline order;
each starts empty, so a component can run (or be left out) on whatever the earlier ones
produced. Components share nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from marsad.schema import ActorRecord, Attribution, Count, LocationRecord, Loss
from marsad.text.doc import Doc

if TYPE_CHECKING:
    from marsad.extract.actors import ActorMention
    from marsad.extract.events import Candidate, Event, SentenceInfo
    from marsad.extract.numbers import Quantity
    from marsad.extract.places import PlaceMention
    from marsad.extract.tokens import Tokens
    from marsad.knowledge.lexicon import Match
    from marsad.schema import EventRecord


@dataclass
class EventSlots:
    """The record fields of one event, as the slot components fill them."""

    location: LocationRecord | None = None
    country: str | None = None  # the location's country, else the article's
    fatalities: Count | None = None
    injuries: Count | None = None
    casualties: Count | None = None
    losses: list[Loss] = field(default_factory=list)
    date: dt.date | None = None
    time_precision: Literal[1, 2, 3] = 3
    attribution: Attribution | None = None
    hedged: bool = False
    source_spans: list[tuple[int, int]] = field(default_factory=list)
    actor1: ActorRecord | None = None
    actor2: ActorRecord | None = None


@dataclass
class ArticleDoc(Doc):
    """One article under extraction. Offsets in every layer are normalised offsets."""

    article_id: str = ""
    published: dt.date | None = None
    # lexicon_scan: every lexicon, actor alias and place name, in text order, and by lexicon
    matches: list[Match] = field(default_factory=list)
    by_lexicon: dict[str, list[Match]] = field(default_factory=lambda: defaultdict(list))
    tokens: Tokens | None = None
    quantities: list[Quantity] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    # sentence components: one analysis per sentence (doc.sentences order)
    infos: list[SentenceInfo] = field(default_factory=list)
    title_index: int | None = None  # the headline's sentence, when the text has one
    no_news: bool = False  # the headline marks a background story: nothing is coded
    article_country: str | None = None
    # candidates: (sentence, event type) mentions proposed by the rules, in sentence order
    candidates: list[Candidate] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    actor_mentions: list[ActorMention] = field(default_factory=list)
    # slots filled per event (same order as `events`), then the finished records
    slots: list[EventSlots] = field(default_factory=list)
    records: list[EventRecord] = field(default_factory=list)

    def lexicon(self, name: str) -> list[Match]:
        """Matches of one lexicon (empty when the scan did not run or found none)."""
        return self.by_lexicon.get(name, [])
