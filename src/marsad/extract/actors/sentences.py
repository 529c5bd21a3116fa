"""The candidates of a group of sentences, each with its role read: cues, candidates,
roles, accusations, then objects of a clause's subject."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from marsad.extract.actors.candidates import build_candidates
from marsad.extract.actors.cues import joined, read_role, sentence_cues
from marsad.extract.actors.evidence import read_accusations
from marsad.extract.actors.records import ActorCandidate, ActorMention, Reading, SentenceCues

if TYPE_CHECKING:
    from marsad.extract.events import SentenceInfo


def candidates_in(r: Reading, sentences: list[SentenceInfo]) -> list[ActorCandidate]:
    """The candidates of ``sentences`` in text order, roles read."""
    out: list[ActorCandidate] = []
    # Mentions come left to right (`mentions`): each sentence's are found by bisection, not
    # by a scan of all of them per sentence or per event (quadratic on long texts dense
    # with names).
    for info in sorted(sentences, key=lambda i: i.start):
        lo = bisect.bisect_left(r.mentions, info.start, key=_start)
        hi = bisect.bisect_left(r.mentions, info.end, lo=lo, key=_start)
        out.extend(_sentence_candidates(r, info, r.mentions[lo:hi]))
    return out


_ANNOUNCED_BY_DOER = {"Arrests"}


def _start(m: ActorMention) -> int:
    return m.start


def _sentence_candidates(
    r: Reading, info: SentenceInfo, in_sentence: list[ActorMention]
) -> list[ActorCandidate]:
    sent = sentence_cues(info, r.tokens)
    # "أعلن الجيش اعتقال عدد من الشبان": who announces an arrest made it; elsewhere a
    # cited source is no party.
    own_act = r.ev.sub_event_type in _ANNOUNCED_BY_DOER
    local = [m for m in in_sentence if own_act or not r.in_source(m.start)]
    sent.name_tokens = {r.tokens.index_at(m.start) for m in local}
    cands = build_candidates(r, info, sent, local)
    _read_roles(r, sent, cands)
    cands = read_accusations(r.tokens, sent, cands)
    _objects_of_subjects(r, cands)
    return cands


def _read_roles(r: Reading, sent: SentenceCues, cands: list[ActorCandidate]) -> None:
    """Each candidate's role from its cues, then two conventions of the event type: in an
    air strike the raids named after an air force are the deed itself ("حصيلة القتلى في
    سلسلة الغارات الإسرائيلية"), so that air force struck, ahead of any other name the cues
    make a doer; a weapon's launcher ("طائرة مسيرة أطلقتها الميليشيا") is the side stopped
    in a disrupted weapons use, else the doer."""
    sub = r.ev.sub_event_type
    taken = {r.tokens.index_at(c.start) for c in cands}
    for c in cands:
        own = taken - {r.tokens.index_at(c.start)}
        c.role, c.weight, c.clause_subject = read_role(r.doc, r.tokens, sent, c, own)
        if c.weapon and sub == "Air/drone strike" and c.actor.branch == "air_force":
            c.role, c.weight = "agent", 4
        if c.role == "launcher":
            c.role = "target" if sub == "Disrupted weapons use" else "agent"


def _objects_of_subjects(r: Reading, cands: list[ActorCandidate]) -> None:
    """The actor after a clause's subject, with no cue of its own, is its object — unless
    "و" joins it to the subject ("قصفت قوات الأسد والاحتلال الروسي"): a co-doer."""
    for i, c in enumerate(cands):
        if not c.clause_subject:
            continue
        prev = c
        for d in cands[i + 1 :]:
            if d.weight == 0 and joined(r.doc, prev, d):
                d.role, d.weight, d.co_doer = "agent", 2, True
                prev = d
                continue
            if d.weight == 0:
                d.role, d.weight = "target", 1
            break
