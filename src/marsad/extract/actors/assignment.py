"""actor1 and actor2 of one event: gather the candidates of its sentences (and of the
sentences around them when its own sentences name no side), then decide the two sides."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from marsad.extract.actors.evidence import is_title, refer_back
from marsad.extract.actors.records import (
    ARMED_KINDS,
    UNCLAIMED_TYPES,
    ActorCandidate,
    ActorMention,
    Reading,
    SourceSpans,
)
from marsad.extract.actors.resolve import country_hint, media_foe, pick
from marsad.extract.actors.sentences import candidates_in
from marsad.extract.actors.sides import decide_sides
from marsad.extract.bounds import first_sentences
from marsad.extract.tokens import Tokens
from marsad.text.doc import Doc

if TYPE_CHECKING:
    from marsad.extract.events import Event, SentenceInfo
    from marsad.extract.knowledgebase import KnowledgeBase


def assign(
    doc: Doc,
    ev: Event,
    infos: list[SentenceInfo],
    all_mentions: list[ActorMention],
    kb: KnowledgeBase,
    country: str | None,
    year: int | None,
    tokens: Tokens | None = None,
    source_spans: list[tuple[int, int]] | None = None,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(actor1, actor2) of ``ev`` as record dicts, None for a side nobody fills.

    ``infos`` are all sentences of the report, ``all_mentions`` all its actor mentions,
    ``source_spans`` the cited sources (a name there is no party)."""
    base = kb.actors
    r = Reading(
        doc=doc,
        base=base,
        tokens=tokens if tokens is not None else Tokens.of(doc.ntext),
        ev=ev,
        infos=infos,
        mentions=all_mentions,
        sources=SourceSpans(source_spans or []),
        country=country,
        year=year,
        foe=media_foe(base, ev.sentences + infos[:1], country),
    )
    read = first_sentences(doc, ev.sentences, "sentences an event's actors are read from")
    cands = _without_title_doer(r, candidates_in(r, read))
    if not any(c.actor.kind in ARMED_KINDS for c in cands):
        cands = _with_earlier_sentence(r, cands)
    if not any(c.actor.kind in ARMED_KINDS and c.role == "agent" for c in cands):
        cands = _with_later_accusation(r, cands)
    if ev.event_type == "Battles" and any(c.actor.kind in ARMED_KINDS and not c.bystander for c in cands):
        cands = [c for c in cands if not c.bystander]  # the clans fought; the army came to part them
    refer_back(doc, cands)
    hint = country_hint(cands, country)
    if hint != country:
        for c in cands:
            if c.picked and c.mention is not None:
                c.actor = pick(base, c.mention, hint, year)
    return decide_sides(r, cands, hint)


def _without_title_doer(r: Reading, cands: list[ActorCandidate]) -> list[ActorCandidate]:
    """A title sums up several incidents ("هجوم لداعش في ديالى وغارات على الحويجة"): when the
    body names a side of this one, the title's doer is not taken for this one's. A
    headline's "غارة أميركية" in an air strike is the strike itself: it stays."""
    sentences = r.ev.sentences
    body = [info for info in sentences if not is_title(r.doc, info)]
    if not body or len(body) == len(sentences):
        return cands
    body_cands = candidates_in(r, body)
    if not any(c.actor.kind in ARMED_KINDS and c.role != "target" for c in body_cands):
        return cands
    titles = candidates_in(r, [info for info in sentences if is_title(r.doc, info)])
    return sorted(
        body_cands + [c for c in titles if c.role != "agent" or c.weight == 4], key=lambda c: c.start
    )


def _with_earlier_sentence(r: Reading, cands: list[ActorCandidate]) -> list[ActorCandidate]:
    """The actors are often named a sentence or two earlier ("... قال الجيش. وأسفر القصف …").
    Not when that sentence told of another incident and this is a blast or an attack, which
    stays unidentified as ACLED codes unclaimed bombs, or a peaceful protest."""
    ev = r.ev
    first = min(i.index for i in ev.sentences)
    for prev in reversed(r.infos[max(0, first - 2) : first]):
        if (
            prev.told_of
            and id(ev) not in prev.told_of
            and (ev.event_type in UNCLAIMED_TYPES or ev.sub_event_type == "Peaceful protest")
        ):
            break
        more = candidates_in(r, [prev])
        if any(c.actor.kind in ARMED_KINDS for c in more):
            return cands + more
    return cands


def _with_later_accusation(r: Reading, cands: list[ActorCandidate]) -> list[ActorCandidate]:
    """ "… واتهم الحوثيون التحالف بشن الهجومين": an accusation in the next sentences that
    points back at an attack names its doer — unless the report leaves the doer open ("لم
    تتبن أي جهة الهجوم … واتهم القائد داعش")."""
    infos = r.infos
    last = max(i.index for i in r.ev.sentences)
    own = {i.index for i in r.ev.sentences}
    cues = _report_cues(r.doc, infos)
    if cues.first_unclaimed is not None and cues.first_unclaimed < last + 4:
        return cands
    # The accusing sentences between the event's first sentence and three after its last.
    lo = bisect.bisect_left(cues.accusing, min(own))
    hi = bisect.bisect_left(cues.accusing, last + 4)
    for k in cues.accusing[lo:hi]:
        nxt = infos[k]
        if nxt.index in own:
            continue
        accused = [c for c in candidates_in(r, [nxt]) if c.accused and c.actor.kind in ARMED_KINDS]
        if accused:
            return cands + accused[:1]
    return cands


@dataclass(frozen=True, slots=True)
class _ReportCues:
    """Where the report says nobody claimed the attack, and who accuses whom: found once
    per report (positions in its sentences), not once per event, which was quadratic."""

    infos: list[SentenceInfo]
    first_unclaimed: int | None  # the first sentence saying nobody claimed the attack
    accusing: list[int]  # sentences with an accusation cue and a trigger, in order


def _report_cues(doc: Doc, infos: list[SentenceInfo]) -> _ReportCues:
    cached = doc.attrs.get("actor_report_cues")
    if cached is not None and cached.infos is infos:
        return cached
    unclaimed = [
        k
        for k, info in enumerate(infos)
        if any(c.entry.get("kind") == "unclaimed" for c in info.matches["actor_role_cues"])
    ]
    accusing = [
        k
        for k, info in enumerate(infos)
        if info.matches["triggers"]
        and any(c.entry.get("kind") == "accuse" for c in info.matches["actor_role_cues"])
    ]
    cues = _ReportCues(infos, unclaimed[0] if unclaimed else None, accusing)
    doc.attrs["actor_report_cues"] = cues
    return cues
