"""How a place name becomes look-up keys: Arabic keys with and without the article, folded
Latin keys and loose Latin skeletons for transliteration variants.

Shared by the gazetteer (at look-up) and scripts/build_gazetteer.py (at build time, when
every row's keys are precomputed). Generic name words are data (knowledge/data/geo/name_terms.tsv).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from marsad.knowledge.morphology import ARTICLE, strip_article
from marsad.text.normalize import ARABIC_LETTER, normalize_key

# Quote-like marks that transliterations use for ayn/hamza; they are dropped in the
# folded Latin key so "Ma'rib", "Maʼrib" and "Marib" meet.
_LATIN_MARKS = re.compile(r"['`ʿʾʻʼ‘’´]")
TERMS_PATH = Path(__file__).resolve().parents[1] / "knowledge" / "data" / "geo" / "name_terms.tsv"


def _load_terms() -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = defaultdict(set)
    with TERMS_PATH.open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            term, kind, *_ = line.rstrip("\n").split("\t")
            kinds[kind].add(normalize_key(term))
    return {k: frozenset(v) for k, v in kinds.items()}


_TERMS = _load_terms()
# Latin article forms (al-, ash-, ez-), dropped in the loose Latin skeleton.
_LATIN_ARTICLES = _TERMS.get("latin_article", frozenset())
# Generic words in front of an admin1 name: "محافظة حلب", "ولاية بورنو".
ADMIN_WORDS = _TERMS.get("admin_word", frozenset())


def is_arabic(text: str) -> bool:
    return bool(ARABIC_LETTER.search(text))


def latin_fold(name: str) -> str:
    """normalize_key of a Latin name with diacritics and ayn/hamza marks removed."""
    decomposed = unicodedata.normalize("NFKD", _LATIN_MARKS.sub("", name))
    return normalize_key("".join(c for c in decomposed if not unicodedata.combining(c)))


def latin_skeleton(key: str) -> str:
    """A loose form of a Latin key for transliteration variants: article words dropped,
    vowels and semi-vowels removed, doubled letters collapsed ("khan touman" and
    "khan toman" both give "khn tmn")."""
    words = []
    for word in latin_fold(key).split():
        if word in _LATIN_ARTICLES:
            continue
        for art in ("al-", "el-"):
            if word.startswith(art):
                word = word[len(art) :]
        first, rest = word[:1], re.sub(r"[aeiouyw]", "", word[1:])
        skel = re.sub(r"(.)\1+", r"\1", first + rest)
        if skel:
            words.append(skel)
    return " ".join(words)


def arabic_match_key(name: str) -> str:
    """Key under which two Arabic spellings count as the same name (article-insensitive)."""
    words = normalize_key(name).split()
    if words:
        words[0] = strip_article(words[0])
    return " ".join(words)


def article_variants(key: str) -> list[str]:
    """The key with its first word's article added or removed, where that is safe."""
    words = key.split()
    if not words or not is_arabic(words[0]):
        return []
    first = words[0]
    if first.startswith(ARTICLE):
        stripped = strip_article(first)
        return [" ".join([stripped, *words[1:]])] if stripped != first else []
    if len(first) >= 3:
        return [" ".join([ARTICLE + first, *words[1:]])]
    return []


def alias_keys_for(names: Iterable[str]) -> list[str]:
    """All look-up keys for a row's names: normalize_key forms, folded Latin forms, and
    the Arabic form without its article where at least four letters remain."""
    keys: list[str] = []
    for name in names:
        if not name:
            continue
        k = normalize_key(name)
        if not k:
            continue
        keys.append(k)
        if is_arabic(k):
            words = k.split()
            stem = strip_article(words[0], min_stem=4)
            if stem != words[0]:
                keys.append(" ".join([stem, *words[1:]]))
        else:
            folded = latin_fold(name)
            if folded:
                keys.append(folded)
    seen: set[str] = set()
    return [k for k in keys if not (k in seen or seen.add(k))]
