"""Segmentation: candidates become incidents (`doc.events`).

A candidate joins an earlier event of the same family when the places agree (same place,
or one of them unnamed) and the days do not differ; otherwise it opens a new event —
the schema's "one type of action, at one place, on one day". Ordinary wording at a place
already reported joins that incident whatever its type; a toll sentence without a
trigger completes the event before it; the title joins the first body event of its type.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from marsad.extract.bounds import note_bound
from marsad.extract.event_places import (
    NEAR_KM,
    SAME_TOWN_KM,
    anaphoric_place,
    listed_places,
    more_specific,
    place_for,
    places_fit,
    same_place,
)
from marsad.extract.events import FAMILY, MIN_WORDS, Candidate, Event, SentenceInfo
from marsad.extract.places import PlaceMention
from marsad.geo.gazetteer import Place
from marsad.knowledge.lexicon import Match

if TYPE_CHECKING:
    from marsad.extract.article import ArticleDoc
    from marsad.extract.knowledgebase import KnowledgeBase

_TAIL_GAP = 2  # sentences between an event and a trigger-less toll that still completes it
_INCIDENT_GAP = 1  # a sentence of another trigger type right after an incident goes on telling it
_FIGHT_AND_STRIKE = {"Battles", "Explosions/Remote violence"}
_CROWD_FAMILIES = {"Protests", "Riots"}  # families of events of a crowd
# A protest that met force stays one that met force when a plainer protest word follows:
# ACLED codes the protest by the most forceful intervention told of it.
_PROTEST_FORCE = {
    "Peaceful protest": 0,
    "Protest with intervention": 1,
    "Excessive force against protesters": 2,
}
# Events of one article. Real reports tell of far fewer (at most 9 in the 4,000 bulk articles
# and dev, dev2, dev3); every candidate is compared with every event and each event reads the
# report's sentences, so a text of thousands of incidents was quadratic (issue 16). A
# candidate that would open one more is dropped, and the record says so.
MAX_EVENTS = 100


def segment_events(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """`doc.events` from `doc.candidates` (nothing when the headline marks no news)."""
    if doc.no_news:
        doc.events = []
        return
    seg = segment(
        doc.ntext,
        doc.infos,
        doc.candidates,
        doc.title_index,
        doc.attrs.get("focus"),
        doc.article_country,
        doc.published,
    )
    if seg.unopened:
        note_bound(doc, "events of an article", MAX_EVENTS)
    doc.events = seg.events


def segment(
    text: str,
    infos: list[SentenceInfo],
    candidates: list[Candidate],
    title_index: int | None,
    focus: Place | None,
    main_country: str | None,
    published: dt.date | None = None,
) -> _Segmenter:
    """The events the candidates tell of (`.events`), in the order they are first told."""
    by_sentence: dict[int, list[Candidate]] = defaultdict(list)
    for cand in candidates:
        by_sentence[cand.sentence.index].append(cand)
    seg = _Segmenter(infos, focus, main_country, text, published)
    title_cands: list[Candidate] = []
    # "كلمة السيسي تضرب مصداقية إعلام الإخوان.. بصاروخ صحيح لفظيا": the pieces of a headline
    # cut at its dots are the headline too, not the report's first lines.
    title_line_end = text.find("\n") if title_index is not None else -1
    content = 0
    for info in infos:
        content += info.words >= MIN_WORDS
        seg.ordinal[info.index] = content
        cands = by_sentence.get(info.index, [])
        if info.index == title_index or (
            title_index is not None and info.index > title_index and info.end <= title_line_end
        ):
            # A question in the headline ("بعد اشتباكات عدن: هل …؟") reports nothing itself.
            title_cands += [] if info.question else cands
            continue
        for cand in cands:
            seg.add(info, cand)
        if not cands and info.facts and not info.suppressed:
            seg.attach_toll(info)
    for ev in seg.events:
        for info in ev.sentences:
            info.told_of.append(id(ev))
    first_body = next(
        (
            info
            for info in infos
            if info.index != title_index and info.end > title_line_end and info.words >= MIN_WORDS
        ),
        None,
    )
    if first_body is not None:
        first_body.lead = True
    seg.attach_title(title_cands)
    return seg


@dataclass
class _Segmenter:
    """The events told so far, and what a new sentence may attach to."""

    infos: list[SentenceInfo]
    focus: Place | None
    main_country: str | None
    text: str = ""
    published: dt.date | None = None
    events: list[Event] = field(default_factory=list)
    last_event: Event | None = None
    lead_counts: SentenceInfo | None = None  # a toll told before any event
    ordinal: dict[int, int] = field(
        default_factory=dict
    )  # sentence index -> position among sentences with words
    unopened: int = 0  # candidates that would have opened an event beyond MAX_EVENTS
    # id of an event -> (sentences read, its first sentence naming a day): see _first_dated
    dated: dict[int, tuple[int, SentenceInfo | None]] = field(default_factory=dict)

    def add(self, info: SentenceInfo, cand: Candidate) -> None:
        place = place_for(info, cand.trigger, self.focus, self.main_country)
        # "وفي المدينة نفسها، …": the previous incident's place, and another incident.
        anaphoric = (place is None or place.place.feature == "country") and bool(
            info.matches["place_anaphora"]
        )
        if anaphoric:
            place = anaphoric_place(
                info.matches["place_anaphora"][0], self.last_event, self.events, self.infos[: info.index]
            )
            anaphoric = place is not None
        told = [self._place_candidate(info, cand, place, anaphoric)]
        if not anaphoric:
            # "غارات على منبه ورازح وسحار": one event per place of a list.
            for other in listed_places(self.text, info, place):
                told.append(self._place_candidate(info, cand, other, False))
        distinct = list({id(ev): ev for ev in told if ev is not None}.values())
        if len(distinct) > 1:
            for ev in distinct:
                ev.toll_shares[info.index] = len(distinct)

    def _place_candidate(
        self, info: SentenceInfo, cand: Candidate, place: PlaceMention | None, anaphoric: bool
    ) -> Event | None:
        """The event a candidate at `place` tells of: an earlier one, or a new one (none
        when the article has MAX_EVENTS already)."""
        target = self._target(info, cand, place, anaphoric)
        if target is None:
            if len(self.events) >= MAX_EVENTS:
                self.unopened += 1
                return None
            return self._open(info, cand, place)
        self._absorb(target, info, cand, place)
        return target

    def _target(
        self, info: SentenceInfo, cand: Candidate, place: PlaceMention | None, anaphoric: bool
    ) -> Event | None:
        """The earlier event the candidate tells of, if any."""
        if info.matches["new_incident"]:
            return None  # "وفي هجوم آخر، …": told as another incident
        family = cand.family
        for ev in reversed(self.events):
            # FAMILY[...] is ev.family without a property call: this loop runs for every
            # candidate over every event told so far.
            if (
                FAMILY[ev.sub_event_type] == family
                and same_place(ev.place, place)
                and self._same_day(ev, info)
            ):
                return ev
        last = self.last_event
        if cand.strength < 2 and last is not None and place is None and self._same_day(last, info):
            return last
        if cand.strength < 3 and not anaphoric:
            # Ordinary wording at a place already reported (or none) describes the
            # same incident from another angle ("أحبطت قوات الأمن هجوما"), not a new one.
            area = place is not None and place.region
            for ev in reversed(self.events):
                ev_family = FAMILY[ev.sub_event_type]
                if family == "territory" and ev_family != "territory":
                    continue  # taking ground is its own event beside a strike at that place
                if ev_family == family and not (area or (ev.place is not None and ev.place.region)):
                    # Without an area on either side, the test below is the first loop's,
                    # which this event failed: skip it (half the work in a text of many towns).
                    continue
                near = NEAR_KM if ev_family == family or not _two_towns(ev.place, place) else SAME_TOWN_KM
                if (
                    place is None
                    or (ev.place is not None and same_place(ev.place, place, areas=False, near_km=near))
                ) and self._same_day(ev, info):
                    return ev
        return self._incident_continued(info, cand, place, anaphoric)

    def _incident_continued(
        self, info: SentenceInfo, cand: Candidate, place: PlaceMention | None, anaphoric: bool
    ) -> Event | None:
        """The incident just told, when the candidate's sentence goes on telling it: right
        after it, at its place or none, the same day ("… ورشقوا الجنود بالحجارة", "وقال
        الجيش إن قنبلة يدوية ألقيت على الجنود"), whatever the trigger word. One incident
        is one event; taking ground and strategic developments stay events of their own."""
        last = self.last_event
        if (
            last is None
            or anaphoric
            or cand.event_type == "Strategic developments"
            or "territory" in (cand.family, last.family)
            or not self._same_day(last, info)
            or self.ordinal[info.index] - self.ordinal[last.sentences[-1].index] > _INCIDENT_GAP
        ):
            return None
        if last.sentences[-1] is info and {FAMILY[last.sub_event_type], cand.family} == _FIGHT_AND_STRIKE:
            # Ground fighting and strikes from afar told in one sentence, each on a strong
            # trigger of its own (candidates.py), are two events, as ACLED codes them:
            # "معارك عنيفة وقصفا عنيفا لمقاتلات التحالف".
            return None
        if last.sentences[-1] is info and info.held_over and _CROWD_FAMILIES & {last.family, cand.family}:
            # "تظاهر المئات بعد مقتل شاب برصاص مجهولين": the protest and the killing it is
            # held over are two events.
            return None
        if any(p.place is None and p.name_start > p.start for p in info.places):
            return None  # "في بلدة كفربطنا": a town named, though not one the gazetteer knows
        here = last.place.place if last.place is not None else None
        for p in info.places:
            if p.place is None or p.place.feature == "country":
                continue
            if here is None:
                return None
            if p.place.feature == "admin1" and p.place.admin1 == here.admin1:
                continue  # the incident's own province
            if p.place.id != here.id:
                return None  # another place: a town nearby is another incident
        return last

    def _open(self, info: SentenceInfo, cand: Candidate, place: PlaceMention | None) -> Event:
        ev = Event(cand.sub_event_type, cand.strength, [info], [cand.trigger], place)
        # "أفادت مصادر بإصابة خمسة مدنيين" … "ووقع التفجير في شارع …": a lead toll
        # just before the report's first event is that event's toll.
        lead = self.lead_counts
        if (
            lead is not None
            and not self.events
            and self.ordinal[info.index] - self.ordinal[lead.index] <= 1
            and places_fit(lead, place)
        ):
            ev.sentences.insert(0, lead)
        self.events.append(ev)
        self.last_event = ev
        return ev

    def _absorb(self, target: Event, info: SentenceInfo, cand: Candidate, place: PlaceMention | None) -> None:
        # Sentences come in text order and join an event at its end (a lead toll is put first
        # only when the event opens): the sentence is already there only as the last one. A
        # scan of the whole list made texts of thousands of sentences quadratic.
        if not target.sentences or target.sentences[-1].index != info.index:
            target.sentences.append(info)
        target.triggers.append(cand.trigger)
        stronger = cand.strength > target.strength or (
            cand.strength == target.strength and _priority(cand.trigger) > _priority(target.triggers[0])
        )
        force = _PROTEST_FORCE.get(cand.sub_event_type, -1), _PROTEST_FORCE.get(target.sub_event_type, -1)
        if min(force) >= 0 and force[0] != force[1]:
            target.sub_event_type = max(
                cand.sub_event_type, target.sub_event_type, key=_PROTEST_FORCE.__getitem__
            )
            target.strength = max(cand.strength, target.strength)
        elif stronger and cand.family == target.family:
            target.sub_event_type = cand.sub_event_type
            target.strength = cand.strength
        elif (
            _means_unstated(target)
            and cand.event_type == "Explosions/Remote violence"
            and cand.strength >= target.strength
        ):
            # "محاولة اغتيال استهدفت موكبه" … "هذا التفجير": the attempt was the blast.
            target.sub_event_type = cand.sub_event_type
            target.strength = cand.strength
        if more_specific(place, target.place):
            target.place = place
        self.last_event = target

    def _same_day(self, ev: Event, info: SentenceInfo) -> bool:
        """An event is one day's action: a sentence that names another day than the event's
        tells of another event ("… الثلاثاء" after "… الأحد"), even at the same place. Days
        named in different ways ("أمس" / "الخميس") are not compared: a report published
        after midnight makes them disagree."""
        if info.day is None:
            if info.stated_date is None:
                return True
            # An event told with no day of its own is the publication day's.
            first = self._first_dated(ev)
            known = first.day if first is not None else self.published
            return known is None or known == info.stated_date
        other = self._first_dated(ev)
        return other is None or other.day_kind != info.day_kind or other.day == info.day

    def _first_dated(self, ev: Event) -> SentenceInfo | None:
        """The event's first sentence that names a day. While segmenting, sentences only join
        an event at its end: the sentences already read are not read again (an event of
        thousands of undated sentences made every later sentence read them all)."""
        seen, found = self.dated.get(id(ev), (0, None))
        if found is None:
            sentences = ev.sentences
            found = next(
                (sentences[k] for k in range(seen, len(sentences)) if sentences[k].day is not None), None
            )
            self.dated[id(ev)] = (len(sentences), found)
        return found

    def attach_toll(self, info: SentenceInfo) -> None:
        """A casualty sentence without its own trigger completes the previous event: the
        next sentences, or any later one while the report has told of a single event
        (tolls, quotes of hospitals and ministries follow the story)."""
        last = self.last_event
        if last is None:
            self.lead_counts = info
        elif places_fit(info, last.place) and (
            len(self.events) == 1
            or self.ordinal[info.index] - self.ordinal[last.sentences[-1].index] <= _TAIL_GAP
        ):
            last.sentences.append(info)

    def attach_title(self, title_cands: list[Candidate]) -> None:
        """The title restates the main event: it joins the first body event of its type.
        It stands alone only when the body reports nothing (a very short item)."""
        events = self.events
        for cand in title_cands:
            place = place_for(cand.sentence, cand.trigger, self.focus, self.main_country)
            same_sub = [ev for ev in events if ev.sub_event_type == cand.sub_event_type]
            same_type = same_sub or [ev for ev in events if ev.event_type == cand.event_type]
            for ev in same_type[:1]:
                if any(info.matches["dates"] for info in ev.sentences):
                    # "حصاد اليوم اليمني": the body's day words date the event, not the title's "اليوم".
                    cand.sentence.matches["dates"] = [
                        d
                        for d in cand.sentence.matches["dates"]
                        if d.entry.get("kind") != "relative" or d.entry.get("value") != "0"
                    ]
                ev.sentences.insert(0, cand.sentence)
                if ev.place is None:
                    ev.place = place
            if (
                not same_type
                and not events
                and place is not None
                and (cand.strength >= 3 or cand.sentence.facts)
            ):
                events.insert(
                    0,
                    Event(
                        cand.sub_event_type,
                        cand.strength,
                        [cand.sentence],
                        [cand.trigger],
                        place,
                        from_title=True,
                    ),
                )


def _two_towns(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    """Both mentions name a town itself ("في بلدة كفربطنا"), not an area near one ("شرق خان يونس")."""
    return all(p is not None and p.precision == 1 and not p.region for p in (a, b))


def _means_unstated(ev: Event) -> bool:
    """An attack known only by its target ("محاولة اغتيال"), its means not told yet."""
    return ev.sub_event_type == "Attack" and all(
        t.entry.get("means") == "unstated" for t in ev.triggers if t.entry.get("sub_event_type") == "Attack"
    )


def _priority(m: Match) -> int:
    return int(m.entry.get("priority") or 0)
