"""Reading one number in normalised Arabic text: digits ("1,200", "2,6 مليون") and number
words, compounds included ("ثلاثه وعشرين", "مئه وخمسين", "الفين وخمسمئه").

The word tables (number words, quantity cues, vague quantities) are data files; this module
loads them once and finds, at a token, the longest phrase of a table or the number there.
`numbers.parse_quantities` builds quantities (bounds, cues, non-counts) on top of it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from marsad.knowledge import morphology
from marsad.knowledge.lexicon import load_rows
from marsad.text.normalize import normalize

_THOUSANDS = re.compile(r"\d{1,3}([,.]\d{3})+")
_DECIMAL = re.compile(r"\d+[,.]\d+")
_SEPARATORS = re.compile(r"[,.]")
# A definite number word is an adjective of the definite noun before it ("المجندين الثلاثه");
# after anything else it is part of a name ("بير السبع", "ساحه السبع بحرات").
_DEFINITE_PREFIXES = morphology.proclitics("definite")
_ARTICLE = morphology.ARTICLE
_AND = morphology.AND  # the conjunction و, glued to the next word


@dataclass(frozen=True, slots=True)
class NumberTables:
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
def number_tables() -> NumberTables:
    words = {_key(r["pattern"]): (int(r["value"]), r["kind"]) for r in load_rows("number_words")}
    cues = {_key(r["pattern"]): r["kind"] for r in load_rows("quantity_cues")}
    vague = {_key(r["pattern"]): int(r["best"]) for r in load_rows("vague_quantities")}
    phrases = list(words) + list(cues) + list(vague)
    first = {k.split()[0] for k in phrases}
    plain = first | {_ARTICLE + w for w in words}
    conjoinable = {k.split()[0] for k in [*cues, *vague]}
    first |= {_AND + w for w in first} | {_ARTICLE + w for w in words}
    return NumberTables(
        words,
        cues,
        vague,
        frozenset(first),
        frozenset(conjoinable),
        frozenset(plain),
        _lengths_by_first_word(cues),
        _lengths_by_first_word(vague),
    )


def match_phrase(
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


def number_at(
    text: str,
    tokens: list[tuple[int, int, str]],
    i: int,
    tables: NumberTables,
    first: tuple[int, int, str] | None = None,
) -> tuple[int, int] | None:
    """Value and token count of a number (digits or words) starting at token i. `first`
    stands for token i ("15" of "و15") and the number is read with nothing before it:
    the tokens are not copied, which made a text of many such numbers quadratic."""
    head = tokens[i] if first is None else first
    tok = head[2]
    if not tok:
        return None
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
        value_f = _parse_digits(text[head[0] : tokens[j - 1][1]])
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
    return _words_number(tokens, i, tables, tok, first is None)


def _parse_digits(chunk: str) -> float | None:
    if chunk.isdigit():
        return float(chunk)
    if _THOUSANDS.fullmatch(chunk):
        return float(_SEPARATORS.sub("", chunk))
    if _DECIMAL.fullmatch(chunk):
        return float(chunk.replace(",", "."))
    return None


def _words_number(
    tokens: list[tuple[int, int, str]], i: int, tables: NumberTables, first: str, has_before: bool
) -> tuple[int, int] | None:
    """Compound number words: "ثلاثه وعشرين", "مئه وخمسين", "ثلاثه الاف", "الفين وخمسمئه".
    `first` is the word of token i; `has_before`: token i-1 is the word before it."""
    total = 0
    current = 0
    used = 0
    j = i
    expect_and = False
    if first.startswith(_AND) and first[1:] in tables.words:
        first = first[1:]  # "ثلاثه وخمسه": a number may start after the conjunction
    last_kind, last_value = "", 0
    while j < len(tokens):
        word = first if j == i else tokens[j][2]
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
                and has_before
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
