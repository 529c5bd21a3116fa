"""The candidate actors of one sentence, before their roles are read.

Mentions are rewritten first: "مسلحون من X" and "جهاز الأمن التابع لـX" become X,
"الخاضعة لسيطرة X" drops X (it holds the place, it does not act), a nationality after a
generic force or a weapon ("القوات الإثيوبية", "غارات تركية", "لاجئين سوريين") names that
nation's force or civilians, a loaded label ("الإرهابيون") the side the outlet fights, and
a definite head noun ("التنظيم", "المهاجمين") the group named earlier in the report.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from marsad.extract.actors.cues import cue
from marsad.extract.actors.records import (
    ARMED_KINDS,
    NON_STATE_KINDS,
    ActorCandidate,
    ActorMention,
    Reading,
    SentenceCues,
)
from marsad.extract.actors.resolve import generic, label_foe, pick
from marsad.extract.actors.vocabulary import (
    ARTICLE,
    BI,
    DEFINITE_OPENINGS,
    FEMININE_NISBA,
    LI,
    PEOPLE_OPENINGS,
    PLURAL_NISBA,
)
from marsad.extract.bounds import note_bound
from marsad.knowledge.actors import Actor
from marsad.knowledge.lexicon import Match

if TYPE_CHECKING:
    from marsad.extract.events import SentenceInfo


def build_candidates(
    r: Reading, info: SentenceInfo, sent: SentenceCues, local: list[ActorMention]
) -> list[ActorCandidate]:
    """Every candidate of the sentence, left to right: named actors, stand-alone
    nationalities, loaded labels, then words pointing back to a group named before."""
    cands, used_demonyms = _named(r, info, sent, local)
    cands += _nationalities(r, info, sent, local, used_demonyms)
    cands += _labels(r, info, local)
    _anaphors(r, info, cands)
    cands.sort(key=lambda x: x.start)
    return cands


def _demonym_at(r: Reading, info: SentenceInfo, token: int) -> Match | None:
    """The nationality starting at ``token``, if any."""
    for d in info.matches["demonyms"]:
        if r.tokens.index_at(d.start) == token:
            return d
    return None


def _cue_kind_in(sent: SentenceCues, kind: str, lo: int, hi: int) -> bool:
    """A cue of ``kind`` covers one of the tokens [lo, hi) (lo clipped to the sentence)."""
    return any(
        (c := cue(sent, t)) is not None and c.entry.get("kind") == kind
        for t in range(max(sent.first_token, lo), hi)
    )


def _named(
    r: Reading, info: SentenceInfo, sent: SentenceCues, local: list[ActorMention]
) -> tuple[list[ActorCandidate], set[int]]:
    """Candidates of the actor mentions, and the starts of the nationalities they took.

    "الخاضعة لسيطرة X" (control): X is not a party; "بالمدفعية" (a generic force after
    ب): an instrument, not a party; a nationality right after a generic force or an
    umbrella group names its country; a linked or owning name after it is the actor."""
    tokens = r.tokens
    cands: list[ActorCandidate] = []
    dropped: set[int] = set()
    used_demonyms: set[int] = set()
    for i, m in enumerate(local):
        if i in dropped:
            continue
        first = tokens.index_at(m.start)
        last = tokens.index_before(m.end)
        if _cue_kind_in(sent, "control", first - 2, first):
            continue
        actor = pick(r.base, m, r.country, r.year)
        picked = True
        if m.generic and m.clitic == BI and all(a.kind in ("state", "external") for a in m.actors):
            continue
        dem = _demonym_at(r, info, last + 1)
        if dem is not None and (actor.generic or actor.country is None or m.generic):
            pick_country = dem.entry.get("country")
            actor = (
                pick(r.base, m, pick_country, r.year)
                if m.generic
                else r.base.instantiate(actor, pick_country)
            )
            used_demonyms.add(dem.start)
            picked = False
        owner = _owner_after(r, sent, m, actor, local[i + 1] if i + 1 < len(local) else None, last)
        if owner is not None:
            actor = owner
            dropped.add(i + 1)
            picked = False
        stepped_in = _cue_kind_in(sent, "bystander", first - 4, first)
        cands.append(ActorCandidate(actor, m.start, m.end, m, picked=picked, bystander=stepped_in))
    return cands, used_demonyms


def _owner_after(
    r: Reading, sent: SentenceCues, m: ActorMention, actor: Actor, nxt: ActorMention | None, last: int
) -> Actor | None:
    """The armed actor named right after a mention that the mention belongs to: linked by
    an affiliation cue ("مسلحون من X", "جهاز الأمن التابع لـX", "انتحاري ينتمي لـX"), or
    owning a generic force ("مقاتلات العدو الإسرائيلي", "طائرات الاحتلال"; "الدفاعات الجوية
    للجيش الوطني" with لـ glued to the owner)."""
    if nxt is None:
        return None
    nfirst = r.tokens.index_at(nxt.start)
    link = [cue(sent, t) for t in range(last + 1, nfirst)]
    kinds = {c.entry.get("kind") for c in link if c is not None}
    gap = nfirst - last - 1
    other = pick(r.base, nxt, r.country, r.year)
    linked = 0 < gap <= 3 and (
        "affiliation" in kinds or ("partitive" in kinds and m.generic and not other.generic)
    )
    owned = (
        gap == 0
        and m.generic
        and actor.kind == "state"
        and not other.generic
        and (not nxt.clitic or (nxt.clitic == LI and other.kind in ("state", "external")))
    )
    return other if other.kind in ARMED_KINDS and (linked or owned) else None


def _nationalities(
    r: Reading, info: SentenceInfo, sent: SentenceCues, local: list[ActorMention], used: set[int]
) -> list[ActorCandidate]:
    """Nationalities that stand alone: "غارات تركية", "جنود إسرائيليين", "لاجئين سوريين"."""
    out: list[ActorCandidate] = []
    for d in info.matches["demonyms"]:
        if d.start in used or any(m.start <= d.start < m.end for m in local) or r.in_source(d.start):
            continue
        t = r.tokens.index_at(d.start)
        decided, cand = _nationality_of_cue(r, info, sent, d, t)
        if not decided:
            cand = _people_of(r, sent, d, t)
        if cand is not None:
            out.append(cand)
    return out


def _has_arabic_letter(word: str) -> bool:
    return any("\u0621" <= ch <= "\u064a" for ch in word)


def _nationality_of_cue(
    r: Reading, info: SentenceInfo, sent: SentenceCues, d: Match, t: int
) -> tuple[bool, ActorCandidate | None]:
    """A nationality after a weapon ("غارات إسرائيلية": that state's force) or a people
    noun ("لاجئين سوريين": its civilians), one or two Arabic words back (a model name in
    between, "طائرات F-16 عراقية", is skipped). (decided, candidate): not decided when no
    cue word stands there, so the nationality may still name people by itself."""
    tokens = r.tokens
    dcountry = d.entry.get("country")
    arabic_before = [
        u
        for u in range(t - 1, max(sent.first_token, t - 6) - 1, -1)
        if u < len(tokens) and _has_arabic_letter(tokens.words[u])
    ]
    for back in (1, 2):
        u = arabic_before[back - 1] if len(arabic_before) >= back else -1
        c = cue(sent, u) if u >= sent.first_token else None
        if c is None:
            continue
        kind = c.entry.get("kind")
        actor = None
        if kind == "platform":
            actor = r.base.state_force(dcountry, c.entry.get("branch") or "army") or r.base.state_force(
                dcountry, "army"
            )
        elif kind == "person":
            actor = generic(r.base, "Civilians", dcountry)
        if actor is not None:
            strike = kind == "platform" and _strike_adjective(r, info, c, [u, *arabic_before[: back - 1], t])
            return True, ActorCandidate(actor, c.start, d.end, None, weapon=strike)
        if back == 1 and kind not in ("platform", "person"):
            return True, None
    return False, None


def _strike_adjective(r: Reading, info: SentenceInfo, strike: Match, words_at: list[int]) -> bool:
    """The nationality is an adjective of a strong air-strike word ("غارات إسرائيلية"), not
    a mere aircraft, which may be the one shot down: it agrees with the words before it in
    definiteness (two words back only through an agreeing adjective: "الغارات الجوية
    الإسرائيلية", not "الغارات أهدافا إيرانية") and ends in the feminine nisba (not a
    country's name after a preposition: "غارة جوية بليبيا")."""
    words = [r.tokens.words[x] for x in words_at]
    agree = len({w.startswith(DEFINITE_OPENINGS) for w in words}) == 1
    return (
        agree
        and words[-1].endswith(FEMININE_NISBA)
        and any(
            tr.start <= strike.start < tr.end
            and tr.entry.get("sub_event_type") == "Air/drone strike"
            and int(tr.entry.get("strength") or 1) >= 3
            for tr in info.matches["triggers"]
        )
    )


def _people_of(r: Reading, sent: SentenceCues, d: Match, t: int) -> ActorCandidate | None:
    """A plural nationality after a count or opening a phrase: those people (civilians)."""
    word = r.tokens.words[t] if t < len(r.tokens) else ""
    if word.endswith(PLURAL_NISBA) and (
        t - 1 in sent.count_tokens or t == sent.first_token or word.startswith(PEOPLE_OPENINGS)
    ):
        g = generic(r.base, "Civilians", d.entry.get("country"))
        if g is not None:
            return ActorCandidate(g, d.start, d.end, None)
    return None


def _labels(r: Reading, info: SentenceInfo, local: list[ActorMention]) -> list[ActorCandidate]:
    """ "الإرهابيون", "المرتزقة" standing alone: the side the reporting outlet fights."""
    out: list[ActorCandidate] = []
    for c in info.matches["actor_role_cues"]:
        if c.entry.get("kind") != "label":
            continue
        if any(m.start - 2 <= c.end and c.start <= m.end + 2 for m in local):
            continue  # "إرهابيو جبهة النصرة", "تنظيم داعش الإرهابي": the name says who
        actor = (
            r.foe or label_foe(r.base, c, r.country) or generic(r.base, "Unidentified Armed Group", r.country)
        )
        if actor is not None:
            out.append(ActorCandidate(actor, c.start, c.end, None))
    return out


def _anaphors(r: Reading, info: SentenceInfo, cands: list[ActorCandidate]) -> None:
    """ "التنظيم", "المهاجمين": the group named earlier in the report. A generic candidate
    the word overlaps is re-read as that group; else the word is a candidate of its own."""
    for c in info.matches["actor_role_cues"]:
        if c.entry.get("kind") != "anaphor":
            continue
        pattern = c.entry.pattern
        head = pattern[len(ARTICLE) :] if pattern.startswith(ARTICLE) else pattern
        target = _antecedent(r, c.start, head)
        if target is None:
            continue
        overlapping = [x for x in cands if x.start <= c.start < x.end or c.start <= x.start < c.end]
        if overlapping:
            for x in overlapping:
                if x.actor.generic:
                    x.actor = target
            continue
        cands.append(ActorCandidate(target, c.start, c.end, None))


# Named mentions an anaphor looks back over, nearest first. Real reports have far fewer
# before any anaphor (at most 22 in the 4,000 bulk articles and dev, dev2, dev3); a text of
# thousands of names made every anaphor read all of them, quadratic in the text (issue 16).
ANAPHOR_LOOKBACK = 400


def _antecedent(r: Reading, start: int, head: str) -> Actor | None:
    """The group an anaphor with head word `head` at `start` points back to: the nearest
    armed force whose name holds the head ("ميليشيا الحوثي" … "الميليشيا"), else the
    nearest non-state group whose Arabic name holds it, else the nearest non-state group."""
    by_name: Actor | None = None
    nearest: Actor | None = None
    looked = 0
    for m in reversed(r.mentions[: _mentions_before(r.mentions, start)]):
        if m.end > start or m.generic:
            continue
        looked += 1
        if looked > ANAPHOR_LOOKBACK:
            note_bound(r.doc, "anaphor look-back", ANAPHOR_LOOKBACK)
            break
        a = pick(r.base, m, r.country, r.year)
        if a.kind in ARMED_KINDS and head in r.doc.ntext[m.start : m.end]:
            return a
        if a.kind in NON_STATE_KINDS:
            nearest = nearest or a
            if by_name is None and head in (a.name_ar or ""):
                by_name = a
    return by_name or nearest


def _mentions_before(mentions: list[ActorMention], start: int) -> int:
    """How many of the (left-to-right) mentions start before `start`."""
    return bisect.bisect_left(mentions, start, key=lambda m: m.start)
