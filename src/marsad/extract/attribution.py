"""Who says so: the source named by an attribution verb or preposition, and hedging."""

from __future__ import annotations

import itertools
import re

from marsad.knowledge import morphology
from marsad.knowledge.lexicon import Match, WordList, load_word_lists, single_word, word_map, word_set
from marsad.text.doc import Doc

_WORDS: dict[str, WordList] = load_word_lists("attribution")  # knowledge/data/wordlists/attribution.yaml


def _words(key: str) -> frozenset[str]:
    return word_set(_WORDS, key)


def _alternation(words: frozenset[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


_WEEKDAYS = _words("weekdays")
# The source phrase ends at a complementiser, a quote, punctuation or a verb-like break.
_STOP = re.compile(rf"\s(?:{_alternation(_words('phrase_stops') | _WEEKDAYS)})\b|[،,.:؛(]")
_MAX_WORDS = 7
_SOURCE_CLITICS = morphology.proclitics("source")  # "لمصادر طبية", "بمسؤول"
_GLUED_SOURCE_INITIALS = _words("glued_source_initials")
_TO = morphology.TO
_LIL = morphology.article_in_preposition("lexicon")  # "لل": the article, not a glued ل
_NOT_A_SOURCE = _words("not_a_source")
_HEAD_TITLES = _words("head_titles")
_BARE_SOURCES = _words("bare_sources")
_BODY_WORDS = 4
_IN_BODY = f" {single_word(_WORDS, 'in_body')} "  # "مصدر في دائرة صحة البصرة"
_TOLD_OUTLETS = _words("told_outlets")
_CLAIM = tuple(sorted(_words("claim_prefixes")))
_ACCORDING_TO = _words("according_to")
_ACCORDING_TO_WORDS = _words("according_to_words")
_QUOTES_AND_COLON = frozenset("\"':")
_STATEMENTS = _words("statements")
_ISSUED = _words("issued")
_ISSUED_BY = single_word(_WORDS, "issued_by")
_RELATIVE_WHAT = _words("relative_what")
_OBJECT_PRONOUNS = _words("object_pronouns")
_AS_WHAT = _words("as_what")
_SAY_VERBS = _words("say_verbs")
_SOURCE_NOUNS = _words("source_nouns")
_SUBJECT_OPENERS = _words("subject_openers")
_SUBJECT_PARTICLES = _words("subject_particles")
_AFTER_QUOTED_NAME = (*sorted(_words("after_quoted_name")), "،", ",")
VAGUE_SOURCES = _words("vague_sources")  # "حسبما قالت تقارير": no one named
ANAPHORIC_SOURCES = _words("anaphoric_sources")  # "المصدر ذاته": named earlier


def source_after(
    doc: Doc, match: Match, limit: int, stops: list[int] | None = None
) -> tuple[int, int] | None:
    """Normalised span of the source phrase after an attribution cue, or None.

    The phrase ends at a complementiser, punctuation, or the first word that our
    lexicons read as something else (`stops`: a casualty word, a trigger, a date …).
    """
    text = doc.ntext
    start = _phrase_start(text, match, limit)
    if start is None:
        return None
    end = _phrase_end(text, start, limit, stops)
    lead = _skip_lead_words(text, match, start, text[start:end].split())
    if lead is None:
        return None
    start, words = lead
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
    if words[0] in _OBJECT_PRONOUNS and len(words) > 1:
        # "أفاد به الدفاع المدني": the object pronoun of the verb, not the source.
        start = text.find(words[1], start + len(words[0]))
        words = words[1:]
    if words[0] in _NOT_A_SOURCE:
        return None
    if len(words) == 1 and words[0] in _BARE_SOURCES and text.startswith(_IN_BODY, end):
        end = _with_body(text, end, limit)
    # "مدير المرصد", "رييس مركز …": the organisation is the source.
    if len(words) > 1 and words[0] in _HEAD_TITLES:
        start += len(words[0]) + 1
    return start, end


def _phrase_start(text: str, match: Match, limit: int) -> int | None:
    """Where the source phrase after the cue starts: past spaces, an opening quote, a
    glued preposition and a statement noun ("بحسب بيان لهيئة الحشد"); None when no
    source follows (a quotation, an object pronoun on the verb)."""
    word = text[match.start : match.end]
    if match.entry.get("kind") == "verb" and not word.endswith(match.entry.pattern.split()[-1]):
        return None  # "في بيان أصدره", "أكدته": an object pronoun, the source is elsewhere
    start = match.end
    while start < limit and text[start] == " ":
        start += 1
    if start < limit and text[start] in _QUOTES_AND_COLON and not _quoted_name(text, start, limit):
        return None  # "وقال: "كان الموكب …"": a quotation follows, not its speaker
    while start < limit and text[start] in " \"'":
        start += 1
    # "لمصادر طبية", "بمسؤول": a clitic glued to the source is not part of its name.
    if (
        start + 4 < limit
        and text[start] in _SOURCE_CLITICS
        and text[start + 1] in _GLUED_SOURCE_INITIALS
        and text[start + 4].isalpha()
    ):
        start += 1
    if start >= limit:
        return None
    return _past_statement(text, start, limit)


def _past_statement(text: str, start: int, limit: int) -> int | None:
    """ "بحسب بيان لهيئة الحشد", "وفق بيان صادر عن الوزارة": the body that issued the
    statement is the source."""
    lead = text[start : min(limit, start + 40)].split()
    if len(lead) <= 1 or lead[0] not in _STATEMENTS:
        return start
    skip = [lead[0]] + (lead[1:3] if lead[1] in _ISSUED and lead[2:3] == [_ISSUED_BY] else [])
    start = text.find(lead[len(skip)], start + len(" ".join(skip))) if len(lead) > len(skip) else limit
    if start < 0:
        return None
    if text[start] == _TO and text[start + 1 : start + 4].isalpha() and not text.startswith(_LIL, start):
        start += 1
    return start


def _phrase_end(text: str, start: int, limit: int, stops: list[int] | None) -> int:
    """Where the source phrase starting at `start` ends: a stop word, punctuation or the
    first word another lexicon reads (`stops`)."""
    window = text[start : min(limit, start + 90)]
    # A leading space lets a stop word at the very start count ("أعلن مساء السبت أنه").
    m = _STOP.search(" " + window)
    end = start + (max(0, m.start() - 1) if m else len(window))
    for st in stops or ():
        while st > start and text[st - 1].isalnum():
            st -= 1  # a stop inside a word ("و" + a name) cuts before the whole word
        if start <= st < end:
            end = st
    while end > start and text[end - 1] in " \"'":
        end -= 1
    return end


def _skip_lead_words(text: str, match: Match, start: int, words: list[str]) -> tuple[int, list[str]] | None:
    """Drop a relative pronoun and a speech verb before the source ("وفقا لما اعلنته
    وزارة الصحة", "حسبما أعلن مسؤولون"); None when nothing is left of the source."""
    if words and words[0] in _RELATIVE_WHAT and len(words) > 2 and match.entry.pattern in _ACCORDING_TO:
        # "وفقا لما اعلنته وزارة الصحة", "بحسب ما ذكرت الوكالة": the source follows the verb.
        skip = len(words[0]) + 1 + len(words[1]) + 1
        start = text.find(words[2], start + skip - 1)
        words = words[2:]
    if words and match.entry.pattern in _AS_WHAT and words[0] in _SAY_VERBS:
        # "حسبما أعلن مسؤولون": the verb glued to "ما" is not part of the source
        # ("حسبما قالت تقارير": nothing left once the vague word is cut).
        if len(words) == 1:
            return None
        start = text.find(words[1], start + len(words[0]))
        words = words[1:]
    return start, words


def _with_body(text: str, end: int, limit: int) -> int:
    """ "مصدر في دائرة صحة البصرة": a bare source is named by the body it belongs to; the
    end of the phrase moves past the body's words."""
    rest = text[end + len(_IN_BODY) : min(limit, end + 64)]
    cut = _STOP.search(" " + rest)
    body = rest[: max(0, cut.start() - 1) if cut else len(rest)].split()[:_BODY_WORDS]
    # "… الأميركية وكالة فرانس برس": the outlet told, not the body.
    body = list(itertools.takewhile(lambda w: w not in _TOLD_OUTLETS, body))
    if body and body[0] not in _NOT_A_SOURCE:
        end = text.find(body[-1], end + len(_IN_BODY)) + len(body[-1])
    return end


_NAME_QUOTE_MAX = 40  # characters: "أفادت "رويترز" بأن", "ذكرت "سانا" أن"


def _quoted_name(text: str, start: int, limit: int) -> bool:
    """A short quoted name followed by "أن"/"بأن"/a comma: the source's name in quotes."""
    if text[start] == ":":
        return False
    close = text.find(text[start], start + 1, min(limit, start + _NAME_QUOTE_MAX))
    if close < 0 or len(text[start + 1 : close].split()) > 4:
        return False
    rest = text[close + 1 : close + 6].lstrip()
    return rest.startswith(_AFTER_QUOTED_NAME)


def source_before(doc: Doc, match: Match, sentence_start: int) -> tuple[int, int] | None:
    """The subject before a verb ("وكانت وكالة الانباء السوريه (سانا) ذكرت"), or None."""
    text = doc.ntext
    head = text[sentence_start : match.start]
    cut = max(head.rfind(c) for c in '،,:؛"')
    if cut >= 0:
        head = head[cut + 1 :]
    words = head.split()
    while words and words[0] in _SUBJECT_OPENERS:
        words = words[1:]
    words = [w for w in words if w not in _SUBJECT_PARTICLES]
    if not words or len(words) > _MAX_WORDS or words[0] in _NOT_A_SOURCE or words[0] in _ACCORDING_TO_WORDS:
        return None
    if not (words[0].startswith(morphology.ARTICLE) or words[0] in _SOURCE_NOUNS):
        return None  # a subject before the verb is a named body ("وكالة …", "المرصد …")
    phrase = " ".join(words)
    pos = text.rfind(phrase, sentence_start, match.start)
    if pos < 0:
        return None
    return pos, pos + len(phrase)


# "المتحدث باسمه", "الناطق باسمها", "مكتبه الاعلامي": a source named through a pronoun
# that refers back to an office or body named earlier ("محافظ ولاية ننغرهار").
_SPOKESMEN = _words("spokesmen")
_ON_BEHALF = _words("on_behalf")
_OWN_OFFICES = word_map(_WORDS, "own_offices")
_MEDIA_OFFICE = single_word(_WORDS, "media_office")  # "مكتبه الإعلامي"
_HER, _HIS = morphology.HER, morphology.HIS  # the pronoun glued to the office
# Heads of an owner phrase: offices held by a person (masculine pronoun) and bodies (either).
_OWNER_TITLES = _words("owner_titles")
_OWNER_BODIES = _words("owner_bodies")
# An administrative word between a title and a proper name adds nothing to the office:
# "محافظ ولاية ننغرهار" is "محافظ ننغرهار", "محافظ محافظة نينوى" is "محافظ نينوى".
_ADMIN_WORDS = _words("admin_words")
_OWNER_MAX_WORDS = 4
_OWNER_LOOKBACK = 400  # characters: the owner is named in the same or the previous sentence
_OWNER_BREAK = re.compile(rf"[،,.:؛()\"«»\n]|\s(?:{_alternation(_words('owner_breaks') | _WEEKDAYS)})\s")
_HEAD_CLITICS = morphology.proclitics("head")  # "لمحافظ"


def pronoun_source(doc: Doc, span: tuple[int, int]) -> str | None:
    """The source a pronoun phrase stands for, in the article's words, or None.

    "وقال المتحدث باسمه" after "محافظ ولاية ننغرهار" → "المتحدث باسم محافظ ننغرهار".
    """
    text = doc.ntext
    words = text[span[0] : span[1]].split()
    if len(words) >= 2 and words[0] in _SPOKESMEN and words[-1] in _ON_BEHALF:
        feminine = words[-1].endswith(_HER)
        head_end = (
            span[0] + text[span[0] : span[1]].rfind(words[-1]) + len(words[-1]) - _pronoun_length(feminine)
        )
    elif len(words) == 2 and words[0] in _OWN_OFFICES and words[1].startswith(_MEDIA_OFFICE):
        feminine = words[0].endswith(_HER)
        head_end = -1
    else:
        return None
    owner = _owner_before(doc, span[0], feminine)
    if owner is None:
        return None
    if head_end >= 0:
        return f"{doc.original_text(span[0], head_end)} {owner}"
    # "مكتبه الإعلامي" → "مكتب محافظ ننغرهار الإعلامي"
    office = doc.original_text(span[0], span[0] + len(words[0]) - _pronoun_length(feminine))
    return f"{office} {owner} {doc.original_text(span[1] - len(words[1]), span[1])}"


def _owner_before(doc: Doc, pos: int, feminine: bool) -> str | None:
    """The nearest earlier office or body a pronoun can refer to, admin words dropped."""
    text = doc.ntext
    lo = max(0, pos - _OWNER_LOOKBACK)
    heads = _OWNER_BODIES if feminine else _OWNER_TITLES | _OWNER_BODIES
    found = [(lo + m.start(), lo + m.end()) for m in re.finditer(r"\S+", text[lo:pos])]
    last = max((i for i, (s, e) in enumerate(found) if _bare(text[s:e], heads) in heads), default=None)
    if last is None:
        return None
    first = last
    while first > 0 and _bare(text[found[first - 1][0] : found[first - 1][1]], heads) in heads:
        first -= 1  # "قيادة شرطة ولاية كانو": the chain starts at its first head
    start = (
        found[first][0]
        + len(text[found[first][0] : found[first][1]])
        - len(_bare(text[found[first][0] : found[first][1]], heads))
    )
    tail = text[found[last][1] : pos]
    stop = _OWNER_BREAK.search(tail + " ")
    tail = tail[: stop.start()] if stop else tail
    spans = _name_words(text, found[last][1], tail)
    if not spans:
        return None  # a bare title ("الوزير") names no one the scorer could check
    return doc.original_text(start, spans[-1][1])


def _pronoun_length(feminine: bool) -> int:
    return len(_HER if feminine else _HIS)


def _bare(word: str, heads: frozenset[str]) -> str:
    """The word without a clitic "و/ل/ب" glued to a head word ("لمحافظ")."""
    for clitic in _HEAD_CLITICS:
        if word.startswith(clitic) and word[len(clitic) :] in heads:
            return word[len(clitic) :]
    return word


def _name_words(text: str, offset: int, tail: str) -> list[tuple[int, int]]:
    """Words naming what a title or body governs: the first word, then adjectives ("ال…")
    or the name after an administrative word ("ولاية ننغرهار")."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"\S+", tail):
        word = m.group()
        if out and not (word.startswith(morphology.ARTICLE) or text[out[-1][0] : out[-1][1]] in _ADMIN_WORDS):
            break
        out.append((offset + m.start(), offset + m.end()))
        if len(out) >= _OWNER_MAX_WORDS - 1:
            break
    return out


def office_source(doc: Doc, span: tuple[int, int], limit: int) -> str | None:
    """A source phrase that ends in an office title, completed with the place the title
    governs (cut off as a place name), in the text's own words; None when it is complete.

    "المتحدث باسم حاكم" + "ولاية ننغرهار" → "المتحدث باسم حاكم ولاية ننغرهار".
    """
    text = doc.ntext
    words = [(m.start() + span[0], m.end() + span[0]) for m in re.finditer(r"\S+", text[span[0] : span[1]])]
    tail = text[span[1] : limit]
    stop = _OWNER_BREAK.search(tail + " ")
    more = [
        (m.start() + span[1], m.end() + span[1])
        for m in re.finditer(r"\S+", tail[: stop.start()] if stop else tail)
    ]
    if not (words and text[words[-1][0] : words[-1][1]] in _OWNER_TITLES and more):
        return None
    words += _name_words(text, span[1], text[span[1] : more[-1][1]])
    return doc.original_text(words[0][0], words[-1][1]).strip(" \"'“”«»")
