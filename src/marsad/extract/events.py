"""The engine's event types: a sentence's analysis, a candidate event mention and an event.

`SentenceInfo` is what the sentence components know of one sentence; `Candidate` is one
(sentence, event type) mention proposed by the rules; `Event` is an incident: the
candidates and toll sentences segmentation put together — the schema's "one type of
action, at one place, on one day".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from marsad.extract.casualties import CountFact
from marsad.extract.losses import LossFact
from marsad.extract.numbers import Quantity
from marsad.extract.places import PlaceMention
from marsad.knowledge.lexicon import Match
from marsad.schema import SUB_EVENT_TYPES

MIN_WORDS = 3  # fewer words: a fragment ("." or a closing quote), not a sentence of the story
PROTEST_TYPES = frozenset(
    {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}
)


@dataclass
class SentenceInfo:
    index: int
    start: int
    end: int
    matches: dict[str, list[Match]] = field(default_factory=lambda: defaultdict(list))
    quantities: list[Quantity] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    facts: list[CountFact] = field(default_factory=list)
    held_over: list[CountFact] = field(default_factory=list)  # the dead a protest is held over
    cause_start: int | None = None  # where the telling of what a protest is held over begins
    losses: list[LossFact] = field(default_factory=list)
    suppressed: bool = False
    suppressed_clauses: list[tuple[int, int]] = field(default_factory=list)
    # Spans after a coincidence cue to the end of its clause ("التي تزامنت مع نقل السفارة
    # إلى القدس"): the places there are the other event's, not this one's.
    other_event_spans: list[tuple[int, int]] = field(default_factory=list)
    question: bool = False
    words: int = 0  # word tokens: a lone quote mark or "." between paragraphs has none
    day: dt.date | None = None  # the day its own date words name ("الأحد", "أمس"), if any
    day_kind: str = ""  # "weekday" or "relative": days of different kinds are not compared
    # A day and month its own words name for an event told without the article ("في 7 يوليو
    # الجاري، انفجرت سيارة ملغمة"), when no weekday or relative day does: another incident
    # than one of another day.
    stated_date: dt.date | None = None
    told_of: list[int] = field(default_factory=list)  # ids of the events that body sentence tells of
    lead: bool = False  # the report's first body sentence
    summary: bool = (
        False  # a round-up's announcement ("شهدت عدة محافظات سلسلة من الحوادث"): it dates the lines
    )
    old_date: bool = False  # its date words name a day before the news window

    def own_facts(self) -> list[CountFact]:
        """Its tolls without the dead a protest is held over (`held_over`)."""
        return [f for f in self.facts if f not in self.held_over] if self.held_over else self.facts

    def protest_at(self, start: int = 0, end: int | None = None) -> int | None:
        """Where its first protest trigger in [start, end) begins, if it has one."""
        return min(
            (
                t.start
                for t in self.matches["triggers"]
                if t.entry.get("sub_event_type") in PROTEST_TYPES
                and start <= t.start
                and (end is None or t.start < end)
            ),
            default=None,
        )


# Candidates of one family may merge. Taking ground and fighting are different actions
# even at one place (ACLED codes both); other types merge by event type.
FAMILY = {
    sub: "territory"
    if sub in ("Government regains territory", "Non-state actor overtakes territory")
    else event_type
    for sub, event_type in SUB_EVENT_TYPES.items()
}


def family_of(sub_event_type: str) -> str:
    """The merge family of a sub-event type (a look-up: segmentation asks it millions of
    times in a long report)."""
    return FAMILY[sub_event_type]


class _Typed:
    """Event type and merge family derived from `sub_event_type`."""

    sub_event_type: str

    @property
    def event_type(self) -> str:
        return SUB_EVENT_TYPES[self.sub_event_type]

    @property
    def family(self) -> str:
        return family_of(self.sub_event_type)


@dataclass
class Candidate(_Typed):
    sentence: SentenceInfo
    sub_event_type: str
    trigger: Match
    strength: int
    p: float | None = None  # the keep model's probability that it is news to code


@dataclass
class Event(_Typed):
    sub_event_type: str
    strength: int
    sentences: list[SentenceInfo]
    triggers: list[Match]
    place: PlaceMention | None = None
    place_partner: PlaceMention | None = None
    place_inherited: bool = False
    from_title: bool = False
    # sentence index -> how many events share that sentence's toll (one clause listing
    # several places: the joint toll is split evenly, ACLED practice)
    toll_shares: dict[int, int] = field(default_factory=dict)
