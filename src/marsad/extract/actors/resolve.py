"""Which actor a mention, a template or a loaded word means in this event.

Conventions: a name is read as the actor of the event's year (a renamed group as its
successor); a generic force ("الجيش") or an umbrella group becomes the one of the event's
country; a template ("Civilians ({country})") never reaches a record with its placeholder.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from marsad.extract.actors.records import NON_STATE_KINDS, ActorCandidate, ActorMention
from marsad.knowledge.actors import Actor, ActorBase
from marsad.knowledge.lexicon import Match

if TYPE_CHECKING:
    from marsad.extract.events import SentenceInfo

_TEMPLATE_PREFIXES = ("Civilians", "Protesters", "Rioters", "Unidentified Armed Group")


@cache
def _generic_by_prefix(base: ActorBase) -> dict[str, Actor]:
    found: dict[str, Actor] = {}
    for a in base:
        if a.generic:
            for prefix in _TEMPLATE_PREFIXES:
                if a.name.startswith(prefix) and prefix not in found:
                    found[prefix] = a
    return found


def generic(base: ActorBase, prefix: str, country: str | None) -> Actor | None:
    """The template actor whose name starts with ``prefix`` ("Civilians", "Rioters" …),
    filled in for ``country``."""
    a = _generic_by_prefix(base).get(prefix)
    if a is None:
        return None
    return base.instantiate(a, country) if country else _without_placeholder(base, a)


def _without_placeholder(base: ActorBase, a: Actor) -> Actor:
    """A template actor with no known country: its own country if it has one, else the
    name with the "({country})" part left out — a placeholder must never reach a record."""
    if "{country}" not in a.name:
        return a
    if a.country:
        return base.instantiate(a, a.country)
    if a.kind == "state" and "generic-unidentified-military" in base:
        return base.get("generic-unidentified-military")  # a state force of no known state
    name = a.name.replace(" ({country})", "").replace("({country})", "").replace("{country}", "").strip()
    name_ar = (
        a.name_ar.replace(" ({country_ar})", "").replace("({country_ar})", "").replace("{country_ar}", "")
    )
    return replace(a, name=name, name_ar=name_ar.replace("{country}", "").strip())


def _current(base: ActorBase, a: Actor, year: int | None) -> Actor:
    """The actor under the name it bore in ``year``: a group renamed or merged before then
    ("أنصار بيت المقدس" in 2018) is coded as its successor."""
    hops = 0
    while year is not None and not a.active_in(year) and a.successor and a.successor in base and hops < 5:
        nxt = base.get(a.successor)
        if nxt.active[0] is not None and nxt.active[0] > year:
            break
        a, hops = nxt, hops + 1
    return a


def pick(base: ActorBase, mention: ActorMention, country: str | None, year: int | None) -> Actor:
    """The plain reading of a mention: an actor active that year, a named one before a
    generic one, the one of the event's country first, a template filled in for it."""
    actors = list(mention.actors)
    if year is not None:
        active = [a for a in actors if a.active_in(year)]
        actors = active or list(dict.fromkeys(_current(base, a, year) for a in actors))
    specific = [a for a in actors if not a.generic]
    chosen = (specific or actors)[0]
    if country:
        same = [a for a in (specific or actors) if a.country == country]
        if same:
            chosen = same[0]
    if chosen.generic:
        return base.instantiate(chosen, country) if country else _without_placeholder(base, chosen)
    if chosen.country is None and country:
        return base.instantiate(chosen, country)  # an umbrella group's branch in that country
    return chosen


def allied(base: ActorBase, x: Actor, y: Actor, year: int | None) -> bool:
    """Same force, a branch of it (the army beside its air force), or a coalition and its
    member ("الطيران السوري والروسي" and the Syrian army): never both sides of one event."""

    def core(a: Actor) -> set[str]:
        return {a.id, a.parent} - {None}

    def family(a: Actor) -> set[str]:
        out = core(a)
        if a.id in base:
            for m in base.members(a.id, year):
                out |= core(m)
            for co in base.coalitions_of(a.id, year):
                out.add(co.id)
        return out

    # Two members of one coalition are not thereby one side: PMF factions, or two factions
    # of the Syrian National Army, fight each other ("اشتبكت سرايا السلام مع العصائب").
    return bool(core(x) & family(y)) or bool(family(x) & core(y))


def _foe_for(base: ActorBase, foe: str, country: str | None) -> Actor | None:
    """The actor a cue's foe column means: a plain actor id, or "Country=actor-id" pairs
    separated by ";" when the word means a different side in each country ("الخوارج":
    al-Shabaab in Somalia, the Islamic State in Iraq)."""
    foe = (foe or "").strip()
    if "=" not in foe:
        return base.get(foe) if foe in base else None
    for pair in foe.split(";"):
        where, _, actor_id = pair.partition("=")
        if country and where.strip() == country and actor_id.strip() in base:
            return base.get(actor_id.strip())
    return None


def label_foe(base: ActorBase, cue: Match, country: str | None) -> Actor | None:
    """The side a loaded label ("الخوارج", "المرتزقة") means in ``country``, if the lexicon says."""
    return _foe_for(base, cue.entry.get("foe"), country)


def media_foe(base: ActorBase, sentences: list[SentenceInfo], country: str | None = None) -> Actor | None:
    """The actor an outlet with a side in the war means by its partisan words ("هاوار" →
    the Syrian National Army), when such an outlet is cited."""
    for info in sentences:
        for c in info.matches["actor_role_cues"]:
            if c.entry.get("kind") == "media":
                foe = _foe_for(base, c.entry.get("foe"), country)
                if foe is not None:
                    return foe
    return None


def country_hint(cands: list[ActorCandidate], country: str | None) -> str | None:
    """The event's country, else the home of a local group named in it, else of a state force."""
    if country:
        return country
    for kinds in (NON_STATE_KINDS, {"state"}):
        for c in cands:
            if c.actor.kind in kinds and c.actor.country and not c.actor.generic:
                return c.actor.country
    return None
