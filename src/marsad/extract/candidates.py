"""Candidates: the rules' proposals of event mentions, one per sentence and event type.

The strongest trigger wins within a type; the sentence's tolls, losses and crowd words
retype it (a protest with protesters killed is excessive force, a clash with civilians
hit is an attack …). Suppressed sentences and questions propose nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from marsad.extract.events import PROTEST_TYPES, Candidate, SentenceInfo, family_of
from marsad.extract.sentence_analysis import live_triggers
from marsad.extract.trigger_acts import counted_people_after, told_weak_triggers
from marsad.knowledge.lexicon import Match, load_word_lists
from marsad.schema import SUB_EVENT_TYPES

if TYPE_CHECKING:
    from marsad.extract.article import ArticleDoc
    from marsad.extract.knowledgebase import KnowledgeBase

_WORDS = load_word_lists("events")
_STRATEGIC_MIN_STRENGTH = 3  # strategic developments are coded only on unambiguous wording
_CLASH = {"Armed clash", "Violent demonstration"}
_CROWD_TYPES = PROTEST_TYPES | {"Violent demonstration", "Mob violence"}
_AIR_ITEMS = {"aircraft", "helicopter", "drone"}
_AIRCRAFT_AFTER = 16  # characters: "قصفا عنيفا لمقاتلات"
_PROJECTILE_TYPES = {"Shelling/artillery/missile attack", "Air/drone strike"}
_SHOOTER_WINDOW = 40  # characters either side of a gunfire word: "برصاص جنود الاحتلال", "الشرطة أطلقت النار"

# (priority, strength, trigger, sub-event type): the best trigger of one event type
_Best = tuple[int, int, Match, str]


def propose_candidates(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """`doc.candidates`: every sentence's candidates, in sentence order (the title's too)."""
    protest_context = _protest_report(doc.infos)
    # "الانفجار وقع … لارتفاع درجة الحرارة": an accidental cause told anywhere in the report.
    accidental = any(
        c.entry.get("scope") == "article" for info in doc.infos for c in info.matches["nonevent_cues"]
    )
    out: list[Candidate] = []
    for info in doc.infos:
        cands = candidates_of(
            info, protest_context, _state_fire(info, kb), told_weak_triggers(info, doc.ntext)
        )
        if accidental:
            cands = [
                c
                for c in cands
                if not (c.sub_event_type == "Remote explosive/landmine/IED" and c.strength <= 2)
            ]
        out.extend(cands)
    doc.candidates = out


def _state_fire(info: SentenceInfo, kb: KnowledgeBase) -> bool:
    """A state's forces fire in the sentence: a gunfire word with a state actor or a
    soldier/policeman noun beside it ("برصاص الجيش", "قوات الأمن أطلقت النار")."""
    guns = [t for t in info.matches["triggers"] if t.entry.get("means") == "gun"]
    if not guns:
        return False
    forces = [
        m
        for m in info.matches["actor"]
        if any(a in kb.actors and kb.actors.get(a).kind == "state" for a in m.entry.get("ids").split("|"))
    ] + [m for m in info.matches["person_nouns"] if m.entry.get("group") == "security"]
    return any(
        g.start - _SHOOTER_WINDOW <= f.start and f.end <= g.end + _SHOOTER_WINDOW
        for g in guns
        for f in forces
    )


def _protest_report(infos: list[SentenceInfo]) -> bool:
    """The report is about protests: two unambiguous protest triggers."""
    return (
        sum(
            1
            for info in infos
            for t in info.matches["triggers"]
            if t.entry.get("sub_event_type") in PROTEST_TYPES and t.entry.get("strength") == "3"
        )
        >= 2
    )


@dataclass(frozen=True)
class _Attested:
    """What a sentence attests beside its triggers."""

    has_counts: bool  # a toll, a loss, or an unnumbered casualty word ("وسقط قتلى")
    killed: bool
    force_killed: bool  # killed, leaving out the dead a protest is held over (info.held_over)
    force_hurt: bool
    police_killed: bool  # police killed at a protest: the crowd's violence, not force against it
    hurt: bool
    firing: bool
    subs: frozenset[str]
    crowd_here: bool  # burning or storming makes a riot only where there is a crowd to riot
    crowd: bool
    violent_here: bool  # arrests after clashes belong to that event, not a development of their own
    protest_context: bool
    state_fire: bool  # a state's forces fire (_state_fire)
    told_weak: frozenset[int]  # weak triggers the sentence tells as acts (trigger_acts.told_weak_triggers)
    projectile: bool  # a missile, shell or drone is named: what an interception verb stops
    armed_victims_only: bool  # the dead and hurt are all soldiers, policemen or fighters


def _attested(
    info: SentenceInfo,
    triggers: list[Match],
    protest_context: bool,
    state_fire: bool,
    told_weak: frozenset[int],
) -> _Attested:
    killed = any(f.role in ("killed", "both") and f.best > 0 for f in info.facts)
    force_facts = info.own_facts()
    crowd_here = any(
        t.entry.get("sub_event_type") in _CROWD_TYPES and not t.entry.get("needs_crowd") for t in triggers
    )
    return _Attested(
        has_counts=(
            any(f.role != "none" for f in info.facts)
            or bool(info.losses)
            or any(
                v.entry.get("role") in ("killed", "both") and not v.entry.get("needs_count")
                for v in info.matches["victims"]
            )
        ),
        killed=killed,
        force_killed=any(f.role in ("killed", "both") and f.best > 0 for f in force_facts),
        force_hurt=any(f.role in ("killed", "both", "wounded") and f.best > 0 for f in force_facts),
        police_killed=any(f.role == "killed" and f.group == "security" for f in info.facts),
        hurt=killed or any(f.role == "wounded" and f.best > 0 for f in info.facts),
        firing=any(
            t.entry.get("sub_event_type") in ("Attack", "Excessive force against protesters")
            for t in triggers
        ),
        # What the sentence's own event is: not the clashes a protest is held over ("تظاهر
        # المئات بعد مقتل ثلاثة في الاشتباكات بين الشرطة والمسلحين").
        subs=frozenset(
            t.entry.get("sub_event_type")
            for t in triggers
            if info.cause_start is None or t.start < info.cause_start
        ),
        crowd_here=crowd_here,
        crowd=protest_context or crowd_here,
        violent_here=any(
            SUB_EVENT_TYPES[t.entry.get("sub_event_type")] != "Strategic developments"
            and int(t.entry.get("strength") or 1) >= 2
            for t in triggers
        ),
        protest_context=protest_context,
        state_fire=state_fire,
        told_weak=told_weak,
        projectile=any(t.entry.get("sub_event_type") in _PROJECTILE_TYPES for t in triggers),
        armed_victims_only=bool(groups := {f.group for f in info.facts if f.best > 0})
        and groups <= {"security", "militant"},
    )


def candidates_of(
    info: SentenceInfo,
    protest_context: bool = False,
    state_fire: bool = False,
    told_weak: frozenset[int] = frozenset(),
) -> list[Candidate]:
    """Candidates of one sentence. `protest_context`: the report is about protests, so
    "مواجهات"/"صدامات" with the security forces are the protest's, not a battle;
    `state_fire`: a state's forces fire in it (at a protest: force against protesters)."""
    if info.suppressed or info.question:
        return []  # a question reports nothing ("هل نشب الخلاف …؟")
    triggers = live_triggers(info)
    if not triggers:
        return []
    att = _attested(info, triggers, protest_context, state_fire, told_weak)
    best_by_type: dict[str, _Best] = {}
    for t in triggers:
        cand = _typed_trigger(info, t, att)
        if cand is None:
            continue
        etype = SUB_EVENT_TYPES[cand[3]]
        cur = best_by_type.get(etype)
        if cur is None or (cand[0], cand[1]) > (cur[0], cur[1]):
            best_by_type[etype] = cand
    _refine_types(best_by_type, info, triggers, att)
    if not best_by_type:
        return []
    return _ranked(info, best_by_type, att.killed)


def _typed_trigger(info: SentenceInfo, t: Match, att: _Attested) -> _Best | None:
    """A trigger's sub-event type, strength and priority in this sentence, or None."""
    sub = t.entry.get("sub_event_type")
    if t.entry.get("needs_crowd") and not att.crowd:
        return None
    strength = int(t.entry.get("strength") or 1)
    if t.entry.get("needs_crowd") and att.crowd_here:
        strength = max(strength, 2)  # "اقتحم عشرات المحتجين مبنى المحافظة": the crowd's act
    priority = int(t.entry.get("priority") or 0)
    if sub == "Abduction/forced disappearance" and strength < 2 and counted_people_after(info, t):
        strength = 2  # "خطف مسلحون عشرة مزارعين": counted people taken, not "خطف الأنظار"
    if sub == "Abduction/forced disappearance" and att.killed:
        priority = 0  # "ذبح 18 شخصا … وخطف عشر نساء": the killing names the attack
    if strength < 2 and t.start in att.told_weak:
        strength = 2  # "هاجم مسلحون مقر الجيش", "سيطر التنظيم، الجمعة، على أجزاء من البوكمال"
    if strength < 2 and not att.has_counts:
        return None
    retyped = _protest_retype(sub, priority, att)
    if retyped is None:
        return None
    sub, priority = retyped
    retyped = _clash_retype(info, t, sub, priority, strength, att)
    if retyped is None:
        return None
    sub, priority = retyped
    if sub == "Attack" and strength < 3 and att.armed_victims_only:
        # "تتعرض لإطلاق نار من مسلحين … مقتل جندي وثلاثة مسلحين": ACLED's attacks are on
        # civilians; armed men killed by gunfire, told by a weak word, fell in a fight.
        sub = "Armed clash"
    if sub == "Disrupted weapons use" and strength >= 2 and att.projectile:
        # "اعترضت الدفاعات الجوية صاروخاً أطلق باتجاه …": the interception verb and the
        # projectile apart (the subject between them) still name a foiled launch.
        strength = _STRATEGIC_MIN_STRENGTH
    if sub == "Arrests" and not (att.violent_here or att.protest_context) and counted_people_after(info, t):
        strength = _STRATEGIC_MIN_STRENGTH  # "اعتقلت قوات الأمن 9 أشخاص": a counted arrest is news
    if SUB_EVENT_TYPES[sub] == "Strategic developments" and strength < _STRATEGIC_MIN_STRENGTH:
        return None
    return (priority, strength, t, sub)


def _protest_retype(sub: str, priority: int, att: _Attested) -> tuple[str, int] | None:
    """Protests turn into excessive force when protesters are killed by forces, into a
    riot when police are killed or protesters clash, storm or burn. A state's forces
    shooting people in a report of protests use force against the protest (ACLED's
    "Excessive force against protesters"), not an attack of their own."""
    if (
        sub == "Attack"
        and att.state_fire
        and att.hurt
        and not att.police_killed
        and (att.protest_context or att.subs & PROTEST_TYPES)
    ):
        return "Excessive force against protesters", 70
    if sub in PROTEST_TYPES and att.police_killed:
        sub, priority = "Violent demonstration", 64
    elif (
        sub in PROTEST_TYPES
        and (att.force_killed or (att.force_hurt and att.firing))
        and "Excessive force against protesters" not in att.subs
    ):
        sub, priority = "Excessive force against protesters", 70
    if sub in PROTEST_TYPES and att.subs & {"Violent demonstration"}:
        return None
    if sub in PROTEST_TYPES and sub != "Excessive force against protesters" and att.subs & _CLASH:
        sub, priority = "Violent demonstration", 64
    return sub, priority


def _clash_retype(
    info: SentenceInfo, t: Match, sub: str, priority: int, strength: int, att: _Attested
) -> tuple[str, int] | None:
    """Clash wording in a protest is the protest's; a weak clash with civilians hit is an attack."""
    if sub != "Armed clash":
        return sub, priority
    # Clashes a protest is held over ("تظاهروا بعد مقتل ثلاثة في الاشتباكات بين الشرطة
    # والمسلحين") are an event of their own, not the crowd's.
    held = info.cause_start is not None and t.start > info.cause_start
    if att.subs & PROTEST_TYPES and not held:
        return None
    if att.protest_context and t.entry.pattern in _WORDS["crowd_clash"] and not held:
        if att.killed and not att.police_killed:
            return "Excessive force against protesters", 70
        return "Violent demonstration", 64
    # Civilians hit with no soldier, policeman or fighter among the dead or hurt: an attack
    # on civilians. "3 policemen and a civilian" were hit in a fight with the police.
    groups = {f.group for f in info.facts if f.best > 0}
    if strength < 3 and "civilian" in groups and not groups & {"security", "militant"}:
        return "Attack", priority
    return sub, priority


def _refine_types(best: dict[str, _Best], info: SentenceInfo, triggers: list[Match], att: _Attested) -> None:
    """Sentence-level corrections of the best type per event type."""
    # "طائرات عراقية من طراز F-16 قصفت …": a plain "قصف" by aircraft is an air strike.
    blast = best.get("Explosions/Remote violence")
    air = [e for e in info.matches["equipment"] if e.entry.get("item") in _AIR_ITEMS]
    if blast is not None and blast[3] == "Shelling/artillery/missile attack" and blast[1] <= 2 and air:
        best["Explosions/Remote violence"] = (blast[0], blast[1], blast[2], "Air/drone strike")
    if blast is not None and blast[1] <= 2 and blast[3] in _PROJECTILE_TYPES:
        # A shelling word with the aircraft right after it ("قصفا عنيفا لمقاتلات التحالف")
        # names the strike as plainly as "قصف جوي": strong enough to stand beside a battle.
        for t in triggers:
            if t.entry.get("sub_event_type") == "Shelling/artillery/missile attack" and any(
                0 <= e.start - t.end <= _AIRCRAFT_AFTER for e in air
            ):
                best["Explosions/Remote violence"] = (
                    blast[0],
                    _STRATEGIC_MIN_STRENGTH,
                    t,
                    "Air/drone strike",
                )
                break
    # "مروحيتين أمريكيتين هاجمتا حاجزا للجيش": aircraft that attack strike from the air.
    fight = best.get("Battles")
    if (
        fight is not None
        and fight[3] == "Armed clash"
        and fight[1] <= 2
        and fight[2].entry.pattern in _WORDS["attack_words"]
        and "Explosions/Remote violence" not in best
        and any(e.entry.get("item") in _AIR_ITEMS for e in info.matches["equipment"])
    ):
        del best["Battles"]
        best["Explosions/Remote violence"] = (fight[0], fight[1], fight[2], "Air/drone strike")
    # "دخلت قوات الحرس الجمهوري جنوبي عفرين، وسيطرت على عدد من القرى": entered and took
    # ground with no fighting told in the sentence: a non-violent transfer.
    taken = best.get("Battles")
    if (
        taken is not None
        and family_of(taken[3]) == "territory"
        and not att.has_counts
        and any(t.entry.get("means") == "entry" for t in triggers)
        and not any(
            family_of(t.entry.get("sub_event_type")) not in ("territory", "Strategic developments")
            and int(t.entry.get("strength") or 1) >= 2
            for t in triggers
        )
    ):
        del best["Battles"]
        best["Strategic developments"] = (
            taken[0],
            _STRATEGIC_MIN_STRENGTH,
            taken[2],
            "Non-violent transfer of territory",
        )
    # "بدأوا بإطلاق النار وتفجير قنابل": a generic blast beside gunfire is one ground assault.
    if (
        (bomb_generic := best.get("Explosions/Remote violence")) is not None
        and bomb_generic[3] == "Remote explosive/landmine/IED"
        and bomb_generic[1] <= 2
        and "Violence against civilians" in best
        and any(t.entry.get("means") == "gun" for t in triggers)
    ):
        del best["Explosions/Remote violence"]
    # A suicide assault with gunfire ("اقتحم انتحاريان المقر … وتبادلت القوات إطلاق النار مع
    # المهاجمين") is one suicide-bomb event, not a battle besides it.
    bomb = best.get("Explosions/Remote violence")
    if (
        bomb is not None
        and bomb[3] == "Suicide bomb"
        and best.get("Battles", (0, 0, None, ""))[3] == "Armed clash"
    ):
        del best["Battles"]


def _ranked(info: SentenceInfo, best_by_type: dict[str, _Best], killed: bool) -> list[Candidate]:
    """The sentence's candidates, strongest first; a second type needs its own strong trigger."""
    ranked = sorted(best_by_type.values(), key=lambda c: (c[1], c[0]), reverse=True)
    if SUB_EVENT_TYPES[ranked[0][3]] == "Strategic developments" and ranked[0][3] != "Disrupted weapons use":
        # "اقتحم المحتجون المبنى رغم حظر التجول": the violent act is the news, whatever the
        # strength of the development's wording.
        violent = [c for c in ranked if SUB_EVENT_TYPES[c[3]] != "Strategic developments" and c[1] >= 2]
        if violent:
            ranked = violent + [c for c in ranked if c not in violent]
    out = [Candidate(info, ranked[0][3], ranked[0][2], ranked[0][1])]
    for _priority_value, strength, trig, sub in ranked[1:]:
        # A second event type in one sentence needs an unambiguous trigger of its own.
        if strength >= 3 and SUB_EVENT_TYPES[sub] != "Strategic developments":
            out.append(Candidate(info, sub, trig, strength))
    # A foiled attack ("فككت عبوة", "اعترضت صاروخا") is the development, unless people died.
    foiled = [c for c in out if c.sub_event_type == "Disrupted weapons use"]
    if foiled and not killed:
        return foiled[:1]
    # Violent types outrank strategic developments in the same sentence.
    if any(c.event_type != "Strategic developments" for c in out):
        out = [c for c in out if c.event_type != "Strategic developments"]
    return out
