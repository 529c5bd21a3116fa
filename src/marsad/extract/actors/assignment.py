"""actor1 and actor2 of one event: gather the candidates of its sentences (and of the
sentences around them when its own sentences name no side), then decide the two sides."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from marsad.extract.actors.evidence import is_title, refer_back
from marsad.extract.actors.records import ARMED_KINDS, UNCLAIMED_TYPES, ActorCandidate, ActorMention, Reading
from marsad.extract.actors.resolve import country_hint, media_foe, pick
from marsad.extract.actors.sentences import candidates_in
from marsad.extract.actors.sides import decide_sides
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
        sources=source_spans or [],
        country=country,
        year=year,
        foe=media_foe(base, ev.sentences + infos[:1], country),
    )
    cands = _without_title_doer(r, candidates_in(r, ev.sentences))
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
    titles = candidates_in(r, [info for info in sentences if info not in body])
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
    unclaimed = _first_unclaimed(r.doc, infos)
    if unclaimed is not None and unclaimed < last + 4:
        return cands
    for nxt in infos[min(own) : last + 4]:
        if nxt.index in own:
            continue
        if (
            not any(c.entry.get("kind") == "accuse" for c in nxt.matches["actor_role_cues"])
            or not nxt.matches["triggers"]
        ):
            continue
        accused = [c for c in candidates_in(r, [nxt]) if c.accused and c.actor.kind in ARMED_KINDS]
        if accused:
            return cands + accused[:1]
    return cands


def _first_unclaimed(doc: Doc, infos: list[SentenceInfo]) -> int | None:
    """Position of the report's first sentence saying nobody claimed the attack, if any,
    found once per report: a scan per event was quadratic on long texts."""
    cached = doc.attrs.get("first_unclaimed")
    if cached is None or cached[0] is not infos:
        first = next(
            (
                k
                for k, info in enumerate(infos)
                if any(c.entry.get("kind") == "unclaimed" for c in info.matches["actor_role_cues"])
            ),
            None,
        )
        cached = (infos, first)
        doc.attrs["first_unclaimed"] = cached
    return cached[1]
