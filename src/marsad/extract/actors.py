"""Who did what to whom: actor mentions, coalition members, and actor1/actor2 roles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from marsad.knowledge.actors import Actor, ActorBase
from marsad.knowledge.lexicon import Match
from marsad.text.doc import Doc

_ARMED_KINDS = {"state", "rebel", "political_militia", "identity_militia", "external"}


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int  # normalised offsets
    end: int
    actors: tuple[Actor, ...]

    @property
    def generic(self) -> bool:
        return all(a.generic for a in self.actors)


def mentions(doc: Doc, actor_matches: list[Match], kb) -> list[ActorMention]:  # noqa: ANN001
    base: ActorBase = kb.actors
    out: list[ActorMention] = []
    last_end = -1
    for m in sorted(actor_matches, key=lambda m: (m.start, -(m.end - m.start))):
        if m.start < last_end:
            continue
        ids = [i for i in m.entry.get("ids").split("|") if i]
        actors = tuple(base.get(i) for i in ids if i in base)
        if not actors:
            continue
        out.append(ActorMention(m.start, m.end, actors))
        last_end = m.end
    return out


def framing_in(doc: Doc, framing_matches: list[Match], start: int, end: int) -> list[str]:
    """Loaded words (الإرهابية، المرتزقة …) used in [start, end), as written."""
    out: list[str] = []
    for m in framing_matches:
        if start <= m.start < end:
            word = doc.original_text(m.start, m.end)
            if word not in out:
                out.append(word)
    return out


@cache
def _generic_by_prefix(base: ActorBase) -> dict[str, Actor]:
    found: dict[str, Actor] = {}
    for a in base:
        if a.generic:
            for prefix in ("Civilians", "Protesters", "Rioters", "Unidentified Armed Group"):
                if a.name.startswith(prefix) and prefix not in found:
                    found[prefix] = a
    return found


def _generic(base: ActorBase, prefix: str, country: str | None) -> Actor | None:
    a = _generic_by_prefix(base).get(prefix)
    return base.instantiate(a, country) if a else None


def _pick(base: ActorBase, mention: ActorMention, country: str | None, year: int | None) -> Actor:
    actors = list(mention.actors)
    if year is not None:
        active = [a for a in actors if a.active_in(year)]
        actors = active or actors
    specific = [a for a in actors if not a.generic]
    chosen = (specific or actors)[0]
    if country:
        same = [a for a in (specific or actors) if a.country == country]
        if same:
            chosen = same[0]
    if chosen.generic and not country:
        return chosen if "{country}" not in chosen.name else base.instantiate(chosen, chosen.country)
    return base.instantiate(chosen, country) if chosen.generic else chosen


def _as_dict(doc: Doc, actor: Actor, mention: ActorMention | None, members: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "inferred": mention is None,  # a default (civilians, unidentified group), not named in the text
        "mention": doc.original_text(mention.start, mention.end) if mention else (actor.name_ar or actor.name),
        "name": actor.name,
        "name_ar": actor.name_ar or None,
        "kind": actor.kind,
        "inter": actor.inter,
        "members": members,
    }


_NON_STATE_FIRST = {"Remote explosive/landmine/IED", "Suicide bomb", "Grenade", "Attack",
                    "Abduction/forced disappearance", "Sexual violence"}
_STATE_FIRST = {"Air/drone strike", "Chemical weapon"}


def _role_of(tokens, m: ActorMention, cues: dict[int, str]) -> str:  # noqa: ANN001
    """"target" when a target cue stands just before the mention, "agent" when an agent
    cue follows it closely, else ""."""
    first = tokens.index_at(m.start)
    for t in range(max(0, first - 3), first):
        if cues.get(t) == "target":
            return "target"
    last = tokens.index_before(m.end)
    for t in range(last + 1, min(len(tokens), last + 3)):
        if cues.get(t) == "agent":
            return "agent"
    return ""


def assign(doc: Doc, ev, infos: list, all_mentions: list[ActorMention], kb,  # noqa: ANN001
           country: str | None, year: int | None, tokens=None,
           source_spans: list[tuple[int, int]] | None = None) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    base: ActorBase = kb.actors
    spans = [(i.start, i.end) for i in ev.sentences]
    sources = source_spans or []

    def usable(m: ActorMention) -> bool:
        return not any(s <= m.start < e for s, e in sources)

    local = [m for m in all_mentions if any(s <= m.start < e for s, e in spans) and usable(m)]
    if not local:
        # The actors are often named one sentence earlier ("... قال الجيش. وأسفر القصف …").
        first = ev.sentences[0].index
        prev = infos[max(0, first - 1):first]
        local = [m for m in all_mentions if any(p.start <= m.start < p.end for p in prev) and usable(m)]
    cues: dict[int, str] = {}
    demonym_country: str | None = None
    if tokens is not None:
        for info in ev.sentences:
            for c in info.matches["actor_role_cues"]:
                cues[tokens.index_at(c.start)] = c.entry.get("role")
        trig_ends = {tokens.index_before(t.end) for t in ev.triggers}
        for info in ev.sentences:
            for d in info.matches["demonyms"]:
                if any(0 < tokens.index_at(d.start) - te <= 2 for te in trig_ends):
                    demonym_country = d.entry.get("country")
                    break
    resolved: list[tuple[Actor, ActorMention | None, str]] = []
    seen: set[str] = set()
    if demonym_country and ev.event_type in ("Explosions/Remote violence", "Battles"):
        branch = "air_force" if ev.sub_event_type == "Air/drone strike" else "army"
        state = base.state_force(demonym_country, branch) or base.state_force(demonym_country, "army")
        if state is not None:
            resolved.append((state, None, "agent"))
            seen.add(state.id)
    for m in local:
        a = _pick(base, m, country, year)
        if a.id in seen:
            continue
        seen.add(a.id)
        resolved.append((a, m, _role_of(tokens, m, cues) if tokens is not None else ""))
    armed = [(a, m, r) for a, m, r in resolved if a.kind in _ARMED_KINDS]
    civilians = [(a, m) for a, m, _ in resolved if a.kind == "civilians"]
    civilian_victims = any(f.group == "civilian" for info in ev.sentences for f in info.facts)
    # Unspecified people ("شخصا", "أشخاص") killed with no armed target named: civilians.
    person_victims = any(f.group in ("person", "") and f.role != "none" for info in ev.sentences for f in info.facts)
    sub = ev.sub_event_type
    etype = ev.event_type

    def order(am: tuple[Actor, ActorMention | None, str]) -> tuple[int, int]:
        a, _, role = am
        pref = 0
        if sub in _STATE_FIRST:
            pref = 0 if a.kind in ("state", "external") else 1
        elif sub in _NON_STATE_FIRST:
            pref = 0 if a.kind not in ("state", "external") else 1
        return ({"agent": 0, "": 1, "target": 2}[role], pref)

    armed.sort(key=order)
    a1: tuple[Actor, ActorMention | None] | None = None
    a2: tuple[Actor, ActorMention | None] | None = None
    if etype == "Protests":
        g = _generic(base, "Protesters", country)
        a1 = (g, None) if g else None
        state = [(a, m) for a, m, _ in armed if a.kind == "state"]
        if sub != "Peaceful protest" and state:
            a2 = state[0]
    elif etype == "Riots":
        g = _generic(base, "Rioters", country)
        a1 = (g, None) if g else None
        if armed:
            a2 = (armed[0][0], armed[0][1])
    else:
        doers = [am for am in armed if am[2] != "target"]
        if sub in _NON_STATE_FIRST:
            doers = [am for am in doers if am[0].kind not in ("state", "external")]
        if doers:
            a1 = (doers[0][0], doers[0][1])
        elif etype in ("Violence against civilians", "Explosions/Remote violence") and sub != "Air/drone strike":
            g = _generic(base, "Unidentified Armed Group", country)
            a1 = (g, None) if g else None
        elif armed:
            a1 = (armed[0][0], armed[0][1])
        # The other side: never the same state's forces again (the army beside its air force).
        targets = [am for am in armed if a1 is None or (am[0].id != a1[0].id and not (
            am[0].country == a1[0].country and am[0].kind == a1[0].kind == "state"))]
        targets.sort(key=lambda am: am[2] != "target")
        if civilians and (civilian_victims or not targets or etype == "Violence against civilians"):
            a2 = civilians[0]
        elif civilian_victims or etype == "Violence against civilians":
            g = _generic(base, "Civilians", country)
            a2 = (g, None) if g else None
        elif targets:
            a2 = (targets[0][0], targets[0][1])
        elif person_victims and etype == "Explosions/Remote violence":
            g = _generic(base, "Civilians", country)
            a2 = (g, None) if g else None
    pairs = [(a, m) for a, m, _ in resolved]
    members_of = _members(doc, base, pairs, year)
    d1 = _as_dict(doc, a1[0], a1[1], members_of.get(a1[0].id, [])) if a1 else None
    d2 = _as_dict(doc, a2[0], a2[1], members_of.get(a2[0].id, [])) if a2 else None
    return d1, d2


def _members(doc: Doc, base: ActorBase, resolved: list[tuple[Actor, ActorMention | None]], year: int | None) -> dict[str, list]:
    out: dict[str, list] = {}
    for a, _ in resolved:
        member_ids = {m.id for m in base.members(a.id, year)}
        if not member_ids:
            continue
        out[a.id] = [_as_dict(doc, b, m, []) for b, m in resolved if b.id in member_ids]
    return out
