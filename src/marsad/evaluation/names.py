"""Name comparison used by the scorer: actors, places and attribution sources.

The folding here is deliberately the scorer's own, not `marsad.text.normalize`: the text
layer may evolve (it also folds hamza seats and digits), while scores must stay
comparable with the reference scorer, so the two are kept apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# Harakat, Quranic marks, superscript alef and tatweel.
_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF_VARIANTS = re.compile("[أإآٱ]")
# Runs of punctuation become one space, so "al-Sham" and "al Sham" compare equal.
_PUNCTUATION = re.compile(r"[\"'“”«»()\[\],.:;!?\-–—_/\\]+")

# A name of two or more words, or of this many characters, is specific enough to be
# matched inside a longer name; shorter ones ("الجيش", "IS") must match whole.
_SPECIFIC_MIN_CHARS = 8


def fold_name(value: Any) -> str:
    """Fold a name for comparison: no diacritics, lower case, one alef/yaa/haa form,
    punctuation as spaces, single spaces. Falsy values fold to ""."""
    if not value:
        return ""
    s = _DIACRITICS.sub("", str(value)).lower()
    s = _ALEF_VARIANTS.sub("ا", s).replace("ى", "ي").replace("ة", "ه")
    s = _PUNCTUATION.sub(" ", s)
    return " ".join(s.split())


def drop_definite_articles(folded: str) -> str:
    """Drop a leading ال from every word that keeps at least three letters without it."""
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in folded.split())


def is_specific(folded: str) -> bool:
    """True when a folded name may count as found inside a longer name."""
    return len(folded.split()) >= 2 or len(folded) >= _SPECIFIC_MIN_CHARS


def contains_words(outer: str, inner: str) -> bool:
    """True when `inner` occurs in `outer` as a run of whole words."""
    return f" {inner} " in f" {outer} "


def _pair_matches(system_name: str, gold_name: str) -> bool:
    if system_name == gold_name:
        return True
    if drop_definite_articles(system_name) == drop_definite_articles(gold_name):
        return True
    if is_specific(gold_name) and contains_words(system_name, gold_name):
        return True
    return is_specific(system_name) and contains_words(gold_name, system_name)


def names_match(system_names: Iterable[Any], gold_names: Iterable[Any]) -> bool:
    """True when any engine name equals or contains (or is contained in) any accepted gold name."""
    folded_system = [fold_name(x) for x in system_names if x]
    folded_gold = [fold_name(x) for x in gold_names if x]
    return any(_pair_matches(s, g) for s in folded_system for g in folded_gold if s and g)


def actor_names(actor: Any) -> list[Any]:
    """Every name an engine actor offers: its own name, Arabic name and mention, then its members'."""
    if not isinstance(actor, dict):
        return []
    names = [actor.get("name"), actor.get("name_ar"), actor.get("mention")]
    members = actor.get("members") or []
    for member in members if isinstance(members, list) else []:
        if isinstance(member, dict):
            names += [member.get("name"), member.get("name_ar"), member.get("mention")]
    return [x for x in names if x]
