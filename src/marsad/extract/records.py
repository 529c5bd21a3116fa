"""The last component: events and their slots become event records (event-schema.md).

An event needs more than a trigger word to be kept (`attested`); its id is stable for
the same article, sentence, type and trigger; its confidence says how likely it is real
and placed right.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from marsad.extract import actors as actor_roles
from marsad.extract.article import EventSlots
from marsad.extract.bounds import first_sentences
from marsad.extract.events import Event
from marsad.extract.features import event_features
from marsad.schema import Count, EventRecord, EvidenceSpan

if TYPE_CHECKING:
    from marsad.extract.article import ArticleDoc
    from marsad.extract.knowledgebase import KnowledgeBase

_PRIVATE_TYPES = {"Violence against civilians", "Battles"}
_MILITARY = "Military Forces of"  # ACLED's name of a state's armed forces (the police are "Police Forces of")
_ARMED = {"state", "rebel", "political_militia", "identity_militia", "external"}
_ORGANISED = _ARMED - {"state"}  # the state's police respond to crime too


def build_records(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """`doc.records`: one record per attested event, unique ids, in text order."""
    out: list[EventRecord] = []
    model = kb.decisions.confidence
    for rank, ev, rec in reported(doc):
        if model is not None:
            # The fitted confidence: how often events like this one matched gold, by CV.
            rec["confidence"] = round(model.probability(event_features(doc, ev, rec, rank)), 3)
        out.append(rec)
    out.sort(key=lambda r: r["evidence"][0]["start"])
    doc.records = out


def reported(doc: ArticleDoc) -> list[tuple[int, Event, EventRecord]]:
    """(rank, event, record) of the events a record is written for: attested, first of
    their id, in event order (the rules' confidence; the fitted one is build_records')."""
    out: list[tuple[int, Event, EventRecord]] = []
    seen_ids: set[str] = set()
    for rank, (ev, slots) in enumerate(zip(doc.events, doc.slots, strict=True)):
        rec = event_record(doc, ev, slots, rank)
        if rec["event_id"] in seen_ids or not attested(rec) or _private_violence(doc, ev, rec):
            continue
        seen_ids.add(rec["event_id"])
        out.append((rank, ev, rec))
    return out


def event_record(doc: ArticleDoc, ev: Event, slots: EventSlots, rank: int) -> EventRecord:
    fat, cas = slots.fatalities, slots.casualties
    return {
        "event_id": event_id(doc.article_id, ev),
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "date": slots.date.isoformat() if slots.date else None,
        "time_precision": slots.time_precision,
        "actor1": slots.actor1,
        "actor2": slots.actor2,
        "location": slots.location,
        "fatalities": fat,
        "injuries": slots.injuries,
        "casualties": cas,
        "losses": slots.losses,
        "attribution": slots.attribution,
        "evidence": evidence(doc, ev),
        "confidence": confidence(ev, fat, cas, slots.actor1 is not None, slots.hedged, rank),
        "framing": [
            w
            for info in ev.sentences
            for w in actor_roles.framing_in(doc, doc.lexicon("framing"), info.start, info.end)
        ],
    }


def _private_violence(doc: ArticleDoc, ev: Event, rec: EventRecord) -> bool:
    """An attack or fight by a lone private offender with no stated motive (a school
    shooting after a quarrel, a man stabbing bus passengers): a crime, not coded. Any
    organised or political actor of the event, or a motive word in the report, keeps it."""
    if rec["event_type"] not in _PRIVATE_TYPES:
        return False
    for a in (rec["actor1"], rec["actor2"]):
        if a and not a.get("inferred") and (a["kind"] in _ORGANISED or a["name"].startswith(_MILITARY)):
            return False  # an army fights no crime: "مواجهات مع الجيش" is the conflict's
    lone = any(m.entry.get("kind") == "lone" for m in doc.lexicon("offender_cues"))
    # The motive must be told of this event: "لا تستبعد أي فرضية ومن ضمنها الدافع الإرهابي",
    # a threat level of the country, elsewhere in the report, do not make it political.
    motive = any(
        m.entry.get("kind") == "motive" for info in ev.sentences for m in info.matches["offender_cues"]
    )
    return lone and not motive


def attested(rec: EventRecord) -> bool:
    """An event needs more than a trigger word: a place, and something that shows
    political violence or its actors (a toll, a loss, an armed or named actor). Words like
    "خطف الأنظار" or "احتجاجا على الخطة" in business or sports news open nothing."""
    loc = rec["location"]
    armed = any(a and a["kind"] in _ARMED and not a.get("inferred") for a in (rec["actor1"], rec["actor2"]))
    counted = any(rec[k] for k in ("fatalities", "injuries", "casualties")) or bool(rec["losses"])
    etype = rec["event_type"]
    if etype == "Strategic developments" or rec["sub_event_type"] == "Government regains territory":
        return armed
    if etype in ("Protests", "Riots"):
        return loc is not None or counted
    if etype == "Battles" or loc is None:
        return armed or (counted and loc is not None)
    return armed or counted or loc["geo_precision"] <= 2


def evidence(doc: ArticleDoc, ev: Event) -> list[EvidenceSpan]:
    """The event's sentences as spans of the original text, in text order (the first
    MAX_EVENT_SENTENCES)."""
    out: list[EvidenceSpan] = []
    for info in first_sentences(doc, ev.sentences, "evidence spans of an event"):
        s, e = doc.original_span(info.start, info.end)
        out.append({"start": s, "end": e, "text": doc.text[s:e]})
    return out


def event_id(article_id: str, ev: Event) -> str:
    first = ev.sentences[0]
    raw = f"{article_id}|{first.start}|{ev.sub_event_type}|{ev.triggers[0].start}"
    if ev.toll_shares and ev.place is not None:
        # Events of one sentence listing several places differ by place only.
        raw += f"|{ev.place.start}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def confidence(
    ev: Event,
    fat: Count | None,
    cas: Count | None,
    has_actor: bool,
    hedged: bool,
    rank: int = 0,
) -> float:
    """How likely the event is real and placed right. `rank` is the event's position in
    the report: the lead event is restated and best attested; later ones less so."""
    c = 0.35 + 0.1 * ev.strength
    if len({i.index for i in ev.sentences}) >= 2:
        c += 0.05
    if rank > 0:
        c -= 0.1
    if (
        ev.place is not None
        and ev.place.place is not None
        and ev.place.place.feature not in ("country", "admin1")
    ):
        c += 0.1
    if fat or cas:
        c += 0.1
    if has_actor:
        c += 0.05
    if hedged:
        c -= 0.1
    if ev.from_title:
        c -= 0.15
    if ev.place_inherited:
        c -= 0.1
    return round(max(0.05, min(c, 0.95)), 2)
