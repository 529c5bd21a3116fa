"""Consonant skeletons of Arabic and Latin spellings, for matching an Arabic spelling of a
foreign place to its GeoNames Latin name.

The correspondences are data (knowledge/data/geo/transliteration.tsv). An Arabic word
gives every skeleton its letters may stand for (ق → k or g, ج → j or g …, at most
MAX_VARIANTS); a Latin name gives its few (soft c and g give two). Two spellings meet when
a skeleton of one equals a skeleton of the other, or does after one deletion (a letter
one side writes and the other does not: Mocímboa / موسيمبوا).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product
from pathlib import Path
from typing import TypeVar

from marsad.text.normalize import normalize_key

DATA_PATH = Path(__file__).resolve().parents[1] / "knowledge" / "data" / "geo" / "transliteration.tsv"
MAX_VARIANTS = 48
_SOFT_BEFORE = frozenset("eiy")
_LATIN_MARKS = re.compile(r"['`ʿʾʻʼ‘’´]")
_NOT_LETTER = re.compile(r"[^a-z]+")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Correspondences:
    arabic: dict[str, tuple[str, ...]]  # letter or cluster → classes ("" = nothing)
    arabic_max: int  # longest Arabic cluster
    latin: dict[str, str]  # letter or cluster → class
    latin_max: int
    latin_soft: dict[str, tuple[str, ...]]  # letter before e/i/y → classes
    arabic_vowels: dict[str, str]  # ا و ي ة → a, u, i (for the tie-break similarity)
    latin_vowels: dict[str, str]


@cache
def correspondences(path: Path = DATA_PATH) -> Correspondences:
    arabic: dict[str, tuple[str, ...]] = {}
    latin: dict[str, str] = {}
    soft: dict[str, tuple[str, ...]] = {}
    vowels: dict[str, dict[str, str]] = {"ar_vowel": {}, "la_vowel": {}}
    with path.open(encoding="utf-8") as fh:
        lines = [line.rstrip("\n") for line in fh if line.strip() and not line.startswith("#")]
    for line in lines[1:]:
        side, pattern, classes, *_ = line.split("\t")
        options = tuple("" if c == "-" else c for c in classes.split("|"))
        if side == "ar":
            arabic[normalize_key(pattern)] = options
        elif side == "la":
            latin[pattern] = options[0]
        elif side == "la_soft":
            soft[pattern] = options
        elif side in vowels:
            vowels[side][normalize_key(pattern) if side == "ar_vowel" else pattern] = options[0]
    return Correspondences(
        arabic,
        max(map(len, arabic)),
        latin,
        max(map(len, latin)),
        soft,
        vowels["ar_vowel"],
        vowels["la_vowel"],
    )


def latin_letters(name: str) -> str:
    """Lower-case a-z only: diacritics, ayn/hamza marks, spaces and hyphens removed."""
    decomposed = unicodedata.normalize("NFKD", _LATIN_MARKS.sub("", name.lower()))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_LETTER.sub("", plain.replace("ß", "ss").replace("ø", "o").replace("ł", "l"))


def _collapse(skeleton: str) -> str:
    out: list[str] = []
    for c in skeleton:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _longest_at(table: Mapping[str, V], longest: int, text: str, i: int) -> tuple[V | None, int]:
    """The value of the longest key of `table` (keys are at most `longest` long) that `text` has
    at `i`, and that key's length; None and 1 where no key starts there."""
    for size in range(min(longest, len(text) - i), 0, -1):
        value = table.get(text[i : i + size])
        if value is not None:
            return value, size
    return None, 1


def latin_skeletons(name: str, table: Correspondences | None = None) -> list[str]:
    """The skeletons of a Latin name (one, or a few where c/g before e/i is ambiguous)."""
    t = table or correspondences()
    text = latin_letters(name)
    parts: list[tuple[str, ...]] = []
    i = 0
    while i < len(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if text[i] in t.latin_soft and nxt in _SOFT_BEFORE:
            parts.append(t.latin_soft[text[i]])
            i += 1
            continue
        cls, size = _longest_at(t.latin, t.latin_max, text, i)
        if cls is not None:
            parts.append((cls,))
        i += size  # past an unknown letter too (none in a-z today)
    return _expand(parts)


def arabic_skeletons(word: str, table: Correspondences | None = None) -> list[str]:
    """Every skeleton an Arabic spelling may stand for (normalised text, article kept as
    written: callers decide whether a leading ال belongs to the name)."""
    t = table or correspondences()
    text = normalize_key(word).replace(" ", "")
    parts: list[tuple[str, ...]] = []
    i = 0
    while i < len(text):
        options, size = _longest_at(t.arabic, t.arabic_max, text, i)
        if options is not None:
            parts.append(options)
        i += size  # past what is not an Arabic letter of the table too (digits, Latin, tatweel leftovers)
    return _expand(parts)


def _expand(parts: list[tuple[str, ...]]) -> list[str]:
    """All combinations, most usual first, bounded: later letters fall back to their
    first option once MAX_VARIANTS would be exceeded."""
    total = 1
    bounded: list[tuple[str, ...]] = []
    for options in parts:
        if total * len(options) > MAX_VARIANTS:
            options = options[:1]
        total *= len(options)
        bounded.append(options)
    seen: dict[str, None] = {}
    for combo in product(*bounded):
        seen.setdefault(_collapse("".join(combo)), None)
    return list(seen)


@lru_cache(maxsize=1 << 14)
def deletions(skeleton: str) -> tuple[str, ...]:
    """The skeleton with one class left out (for one-edit matches)."""
    return tuple(dict.fromkeys(_collapse(skeleton[:i] + skeleton[i + 1 :]) for i in range(len(skeleton))))


def arabic_phonetic(word: str, table: Correspondences | None = None) -> str:
    """A rough reading with vowels: each letter's first class, long vowels as a/i/u (the
    short vowels Arabic does not write are missing, as they are from the skeleton)."""
    t = table or correspondences()
    out: list[str] = []
    for ch in normalize_key(word).replace(" ", ""):
        vowel = t.arabic_vowels.get(ch)
        if vowel is not None:
            out.append(vowel)
        else:
            options = t.arabic.get(ch)
            if options and options[0]:
                out.append(options[0])
    return _collapse("".join(out))


def latin_phonetic(name: str, table: Correspondences | None = None) -> str:
    """The Latin name in the same alphabet as arabic_phonetic: consonant classes and
    vowels folded to a/i/u."""
    t = table or correspondences()
    text = latin_letters(name)
    out: list[str] = []
    i = 0
    while i < len(text):
        vowel = t.latin_vowels.get(text[i])
        if vowel is not None:
            out.append(vowel)
            i += 1
            continue
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if text[i] in t.latin_soft and nxt in _SOFT_BEFORE:
            out.append(t.latin_soft[text[i]][0])
            i += 1
            continue
        cls, size = _longest_at(t.latin, t.latin_max, text, i)
        if cls is not None:
            out.append(cls)
        i += size
    return _collapse("".join(out))


def table_digest(path: Path = DATA_PATH) -> str:
    """Fingerprint of the correspondences, stored with precomputed Latin skeletons."""
    return hashlib.sha1(path.read_bytes()).hexdigest()[:12]
