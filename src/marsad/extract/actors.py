"""Who did what to whom: actor mentions, coalition members, and actor1/actor2 roles.

Roles come from Arabic word order and from cue words kept in the lexicon
``actor_role_cues.tsv``, strongest evidence first:

1. explicit cues next to a mention: "على مواقع X" (X is hit), "بقصف لـX", "على يد X",
   "هجوم شنته X", "X تبنت" (X did it), "مقتل 3 من عناصر X" (X is hit);
2. the verb that opens a clause: its subject (the actor right after it) is the doer, the
   next actor its object — unless the verb reads as passive ("قتل 3 جنود من X");
3. the event type's usual initiator (an air strike's air force, a bombing's armed group).

Before that, mentions are rewritten: "مسلحون من X" and "جهاز الأمن التابع لـX" become X,
"الخاضعة لسيطرة X" drops X (it holds the place, it does not act), a nationality after a
generic force or a weapon ("القوات الإثيوبية", "غارات تركية", "لاجئين سوريين") names that
nation's force or civilians, and a definite head noun ("التنظيم", "المهاجمين") points back
to the group named earlier in the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from marsad.knowledge.actors import Actor, ActorBase
from marsad.knowledge.lexicon import Match
from marsad.text.doc import Doc

_ARMED_KINDS = {"state", "rebel", "political_militia", "identity_militia", "external"}
_NON_STATE_KINDS = {"rebel", "political_militia", "identity_militia"}
_CLITIC_LETTERS = "وفبل"
_CLAUSE_BREAKS = set("،,.:;؛!?؟\n")
_DIGITS = set("0123456789٠١٢٣٤٥٦٧٨٩")
_DAMMA = "\u064f"


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int  # normalised offsets
    end: int
    actors: tuple[Actor, ...]
    clitic: str = ""  # a proclitic written onto the name ("ل" in "لحزب الله")

    @property
    def generic(self) -> bool:
        return all(a.generic for a in self.actors)


def mentions(doc: Doc, actor_matches: list[Match], kb) -> list[ActorMention]:  # noqa: ANN001
    base: ActorBase = kb.actors
    text = doc.ntext
    out: list[ActorMention] = []
    # Longest name first, then left to right: "طيران التحالف بقيادة السعودية" is read as
    # "طيران" + "التحالف بقيادة السعودية", not as "طيران التحالف" + a cut-off rest.
    kept: list[Match] = []
    for m in sorted(actor_matches, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    for m in sorted(kept, key=lambda m: m.start):
        ids = [i for i in m.entry.get("ids").split("|") if i]
        actors = tuple(base.get(i) for i in ids if i in base)
        if not actors:
            continue
        clitic = ""
        if m.entry.pattern.startswith("لل"):
            clitic = "ل"
        elif (
            m.start > 0
            and text[m.start - 1] in _CLITIC_LETTERS
            and (m.start == 1 or not text[m.start - 2].isalnum())
        ):
            clitic = text[m.start - 1]
        out.append(ActorMention(m.start, m.end, actors, clitic))
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


def _pick(base: ActorBase, mention: ActorMention, country: str | None, year: int | None) -> Actor:
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


def _as_dict(
    doc: Doc,
    actor: Actor,
    mention: ActorMention | None,
    members: list[dict[str, Any]],
    year: int | None = None,
    country: str | None = None,
) -> dict[str, Any]:
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


_NON_STATE_FIRST = {"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}
_STATE_FIRST = {"Air/drone strike", "Chemical weapon"}


@dataclass(slots=True)
class _Cand:
    actor: Actor
    start: int  # normalised offset where the phrase naming the actor begins
    end: int
    mention: ActorMention | None
    role: str = ""  # "agent" | "target" | ""
    weight: int = 0  # 4 the strike itself, 3 explicit cue, 2 clause subject, 1 clause object, 0 none
    clause_subject: bool = False
    picked: bool = False  # the actor is the plain reading of its mention (may be re-read by country)
    co_doer: bool = False  # joined to a clause subject by "و": on the doer's side, never the target
    bystander: bool = False  # "تتدخل قوة من X": X stepped into a fight between others
    accused: bool = False  # "اتهمت الوكالة X بشن الهجوم": X is said to have done it
    weapon: bool = False  # read off a strike word and a nationality ("غارات إسرائيلية"): the striker


@dataclass
class _Sentence:
    """Cue words of one sentence, indexed by token."""

    start: int
    end: int
    first_token: int
    cue_at: dict[int, Match] = field(default_factory=dict)  # token -> cue covering it
    count_tokens: set[int] = field(default_factory=set)  # numbers and casualty / people nouns
    name_tokens: set[int] = field(default_factory=set)  # first tokens of actor mentions


def _sentence_cues(info, tokens) -> _Sentence:  # noqa: ANN001
    s = _Sentence(info.start, info.end, tokens.index_at(info.start))
    for c in info.matches["actor_role_cues"]:
        for t in range(tokens.index_at(c.start), tokens.index_before(c.end) + 1):
            s.cue_at[t] = c
    for q in info.quantities:
        if not q.not_count:
            s.count_tokens.update(range(tokens.index_at(q.start), tokens.index_before(q.end) + 1))
    for lex in ("victims", "person_nouns"):
        for m in info.matches[lex]:
            s.count_tokens.update(range(tokens.index_at(m.start), tokens.index_before(m.end) + 1))
    return s


def _cue(sent: _Sentence, t: int) -> Match | None:
    return sent.cue_at.get(t)


def _opens_clause(doc: Doc, tokens, sent: _Sentence, t: int) -> bool:  # noqa: ANN001
    """True when token t starts its sentence or a clause (after punctuation, or with و/ف)."""
    if t <= sent.first_token:
        return True
    between = doc.ntext[tokens.ends[t - 1] : tokens.starts[t]]
    if any(ch in _CLAUSE_BREAKS for ch in between):
        return True
    return tokens.words[t - 1] in ("ثم", "و", "ف", "حيث", "بعدما", "عندما", "وقد", "قد", "كما")


def _is_passive(doc: Doc, tokens, sent: _Sentence, verb: Match, t: int) -> bool:  # noqa: ANN001
    if verb.entry.get("kill") != "1":
        return False
    original = doc.original_text(verb.start, verb.end)
    if _DAMMA in original[:4]:
        return True
    if t + 1 >= len(tokens) or t + 1 in sent.name_tokens:
        return False  # "قتل مسلحون من X ...": a name right after the verb is its subject
    return t + 1 in sent.count_tokens or any(ch in _DIGITS for ch in tokens.words[t + 1])


def _role(doc: Doc, tokens, sent: _Sentence, c: _Cand, taken: set[int]) -> tuple[str, int, bool]:  # noqa: ANN001
    """(role, weight, clause subject) of a candidate from the words around it."""
    first = tokens.index_at(c.start)
    last = tokens.index_before(c.end)
    # 1. A clause-opening verb right before the name (one or two head words may stand
    #    between: "قتل مسلحو X", "أطلق عناصر من X"): X is its subject, or its object when
    #    the verb reads as passive.
    for gap in range(0, 3):
        v = first - 1 - gap
        if v < sent.first_token or v in taken:
            break
        cue = _cue(sent, v)
        if (
            cue is not None
            and "verb" in cue.entry.get("kind")
            and tokens.index_at(cue.start) == v
            and _opens_clause(doc, tokens, sent, v)
        ):
            if any(
                _cue(sent, g) is not None and _cue(sent, g).entry.get("before") == "target"
                for g in range(v + 1, first)
            ):
                break
            if _is_passive(doc, tokens, sent, cue, v):
                return "target", 2, False
            return "agent", 2, True
        if cue is not None and cue.entry.get("kind") != "partitive":
            break
    # 2. The nearest cue word before the name, within three tokens.
    t = first - 1
    while t >= max(sent.first_token, first - 4):
        if t in taken:
            break
        cue = _cue(sent, t)
        if cue is None:
            t -= 1
            continue
        kind = cue.entry.get("kind")
        if kind == "partitive":
            # "مقتل 3 من عناصر X": a count before "من" makes X the side that was hit.
            if any(g in sent.count_tokens for g in range(max(sent.first_token, t - 2), t)):
                return "target", 3, False
            t -= 1
            continue
        before = cue.entry.get("before")
        if kind == "launcher":
            # The weapon's user, told in a relative clause: weaker than a main clause's doer;
            # the caller reads it by event type.
            return "launcher", 2, False
        if before:
            if (
                before == "agent"
                and kind == "platform"
                and c.mention is not None
                and not c.mention.clitic
                and tokens.index_before(cue.end) != first - 1
            ):
                break
            return before, 3, False
        break
    # 3. A cue word right after the name: "X تبنت", "X شنت هجوما".
    for t in range(last + 1, min(len(tokens), last + 3)):
        if t in taken:
            break
        cue = _cue(sent, t)
        if cue is not None and cue.entry.get("after"):
            return cue.entry.get("after"), 3, False
    return "", 0, False


def _demonym_country(info, tokens, token: int) -> tuple[str, Match] | None:  # noqa: ANN001
    for d in info.matches["demonyms"]:
        if tokens.index_at(d.start) == token:
            return d.entry.get("country"), d
    return None


def _build_candidates(
    doc: Doc,
    base: ActorBase,
    info,
    tokens,
    sent: _Sentence,  # noqa: ANN001
    local: list[ActorMention],
    country: str | None,
    year: int | None,
    earlier: list[ActorMention],
    sources: list[tuple[int, int]],
    foe: Actor | None = None,
) -> list[_Cand]:
    cands: list[_Cand] = []
    dropped: set[int] = set()
    used_demonyms: set[int] = set()
    for i, m in enumerate(local):
        if i in dropped:
            continue
        first = tokens.index_at(m.start)
        last = tokens.index_before(m.end)
        # "الخاضعة لسيطرة X": the side that holds the place is not a party to the event.
        if any(
            (cue := _cue(sent, t)) is not None and cue.entry.get("kind") == "control"
            for t in range(max(sent.first_token, first - 2), first)
        ):
            continue
        actor = _pick(base, m, country, year)
        start = m.start
        picked = True
        # "بالمدفعية", "بالطيران": a force named as the instrument, not as a party.
        if m.generic and m.clitic == "ب" and all(a.kind in ("state", "external") for a in m.actors):
            continue
        # A nationality right after a generic force or an umbrella group names its country.
        dem = _demonym_country(info, tokens, last + 1)
        if dem is not None and (actor.generic or actor.country is None or m.generic):
            pick_country = dem[0]
            actor = _pick(base, m, pick_country, year) if m.generic else base.instantiate(actor, pick_country)
            used_demonyms.add(dem[1].start)
            picked = False
        # "مسلحون من X", "جهاز الأمن التابع لـX", "انتحاري ينتمي لـX": X is the actor.
        nxt = local[i + 1] if i + 1 < len(local) else None
        if nxt is not None:
            nfirst = tokens.index_at(nxt.start)
            link = [_cue(sent, t) for t in range(last + 1, nfirst)]
            kinds = {c.entry.get("kind") for c in link if c is not None}
            gap = nfirst - last - 1
            other = _pick(base, nxt, country, year)
            linked = 0 < gap <= 3 and (
                "affiliation" in kinds or ("partitive" in kinds and m.generic and not other.generic)
            )
            # "مقاتلات العدو الإسرائيلي", "طائرات الاحتلال": a generic force owned by the name after it.
            # "الدفاعات الجوية للجيش الوطني": the same with "لـ" glued to the owner.
            owned = (
                gap == 0
                and m.generic
                and actor.kind == "state"
                and not other.generic
                and (not nxt.clitic or (nxt.clitic == "ل" and other.kind in ("state", "external")))
            )
            if other.kind in _ARMED_KINDS and (linked or owned):
                actor = other
                dropped.add(i + 1)
                picked = False
        stepped_in = any(
            (cue := _cue(sent, t)) is not None and cue.entry.get("kind") == "bystander"
            for t in range(max(sent.first_token, first - 4), first)
        )
        cands.append(_Cand(actor, start, m.end, m, picked=picked, bystander=stepped_in))
    # Nationalities that stand alone: "غارات تركية", "جنود إسرائيليين", "لاجئين سوريين".
    for d in info.matches["demonyms"]:
        if (
            d.start in used_demonyms
            or any(m.start <= d.start < m.end for m in local)
            or any(s <= d.start < e for s, e in sources)
        ):
            continue
        t = tokens.index_at(d.start)
        dcountry = d.entry.get("country")
        # A model name between the weapon and the nationality ("طائرات F-16 عراقية") is skipped.
        arabic_before = [
            u
            for u in range(t - 1, max(sent.first_token, t - 6) - 1, -1)
            if u < len(tokens) and any("\u0621" <= ch <= "\u064a" for ch in tokens.words[u])
        ]
        for back in (1, 2):
            u = arabic_before[back - 1] if len(arabic_before) >= back else -1
            cue = _cue(sent, u) if u >= sent.first_token else None
            if cue is None:
                continue
            kind = cue.entry.get("kind")
            actor = None
            if kind == "platform":
                actor = base.state_force(dcountry, cue.entry.get("branch") or "army") or base.state_force(
                    dcountry, "army"
                )
            elif kind == "person":
                actor = _generic(base, "Civilians", dcountry)
            if actor is not None:
                # "غارات إسرائيلية": the strike word itself (a strong air-strike trigger, not a
                # mere aircraft, which may be the one shot down) names who struck.
                # Two words back only through an adjective agreeing with both in definiteness
                # ("الغارات الجوية الإسرائيلية", not "الغارات أهدافا إيرانية").
                words = [tokens.words[x] for x in (u, *arabic_before[: back - 1], t)]
                agree = len({w.startswith(("ال", "وال", "بال", "فال", "لل")) for w in words}) == 1
                # The nationality is an adjective agreeing with the strike noun ("…ية"), not a
                # country's name after a preposition ("غارة جوية بليبيا").
                strike = (
                    kind == "platform"
                    and agree
                    and tokens.words[t].endswith("يه")
                    and any(
                        tr.start <= cue.start < tr.end
                        and tr.entry.get("sub_event_type") == "Air/drone strike"
                        and int(tr.entry.get("strength") or 1) >= 3
                        for tr in info.matches["triggers"]
                    )
                )
                cands.append(_Cand(actor, cue.start, d.end, None, weapon=strike))
                break
            if back == 1 and kind not in ("platform", "person"):
                break
        else:
            # A plural nationality after a count or opening a phrase: those people.
            word = tokens.words[t] if t < len(tokens) else ""
            if word.endswith(("يين", "يون")) and (
                t - 1 in sent.count_tokens or t == sent.first_token or word.startswith(("ال", "وال"))
            ):
                g = _generic(base, "Civilians", dcountry)
                if g is not None:
                    cands.append(_Cand(g, d.start, d.end, None))
    # "الإرهابيون", "المرتزقة" standing alone: the side the reporting outlet fights.
    for c in info.matches["actor_role_cues"]:
        if c.entry.get("kind") != "label":
            continue
        if any(m.start - 2 <= c.end and c.start <= m.end + 2 for m in local):
            continue  # "إرهابيو جبهة النصرة", "تنظيم داعش الإرهابي": the name says who
        actor = foe or _label_foe(base, c, country) or _generic(base, "Unidentified Armed Group", country)
        if actor is not None:
            cands.append(_Cand(actor, c.start, c.end, None))
    # "التنظيم", "المهاجمين": the group named earlier in the article.
    for c in info.matches["actor_role_cues"]:
        if c.entry.get("kind") != "anaphor":
            continue
        head = c.entry.pattern[2:] if c.entry.pattern.startswith("ال") else c.entry.pattern
        prior = [m for m in earlier if m.end <= c.start and not m.generic]
        prior_all = [(m, _pick(base, m, country, year)) for m in reversed(prior)]
        prior_actors = [(m, a) for m, a in prior_all if a.kind in _NON_STATE_KINDS]
        # "ميليشيا الحوثي" … "الميليشيا": a force coded as a state whose own name carries the
        # head word is what the word points back to, whatever its kind.
        named = [
            (m, a) for m, a in prior_all if a.kind in _ARMED_KINDS and head in doc.ntext[m.start : m.end]
        ]
        if not prior_actors and not named:
            continue
        named = named or [(m, a) for m, a in prior_actors if head in (a.name_ar or "")]
        _, target = (named or prior_actors)[0]
        overlapping = [x for x in cands if x.start <= c.start < x.end or c.start <= x.start < c.end]
        if overlapping:
            for x in overlapping:
                if x.actor.generic:
                    x.actor = target
            continue
        cands.append(_Cand(target, c.start, c.end, None))
    cands.sort(key=lambda x: x.start)
    return cands


def _joined(doc: Doc, tokens, a: _Cand, b: _Cand) -> bool:  # noqa: ANN001
    """True when b follows a with only "و" between them ("X وY", "«X» و«Y»")."""
    between = doc.ntext[a.end : b.start]
    core = "".join(ch for ch in between if ch.isalnum())
    if core == "و":
        return True
    return core == "" and b.mention is not None and b.mention.clitic == "و"


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


def _label_foe(base: ActorBase, cue: Match, country: str | None) -> Actor | None:
    return _foe_for(base, cue.entry.get("foe"), country)


def _media_foe(base: ActorBase, sentences: list, country: str | None = None) -> Actor | None:
    """The actor an outlet with a side in the war means by its partisan words ("هاوار" →
    the Syrian National Army), when such an outlet is cited."""
    for info in sentences:
        for c in info.matches["actor_role_cues"]:
            if c.entry.get("kind") == "media":
                foe = _foe_for(base, c.entry.get("foe"), country)
                if foe is not None:
                    return foe
    return None


def _country_hint(cands: list[_Cand], country: str | None) -> str | None:
    """The event's country, else the home of a local group named in it, else of a state force."""
    if country:
        return country
    for kinds in (_NON_STATE_KINDS, {"state"}):
        for c in cands:
            if c.actor.kind in kinds and c.actor.country and not c.actor.generic:
                return c.actor.country
    return None


# Event types whose doer, when the text names none, is an unidentified armed group.
_UNCLAIMED_TYPES = frozenset({"Explosions/Remote violence", "Violence against civilians"})


def assign(
    doc: Doc,
    ev,
    infos: list,
    all_mentions: list[ActorMention],
    kb,  # noqa: ANN001
    country: str | None,
    year: int | None,
    tokens=None,
    source_spans: list[tuple[int, int]] | None = None,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    base: ActorBase = kb.actors
    sources = source_spans or []
    if tokens is None:
        from marsad.extract.tokens import Tokens

        tokens = Tokens.of(doc.ntext)

    foe = _media_foe(base, ev.sentences + infos[:1], country)

    def usable(m: ActorMention) -> bool:
        return not any(s <= m.start < e for s, e in sources)

    def candidates_in(sentences: list) -> list[_Cand]:  # noqa: ANN202
        out: list[_Cand] = []
        for info in sorted(sentences, key=lambda i: i.start):
            sent = _sentence_cues(info, tokens)
            local = [m for m in all_mentions if info.start <= m.start < info.end and usable(m)]
            sent.name_tokens = {tokens.index_at(m.start) for m in local}
            earlier = [m for m in all_mentions if m.end <= info.end]
            cands = _build_candidates(
                doc, base, info, tokens, sent, local, country, year, earlier, sources, foe
            )
            taken = {tokens.index_at(c.start) for c in cands}
            for c in cands:
                own = taken - {tokens.index_at(c.start)}
                c.role, c.weight, c.clause_subject = _role(doc, tokens, sent, c, own)
                if c.weapon and ev.sub_event_type == "Air/drone strike" and c.actor.branch == "air_force":
                    # "حصيلة القتلى في سلسلة الغارات الإسرائيلية": in an air strike the raids are
                    # the deed itself, so the air force they are named after struck, whatever cue
                    # stands before them, ahead of any other name the cues make a doer.
                    c.role, c.weight = "agent", 4
                if c.role == "launcher":
                    # "أسقطت الدفاعات … طائرة مسيرة أطلقتها الميليشيا": who fired the weapon
                    # is the side stopped in a disrupted weapons use, else the doer.
                    c.role = "target" if ev.sub_event_type == "Disrupted weapons use" else "agent"
            cands = _read_accusations(doc, tokens, sent, cands)
            # The actor after a clause's subject, with no cue of its own, is its object —
            # unless "و" joins it to the subject ("قصفت قوات الأسد والاحتلال الروسي"): a co-doer.
            for i, c in enumerate(cands):
                if c.clause_subject:
                    prev = c
                    for d in cands[i + 1 :]:
                        if d.weight == 0 and _joined(doc, tokens, prev, d):
                            d.role, d.weight, d.co_doer = "agent", 2, True
                            prev = d
                            continue
                        if d.weight == 0:
                            d.role, d.weight = "target", 1
                        break
            out.extend(cands)
        return out

    cands = candidates_in(ev.sentences)
    body = [info for info in ev.sentences if not _is_title(doc, info)]
    if body and len(body) < len(ev.sentences):
        # A title sums up several incidents ("هجوم لداعش في ديالى وغارات على الحويجة"): when
        # the body names a side of this one, the title's doer is not taken for this one's.
        body_cands = candidates_in(body)
        if any(c.actor.kind in _ARMED_KINDS and c.role != "target" for c in body_cands):
            titles = candidates_in([info for info in ev.sentences if info not in body])
            # A headline's "غارة أميركية" in an air strike is the strike itself: it stays.
            cands = sorted(
                body_cands + [c for c in titles if c.role != "agent" or c.weight == 4], key=lambda c: c.start
            )
    if not any(c.actor.kind in _ARMED_KINDS for c in cands):
        # The actors are often named a sentence or two earlier ("... قال الجيش. وأسفر القصف …").
        first = min(i.index for i in ev.sentences)
        for prev in reversed(infos[max(0, first - 2) : first]):
            if (
                prev.told_of
                and id(ev) not in prev.told_of
                and (ev.event_type in _UNCLAIMED_TYPES or ev.sub_event_type == "Peaceful protest")
            ):
                # That sentence told of another incident: its doer is not this blast's or
                # attack's, which stays unidentified as ACLED codes unclaimed bombs, nor a
                # force facing a peaceful protest.
                break
            more = candidates_in([prev])
            if any(c.actor.kind in _ARMED_KINDS for c in more):
                cands = cands + more
                break
    if not any(c.actor.kind in _ARMED_KINDS and c.role == "agent" for c in cands):
        # "… واتهم الحوثيون التحالف بشن الهجومين": an accusation in the next sentences that
        # points back at an attack names its doer.
        last = max(i.index for i in ev.sentences)
        own = {i.index for i in ev.sentences}
        near = [i for i in infos[min(own) : last + 4] if i.index not in own]
        unclaimed = any(
            c.entry.get("kind") == "unclaimed"
            for info in infos[: last + 4]
            for c in info.matches["actor_role_cues"]
        )
        # "لم تتبن أي جهة الهجوم … واتهم القائد داعش": the report itself leaves the doer open.
        for nxt in [] if unclaimed else near:
            if (
                not any(c.entry.get("kind") == "accuse" for c in nxt.matches["actor_role_cues"])
                or not nxt.matches["triggers"]
            ):
                continue
            accused = [c for c in candidates_in([nxt]) if c.accused and c.actor.kind in _ARMED_KINDS]
            if accused:
                cands = cands + accused[:1]
                break
    if ev.event_type == "Battles" and any(c.actor.kind in _ARMED_KINDS and not c.bystander for c in cands):
        cands = [c for c in cands if not c.bystander]  # the clans fought; the army came to part them
    _refer_back(doc, cands)
    hint = _country_hint(cands, country)
    if hint != country:
        for c in cands:
            if c.picked and c.mention is not None:
                c.actor = _pick(base, c.mention, hint, year)
    country = hint

    # One entry per actor, keeping its strongest role evidence.
    by_id: dict[str, _Cand] = {}
    for c in cands:
        cur = by_id.get(c.actor.id)
        if cur is None or c.weight > cur.weight:
            by_id[c.actor.id] = (
                c
                if cur is None
                else _Cand(
                    c.actor,
                    cur.start,
                    cur.end,
                    cur.mention or c.mention,
                    c.role,
                    c.weight,
                    c.clause_subject,
                    co_doer=c.co_doer,
                )
            )
    resolved = sorted(by_id.values(), key=lambda c: c.start)
    armed = [c for c in resolved if c.actor.kind in _ARMED_KINDS]
    civilians = [c for c in resolved if c.actor.kind == "civilians"]
    civilian_victims = any(f.group == "civilian" for info in ev.sentences for f in info.facts)
    # Unspecified people ("شخصا", "أشخاص") killed with no armed target named: civilians.
    person_victims = any(
        f.group in ("person", "") and f.role != "none" for info in ev.sentences for f in info.facts
    )
    sub = ev.sub_event_type
    etype = ev.event_type

    def pref(c: _Cand) -> int:
        if sub in _STATE_FIRST:
            return 0 if c.actor.kind in ("state", "external") else 1
        if sub in _NON_STATE_FIRST:
            return 0 if c.actor.kind not in ("state", "external") else 1
        return 0

    a1: _Cand | None = None
    a2: _Cand | None = None
    if etype == "Protests":
        g = _generic(base, "Protesters", country)
        a1 = _Cand(g, 0, 0, None) if g else None
        doers = sorted((c for c in armed if c.role == "agent"), key=lambda c: -c.weight)
        state = [c for c in armed if c.actor.kind == "state"]
        if doers:
            a2 = doers[0]
        elif sub != "Peaceful protest" and state:
            a2 = state[0]
    elif etype == "Riots":
        g = _generic(base, "Rioters", country)
        a1 = _Cand(g, 0, 0, None) if g else None
        if armed:
            a2 = armed[0]
    else:
        agents = [c for c in armed if c.role == "agent"]
        unmarked = [c for c in armed if c.role == ""]
        if etype in _UNCLAIMED_TYPES and any(
            c.entry.get("kind") == "unclaimed"
            for info in ev.sentences
            for c in info.matches["actor_role_cues"]
        ):
            # "ولم تتبن أي جهة التفجير، وإن كانت خلايا داعش تنشط في المنطقة": a group only
            # named nearby is not the doer of an unclaimed blast.
            unmarked = []
        if agents:
            a1 = min(agents, key=lambda c: (-c.weight, pref(c), c.start))
        elif unmarked:
            a1 = min(unmarked, key=lambda c: (pref(c), c.start))
        elif (
            etype in ("Violence against civilians", "Explosions/Remote violence")
            and sub != "Air/drone strike"
        ):
            g = _generic(base, "Unidentified Armed Group", country)
            a1 = _Cand(g, 0, 0, None) if g else None
        elif armed:
            a1 = armed[0]
        if (
            a1 is not None
            and a1.actor.kind in ("state", "external")
            and sub in _NON_STATE_FIRST
            and not agents
        ):
            g = _generic(base, "Unidentified Armed Group", country)
            a1 = _Cand(g, 0, 0, None) if g else a1

        def same_side(c: _Cand) -> bool:
            if a1 is None:
                return False
            return _allied(base, c.actor, a1.actor, year)

        targets = [c for c in armed if not same_side(c) and not c.co_doer]
        targets.sort(key=lambda c: ({"target": 0, "": 1, "agent": 2}[c.role], -c.weight, c.start))
        civ_targets = [c for c in civilians if c.role == "target"]
        # An armed side named as hit ("ثلاثة جنود من قوات بونتلاند") outweighs an event type
        # that assumed civilian victims when no civilian is counted.
        armed_hit = (
            not civilian_victims
            and not civ_targets
            and any(c.role == "target" and c.weight >= 2 for c in targets)
        )
        if (
            civilians
            and not armed_hit
            and (civilian_victims or civ_targets or not targets or etype == "Violence against civilians")
        ):
            a2 = (civ_targets or civilians)[0]
        elif not armed_hit and (civilian_victims or etype == "Violence against civilians"):
            g = _generic(base, "Civilians", country)
            a2 = _Cand(g, 0, 0, None) if g else None
        elif targets:
            a2 = targets[0]
        elif (
            (etype in ("Explosions/Remote violence", "Violence against civilians") or sub == "Armed clash")
            and _hits_civilian_site(doc, ev)
        ) or (sub == "Arrests" and a1 is not None and _arrests_people(ev)):
            # Shelling of "أحياء سكنية" / "قرى" / "مستشفى" with no armed side hit, or people
            # detained with no group named: the civilians of the event's country (ACLED).
            g = _generic(base, "Civilians", country)
            a2 = _Cand(g, 0, 0, None) if g else None
        elif person_victims and etype == "Explosions/Remote violence":
            g = _generic(base, "Civilians", country)
            a2 = _Cand(g, 0, 0, None) if g else None
        elif (
            etype == "Battles"
            and a1 is not None
            and a1.actor.generic
            and a1.mention is not None
            and a1.actor.kind in _NON_STATE_KINDS
        ):
            # "اشتباكات بين المليشيات": one unnamed kind of group on both sides.
            a2 = a1
    pairs = [(c.actor, c.mention) for c in resolved]
    members_of = _members(doc, base, pairs, year)
    d1 = _as_dict(doc, a1.actor, a1.mention, members_of.get(a1.actor.id, []), year, country) if a1 else None
    d2 = _as_dict(doc, a2.actor, a2.mention, members_of.get(a2.actor.id, []), year, country) if a2 else None
    return d1, d2


def _is_title(doc: Doc, info) -> bool:  # noqa: ANN001
    """The report's first line standing alone as a sentence: its headline."""
    return (
        info.index == 0
        and "\n" in doc.ntext[info.end : info.end + 3]
        and "\n" not in doc.ntext[: info.start + 1].strip()
    )


def _read_accusations(doc: Doc, tokens, sent: _Sentence, cands: list[_Cand]) -> list[_Cand]:  # noqa: ANN001
    """ "اتهمت X Y بشن الهجوم": drop the accuser X, make the accused Y the doer. Y is the last
    name before the "بـ" charge; with no charge word, a name right after the verb is the accuser."""
    accusers: set[int] = set()
    for t, cue in sorted(sent.cue_at.items()):
        if cue.entry.get("kind") != "accuse" or tokens.index_at(cue.start) != t:
            continue
        starts = {tokens.index_at(c.start): c for c in cands}
        after = [c for c in cands if t < tokens.index_at(c.start) <= t + 12 and id(c) not in accusers]
        if not after:
            continue
        charge = next(
            (
                k
                for k in range(t + 1, min(len(tokens), t + 14))
                if k not in starts
                and tokens.words[k].startswith("ب")
                and len(tokens.words[k]) > 3
                and not any(tokens.index_at(c.start) < k <= tokens.index_before(c.end) for c in cands)
            ),
            None,
        )
        named = [c for c in after if charge is None or tokens.index_at(c.start) < charge]
        if not named:
            continue
        if charge is None and len(named) == 1 and tokens.index_at(named[0].start) == t + 1:
            accusers.add(id(named[0]))  # "اتهم الحوثيون …" with the accused not named as an actor
            continue
        accused = named[-1] if charge is not None else named[min(1, len(named) - 1)]
        accusers.update(id(c) for c in named if c is not accused)
        accused.role, accused.weight, accused.accused = "agent", 2, True
    return [c for c in cands if id(c) not in accusers]


_LOCATIVE = frozenset(
    {
        "في",
        "قرب",
        "بالقرب",
        "من",
        "داخل",
        "عند",
        "محيط",
        "بمحيط",
        "ريف",
        "اطراف",
        "شمال",
        "جنوب",
        "شرق",
        "غرب",
        "شمالي",
        "جنوبي",
        "شرقي",
        "غربي",
        "وسط",
        "الى",
        "نحو",
        "حيث",
    }
)


def _refer_back(doc: Doc, cands: list[_Cand]) -> None:
    """A definite generic word for fighters ("المسلحين", "الفصائل") after a named armed group
    in the same event means that group ("مسلحي «جيش الفتح» … آليات المسلحين")."""
    named: _Cand | None = None
    for c in sorted(cands, key=lambda x: x.start):
        if c.actor.kind in _NON_STATE_KINDS and not c.actor.generic:
            named = c
            continue
        if (
            named is None
            or c.mention is None
            or not c.mention.generic
            or c.actor.kind not in _NON_STATE_KINDS
        ):
            continue
        words = doc.ntext[c.mention.start : c.mention.end]
        if words.startswith("ال") and "مجهول" not in words and "ملثم" not in words:
            c.actor = named.actor
            c.picked = False


def _hits_civilian_site(doc: Doc, ev) -> bool:  # noqa: ANN001
    """A civilian place (village, quarter, house, hospital, market) is what the event hit:
    the object of the verb ("قصفت … قرى"), not where it happened ("في قرية", "بمدينة")."""
    text = doc.ntext
    for info in ev.sentences:
        for c in info.matches["actor_role_cues"]:
            if c.entry.get("kind") != "site":
                continue
            if (
                c.start > 0
                and text[c.start - 1] in "بل"
                and (c.start == 1 or not text[c.start - 2].isalnum())
            ):
                continue  # "بقرية", "لمدرسة"
            prev = text[max(info.start, c.start - 24) : c.start].split()
            if prev and prev[-1].strip("«»\"'()،,") in _LOCATIVE:
                continue
            return True
    return False


def _arrests_people(ev) -> bool:  # noqa: ANN001
    """Somebody is detained: a count or a people noun ("ناشطا", "مطلوبين", "صحفيا")."""
    return any(
        info.matches["person_nouns"]
        or info.matches["victims"]
        or any(c.entry.get("kind") in ("person", "site") for c in info.matches["actor_role_cues"])
        or any(not q.not_count for q in info.quantities)
        for info in ev.sentences
    )


def _allied(base: ActorBase, x: Actor, y: Actor, year: int | None) -> bool:
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


def _members(
    doc: Doc, base: ActorBase, resolved: list[tuple[Actor, ActorMention | None]], year: int | None
) -> dict[str, list]:
    out: dict[str, list] = {}
    for a, _ in resolved:
        if a.id not in base:
            continue
        member_ids = {m.id for m in base.members(a.id, year)}
        if not member_ids:
            continue
        out[a.id] = [_as_dict(doc, b, m, [], year) for b, m in resolved if b.id in member_ids]
    return out
