"""Deciding actor1 (the doer) and actor2 (the side hit) from an event's candidates.

ACLED conventions kept here: protesters and rioters are actor1 of their events, the
force facing them actor2; an unclaimed blast or attack on civilians is done by an
unidentified armed group; a bombing's doer is a non-state group, an air strike's a state
force; civilians are actor2 when they are counted, named as hit, or the event type
implies them; a state force is coded by the name it bore in the event's year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marsad.extract.actors.evidence import arrests_people, hits_civilian_site
from marsad.extract.actors.records import (
    ARMED_KINDS,
    NON_STATE_KINDS,
    UNCLAIMED_TYPES,
    ActorCandidate,
    ActorMention,
    Reading,
)
from marsad.extract.actors.resolve import allied, generic
from marsad.knowledge.actors import Actor, ActorBase
from marsad.text.doc import Doc

_NON_STATE_FIRST = frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"})
_STATE_FIRST = frozenset({"Air/drone strike", "Chemical weapon"})
_STATE_SIDES = ("state", "external")

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Sides:
    """The candidates of one event, one per actor, sorted by where they are named."""

    r: Reading
    country: str | None  # the event's country, or the home of a group named in it
    resolved: list[ActorCandidate]
    armed: list[ActorCandidate]
    civilians: list[ActorCandidate]

    @classmethod
    def of(cls, r: Reading, country: str | None, cands: list[ActorCandidate]) -> _Sides:
        resolved = _one_per_actor(cands)
        armed = [c for c in resolved if c.actor.kind in ARMED_KINDS]
        civilians = [c for c in resolved if c.actor.kind == "civilians"]
        return cls(r, country, resolved, armed, civilians)

    @property
    def sub(self) -> str:
        return self.r.ev.sub_event_type

    @property
    def etype(self) -> str:
        return self.r.ev.event_type

    def inferred(self, prefix: str) -> ActorCandidate | None:
        """A side not named in the text: the template actor of the event's country."""
        g = generic(self.r.base, prefix, self.country)
        return ActorCandidate(g, 0, 0, None) if g else None

    def preference(self, c: ActorCandidate) -> int:
        """0 for the kind of doer the sub-event type usually has (an air strike's state
        force, a bombing's armed group), 1 for the other."""
        if self.sub in _STATE_FIRST:
            return 0 if c.actor.kind in _STATE_SIDES else 1
        if self.sub in _NON_STATE_FIRST:
            return 0 if c.actor.kind not in _STATE_SIDES else 1
        return 0


def decide_sides(
    r: Reading, cands: list[ActorCandidate], country: str | None
) -> tuple[Record | None, Record | None]:
    """(actor1, actor2) as record dicts, with the coalition members named beside each."""
    s = _Sides.of(r, country, cands)
    if s.etype == "Protests":
        a1, a2 = s.inferred("Protesters"), _facing_protesters(s)
    elif s.etype == "Riots":
        a1, a2 = s.inferred("Rioters"), (s.armed[0] if s.armed else None)
    else:
        a1 = _doer(s)
        a2 = _victim(s, a1)
    pairs = [(c.actor, c.mention) for c in s.resolved]
    members_of = _members(r.doc, r.base, pairs, r.year)

    def record(a: ActorCandidate | None) -> Record | None:
        if a is None:
            return None
        return _as_dict(r.doc, a.actor, a.mention, members_of.get(a.actor.id, []), r.year, country)

    return record(a1), record(a2)


def _one_per_actor(cands: list[ActorCandidate]) -> list[ActorCandidate]:
    """One candidate per actor, keeping its strongest role evidence (and the place and
    mention where it was first named), in text order."""
    by_id: dict[str, ActorCandidate] = {}
    for c in cands:
        cur = by_id.get(c.actor.id)
        if cur is None:
            by_id[c.actor.id] = c
        elif c.weight > cur.weight:
            by_id[c.actor.id] = ActorCandidate(
                c.actor,
                cur.start,
                cur.end,
                cur.mention or c.mention,
                c.role,
                c.weight,
                c.clause_subject,
                co_doer=c.co_doer,
            )
    return sorted(by_id.values(), key=lambda c: c.start)


def _facing_protesters(s: _Sides) -> ActorCandidate | None:
    """The force named as acting on a protest, else a state force unless it was peaceful."""
    armed = s.armed
    doers = sorted((c for c in armed if c.role == "agent"), key=lambda c: -c.weight)
    state = [c for c in armed if c.actor.kind == "state"]
    if doers:
        return doers[0]
    if s.sub != "Peaceful protest" and state:
        return state[0]
    return None


def _doer(s: _Sides) -> ActorCandidate | None:
    """actor1: the strongest named doer, else an armed side with no role (none when the
    report says nobody claimed a blast or an attack: a group only named nearby is not its
    doer), else an unidentified armed group where ACLED codes one, else any armed side.
    A state force is no bomber unless the text says so."""
    armed = s.armed
    agents = [c for c in armed if c.role == "agent"]
    unmarked = [c for c in armed if c.role == ""]
    if s.etype in UNCLAIMED_TYPES and any(
        c.entry.get("kind") == "unclaimed"
        for info in s.r.ev.sentences
        for c in info.matches["actor_role_cues"]
    ):
        unmarked = []
    a1: ActorCandidate | None = None
    if agents:
        a1 = min(agents, key=lambda c: (-c.weight, s.preference(c), c.start))
    elif unmarked:
        a1 = min(unmarked, key=lambda c: (s.preference(c), c.start))
    elif (
        s.etype in ("Violence against civilians", "Explosions/Remote violence")
        and s.sub != "Air/drone strike"
    ):
        a1 = s.inferred("Unidentified Armed Group")
    elif armed:
        a1 = armed[0]
    if a1 is not None and a1.actor.kind in _STATE_SIDES and s.sub in _NON_STATE_FIRST and not agents:
        a1 = s.inferred("Unidentified Armed Group") or a1
    return a1


def _victim(s: _Sides, a1: ActorCandidate | None) -> ActorCandidate | None:
    """actor2: civilians when they are counted, named as hit, or implied by the event type
    and no armed side is named as hit; else the armed side hit (never actor1's own side or
    a co-doer); else the civilians of the country when a civilian site was hit or people
    were detained or killed; else, in a clash of one unnamed kind of group, that kind."""
    ev = s.r.ev
    civilians = s.civilians
    civilian_victims = any(f.group == "civilian" for info in ev.sentences for f in info.facts)
    targets = _armed_targets(s, a1)
    civ_targets = [c for c in civilians if c.role == "target"]
    # An armed side named as hit ("ثلاثة جنود من قوات بونتلاند") outweighs an event type
    # that assumed civilian victims when no civilian is counted.
    armed_hit = (
        not civilian_victims
        and not civ_targets
        and any(c.role == "target" and c.weight >= 2 for c in targets)
    )
    if not armed_hit:
        if civilians and (
            civilian_victims or civ_targets or not targets or s.etype == "Violence against civilians"
        ):
            return (civ_targets or civilians)[0]
        if civilian_victims or s.etype == "Violence against civilians":
            return s.inferred("Civilians")
    if targets:
        return targets[0]
    if _civilians_implied(s, a1):
        return s.inferred("Civilians")
    if (
        s.etype == "Battles"
        and a1 is not None
        and a1.actor.generic
        and a1.mention is not None
        and a1.actor.kind in NON_STATE_KINDS
    ):
        return a1  # "اشتباكات بين المليشيات": one unnamed kind of group on both sides
    return None


def _armed_targets(s: _Sides, a1: ActorCandidate | None) -> list[ActorCandidate]:
    """Armed candidates that may be the side hit, best first: not allied to actor1, not a
    co-doer; named as hit, then unmarked, then doers; stronger evidence, then earlier."""
    year = s.r.year
    targets = [
        c
        for c in s.armed
        if not (a1 is not None and allied(s.r.base, c.actor, a1.actor, year)) and not c.co_doer
    ]
    targets.sort(key=lambda c: ({"target": 0, "": 1, "agent": 2}[c.role], -c.weight, c.start))
    return targets


def _civilians_implied(s: _Sides, a1: ActorCandidate | None) -> bool:
    """Shelling of "أحياء سكنية" / "قرى" / "مستشفى" with no armed side hit, people detained
    with no group named, or unspecified people ("شخصا", "أشخاص") killed by a blast: the
    civilians of the event's country (ACLED)."""
    ev = s.r.ev
    if (
        (s.etype in ("Explosions/Remote violence", "Violence against civilians") or s.sub == "Armed clash")
        and hits_civilian_site(s.r.doc, ev)
    ) or (s.sub == "Arrests" and a1 is not None and arrests_people(ev)):
        return True
    return s.etype == "Explosions/Remote violence" and any(
        f.group in ("person", "") and f.role != "none" for info in ev.sentences for f in info.facts
    )


def _as_dict(
    doc: Doc,
    actor: Actor,
    mention: ActorMention | None,
    members: list[Record],
    year: int | None = None,
    country: str | None = None,
) -> Record:
    return {
        "mention": doc.original_text(mention.start, mention.end)
        if mention
        else (actor.name_ar or actor.name),
        # ACLED renames state forces with each government: the name of the event's year.
        "name": actor.name_in(year),
        "name_ar": actor.name_ar or None,
        "kind": actor.kind,
        "inter": actor.inter_for(country),  # a state force outside its own country is 8 (ACLED)
        "members": members,
        "inferred": mention is None,  # a default (civilians, unidentified group), not named in the text
    }


def _members(
    doc: Doc, base: ActorBase, resolved: list[tuple[Actor, ActorMention | None]], year: int | None
) -> dict[str, list[Record]]:
    """Actor id -> the members of that coalition named in the event, as record dicts."""
    out: dict[str, list[Record]] = {}
    for a, _ in resolved:
        if a.id not in base:
            continue
        member_ids = {m.id for m in base.members(a.id, year)}
        if not member_ids:
            continue
        out[a.id] = [_as_dict(doc, b, m, [], year) for b, m in resolved if b.id in member_ids]
    return out
