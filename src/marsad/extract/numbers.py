"""Numbers in normalised Arabic text: digits, number words, vague quantities, bounds.

A `Quantity` is a count candidate with its bounds. Whether it counts victims, vehicles
or nothing at all (a year, a unit number) is decided later by the casualty and loss
components; this module only marks numbers that plainly are not counts (years, dates,
clock times, percentages, names like "مشروع 1070").
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from marsad.knowledge import morphology
from marsad.knowledge.lexicon import load_rows, load_word_lists, word_map, word_set
from marsad.text.normalize import normalize

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DIGITS = re.compile(r"\d+(?:[,.]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}([,.]\d{3})+")
_DECIMAL = re.compile(r"\d+[,.]\d+")
_SEPARATORS = re.compile(r"[,.]")
_CONJOINED_DIGIT = re.compile(rf"(?<!\w){morphology.AND}\d")
# Tokens a quantity can span after its first word: "ما لا يقل عن مئة وخمسة وعشرين ألفا على الاقل".
_QUANTITY_SPAN = 16
# A definite number word is an adjective of the definite noun before it ("المجندين الثلاثه");
# after anything else it is part of a name ("بير السبع", "ساحه السبع بحرات").
_DEFINITE_PREFIXES = morphology.proclitics("definite")
_ARTICLE = morphology.ARTICLE
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


@dataclass(frozen=True, slots=True)
class _Tables:
    words: dict[str, tuple[int, str]]
    cues: dict[str, str]
    vague: dict[str, int]
    first_words: frozenset[str]  # words that can start a quantity phrase
    # cue and vague first words ("نحو", "عشرات"): glued to the conjunction ("ونحو 30",
    # "وعشرات الجرحي") they are read from the letter after the و.
    conjoinable: frozenset[str]
    plain_first: frozenset[str]  # first words as they are (a word here is never split: "واحد")
    # first word of a cue/vague phrase -> the phrase lengths (in words) it starts, longest
    # first: a lookup tries only lengths that exist instead of joining every span.
    cue_lengths: dict[str, tuple[int, ...]]
    vague_lengths: dict[str, tuple[int, ...]]


def _lengths_by_first_word(phrases: Mapping[str, object]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for phrase in phrases:
        parts = phrase.split()
        lengths.setdefault(parts[0], set()).add(len(parts))
    return {w: tuple(sorted(ks, reverse=True)) for w, ks in lengths.items()}


def _key(s: str) -> str:
    return normalize(s).text.strip()


@cache
def _tables() -> _Tables:
    words = {_key(r["pattern"]): (int(r["value"]), r["kind"]) for r in load_rows("number_words")}
    cues = {_key(r["pattern"]): r["kind"] for r in load_rows("quantity_cues")}
    vague = {_key(r["pattern"]): int(r["best"]) for r in load_rows("vague_quantities")}
    phrases = list(words) + list(cues) + list(vague)
    first = {k.split()[0] for k in phrases}
    plain = first | {_ARTICLE + w for w in words}
    conjoinable = {k.split()[0] for k in [*cues, *vague]}
    first |= {_AND + w for w in first} | {_ARTICLE + w for w in words}
    return _Tables(
        words,
        cues,
        vague,
        frozenset(first),
        frozenset(conjoinable),
        frozenset(plain),
        _lengths_by_first_word(cues),
        _lengths_by_first_word(vague),
    )


@cache
def _month_words() -> frozenset[str]:
    return frozenset(_key(r["pattern"]).split()[0] for r in load_rows("dates") if r["kind"] == "month")


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
    tables = _tables()
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


def _match_table(
    tokens: list[tuple[int, int, str]],
    i: int,
    table: Mapping[str, object],
    lengths: dict[str, tuple[int, ...]],
) -> tuple[str, int] | None:
    """Longest phrase of `table` starting at token i (with its length in words)."""
    first = tokens[i][2]
    ks = lengths.get(first)
    if ks is None:
        return None
    n = len(tokens) - i
    for k in ks:
        if k > n:
            continue
        p = first if k == 1 else " ".join([t[2] for t in tokens[i : i + k]])
        if p in table:
            return p, k
    return None


def _strip_clitic(word: str) -> str:
    """ "لعام" → "عام": the neighbour word without a conjunction or preposition."""
    return morphology.strip_proclitic(word, "strip", min_stem=3)


def _number_at(
    text: str, tokens: list[tuple[int, int, str]], i: int, tables: _Tables
) -> tuple[int, int] | None:
    """Value and token count of a number (digits or words) starting at token i."""
    tok = tokens[i][2]
    if tok[0].isdigit():
        if not tok.isdecimal():  # "²", "①" are isdigit() but float() rejects them
            return None
        # The word regex splits "1,200" and "2,6" at the separator: join the pieces.
        j = i + 1
        while (
            j < len(tokens)
            and tokens[j][2].isdecimal()
            and text[tokens[j - 1][1] : tokens[j][0]] in (",", ".")
        ):
            j += 1
        value_f = _parse_digits(text[tokens[i][0] : tokens[j - 1][1]])
        if value_f is None:
            return None
        used = j - i
        # A scale word after digits: "20 الف", "2,6 مليون".
        if j < len(tokens):
            sc = tables.words.get(tokens[j][2])
            if sc and sc[1] == "scale":
                value_f *= sc[0]
                used += 1
        if not math.isfinite(value_f):  # hundreds of digits overflow a float
            return None
        return int(round(value_f)), used
    return _words_number(tokens, i, tables)


def _parse_digits(chunk: str) -> float | None:
    if chunk.isdigit():
        return float(chunk)
    if _THOUSANDS.fullmatch(chunk):
        return float(_SEPARATORS.sub("", chunk))
    if _DECIMAL.fullmatch(chunk):
        return float(chunk.replace(",", "."))
    return None


def _words_number(tokens: list[tuple[int, int, str]], i: int, tables: _Tables) -> tuple[int, int] | None:
    """Compound number words: "ثلاثه وعشرين", "مئه وخمسين", "ثلاثه الاف", "الفين وخمسمئه"."""
    total = 0
    current = 0
    used = 0
    j = i
    expect_and = False
    first = tokens[i][2]
    if first.startswith(_AND) and first[1:] in tables.words:
        # "ثلاثه وخمسه": a number may start after the conjunction.
        tokens = [*tokens[:i], (tokens[i][0] + 1, tokens[i][1], first[1:]), *tokens[i + 1 :]]
    last_kind, last_value = "", 0
    while j < len(tokens):
        word = tokens[j][2]
        if expect_and:
            scale = tables.words.get(word)
            if scale and scale[1] == "scale" and current:
                pass  # "ثلاثه الاف", "عشرين الف": a scale word follows without و
            elif word.startswith(_AND) and len(word) > 1:
                word = word[1:]
            else:
                break
        if used == 0 and word.startswith(_ARTICLE) and word[2:] in tables.words:
            if not (
                tables.words[word[2:]][1] in ("unit", "ten")
                and tables.words[word[2:]][0] >= 3
                and i > 0
                and tokens[i - 1][2].startswith(_DEFINITE_PREFIXES)
            ):
                return None
            word = word[2:]  # "المجندين الثلاثه": a definite number after its noun
        hit = None
        for k in (2, 1):  # teens are two words
            if j + k <= len(tokens):
                p = " ".join([word] + [t[2] for t in tokens[j + 1 : j + k]])
                if p in tables.words:
                    hit = (tables.words[p], k)
                    break
        if hit is None:
            break
        (value, kind), k = hit
        # Arabic compounds: unit + ten ("ثلاثه وعشرين"), otherwise each part smaller than
        # the one before ("مئه وخمسين"). "ثلاثه وخمسه" is two numbers, not eight.
        if used and kind != "scale" and not (last_kind == "unit" and kind == "ten") and value >= last_value:
            break
        last_kind, last_value = kind, value
        if kind == "scale":
            current = max(current, 1) * value
            total += current
            current = 0
        else:
            current += value
        j += k
        used = j - i
        expect_and = True
        # After a scale word the next part must also be joined with و.
    if used == 0:
        return None
    return total + current, used


def _quantity_at(
    text: str, tokens: list[tuple[int, int, str]], i: int, tables: _Tables
) -> tuple[Quantity | None, int]:
    start_tok = i
    cue = None
    hit = _match_table(tokens, i, tables.cues, tables.cue_lengths)
    if hit and tables.cues[hit[0]] not in ("subset", "at_least_after"):
        cue = tables.cues[hit[0]]
        i += hit[1]
        if cue == "between" and i < len(tokens) and tokens[i][2] in tables.cues:  # "ما بين"
            i += 1
    if i >= len(tokens):
        return None, 1
    vague = _match_table(tokens, i, tables.vague, tables.vague_lengths)
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
    num = _number_at(text, tokens, i, tables)
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
            second_tokens = [(tokens[j][0] + 1, tokens[j][1], tokens[j][2][1:])] + tokens[j + 1 :]
            if second_tokens[0][2]:
                num2 = _number_at(text, second_tokens, 0, tables)
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
        num2 = _number_at(text, tokens, k, tables)
        if num2 is not None and num2[0] > value:
            lo, hi, best = value, num2[0], value
            j = k + num2[1]
            num_e = tokens[j - 1][1]
    # "على الاقل" after the number
    after = _match_table(tokens, j, tables.cues, tables.cue_lengths) if j < len(tokens) else None
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
    if prev_raw in _BEFORE_NOT_COUNT:
        return _BEFORE_NOT_COUNT[prev_raw]
    if prev in _BEFORE_NOT_COUNT:
        return _BEFORE_NOT_COUNT[prev]
    if nxt in _AFTER_NOT_COUNT:
        return _AFTER_NOT_COUNT[nxt]
    if _strip_clitic(nxt) in _month_words() or (nxt and _strip_clitic(nxt) in _MONTHS_NUMERIC):
        return "date"
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


_MONTHS_NUMERIC: frozenset[str] = frozenset()
