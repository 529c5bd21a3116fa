"""Alias keys: the spellings under which an actor's names are registered and looked up.

An alias is keyed with :func:`normalize_key`. Registration adds the other spellings of a
head noun, the quoted form news uses for the proper part of a name, and the "لل…" form
of a definite name after ل; look-up strips a proclitic and/or the article. The letters and
words involved are data (``knowledge/data/wordlists/actor_names.yaml``, the clitics in
``knowledge/data/morphology/clitics.tsv``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from marsad.knowledge import morphology
from marsad.knowledge.lexicon import load_word_lists
from marsad.text.normalize import normalize_key

WORDS_FILE = Path(__file__).parents[1] / "data" / "wordlists" / "actor_names.yaml"
_WORDS = load_word_lists(WORDS_FILE.stem)


# Single-letter proclitics that attach to a following word, and the article (alone, and
# after ل): the clitic inventory (knowledge/data/morphology/clitics.tsv).
PROCLITICS: frozenset[str] = frozenset(morphology.proclitics("alias"))
ARTICLE: str = morphology.ARTICLE
ARTICLE_AFTER_LI: str = morphology.form_of("to the")


def _head_variants(pairs: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Each spelling of a head noun -> its other spellings (the pairs stand for each other)."""
    out: dict[str, tuple[str, ...]] = {}
    for one, other in pairs.items():
        out[normalize_key(one)] = (normalize_key(other),)
        out[normalize_key(other)] = (normalize_key(one),)
    return out


_HEAD_VARIANTS = _head_variants(_WORDS["head_spellings"])

# Group nouns after which the rest of a name is often quoted.
_QUOTED_AFTER = frozenset(normalize_key(w) for w in _WORDS["quoted_after"])


def alias_variants(key: str) -> Iterator[str]:
    """The key itself, its other spellings of a head noun ("مسلحي X" → "مسلحو X",
    "ميليشيا X" → "مليشيا X"), and for "ال…" keys the "لل…" form that Arabic writes after ل."""
    head, sep, rest = key.partition(" ")
    forms = [key] + [f"{other}{sep}{rest}" for other in _HEAD_VARIANTS.get(head, ()) if sep]
    if sep and head in _QUOTED_AFTER:
        # News puts the proper part in quotes: حركة «حسم», مسلحو «الشباب» (normalised «» → ").
        forms += [f'{f.partition(" ")[0]} "{rest}"' for f in forms]
    for form in forms:
        yield form
        if form.startswith(ARTICLE) and len(form) > 3:
            yield ARTICLE_AFTER_LI + form[len(ARTICLE) :]


def lookup_candidates(key: str) -> Iterator[str]:
    """The key, then the key with leading proclitics and/or the article removed."""
    yield key
    seen = {key}
    stems = [key]
    if key[:1] in PROCLITICS and len(key) > 3:
        stems.append(key[1:])
    if key.startswith(ARTICLE_AFTER_LI) and len(key) > 4:
        stems.append(ARTICLE + key[len(ARTICLE_AFTER_LI) :])
    for stem in list(stems):
        if stem.startswith(ARTICLE) and len(stem) > 4:
            stems.append(stem[len(ARTICLE) :])
        elif len(stem) > 2 and not stem.isascii():
            stems.append(ARTICLE + stem)
    for s in stems:
        if s not in seen:
            seen.add(s)
            yield s


# Folded to spaces like normalize_key does, plus "#" so hashtags (#داعش) match.
_FOLD = frozenset("\"'()[],.:;!?؟،؛_/\\#-")


def compact(text: str) -> tuple[str, list[int]]:
    """Lower-cased text with punctuation as spaces and runs of spaces collapsed, the way
    normalize_key builds alias keys, plus the index of each kept character in ``text``."""
    chars: list[str] = []
    index: list[int] = []
    space = True
    for i, ch in enumerate(text.lower()):
        if ch in _FOLD or ch.isspace():
            if space:
                continue
            ch, space = " ", True
        else:
            space = False
        chars.append(ch)
        index.append(i)
    return "".join(chars), index
