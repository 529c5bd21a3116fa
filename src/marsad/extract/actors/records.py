"""The typed records the actor-role steps share: mentions, candidates, a sentence's cues,
and the reading of one event."""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from marsad.knowledge.actors import Actor, ActorBase
from marsad.knowledge.lexicon import Match
from marsad.text.doc import Doc

if TYPE_CHECKING:
    from marsad.extract.events import Event, SentenceInfo
    from marsad.extract.tokens import Tokens

ARMED_KINDS = frozenset({"state", "rebel", "political_militia", "identity_militia", "external"})
NON_STATE_KINDS = frozenset({"rebel", "political_militia", "identity_militia"})
# Event types whose doer, when the text names none, is an unidentified armed group.
UNCLAIMED_TYPES = frozenset({"Explosions/Remote violence", "Violence against civilians"})


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int  # normalised offsets
    end: int
    actors: tuple[Actor, ...]
    clitic: str = ""  # a proclitic written onto the name ("ل" in "لحزب الله")

    @property
    def generic(self) -> bool:
        return all(a.generic for a in self.actors)


@dataclass(slots=True)
class ActorCandidate:
    """An actor read off one phrase of the event's sentences, with its role evidence."""

    actor: Actor
    start: int  # normalised offset where the phrase naming the actor begins
    end: int
    mention: ActorMention | None
    role: str = ""  # "agent" | "target" | ""
    weight: int = 0  # 4 the strike itself, 3 explicit cue, 2 clause subject, 1 clause object, 0 none
    clause_subject: bool = False
    picked: bool = False  # the actor is the plain reading of its mention (may be re-read by country)
    co_doer: bool = False  # joined to a clause subject by "و": on the doer's side, never the target
    bystander: bool = False  # "تتدخل قوة من X": X stepped into a fight between others
    accused: bool = False  # "اتهمت الوكالة X بشن الهجوم": X is said to have done it
    weapon: bool = False  # read off a strike word and a nationality ("غارات إسرائيلية"): the striker


@dataclass
class SentenceCues:
    """Cue words of one sentence, indexed by token."""

    start: int
    end: int
    first_token: int
    cue_at: dict[int, Match] = field(default_factory=dict)  # token -> cue covering it
    count_tokens: set[int] = field(default_factory=set)  # numbers and casualty / people nouns
    name_tokens: set[int] = field(default_factory=set)  # first tokens of actor mentions


@dataclass(frozen=True, slots=True)
class Reading:
    """What every step reading the actors of one event shares."""

    doc: Doc
    base: ActorBase
    tokens: Tokens
    ev: Event
    infos: list[SentenceInfo]  # every sentence of the report
    mentions: list[ActorMention]  # every actor mention of the report, left to right
    sources: SourceSpans  # spans of cited sources: a name there is no party
    country: str | None
    year: int | None
    foe: Actor | None  # the side a cited partisan outlet means by its loaded words

    def in_source(self, offset: int) -> bool:
        return self.sources.holds(offset)


class SourceSpans:
    """The spans of cited sources, to ask whether one holds an offset in log time: a scan of
    them all per name was quadratic in a text citing a source in every sentence."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        # The furthest end among the spans starting at or before each one: an offset lies
        # in some span exactly when that of the last span starting at or before it is past it.
        self._reach = list(itertools.accumulate((e for _, e in ordered), max))

    def holds(self, offset: int) -> bool:
        k = bisect.bisect_right(self._starts, offset)
        return k > 0 and self._reach[k - 1] > offset
