"""The letters, word parts and words the actor-role code compares text with.

Kept in ``knowledge/data/wordlists/actor_roles.yaml`` and normalised on load like the
article text, so each can match the normalised text the code reads.
"""

from __future__ import annotations

from marsad.knowledge.lexicon import load_word_lists

_WORDS = load_word_lists("actor_roles")

# Clitics: single-letter proclitics, by transliteration.
_CLITIC: dict[str, str] = _WORDS["clitics"]
WA: str = _CLITIC["wa"]  # "and"
BI: str = _CLITIC["bi"]  # "with, by"
LI: str = _CLITIC["li"]  # "to, for"
NAME_CLITICS: frozenset[str] = _WORDS["name_clitics"]
SITE_PREPOSITIONS: frozenset[str] = _WORDS["site_prepositions"]

ARTICLE: str = _WORDS["article"]
ARTICLE_AFTER_LI: str = _WORDS["article_after_li"]
# Tuples, for str.startswith / str.endswith.
DEFINITE_OPENINGS: tuple[str, ...] = tuple(sorted(_WORDS["definite_openings"]))
PEOPLE_OPENINGS: tuple[str, ...] = tuple(sorted(_WORDS["people_openings"]))
FEMININE_NISBA: tuple[str, ...] = tuple(sorted(_WORDS["feminine_nisba"]))
PLURAL_NISBA: tuple[str, ...] = tuple(sorted(_WORDS["plural_nisba"]))

CLAUSE_OPENERS: frozenset[str] = _WORDS["clause_openers"]
UNNAMED_FIGHTERS: tuple[str, ...] = tuple(sorted(_WORDS["unnamed_fighters"]))
LOCATIVES: frozenset[str] = _WORDS["locatives"]
