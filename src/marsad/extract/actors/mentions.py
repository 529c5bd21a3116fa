"""Actor mentions in a report, and the loaded words (framing) it uses."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from marsad.extract.actors.records import ActorMention
from marsad.extract.actors.vocabulary import ARTICLE_AFTER_LI, LI, NAME_CLITICS
from marsad.knowledge.lexicon import Match
from marsad.text.doc import Doc

if TYPE_CHECKING:
    from marsad.extract.knowledgebase import KnowledgeBase


def mentions(doc: Doc, actor_matches: list[Match], kb: KnowledgeBase) -> list[ActorMention]:
    """The actor names of the report, left to right, with the clitic written onto each."""
    base = kb.actors
    text = doc.ntext
    out: list[ActorMention] = []
    # Longest name first, then left to right: "طيران التحالف بقيادة السعودية" is read as
    # "طيران" + "التحالف بقيادة السعودية", not as "طيران التحالف" + a cut-off rest.
    # Kept names never overlap, so sorted by start their ends are sorted too: a new name can
    # only overlap its two neighbours (bisect, not a scan of every kept name: linear time).
    kept: list[Match] = []
    starts: list[int] = []
    for m in sorted(actor_matches, key=lambda m: (-(m.end - m.start), m.start)):
        at = bisect.bisect_left(starts, m.start)
        if at > 0 and kept[at - 1].end > m.start:
            continue
        if at < len(kept) and kept[at].start < m.end:
            continue
        kept.insert(at, m)
        starts.insert(at, m.start)
    for m in kept:
        ids = [i for i in m.entry.get("ids").split("|") if i]
        actors = tuple(base.get(i) for i in ids if i in base)
        if not actors:
            continue
        clitic = ""
        if m.entry.pattern.startswith(ARTICLE_AFTER_LI):
            clitic = LI
        elif (
            m.start > 0
            and text[m.start - 1] in NAME_CLITICS
            and (m.start == 1 or not text[m.start - 2].isalnum())
        ):
            clitic = text[m.start - 1]
        out.append(ActorMention(m.start, m.end, actors, clitic))
    return out


def framing_in(doc: Doc, framing_matches: list[Match], start: int, end: int) -> list[str]:
    """Loaded words (الإرهابية، المرتزقة …) used in [start, end), as written."""
    out: list[str] = []
    for m in framing_matches:
        if start <= m.start < end:
            word = doc.original_text(m.start, m.end)
            if word not in out:
                out.append(word)
    return out
