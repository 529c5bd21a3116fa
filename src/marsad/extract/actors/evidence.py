"""Evidence beyond a name's own words: accusations, words pointing back to a named group,
headlines, and what a strike or a raid hit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from marsad.extract.actors.records import NON_STATE_KINDS, ActorCandidate, SentenceCues
from marsad.extract.actors.vocabulary import ARTICLE, BI, LOCATIVES, SITE_PREPOSITIONS, UNNAMED_FIGHTERS
from marsad.text.doc import Doc

if TYPE_CHECKING:
    from marsad.extract.events import Event, SentenceInfo
    from marsad.extract.tokens import Tokens


def is_title(doc: Doc, info: SentenceInfo) -> bool:
    """The report's first line standing alone as a sentence: its headline."""
    return (
        info.index == 0
        and "\n" in doc.ntext[info.end : info.end + 3]
        and "\n" not in doc.ntext[: info.start + 1].strip()
    )


def read_accusations(tokens: Tokens, sent: SentenceCues, cands: list[ActorCandidate]) -> list[ActorCandidate]:
    """ "اتهمت X Y بشن الهجوم": drop the accuser X, make the accused Y the doer. Y is the last
    name before the "بـ" charge; with no charge word, a name right after the verb is the accuser."""
    accusers: set[int] = set()
    for t, c in sorted(sent.cue_at.items()):
        if c.entry.get("kind") != "accuse" or tokens.index_at(c.start) != t:
            continue
        after = [x for x in cands if t < tokens.index_at(x.start) <= t + 12 and id(x) not in accusers]
        if not after:
            continue
        charge = _charge_word(tokens, cands, t)
        named = [x for x in after if charge is None or tokens.index_at(x.start) < charge]
        if not named:
            continue
        if charge is None and len(named) == 1 and tokens.index_at(named[0].start) == t + 1:
            accusers.add(id(named[0]))  # "اتهم الحوثيون …" with the accused not named as an actor
            continue
        accused = named[-1] if charge is not None else named[min(1, len(named) - 1)]
        accusers.update(id(x) for x in named if x is not accused)
        accused.role, accused.weight, accused.accused = "agent", 2, True
    return [x for x in cands if id(x) not in accusers]


def _charge_word(tokens: Tokens, cands: list[ActorCandidate], t: int) -> int | None:
    """The token of the charge after an accusing verb at t: ب + a verbal noun ("بشن",
    "بتنفيذ"), outside any candidate's name."""
    starts = {tokens.index_at(c.start) for c in cands}
    return next(
        (
            k
            for k in range(t + 1, min(len(tokens), t + 14))
            if k not in starts
            and tokens.words[k].startswith(BI)
            and len(tokens.words[k]) > 3
            and not any(tokens.index_at(c.start) < k <= tokens.index_before(c.end) for c in cands)
        ),
        None,
    )


def refer_back(doc: Doc, cands: list[ActorCandidate]) -> None:
    """A definite generic word for fighters ("المسلحين", "الفصائل") after a named armed group
    in the same event means that group ("مسلحي «جيش الفتح» … آليات المسلحين")."""
    named: ActorCandidate | None = None
    for c in sorted(cands, key=lambda x: x.start):
        if c.actor.kind in NON_STATE_KINDS and not c.actor.generic:
            named = c
            continue
        if named is None or c.mention is None or not c.mention.generic or c.actor.kind not in NON_STATE_KINDS:
            continue
        words = doc.ntext[c.mention.start : c.mention.end]
        if words.startswith(ARTICLE) and not any(w in words for w in UNNAMED_FIGHTERS):
            c.actor = named.actor
            c.picked = False


def hits_civilian_site(doc: Doc, ev: Event) -> bool:
    """A civilian place (village, quarter, house, hospital, market) is what the event hit:
    the object of the verb ("قصفت … قرى"), not where it happened ("في قرية", "بمدينة")."""
    text = doc.ntext
    for info in ev.sentences:
        for c in info.matches["actor_role_cues"]:
            if c.entry.get("kind") != "site":
                continue
            if (
                c.start > 0
                and text[c.start - 1] in SITE_PREPOSITIONS
                and (c.start == 1 or not text[c.start - 2].isalnum())
            ):
                continue  # "بقرية", "لمدرسة"
            prev = text[max(info.start, c.start - 24) : c.start].split()
            if prev and prev[-1].strip("«»\"'()،,") in LOCATIVES:
                continue
            return True
    return False


def arrests_people(ev: Event) -> bool:
    """Somebody is detained: a count or a people noun ("ناشطا", "مطلوبين", "صحفيا")."""
    return any(
        info.matches["person_nouns"]
        or info.matches["victims"]
        or any(c.entry.get("kind") in ("person", "site") for c in info.matches["actor_role_cues"])
        or any(not q.not_count for q in info.quantities)
        for info in ev.sentences
    )
