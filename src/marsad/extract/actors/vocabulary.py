"""The letters, word parts and words the actor-role code compares text with.

Kept in ``knowledge/data/wordlists/actor_roles.yaml`` and normalised on load like the
article text, so each can match the normalised text the code reads.
"""

from __future__ import annotations

from marsad.knowledge import morphology
from marsad.knowledge.lexicon import load_word_lists

_WORDS = load_word_lists("actor_roles")

# Single-letter proclitics, from the clitic inventory (knowledge/morphology.py).
WA: str = morphology.AND  # "and"
BI: str = morphology.form_of("in, with")
LI: str = morphology.TO  # "to, for"
# Those that may be written onto an actor's name ("لحزب الله", "وداعش").
NAME_CLITICS: frozenset[str] = frozenset(c for c in morphology.proclitics("name") if len(c) == 1)
SITE_PREPOSITIONS: frozenset[str] = _WORDS["site_prepositions"]

ARTICLE: str = morphology.ARTICLE
ARTICLE_AFTER_LI: str = morphology.form_of("to the")  # "للجيش"
# Tuples, for str.startswith / str.endswith.
DEFINITE_OPENINGS: tuple[str, ...] = tuple(sorted(_WORDS["definite_openings"]))
PEOPLE_OPENINGS: tuple[str, ...] = tuple(sorted(_WORDS["people_openings"]))
FEMININE_NISBA: tuple[str, ...] = tuple(sorted(_WORDS["feminine_nisba"]))
PLURAL_NISBA: tuple[str, ...] = tuple(sorted(_WORDS["plural_nisba"]))

CLAUSE_OPENERS: frozenset[str] = _WORDS["clause_openers"]
UNNAMED_FIGHTERS: tuple[str, ...] = tuple(sorted(_WORDS["unnamed_fighters"]))
LOCATIVES: frozenset[str] = _WORDS["locatives"]
