"""Who says so: the source named by an attribution verb or preposition, and hedging."""

from __future__ import annotations

import re

from marsad.knowledge.lexicon import Match
from marsad.text.doc import Doc

# The source phrase ends at a complementiser, a quote, punctuation or a verb-like break.
_STOP = re.compile(r"\s(?:ان|انه|انها|انهم|عن|الي|في|علي|ب?ان|الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|اليوم|امس|يوم|مساء|صباح|قوله|لـ)\b|[،,.:؛(]")
_MAX_WORDS = 7


_CLITICS = ("ل", "ب")


def source_after(doc: Doc, match: Match, limit: int, stops: list[int] | None = None) -> tuple[int, int] | None:
    """Normalised span of the source phrase after an attribution cue, or None.

    The phrase ends at a complementiser, punctuation, or the first word that our
    lexicons read as something else (`stops`: a casualty word, a trigger, a date …).
    """
    text = doc.ntext
    start = match.end
    while start < limit and text[start] in ' "\'':
        start += 1
    # "لمصادر طبية", "بمسؤول": a clitic glued to the source is not part of its name.
    if start + 4 < limit and text[start] in _CLITICS and text[start + 1] == "م" and text[start + 4].isalpha():
        start += 1
    if start >= limit:
        return None
    window = text[start:min(limit, start + 90)]
    m = _STOP.search(window)
    end = start + (m.start() if m else len(window))
    for st in stops or ():
        if start < st < end:
            end = st
    while end > start and text[end - 1] in ' "\'':
        end -= 1
    words = text[start:end].split()
    if not words:
        return None
    if len(words) > _MAX_WORDS:
        words = words[:_MAX_WORDS]
        end = start + len(" ".join(words))
    # "ما افاد", "ما ذكرته": relative pronoun after وفق — skip to the verb's subject.
    if words[0] in ("ما",):
        return None
    return start, end
