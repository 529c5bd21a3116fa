"""The actor knowledge base: who fights whom, under which names, in which coalitions, when.

Facts live in YAML files under ``knowledge/data/actors/`` (one file per region, plus
``generic.yaml`` for templated actors such as "Civilians ({country})"), the Arabic names
of countries in ``countries.tsv`` and partisan labels in ``framing.tsv``. They are parsed
and validated once per process and offer look-ups by alias, coalition and country.

- ``records``: the :class:`Actor` record and ACLED's kind/inter codes and branches;
- ``parsing``: reading and validating the data files;
- ``aliases``: the spellings an alias is registered and looked up under;
- ``base``: :class:`ActorBase`, its indexes, coalitions over time, generic templates and
  the cached load.
"""

from marsad.knowledge.actors.aliases import alias_variants as _alias_variants
from marsad.knowledge.actors.base import DATA_DIR, ActorBase, _load_cached
from marsad.knowledge.actors.records import BRANCHES, KIND_INTER, Actor, ActorDataError

__all__ = [
    "BRANCHES",
    "DATA_DIR",
    "KIND_INTER",
    "Actor",
    "ActorBase",
    "ActorDataError",
    "_alias_variants",
    "_load_cached",
]
