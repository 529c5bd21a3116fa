"""How the place mentions of a text relate to each other: lists ("منبه ورازح وسحار", through
names the gazetteer does not know), the two ends of "بين X و Y", launch sites ("من X
باتجاه Y") and bearings that only situate the places before them ("في شرق وجنوب بغداد").
The geoparser (extract/places.py) marks the mentions; event_places.py reads the marks.
"""

from __future__ import annotations

import bisect

from marsad.extract.place_mention import PlaceMention
from marsad.extract.tokens import Tokens
from marsad.knowledge import morphology
from marsad.knowledge.lexicon import Match, load_word_lists, single_word, word_set

_WORDS = load_word_lists("places")
_PREPOSITIONS = word_set(_WORDS, "prepositions")
_BETWEEN = single_word(_WORDS, "between")
_AND = morphology.AND
_UNKNOWN_LIST_ITEMS = 2  # unknown names a list may hold between two known ones
LIST_COMMAS = ("،", ",")  # commas that join the names of a list (extract/event_places.py too)

_FROM = single_word(_WORDS, "from_word")
_TOWARD = word_set(_WORDS, "toward_words")
_TOWARD_WORDS = 3  # words from the end of a launch site to "باتجاه": "من محافظة صعدة (اليمنية) باتجاه"


def launch_sites(tokens: Tokens, mentions: list[PlaceMention]) -> None:
    """ "من X باتجاه Y": mark X (extra launch_site) when a place Y follows the direction word;
    the missile's target, or where it fell, is the event's place."""
    for a, b in zip(mentions, mentions[1:], strict=False):
        first = tokens.index_at(a.start)
        if first == 0 or tokens.words[first - 1] != _FROM:
            continue
        last = tokens.index_before(a.end)
        toward = next(
            (
                k
                for k in range(last + 1, min(last + 1 + _TOWARD_WORDS, len(tokens)))
                if tokens.words[k] in _TOWARD
            ),
            None,
        )
        if toward is not None and tokens.index_at(b.start) == toward + 1:
            a.extra["launch_site"] = "1"


def bearings_after(text: str, mentions: list[PlaceMention], cues: list[Match]) -> None:
    """ "في محافظتي ديالى وذي قار في شرق وجنوب بغداد": bearings from a place right after
    other places (with "في" and more bearings between) situate them; mark the mention
    (extra situates) so it is not taken as the event's place (event_places.place_for)."""
    bearing_spans = sorted((c.start, c.end) for c in cues if c.entry.get("region") == "1")
    starts = [cs for cs, _ in bearing_spans]

    def spans_in(lo: int, hi: int) -> list[tuple[int, int]]:
        # Only the bearings between the two mentions: a scan of every cue per pair made a
        # text of thousands of towns quadratic (bench/adversarial.py towns).
        k = bisect.bisect_left(starts, lo)
        out = []
        while k < len(bearing_spans) and bearing_spans[k][0] < hi:
            if bearing_spans[k][1] <= hi:
                out.append(bearing_spans[k])
            k += 1
        return out

    for a, b in zip(mentions, mentions[1:], strict=False):
        if b.precision != 2 or b.start <= a.end or not a.candidates:
            continue
        if not spans_in(b.start, b.name_start):
            continue  # "في مقاطعة كارس الشرقية": a province named with its side, no bearing from a place
        between = text[a.end : b.start]
        for cs, ce in spans_in(a.end, b.start):
            between = between.replace(text[cs:ce], " ")
        words = between.split()
        if words and all(w in _PREPOSITIONS or w == _AND for w in words) and any(w != _AND for w in words):
            b.extra["situates"] = "1"


def listed_after(text: str, mentions: list[PlaceMention], word_start: int, prefix: str) -> bool:
    """The name continues a list after a place already accepted ("في منبه ورازح", "حلب، إدلب"):
    the list gives it the place context its first member had."""
    if not mentions or mentions[-1].extra.get("context") != "1":
        return False  # "مفتي القدس والديار": a list only after a place in a place slot
    between = text[mentions[-1].end : word_start]
    if (prefix == _AND and not between.strip()) or (not prefix and between.strip() in LIST_COMMAS):
        return True
    return prefix == _AND and unknown_list_items(between)


def unknown_list_items(between: str) -> bool:
    """ "عبادان وماهشهر وحميديه": the words between two places of a list are names the
    gazetteer does not know, each joined by "و" (a bare "و" may end them: the next place's
    clitic when it is not part of the mention)."""
    items = between.split()
    if items and items[-1] == _AND:
        items = items[:-1]
    return 0 < len(items) <= _UNKNOWN_LIST_ITEMS and all(
        w.startswith(_AND) and len(w) > len(_AND) + 1 and w[-1].isalpha() for w in items
    )


def link_between(text: str, mentions: list[PlaceMention]) -> None:
    """ "بين X و Y": both ends get precision 2 and point at each other."""
    for a, b in zip(mentions, mentions[1:], strict=False):
        gap = text[a.end : b.name_start].strip()
        if (
            gap in (_AND, "")
            or gap.endswith(" " + _AND)
            or gap == _AND
            or (b.start > a.end and text[a.end : b.start].strip() == _AND)
        ):
            before = text[max(0, a.start - 20) : a.start]
            if before.rstrip().endswith(_BETWEEN) or _BETWEEN in text[a.start : a.name_start]:
                a.partner, b.partner = b, a
                a.precision = b.precision = 2
