"""Who says so: the source of an event, from its sentences, the report's lead or a later line.

Source phrases are read by `extract.attribution` from each attribution cue; this module
chooses which one governs an event (its own sentences first, then the earlier sentence
that continues speaking, the lead, or a source named later about the same incident).
"""

from __future__ import annotations

from marsad.extract.attribution import (
    ANAPHORIC_SOURCES,
    VAGUE_SOURCES,
    office_source,
    pronoun_source,
    source_after,
    source_before,
)
from marsad.extract.events import Event, SentenceInfo
from marsad.knowledge.lexicon import load_word_lists
from marsad.schema import Attribution
from marsad.text.doc import Doc

_WORDS = load_word_lists("events")


def attribution_of(
    doc: Doc, ev: Event, infos: list[SentenceInfo]
) -> tuple[Attribution | None, tuple[int, int] | None]:
    """The source of an event: cue in its sentences, else the nearest earlier one."""
    # Own sentences first; else the report's lead source, which governs what follows.
    # An earlier sentence that tells of another incident cites that incident's source.
    earlier = [
        info
        for info in infos[: ev.sentences[0].index]
        if info.lead or not info.told_of or id(ev) in info.told_of
    ]
    first = ev.sentences[0].index
    if (
        first > 0
        and not any(_sources_in(doc, info) for info in ev.sentences)
        and any(_continues_speech(doc, info) for info in ev.sentences)
    ):
        # "وأضاف أن …": the speaker of the sentence before goes on, whatever that one told of.
        earlier = [infos[first - 1], *[info for info in reversed(earlier) if info.index != first - 1]]
    order = list(ev.sentences) + earlier
    hedged = any(info.matches["hedges"] for info in ev.sentences)
    for info in order:
        for span in _sources_in(doc, info):
            if doc.ntext[span[0] : span[1]] in ANAPHORIC_SOURCES:
                # "وذكر المصدر ذاته": the source named earlier ("مصدر عسكري").
                span = _antecedent_source(doc, infos, info.index) or span
            # "وقال المتحدث باسمه": the spokesman of the office named before.
            resolved = pronoun_source(doc, span) or office_source(doc, span, info.end)
            s, e = doc.original_span(*span)
            src = resolved or doc.text[s:e].strip(" \"'“”«»")
            if len(src) < 2:
                continue
            return {"source": src, "hedged": hedged}, span
    # No source before: one named later about this incident ("… حسبما قال المتحدث باسم
    # الإقليم" in the fifth sentence), not a vague "تقارير".
    last = max(info.index for info in ev.sentences)
    for info in infos[last + 1 :]:
        if info.told_of and id(ev) not in info.told_of:
            continue
        for span in _sources_in(doc, info):
            if (
                doc.ntext[span[0] : span[1]] in ANAPHORIC_SOURCES
                or doc.ntext[span[0] : span[1]] in VAGUE_SOURCES
            ):
                continue
            s, e = doc.original_span(*span)
            src = (
                pronoun_source(doc, span)
                or office_source(doc, span, info.end)
                or doc.text[s:e].strip(" \"'“”«»")
            )
            if len(src) >= 2:
                return {"source": src, "hedged": hedged}, span
    return ({"source": None, "hedged": hedged} if hedged else None), None


def _sources_in(doc: Doc, info: SentenceInfo) -> list[tuple[int, int]]:
    """Source phrases named by the sentence's attribution cues, in order."""
    if not info.matches["attribution"]:
        return []  # most sentences: events read every earlier one when their own cite nobody
    # The phrase ends at a word our lexicons read as something else. A place counts only
    # when it was read as one ("مصدر" is also a village's name), and "الأنباء" of a news
    # agency ("وكالة الأنباء السورية") is no hedge.
    stops = sorted(
        [m.start for lex in ("victims", "triggers", "dates", "toll_updates") for m in info.matches[lex]]
        + [m.start for m in info.matches["hedges"] if not _agency_word(doc.ntext, m.start)]
        + [p.name_start for p in info.places if p.place is not None]
    )
    out = []
    for cue in sorted(info.matches["attribution"], key=lambda m: m.start):
        span = source_after(doc, cue, info.end, stops)
        if span is None and cue.entry.get("kind") == "verb":
            span = source_before(doc, cue, info.start)
        if span is not None:
            out.append(span)
    return out


def _continues_speech(doc: Doc, info: SentenceInfo) -> bool:
    """The sentence opens with a speech verb and names no speaker ("وأضاف أن …")."""
    head = doc.ntext[info.start : info.start + 12].lstrip(' -•*"')
    return any(
        cue.entry.get("kind") == "verb"
        and cue.start - info.start <= 3
        and head.startswith(tuple(_WORDS["continuation_prefixes"]))
        and source_after(doc, cue, info.end) is None
        for cue in info.matches["attribution"]
    )


def _agency_word(text: str, pos: int) -> bool:
    before = text[max(0, pos - 8) : pos].split()
    return bool(before) and before[-1] in _WORDS["agency_words"]


def _antecedent_source(doc: Doc, infos: list[SentenceInfo], index: int) -> tuple[int, int] | None:
    """The nearest earlier source phrase that names its source ("مصدر عسكري يمني")."""
    for info in reversed(infos[:index]):
        for span in reversed(_sources_in(doc, info)):
            words = doc.ntext[span[0] : span[1]].split()
            if len(words) >= 2 and words[0] in _WORDS["named_source_heads"]:
                return span
    return None
