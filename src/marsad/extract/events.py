"""Events: segment a report into events, type them and fill their slots.

One candidate per sentence and event type (the strongest trigger wins within a type).
A candidate joins an earlier event of the same type when the places agree (same place,
or one of them unnamed); otherwise it opens a new event — the schema's "one type of
action, at one place, on one day". Sentences that recall the past, threaten, accuse or
deny open nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field

from marsad.extract.attribution import (
    ANAPHORIC_SOURCES,
    VAGUE_SOURCES,
    office_source,
    pronoun_source,
    source_after,
    source_before,
)
from marsad.extract.casualties import (
    CountFact,
    LossFact,
    link_casualties,
    link_losses,
    sentence_totals,
    vague_roles,
)
from marsad.extract.dates import day_before, resolve_date
from marsad.extract.numbers import Quantity
from marsad.extract.places import PlaceMention
from marsad.extract.tokens import Tokens
from marsad.knowledge.lexicon import Match
from marsad.schema import SUB_EVENT_TYPES
from marsad.text.doc import Doc
from marsad.text.sentences import split_clauses

# Crowd-vs-police wording, and fire at a crowd ("بنيران الجيش" in a protest report).
_CROWD_CLASH = {"مواجهات", "المواجهات", "صدامات", "الصدامات", "اشتباكات", "الاشتباكات", "بنيران"}
_SMALL_FEATURES = {"village", "community", "neighbourhood", "populated place", "site", "hill", "admin3"}
_PROTEST_TYPES = {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}
_STRATEGIC_MIN_STRENGTH = 3  # strategic developments are coded only on unambiguous wording
_CLASH = {"Armed clash", "Violent demonstration"}
_CROWD_TYPES = _PROTEST_TYPES | {"Violent demonstration", "Mob violence"}
_AIR_ITEMS = {"aircraft", "helicopter", "drone"}
_SEAT_GAP = 4  # characters between a seat cue ("ومقره") and the place ("في القامشلي")


@dataclass
class SentenceInfo:
    index: int
    start: int
    end: int
    matches: dict[str, list[Match]] = field(default_factory=lambda: defaultdict(list))
    quantities: list[Quantity] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    facts: list[CountFact] = field(default_factory=list)
    losses: list[LossFact] = field(default_factory=list)
    suppressed: bool = False
    suppressed_clauses: list[tuple[int, int]] = field(default_factory=list)
    question: bool = False
    words: int = 0  # word tokens: a lone quote mark or "." between paragraphs has none
    day: dt.date | None = None  # the day its own date words name ("الأحد", "أمس"), if any
    day_kind: str = ""  # "weekday" or "relative": days of different kinds are not compared
    told_of: list[int] = field(default_factory=list)  # ids of the events that body sentence tells of
    lead: bool = False  # the report's first body sentence
    summary: bool = (
        False  # a round-up's announcement ("شهدت عدة محافظات سلسلة من الحوادث"): it dates the lines
    )


def family_of(sub_event_type: str) -> str:
    """Candidates of one family may merge. Taking ground and fighting are different
    actions even at one place (ACLED codes both); other types merge by event type."""
    if sub_event_type in ("Government regains territory", "Non-state actor overtakes territory"):
        return "territory"
    return SUB_EVENT_TYPES[sub_event_type]


class _Typed:
    """Event type and merge family derived from `sub_event_type`."""

    sub_event_type: str

    @property
    def event_type(self) -> str:
        return SUB_EVENT_TYPES[self.sub_event_type]

    @property
    def family(self) -> str:
        return family_of(self.sub_event_type)


@dataclass
class Candidate(_Typed):
    sentence: SentenceInfo
    sub_event_type: str
    trigger: Match
    strength: int


@dataclass
class Event(_Typed):
    sub_event_type: str
    strength: int
    sentences: list[SentenceInfo]
    triggers: list[Match]
    place: PlaceMention | None = None
    place_partner: PlaceMention | None = None
    place_inherited: bool = False
    from_title: bool = False


def analyse_sentences(
    doc: Doc,
    tokens: Tokens,
    matches: list[Match],
    quantities: list[Quantity],
    places: list[PlaceMention],
    published: dt.date | None,
) -> list[SentenceInfo]:
    infos = [SentenceInfo(i, s, e) for i, (s, e) in enumerate(doc.sentences)]
    if not infos:
        return infos
    for m in matches:
        infos[doc.sentence_index(m.start)].matches[m.lexicon].append(m)
    for q in quantities:
        infos[doc.sentence_index(q.start)].quantities.append(q)
    for p in places:
        infos[doc.sentence_index(p.name_start)].places.append(p)
    text = doc.ntext
    for info in infos:
        info.question = "؟" in text[info.start : info.end] or "?" in text[info.start : info.end]
        info.words = tokens.index_at(info.end) - tokens.index_at(info.start)
        mm = info.matches
        info.facts = link_casualties(
            tokens, mm["victims"], mm["person_nouns"], info.quantities, mm["negation"]
        )
        if mm["loss_cues"] and mm["equipment"]:
            info.losses = link_losses(tokens, mm["equipment"], info.quantities, mm["triggers"])
        for cue in mm["nonevent_cues"]:
            if cue.entry.get("scope") in ("place", "none"):
                continue  # a seat (read by _place_for), or a phrase that only hides a shorter cue
            if (
                cue.entry.get("scope") == "sentence"
                or (
                    cue.entry.get("kind") in _LEADING_KINDS
                    and tokens.index_at(cue.start) - tokens.index_at(info.start) <= 1
                )
                or (
                    cue.entry.get("kind") == "past"
                    and text[cue.end : cue.end + 5].split()[:1] in (["ان"], ["بان"])
                )
            ):
                # "وقال محققو الأمم المتحدة الشهر الماضي إن …": a statement made in the past
                # tells of still older things.
                # "اتهمت منظمة … الحوثيين بارتكاب انتهاكات، من بينها خطف": a sentence that
                # opens with the accusation (or threat, denial …) is all its content.
                info.suppressed = True
                info.summary = info.summary or cue.entry.get("kind") == "summary"
            else:
                for cs, ce in split_clauses(text, info.start, info.end):
                    if cs <= cue.start < ce:
                        info.suppressed_clauses.append((cs, ce))
        # A year before the publication year marks a recalled past event.
        if published is not None and any(
            q.not_count == "year" and q.value < published.year for q in info.quantities
        ):
            info.suppressed = True
        _, _, old = resolve_date(published, mm["dates"], text)
        if old:
            info.suppressed = True
        elif not mm["toll_updates"]:
            _event_day(info, published, text)
    _carry_dates(infos, text)
    return infos


_CARRIED_KINDS = {"relative", "weekday", "weekday_night", "month"}


_BACKGROUND_OPENERS = ("وكان", "وكانت", "كان", "كانت")
_OPENING_SENTENCES = 1  # title and lead (sentence indexes 0 and 1)


def _background(text: str, info: SentenceInfo) -> bool:
    """ "وكان المطار قد استأنف عمله يوم الجمعة": the pluperfect tells background; its day
    dates no later line."""
    first = text[info.start : info.start + 8].split(maxsplit=1)
    return bool(first) and first[0] in _BACKGROUND_OPENERS


def _carry_dates(infos: list[SentenceInfo], text: str) -> None:
    """A sentence that names no day takes the day named last ("شهدت عدة محافظات، أمس
    الأربعاء، …" and one line per incident; "في اليوم ذاته"). Only its date words change:
    its own `day` stays unset, so it still joins events of any day."""
    carried: list[Match] = []
    for info in infos:
        # A month name without its day ("آب" is also the start of "أبين") names no day.
        dates = [
            d for d in info.matches["dates"] if d.entry.get("kind") != "month" or day_before(text, d.start)
        ]
        same = [d for d in dates if d.entry.get("kind") == "same_day"]
        if same or not any(d.entry.get("kind") in _CARRIED_KINDS for d in dates):
            if carried and not info.matches["toll_updates"]:
                info.matches["dates"] = [d for d in info.matches["dates"] if d not in same] + carried
            continue
        own = [d for d in dates if d.entry.get("kind") in _CARRIED_KINDS]
        # Only the report's opening or a day of an action dates later lines: "قد يعقد
        # الاجتماع الخميس" does not.
        opening = info.words >= _MIN_WORDS and info.index <= _OPENING_SENTENCES
        told = info.summary or (not info.suppressed and (opening or info.facts or _live_triggers(info)))
        if own and told and not _background(text, info):
            carried = own[:1]


_DAY_KINDS = {"weekday": "weekday", "weekday_night": "weekday", "relative": "relative"}
_SAID_DAY_GAP = 40  # characters: "أعلن مصدر أمني الأحد مقتل …": the day of the statement


def _event_day(info: SentenceInfo, published: dt.date | None, text: str) -> None:
    """The day a sentence's action took place, when its own words name one. The day of a
    statement ("أعلن … الأحد مقتل 18 مساء الخميس") gives way to the action's day, and
    "اليوم" names no day of its own (updates and continuations say it)."""
    words = [
        d
        for d in info.matches["dates"]
        if d.entry.get("kind") in _DAY_KINDS
        and not (d.entry.get("kind") == "relative" and d.entry.get("value") == "0")
    ]
    said = [
        d for d in words if any(0 <= d.start - a.end <= _SAID_DAY_GAP for a in info.matches["attribution"])
    ]
    if said and len(said) < len(info.matches["dates"]):
        # The event's date is read from its sentences' date words: leave the statement's out.
        info.matches["dates"] = [d for d in info.matches["dates"] if d not in said]
    words = [d for d in words if d not in said]
    if not words or published is None:
        return
    day, _, _ = resolve_date(published, words[:1], text)
    info.day = day
    info.day_kind = _DAY_KINDS[words[0].entry.get("kind")]


def _same_day(ev: Event, info: SentenceInfo) -> bool:
    """An event is one day's action: a sentence that names another day than the event's
    tells of another event ("… الثلاثاء" after "… الأحد"), even at the same place. Days
    named in different ways ("أمس" / "الخميس") are not compared: a report published
    after midnight makes them disagree."""
    if info.day is None:
        return True
    other = next((i for i in ev.sentences if i.day is not None), None)
    return other is None or other.day_kind != info.day_kind or other.day == info.day


_LEADING_KINDS = {"accusation", "threat", "intention", "denial", "rumour", "hypothetical", "past"}


def _live_triggers(info: SentenceInfo) -> list[Match]:
    out = []
    for t in info.matches["triggers"]:
        if t.entry.get("sub_event_type") == "none":
            continue  # "الخاضعة لسيطرة …": a state of affairs, not an action
        if any(cs <= t.start < ce for cs, ce in info.suppressed_clauses):
            continue
        out.append(t)
    return out


def candidates_of(info: SentenceInfo, protest_context: bool = False) -> list[Candidate]:
    """Candidates of one sentence. `protest_context`: the report is about protests, so
    "مواجهات"/"صدامات" with the security forces are the protest's, not a battle."""
    if info.suppressed or info.question:
        return []  # a question reports nothing ("هل نشب الخلاف …؟")
    triggers = _live_triggers(info)
    if not triggers:
        return []
    # Violence is attested by a toll, a loss, or an unnumbered casualty word ("وسقط قتلى").
    has_counts = (
        any(f.role != "none" for f in info.facts)
        or bool(info.losses)
        or any(
            v.entry.get("role") in ("killed", "both") and not v.entry.get("needs_count")
            for v in info.matches["victims"]
        )
    )
    killed = any(f.role in ("killed", "both") and f.best > 0 for f in info.facts)
    # Police killed at a protest: the crowd's violence (a riot), not force against it.
    police_killed = any(f.role == "killed" and f.group == "security" for f in info.facts)
    hurt = killed or any(f.role == "wounded" and f.best > 0 for f in info.facts)
    firing = any(
        t.entry.get("sub_event_type") in ("Attack", "Excessive force against protesters") for t in triggers
    )
    subs = {t.entry.get("sub_event_type") for t in triggers}
    # Burning or storming makes a riot only where there is a crowd to riot.
    crowd_here = any(
        t.entry.get("sub_event_type") in _CROWD_TYPES and not t.entry.get("needs_crowd") for t in triggers
    )
    crowd = protest_context or crowd_here
    # Arrests after clashes or in a protest report ("اعتقلت السلطات 9 أشخاص إثر صدامات") belong
    # to that event, not a development of their own.
    violent_here = any(
        SUB_EVENT_TYPES[t.entry.get("sub_event_type")] != "Strategic developments"
        and int(t.entry.get("strength") or 1) >= 2
        for t in triggers
    )
    best_by_type: dict[str, tuple[int, int, Match, str]] = {}
    for t in triggers:
        sub = t.entry.get("sub_event_type")
        if t.entry.get("needs_crowd") and not crowd:
            continue
        strength = int(t.entry.get("strength") or 1)
        if t.entry.get("needs_crowd") and crowd_here:
            strength = max(strength, 2)  # "اقتحم عشرات المحتجين مبنى المحافظة": the crowd's act
        priority = int(t.entry.get("priority") or 0)
        if sub == "Abduction/forced disappearance" and strength < 2 and _counted_people_after(info, t):
            strength = 2  # "خطف مسلحون عشرة مزارعين": counted people taken, not "خطف الأنظار"
        if sub == "Abduction/forced disappearance" and killed:
            priority = 0  # "ذبح 18 شخصا … وخطف عشر نساء": the killing names the attack
        if strength < 2 and not has_counts:
            continue
        # Protests turn into excessive force when protesters are killed by forces.
        if sub in _PROTEST_TYPES and police_killed:
            sub, priority = "Violent demonstration", 64
        elif (
            sub in _PROTEST_TYPES
            and (killed or (hurt and firing))
            and "Excessive force against protesters" not in subs
        ):
            sub, priority = "Excessive force against protesters", 70
        if sub in _PROTEST_TYPES and subs & {"Violent demonstration"}:
            continue
        # Protesters clashing with the police, storming or burning: a riot.
        if sub in _PROTEST_TYPES and sub != "Excessive force against protesters" and subs & _CLASH:
            sub, priority = "Violent demonstration", 64
        if sub == "Armed clash" and subs & _PROTEST_TYPES:
            continue
        if sub == "Armed clash" and protest_context and t.entry.pattern in _CROWD_CLASH:
            sub, priority = (
                ("Excessive force against protesters", 70)
                if killed and not police_killed
                else ("Violent demonstration", 64)
            )
        if (
            sub == "Armed clash"
            and strength < 3
            and _civilian_victims(info)
            and not (subs & {"Armed clash"} and strength >= 3)
        ):
            sub = "Attack"
        etype = SUB_EVENT_TYPES[sub]
        if sub == "Arrests" and not (violent_here or protest_context) and _counted_people_after(info, t):
            strength = _STRATEGIC_MIN_STRENGTH  # "اعتقلت قوات الأمن 9 أشخاص": a counted arrest is news
        if etype == "Strategic developments" and strength < _STRATEGIC_MIN_STRENGTH:
            continue
        key = etype
        cur = best_by_type.get(key)
        cand = (priority, strength, t, sub)
        if cur is None or (priority, strength) > (cur[0], cur[1]):
            best_by_type[key] = cand
    # "طائرات عراقية من طراز F-16 قصفت …": a plain "قصف" by aircraft is an air strike.
    blast = best_by_type.get("Explosions/Remote violence")
    if (
        blast is not None
        and blast[3] == "Shelling/artillery/missile attack"
        and blast[1] <= 2
        and any(e.entry.get("item") in _AIR_ITEMS for e in info.matches["equipment"])
    ):
        best_by_type["Explosions/Remote violence"] = (blast[0], blast[1], blast[2], "Air/drone strike")
    # "دخلت قوات الحرس الجمهوري جنوبي عفرين، وسيطرت على عدد من القرى": entered and took
    # ground with no fighting told in the sentence: a non-violent transfer.
    taken = best_by_type.get("Battles")
    if (
        taken is not None
        and family_of(taken[3]) == "territory"
        and not has_counts
        and any(t.entry.get("means") == "entry" for t in triggers)
        and not any(
            family_of(t.entry.get("sub_event_type")) not in ("territory", "Strategic developments")
            and int(t.entry.get("strength") or 1) >= 2
            for t in triggers
        )
    ):
        del best_by_type["Battles"]
        best_by_type["Strategic developments"] = (
            taken[0],
            _STRATEGIC_MIN_STRENGTH,
            taken[2],
            "Non-violent transfer of territory",
        )
    # "بدأوا بإطلاق النار وتفجير قنابل": a generic blast beside gunfire is one ground assault.
    if (
        (bomb_generic := best_by_type.get("Explosions/Remote violence")) is not None
        and bomb_generic[3] == "Remote explosive/landmine/IED"
        and bomb_generic[1] <= 2
        and "Violence against civilians" in best_by_type
        and any(t.entry.get("means") == "gun" for t in triggers)
    ):
        del best_by_type["Explosions/Remote violence"]
    # A suicide assault with gunfire ("اقتحم انتحاريان المقر … وتبادلت القوات إطلاق النار مع
    # المهاجمين") is one suicide-bomb event, not a battle besides it.
    bomb = best_by_type.get("Explosions/Remote violence")
    if (
        bomb is not None
        and bomb[3] == "Suicide bomb"
        and best_by_type.get("Battles", (0, 0, None, ""))[3] == "Armed clash"
    ):
        del best_by_type["Battles"]
    if not best_by_type:
        return []
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


_COUNT_AFTER_TRIGGER = 60  # characters: "اعتقلت قوة من جهاز مكافحة الإرهاب، فجر الاثنين، خمسة مطلوبين"


def _counted_people_after(info: SentenceInfo, trigger: Match) -> bool:
    """A number of people follows the trigger closely ("اعتقال خمسة أشخاص")."""
    for q in info.quantities:
        if q.not_count or not 0 < q.start - trigger.end <= _COUNT_AFTER_TRIGGER:
            continue
        if any(0 <= p.start - q.end <= 2 for p in info.matches["person_nouns"]):
            return True
    return False


def _civilian_victims(info: SentenceInfo) -> bool:
    return any(f.group == "civilian" for f in info.facts)


def _place_for(
    cand_info: SentenceInfo, trigger: Match | None, focus=None, main_country: str | None = None
) -> PlaceMention | None:  # noqa: ANN001
    """The place of an event in one sentence: the most specific resolved mention,
    nearest after the trigger (Arabic puts the place after the action)."""
    best: tuple[float, PlaceMention] | None = None
    seats = [c.end for c in cand_info.matches["nonevent_cues"] if c.entry.get("scope") == "place"]
    for p in cand_info.places:
        if p.place is None or any(0 <= p.name_start - end <= _SEAT_GAP for end in seats):
            continue  # "الهلال الأحمر الكردي ومقره في القامشلي": where the speaker sits
        s = 0.0
        feat = p.place.feature
        if feat == "country":
            s -= 3
        elif feat == "admin1":
            s -= 1.5 if not p.region else 0.5
        if p.place.lat is None:
            s -= 0.5 if p.start != p.name_start else 2  # "قرية مديرا": specific even without a point
        if main_country and p.place.country != main_country:
            s -= 2
        if focus is not None and p.place.lat is not None and focus.lat is not None:
            d = _km(p.place.lat, p.place.lon, focus.lat, focus.lon)
            at_home = p.place.country in (main_country, p.extra.get("local_country"))
            if (
                d > 150
                and p.precision == 1
                and " " not in p.key
                and not (p.place.feature in ("admin1", "capital") and at_home)
                and ((p.place.country, p.place.admin1) not in p.local_admins)
                and (
                    p.extra.get("local_country") != p.place.country
                    or (
                        len(p.candidates) > 1
                        and p.place.population < 50000
                        and p.place.feature in _SMALL_FEATURES
                    )
                )
            ):
                continue  # far from the report's focus and not anchored nearby (nor by its line): a namesake
        if trigger is not None:
            d = p.name_start - trigger.end
            # Arabic names the place after the action; a place before it is often a
            # dateline or a label ("الحسكة: استهدفت …").
            s -= (d / 200) if d >= 0 else (abs(d) / 100 + 1.0)
        if best is None or s > best[0]:
            best = (s, p)
    return best[1] if best else None


def _same_place(a: PlaceMention | None, b: PlaceMention | None, areas: bool = True) -> bool:
    """Whether two mentions can be one event's place. `areas`: a sub-region ("ريف حمص")
    fits anything in its province (for events of one type; not for absorbing others)."""
    if a is None or b is None:
        return True
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return True
    if pa.id == pb.id:
        return True
    if areas and (a.region or b.region):
        # "ريف حمص الشرقي" is an area of the province: anything in that province fits.
        return pa.country == pb.country and (pa.admin1 == pb.admin1 or "country" in (pa.feature, pb.feature))
    if pa.feature in ("country", "admin1") or pb.feature in ("country", "admin1"):
        return pa.country == pb.country and (
            pa.feature == "country" or pb.feature == "country" or pa.admin1 == pb.admin1
        )
    if pa.lat is not None and pb.lat is not None and pa.lon is not None and pb.lon is not None:
        return _km(pa.lat, pa.lon, pb.lat, pb.lon) <= 15
    return False


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _more_specific(new: PlaceMention | None, old: PlaceMention | None) -> bool:
    if new is None or new.place is None:
        return False
    if old is None or old.place is None:
        return True
    rank = {"country": 0, "admin1": 1, "admin2": 2}
    return rank.get(new.place.feature, 3) > rank.get(old.place.feature, 3)


def segment(
    infos: list[SentenceInfo], title_index: int | None, focus=None, main_country: str | None = None
) -> list[Event]:  # noqa: ANN001
    events: list[Event] = []
    title_cands: list[Candidate] = []
    last_event: Event | None = None
    protest_context = (
        sum(
            1
            for info in infos
            for t in info.matches["triggers"]
            if t.entry.get("sub_event_type") in _PROTEST_TYPES and t.entry.get("strength") == "3"
        )
        >= 2
    )
    # "الانفجار وقع … لارتفاع درجة الحرارة": an accidental cause told anywhere in the report.
    accidental = any(
        c.entry.get("scope") == "article" for info in infos for c in info.matches["nonevent_cues"]
    )
    ordinal: dict[int, int] = {}  # sentence index -> position among sentences with words
    content = 0
    lead_counts: SentenceInfo | None = None
    for info in infos:
        content += info.words >= _MIN_WORDS
        ordinal[info.index] = content
        cands = candidates_of(info, protest_context)
        if accidental:
            cands = [
                c
                for c in cands
                if not (c.sub_event_type == "Remote explosive/landmine/IED" and c.strength <= 2)
            ]
        if info.index == title_index:
            # A question in the headline ("بعد اشتباكات عدن: هل …؟") reports nothing itself.
            title_cands = [] if info.question else cands
            continue
        for cand in cands:
            place = _place_for(info, cand.trigger, focus, main_country)
            # "وفي المدينة نفسها، …": the previous incident's place, and another incident.
            anaphoric = (place is None or place.place.feature == "country") and bool(
                info.matches["place_anaphora"]
            )
            if anaphoric:
                place = _anaphoric_place(
                    info.matches["place_anaphora"][0], last_event, events, infos[: info.index]
                )
                anaphoric = place is not None
            target = None
            for ev in reversed(events):
                if ev.family == cand.family and _same_place(ev.place, place) and _same_day(ev, info):
                    target = ev
                    break
            if (
                target is None
                and cand.strength < 2
                and last_event is not None
                and place is None
                and _same_day(last_event, info)
            ):
                target = last_event
            if target is None and cand.strength < 3 and not anaphoric:
                # Ordinary wording at a place already reported (or none) describes the
                # same incident from another angle ("أحبطت قوات الأمن هجوما"), not a new one.
                for ev in reversed(events):
                    if cand.family == "territory" and ev.family != "territory":
                        continue  # taking ground is its own event beside a strike at that place
                    if (
                        place is None or (ev.place is not None and _same_place(ev.place, place, areas=False))
                    ) and _same_day(ev, info):
                        target = ev
                        break
            if target is None:
                ev = Event(cand.sub_event_type, cand.strength, [info], [cand.trigger], place)
                # "أفادت مصادر بإصابة خمسة مدنيين" … "ووقع التفجير في شارع …": a lead toll
                # just before the report's first event is that event's toll.
                if (
                    lead_counts is not None
                    and not events
                    and ordinal[info.index] - ordinal[lead_counts.index] <= 1
                    and _places_fit(lead_counts, place)
                ):
                    ev.sentences.insert(0, lead_counts)
                events.append(ev)
                last_event = ev
                continue
            if info not in target.sentences:
                target.sentences.append(info)
            target.triggers.append(cand.trigger)
            stronger = cand.strength > target.strength or (
                cand.strength == target.strength and _priority(cand.trigger) > _priority(target.triggers[0])
            )
            if stronger and cand.family == target.family:
                target.sub_event_type = cand.sub_event_type
                target.strength = cand.strength
            elif (
                _means_unstated(target)
                and cand.event_type == "Explosions/Remote violence"
                and cand.strength >= target.strength
            ):
                # "محاولة اغتيال استهدفت موكبه" … "هذا التفجير": the attempt was the blast.
                target.sub_event_type = cand.sub_event_type
                target.strength = cand.strength
            if _more_specific(place, target.place):
                target.place = place
            last_event = target
        # A casualty sentence without its own trigger completes the previous event: the
        # next sentences, or any later one while the report has told of a single event
        # (tolls, quotes of hospitals and ministries follow the story).
        if not cands and info.facts and not info.suppressed and info.index != title_index:
            if last_event is None:
                lead_counts = info
            elif _places_fit(info, last_event.place) and (
                len(events) == 1 or ordinal[info.index] - ordinal[last_event.sentences[-1].index] <= _TAIL_GAP
            ):
                last_event.sentences.append(info)
    for ev in events:
        for info in ev.sentences:
            info.told_of.append(id(ev))
    first_body = next(
        (info for info in infos if info.index != title_index and info.words >= _MIN_WORDS), None
    )
    if first_body is not None:
        first_body.lead = True
    # The title restates the main event: it joins the first body event of its type.
    # It stands alone only when the body reports nothing (a very short item).
    for cand in title_cands:
        place = _place_for(cand.sentence, cand.trigger, focus, main_country)
        same_sub = [ev for ev in events if ev.sub_event_type == cand.sub_event_type]
        same_type = same_sub or [ev for ev in events if ev.event_type == cand.event_type]
        for ev in same_type[:1]:
            if any(info.matches["dates"] for info in ev.sentences):
                # "حصاد اليوم اليمني": the body's day words date the event, not the title's "اليوم".
                cand.sentence.matches["dates"] = [
                    d
                    for d in cand.sentence.matches["dates"]
                    if d.entry.get("kind") != "relative" or d.entry.get("value") != "0"
                ]
            ev.sentences.insert(0, cand.sentence)
            if ev.place is None:
                ev.place = place
        if not same_type and not events and place is not None and (cand.strength >= 3 or cand.sentence.facts):
            events.insert(
                0,
                Event(
                    cand.sub_event_type,
                    cand.strength,
                    [cand.sentence],
                    [cand.trigger],
                    place,
                    from_title=True,
                ),
            )
    return events


def _means_unstated(ev: Event) -> bool:
    """An attack known only by its target ("محاولة اغتيال"), its means not told yet."""
    return ev.sub_event_type == "Attack" and all(
        t.entry.get("means") == "unstated" for t in ev.triggers if t.entry.get("sub_event_type") == "Attack"
    )


def _anaphoric_place(
    anaphor: Match, last_event: Event | None, events: list[Event], before: list[SentenceInfo]
) -> PlaceMention | None:
    """The place "المدينة نفسها" / "بنفس الولاية" points back to: the place of the incident
    told just before, else the last place named in the sentences just before, else the
    last event's; narrowed to what the phrase keeps of it — the place itself, the district
    around it, or only its province."""
    base = None
    recent = [info for info in before if info.words >= _MIN_WORDS][-_ANAPHOR_REACH:]
    if (
        last_event is not None
        and last_event.place is not None
        and any(i in last_event.sentences for i in recent)
    ):
        base = last_event.place  # the incident just told
    for info in reversed(recent if base is None else []):
        named = [
            p for p in info.places if p.place is not None and p.place.feature not in ("country", "admin1")
        ]
        if named:
            base = max(named, key=lambda p: p.name_start)
            break
    if base is None and last_event is not None:
        base = last_event.place
    if base is None or base.place is None:
        base = next(
            (ev.place for ev in reversed(events) if ev.place is not None and ev.place.place is not None), None
        )
    if base is None or base.place is None:
        return None
    scope = anaphor.entry.get("scope", "place")
    if scope == "place":
        return base
    wider = dataclasses.replace(base, precision=2, partner=None, extra=dict(base.extra))
    if scope == "province":
        wider.extra["province_only"] = "1"
    return wider


_ANAPHOR_REACH = 2  # sentences back in which "المدينة نفسها" looks for the place it repeats


_MIN_WORDS = 3  # fewer words: a fragment ("." or a closing quote), not a sentence of the story
_TAIL_GAP = 2  # sentences between an event and a trigger-less toll that still completes it


def _places_fit(info: SentenceInfo, place: PlaceMention | None) -> bool:
    """Every place the sentence names can be the event's place (same place, within
    15 km); a sentence that names no place fits."""
    return all(_same_place(place, p, areas=False) for p in info.places if p.place is not None)


def _priority(m: Match) -> int:
    return int(m.entry.get("priority") or 0)


def count_fields(ev: Event) -> tuple[dict | None, dict | None, dict | None]:
    """fatalities, injuries, casualties of an event: per sentence sums, the largest
    sentence figure per role (tolls are repeated and updated through a report)."""
    best: dict[str, tuple[int | None, int | None, int]] = {}
    negated = False
    firm = False  # "دون وقوع إصابات", not only "لم ترد أنباء عن إصابات"
    title = [i for i in ev.sentences if i.index == 0]
    body = sorted((i for i in ev.sentences if i.index != 0), key=lambda i: i.index)
    # The lead figure stands; a later sentence replaces it only when it revises the toll
    # ("ارتفعت حصيلة … إلى"). Other figures further down are often other sources' claims.
    vague: set[str] = set()
    approx: set[str] = set()
    for info in body + title:
        update = bool(info.matches["toll_updates"])
        totals = sentence_totals(info.facts, revised=update)
        if any(f.role == "none" for f in info.facts):
            negated = True
            firm = firm or any(f.role == "none" and f.group != "deaths" for f in info.facts)
        now_vague = vague_roles(info.facts)
        for role, (lo, hi, b) in totals.items():
            # A precise figure replaces a vague one ("عشرات القتلى" … "31 قتيلا"); a revision
            # replaces a larger toll, or a rounded one ("نحو 250" … "ارتفعت الحصيلة الى 246").
            if (
                role not in best
                or (update and (b > best[role][2] or role in approx))
                or (role in vague and role not in now_vague)
            ):
                best[role] = (lo, hi, b)
                vague.discard(role)
                approx.discard(role)
                if role in now_vague:
                    vague.add(role)
                if any(f.role == role and f.approx for f in info.facts):
                    approx.add(role)

    def as_dict(role: str) -> dict | None:
        if role not in best:
            return None
        lo, hi, b = best[role]
        return {"min": lo, "max": hi, "best": b}

    fat, inj, cas = as_dict("killed"), as_dict("wounded"), as_dict("both")
    # "مقتل وإصابة 37" in a title and "قتل 15 وجرح 22" in the body: the split wins.
    if cas and (fat or inj) and cas["best"] <= (fat or {}).get("best", 0) + (inj or {}).get("best", 0):
        cas = None
    if negated and fat is None and inj is None and cas is None:
        # "دون وقوع إصابات": no one killed or hurt (both 0); "لم ترد أنباء عن إصابات": none
        # reported killed, the wounded unknown.
        fat = {"min": 0, "max": 0, "best": 0}
        if firm:
            inj = {"min": 0, "max": 0, "best": 0}
    return fat, inj, cas


def losses_of(ev: Event) -> list[dict]:
    out: dict[str, int] = {}
    for info in ev.sentences:
        for loss in info.losses:
            out[loss.item] = max(out.get(loss.item, 0), loss.count)
    return [{"item": k, "count": v, "side": "actor2"} for k, v in out.items()]


def attribution_of(
    doc: Doc, ev: Event, infos: list[SentenceInfo]
) -> tuple[dict | None, tuple[int, int] | None]:
    """The source of an event: cue in its sentences, else the nearest earlier one."""
    # Own sentences first; else the report's lead source, which governs what follows.
    # An earlier sentence that tells of another incident cites that incident's source.
    earlier = [
        info
        for info in infos[: ev.sentences[0].index]
        if info.lead or not info.told_of or id(ev) in info.told_of
    ]
    first = ev.sentences[0].index
    if (
        first > 0
        and not any(_sources_in(doc, info) for info in ev.sentences)
        and any(_continues_speech(doc, info) for info in ev.sentences)
    ):
        # "وأضاف أن …": the speaker of the sentence before goes on, whatever that one told of.
        earlier = [infos[first - 1], *[info for info in reversed(earlier) if info.index != first - 1]]
    order = list(ev.sentences) + earlier
    hedged = any(info.matches["hedges"] for info in ev.sentences)
    for info in order:
        for span in _sources_in(doc, info):
            if doc.ntext[span[0] : span[1]] in ANAPHORIC_SOURCES:
                # "وذكر المصدر ذاته": the source named earlier ("مصدر عسكري").
                span = _antecedent_source(doc, infos, info.index) or span
            # "وقال المتحدث باسمه": the spokesman of the office named before.
            resolved = pronoun_source(doc, span) or office_source(doc, span, info.end)
            s, e = doc.original_span(*span)
            src = resolved or doc.text[s:e].strip(" \"'“”«»")
            if len(src) < 2:
                continue
            return {"source": src, "hedged": hedged}, span
    # No source before: one named later about this incident ("… حسبما قال المتحدث باسم
    # الإقليم" in the fifth sentence), not a vague "تقارير".
    last = max(info.index for info in ev.sentences)
    for info in infos[last + 1 :]:
        if info.told_of and id(ev) not in info.told_of:
            continue
        for span in _sources_in(doc, info):
            if (
                doc.ntext[span[0] : span[1]] in ANAPHORIC_SOURCES
                or doc.ntext[span[0] : span[1]] in VAGUE_SOURCES
            ):
                continue
            s, e = doc.original_span(*span)
            src = (
                pronoun_source(doc, span)
                or office_source(doc, span, info.end)
                or doc.text[s:e].strip(" \"'“”«»")
            )
            if len(src) >= 2:
                return {"source": src, "hedged": hedged}, span
    return ({"source": None, "hedged": hedged} if hedged else None), None


def _sources_in(doc: Doc, info: SentenceInfo) -> list[tuple[int, int]]:
    """Source phrases named by the sentence's attribution cues, in order."""
    # The phrase ends at a word our lexicons read as something else. A place counts only
    # when it was read as one ("مصدر" is also a village's name), and "الأنباء" of a news
    # agency ("وكالة الأنباء السورية") is no hedge.
    stops = sorted(
        [m.start for lex in ("victims", "triggers", "dates", "toll_updates") for m in info.matches[lex]]
        + [m.start for m in info.matches["hedges"] if not _agency_word(doc.ntext, m.start)]
        + [p.name_start for p in info.places if p.place is not None]
    )
    out = []
    for cue in sorted(info.matches["attribution"], key=lambda m: m.start):
        span = source_after(doc, cue, info.end, stops)
        if span is None and cue.entry.get("kind") == "verb":
            span = source_before(doc, cue, info.start)
        if span is not None:
            out.append(span)
    return out


def _continues_speech(doc: Doc, info: SentenceInfo) -> bool:
    """The sentence opens with a speech verb and names no speaker ("وأضاف أن …")."""
    head = doc.ntext[info.start : info.start + 12].lstrip(' -•*"')
    return any(
        cue.entry.get("kind") == "verb"
        and cue.start - info.start <= 3
        and head.startswith(("و", "ف"))
        and source_after(doc, cue, info.end) is None
        for cue in info.matches["attribution"]
    )


def _agency_word(text: str, pos: int) -> bool:
    before = text[max(0, pos - 8) : pos].split()
    return bool(before) and before[-1] in ("وكاله", "لوكاله", "بوكاله", "ووكاله")


def _antecedent_source(doc: Doc, infos: list[SentenceInfo], index: int) -> tuple[int, int] | None:
    """The nearest earlier source phrase that names its source ("مصدر عسكري يمني")."""
    for info in reversed(infos[:index]):
        for span in reversed(_sources_in(doc, info)):
            words = doc.ntext[span[0] : span[1]].split()
            if len(words) >= 2 and words[0] in ("مصدر", "مصادر", "مسوول", "مسوولون", "متحدث"):
                return span
    return None


def event_id(article_id: str, ev: Event) -> str:
    first = ev.sentences[0]
    raw = f"{article_id}|{first.start}|{ev.sub_event_type}|{ev.triggers[0].start}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def confidence(
    ev: Event, fat: dict | None, cas: dict | None, has_actor: bool, hedged: bool, rank: int = 0
) -> float:
    """How likely the event is real and placed right. `rank` is the event's position in
    the report: the lead event is restated and best attested; later ones less so."""
    c = 0.35 + 0.1 * ev.strength
    if len({i.index for i in ev.sentences}) >= 2:
        c += 0.05
    if rank > 0:
        c -= 0.1
    if (
        ev.place is not None
        and ev.place.place is not None
        and ev.place.place.feature not in ("country", "admin1")
    ):
        c += 0.1
    if fat or cas:
        c += 0.1
    if has_actor:
        c += 0.05
    if hedged:
        c -= 0.1
    if ev.from_title:
        c -= 0.15
    if ev.place_inherited:
        c -= 0.1
    return round(max(0.05, min(c, 0.95)), 2)
