"""Numbers in normalised Arabic text: digits, number words, vague quantities, bounds.

A `Quantity` is a count candidate with its bounds. Whether it counts victims, vehicles
or nothing at all (a year, a unit number) is decided later by the casualty and loss
components; this module only marks numbers that plainly are not counts (years, dates,
clock times, percentages, names like "مشروع 1070").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from marsad.extract.number_words import NumberTables, match_phrase, number_at, number_tables
from marsad.knowledge import morphology
from marsad.knowledge.lexicon import load_rows, load_word_lists, word_map, word_set
from marsad.text.normalize import normalize

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CONJOINED_DIGIT = re.compile(rf"(?<!\w){morphology.AND}\d")
# Tokens a quantity can span after its first word: "ما لا يقل عن مئة وخمسة وعشرين ألفا على الاقل".
_QUANTITY_SPAN = 16
_AND = morphology.AND  # the conjunction و, glued to the next word
# Beyond any real figure (war tolls reach hundreds of thousands, displacement millions): a
# larger number is not a count. Sums of a few such figures stay inside 32-bit columns.
MAX_COUNT = 10_000_000


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int  # normalised offsets of the whole phrase (qualifier included)
    end: int
    value: int
    min: int | None
    max: int | None
    best: int
    vague: bool = False
    not_count: str = ""  # "year", "date", "time", "percent", "name", "measure", "too_large" or ""
    num_start: int = -1  # offsets of the number itself
    num_end: int = -1
    approx: bool = False  # "نحو 250", "حوالي 30": a rounded figure


@cache
def _month_words() -> frozenset[str]:
    return frozenset(
        normalize(r["pattern"]).text.strip().split()[0] for r in load_rows("dates") if r["kind"] == "month"
    )


# Words that make the neighbouring number a non-count (knowledge/data/wordlists/numbers.yaml).
_WORDS = load_word_lists("numbers")
_BEFORE_NOT_COUNT = word_map(_WORDS, "before_not_count")
_AFTER_NOT_COUNT = word_map(_WORDS, "after_not_count")
_RANGE_TO = word_set(_WORDS, "range_to")  # "من 5 الى 7"


def parse_quantities(
    text: str, start: int = 0, end: int | None = None, tokens: list[tuple[int, int, str]] | None = None
) -> list[Quantity]:
    """All quantities in normalised `text[start:end]`, in order (`tokens`: the text's
    word tokens when the caller has them already)."""
    end = len(text) if end is None else end
    tables = number_tables()
    if tokens is None:
        tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)]
    out: list[Quantity] = []
    first_words = tables.first_words
    # Most words cannot start a quantity: find the few that can in one comprehension.
    if _CONJOINED_DIGIT.search(text, start, end) is None:
        candidates = [i for i, t in enumerate(tokens) if t[2] in first_words or t[2][0].isdigit()]
    else:  # "و54 جريحا": digits glued to the conjunction start a quantity too
        candidates = [
            i
            for i, t in enumerate(tokens)
            if t[2] in first_words or t[2][0].isdigit() or (t[2][0] == _AND and t[2][1:2].isdigit())
        ]
    free_from = 0  # tokens before this index belong to a quantity already found
    for i in candidates:
        if i < free_from:
            continue
        word = tokens[i][2]
        if (
            word[0] == _AND
            and word not in tables.plain_first
            and (word[1].isdigit() or word[1:] in tables.conjoinable)
        ):
            # "و54 جريحا", "وعشرات الجرحي", "ونحو 30": read from the letter after the و, in
            # a window of the tokens (a quantity spans a few words) so nothing is copied whole.
            lo = max(i - 1, 0)
            window = tokens[lo : i + _QUANTITY_SPAN]
            window[i - lo] = (tokens[i][0] + 1, tokens[i][1], word[1:])
            q, used = _quantity_at(text, window, i - lo, tables)
        else:
            q, used = _quantity_at(text, tokens, i, tables)
        if q is not None:
            out.append(q)
            free_from = i + used
    return out


def _strip_clitic(word: str) -> str:
    """ "لعام" → "عام": the neighbour word without a conjunction or preposition."""
    return morphology.strip_proclitic(word, "strip", min_stem=3)


def _quantity_at(
    text: str, tokens: list[tuple[int, int, str]], i: int, tables: NumberTables
) -> tuple[Quantity | None, int]:
    start_tok = i
    cue = None
    hit = match_phrase(tokens, i, tables.cues, tables.cue_lengths)
    if hit and tables.cues[hit[0]] not in ("subset", "at_least_after"):
        cue = tables.cues[hit[0]]
        i += hit[1]
        if cue == "between" and i < len(tokens) and tokens[i][2] in tables.cues:  # "ما بين"
            i += 1
    if i >= len(tokens):
        return None, 1
    vague = match_phrase(tokens, i, tables.vague, tables.vague_lengths)
    if vague:
        best = tables.vague[vague[0]]
        s, e = tokens[start_tok][0], tokens[i + vague[1] - 1][1]
        return Quantity(
            s,
            e,
            best,
            best,
            None,
            best,
            vague=True,
            num_start=tokens[i][0],
            num_end=tokens[i + vague[1] - 1][1],
        ), (i - start_tok) + vague[1]
    num = number_at(text, tokens, i, tables)
    if num is None:
        # A cue that is not followed by a number consumes nothing.
        return None, 1
    value, used = num
    # "نصف مليون"
    num_s, num_e = tokens[i][0], tokens[i + used - 1][1]
    j = i + used
    lo: int | None = value
    hi: int | None = None
    best = value
    if cue == "half":
        value = best = value // 2
        lo = value
    if cue == "more_than":
        lo, best = value + 1, value + 1
    elif cue == "less_than":
        lo, hi, best = None, max(value - 1, 0), max(value - 1, 0)
    elif cue == "at_most":
        lo, hi, best = None, value, value
    elif cue == "between":
        # "بين 10 و15"
        if j < len(tokens) and tokens[j][2].startswith(_AND):
            second = (tokens[j][0] + 1, tokens[j][1], tokens[j][2][1:])
            if second[2]:
                num2 = number_at(text, tokens, j, tables, first=second)
                if num2 is not None:
                    v2, used2 = num2
                    lo, hi, best = min(value, v2), max(value, v2), min(value, v2)
                    j += used2
                    num_e = tokens[j - 1][1]
        if hi is None:  # "بين" not a range: plain number
            lo, best = value, value
    if (
        hi is None
        and j + 1 < len(tokens)
        and (
            tokens[j][2] in _RANGE_TO
            or (text[tokens[j - 1][1] : tokens[j][0]] == "-" and tokens[j][2].isdigit())
        )
    ):
        # "من 5 الى 7", "ما بين 20 الى 25", "10-15": a range.
        k = j + 1 if tokens[j][2] in _RANGE_TO else j
        num2 = number_at(text, tokens, k, tables)
        if num2 is not None and num2[0] > value:
            lo, hi, best = value, num2[0], value
            j = k + num2[1]
            num_e = tokens[j - 1][1]
    # "على الاقل" after the number
    after = match_phrase(tokens, j, tables.cues, tables.cue_lengths) if j < len(tokens) else None
    end_off = tokens[j - 1][1]
    if after and tables.cues[after[0]] == "at_least_after":
        end_off = tokens[j + after[1] - 1][1]
        j += after[1]
    not_count = _not_count(text, tokens, start_tok if cue is None else i, i + used, value)
    if max(value, hi or 0) > MAX_COUNT:
        not_count = not_count or "too_large"
    q = Quantity(
        tokens[start_tok][0],
        end_off,
        value,
        lo,
        hi,
        best,
        False,
        not_count,
        num_s,
        num_e,
        approx=cue == "about",
    )
    return q, j - start_tok


def _not_count(text: str, tokens: list[tuple[int, int, str]], i: int, j: int, value: int) -> str:
    prev = _strip_clitic(tokens[i - 1][2]) if i > 0 else ""
    prev_raw = tokens[i - 1][2] if i > 0 else ""
    nxt = tokens[j][2] if j < len(tokens) else ""
    if _strip_clitic(nxt) in _month_words():
        return "date"  # "منذ 20 يوليو": a day of the month, whatever stands before it
    if prev_raw in _BEFORE_NOT_COUNT:
        return _BEFORE_NOT_COUNT[prev_raw]
    if prev in _BEFORE_NOT_COUNT:
        return _BEFORE_NOT_COUNT[prev]
    if nxt in _AFTER_NOT_COUNT:
        return _AFTER_NOT_COUNT[nxt]
    # "19/4" "2018-03-04"
    e = tokens[j - 1][1]
    if e < len(text) and text[e] in "/:" and e + 1 < len(text) and text[e + 1].isdigit():
        return "date"
    s = tokens[i][0]
    if s > 0 and text[s - 1] in "/:" and s > 1 and text[s - 2].isdigit():
        return "date"
    if s > 1 and text[s - 1] == "-" and text[s - 2].isascii() and text[s - 2].isalpha():
        return "name"  # "F-16", "T-72"
    if 1900 <= value <= 2100 and tokens[i][2].isdigit() and len(tokens[i][2]) == 4:
        return "year"
    if e < len(text) and text[e] == "%":
        return "percent"
    return ""
