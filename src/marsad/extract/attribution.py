"""Who says so: the source named by an attribution verb or preposition, and hedging."""

from __future__ import annotations

import re

from marsad.knowledge.lexicon import Match
from marsad.text.doc import Doc

# The source phrase ends at a complementiser, a quote, punctuation or a verb-like break.
_STOP = re.compile(r"\s(?:ان|انه|انها|انهم|عن|الي|في|علي|ب?ان|الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|اليوم|امس|يوم|مساء|صباح|قوله|لـ|بيانا|بيان|بلاغا|تصريحا|تصريحات)\b|[،,.:؛(]")
_MAX_WORDS = 7


_CLITICS = ("ل", "ب")


def source_after(doc: Doc, match: Match, limit: int, stops: list[int] | None = None) -> tuple[int, int] | None:
    """Normalised span of the source phrase after an attribution cue, or None.

    The phrase ends at a complementiser, punctuation, or the first word that our
    lexicons read as something else (`stops`: a casualty word, a trigger, a date …).
    """
    text = doc.ntext
    word = text[match.start:match.end]
    if match.entry.get("kind") == "verb" and not word.endswith(match.entry.pattern.split()[-1]):
        return None  # "في بيان أصدره", "أكدته": an object pronoun, the source is elsewhere
    start = match.end
    while start < limit and text[start] == " ":
        start += 1
    if start < limit and text[start] in _QUOTES_AND_COLON and not _quoted_name(text, start, limit):
        return None  # "وقال: "كان الموكب …"": a quotation follows, not its speaker
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
        while st > start and text[st - 1].isalnum():
            st -= 1  # a stop inside a word ("و" + a name) cuts before the whole word
        if start <= st < end:
            end = st
    while end > start and text[end - 1] in ' "\'':
        end -= 1
    words = text[start:end].split()
    if words and words[0] in ("ما", "لما") and len(words) > 2 and match.entry.pattern in _ACCORDING_TO:
        # "وفقا لما اعلنته وزارة الصحة", "بحسب ما ذكرت الوكالة": the source follows the verb.
        skip = len(words[0]) + 1 + len(words[1]) + 1
        start = text.find(words[2], start + skip - 1)
        words = words[2:]
    if not words:
        return None
    # "أعلن تنظيم الدولة مسؤوليته عن …": a claim of responsibility, not a source of the report.
    if any(w.startswith(_CLAIM) for w in words) or text.startswith(_CLAIM, end + 1):
        return None
    if len(words) > _MAX_WORDS:
        words = words[:_MAX_WORDS]
        end = start + len(" ".join(words))
    # "ما افاد", "ما ذكرته" (relative pronoun after وفق), "في وقت متاخر" (an adverbial, the
    # subject stood before the verb), "فيه", pronouns: no source here.
    if words[0] in _NOT_A_SOURCE:
        return None
    # "مدير المرصد", "رييس مركز …": the organisation is the source.
    if len(words) > 1 and words[0] in _HEAD_TITLES:
        start += len(words[0]) + 1
    return start, end


_NOT_A_SOURCE = frozenset({"ما", "في", "من", "عن", "علي", "الي", "فيه", "فيها", "انه", "انها", "انهم", "ان", "هذا",
                           "هذه", "ذلك", "لاحقا", "ايضا", "اليوم", "امس", "كذلك"})
_HEAD_TITLES = frozenset({"مدير", "رييس"})
_CLAIM = ("مسووليت", "مسووليه")
_ACCORDING_TO = frozenset({"وفق", "وفقا", "وفقا ل", "حسب", "بحسب", "حسبما", "بحسبما"})
_QUOTES_AND_COLON = frozenset('"\':')
_SOURCE_NOUNS = frozenset({"مصدر", "مصادر", "وكاله", "وزاره", "قناه", "مسؤول", "مسؤولون", "متحدث", "ناطق", "شهود",
                           "سكان", "ناشطون", "نشطاء", "مركز", "منظمه", "هييه", "مكتب", "مجلس", "قياده", "شرطه", "تلفزيون"})


_NAME_QUOTE_MAX = 40  # characters: "أفادت "رويترز" بأن", "ذكرت "سانا" أن"


def _quoted_name(text: str, start: int, limit: int) -> bool:
    """A short quoted name followed by "أن"/"بأن"/a comma: the source's name in quotes."""
    if text[start] == ":":
        return False
    close = text.find(text[start], start + 1, min(limit, start + _NAME_QUOTE_MAX))
    if close < 0 or len(text[start + 1:close].split()) > 4:
        return False
    rest = text[close + 1:close + 6].lstrip()
    return rest.startswith(("ان", "بان", "،", ",", "عن", "ل"))


def source_before(doc: Doc, match: Match, sentence_start: int) -> tuple[int, int] | None:
    """The subject before a verb ("وكانت وكالة الانباء السوريه (سانا) ذكرت"), or None."""
    text = doc.ntext
    head = text[sentence_start:match.start]
    cut = max(head.rfind(c) for c in "،,:؛\"")
    if cut >= 0:
        head = head[cut + 1:]
    words = head.split()
    while words and words[0] in ("وكانت", "وكان", "كانت", "كان", "و", "قد", "فيما", "بينما"):
        words = words[1:]
    words = [w for w in words if w not in ("قد",)]
    if not words or len(words) > _MAX_WORDS or words[0] in _NOT_A_SOURCE or words[0] in ("وفق", "حسب", "بحسب"):
        return None
    if not (words[0].startswith("ال") or words[0] in _SOURCE_NOUNS):
        return None  # a subject before the verb is a named body ("وكالة …", "المرصد …")
    phrase = " ".join(words)
    pos = text.rfind(phrase, sentence_start, match.start)
    if pos < 0:
        return None
    return pos, pos + len(phrase)
