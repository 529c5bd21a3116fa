"""Tolls and losses of an event: killed, wounded and lumped figures across its sentences.

The lead figure stands; a later sentence replaces it only when it revises the toll
("ارتفعت حصيلة … إلى") or makes a vague or rounded figure precise.
"""

from __future__ import annotations

from marsad.extract.casualties import sentence_totals, vague_roles
from marsad.extract.events import Event
from marsad.schema import Count, Loss

# A crowd's event does not take the toll it is held over ("تظاهر المئات بعد مقتل شاب").
_CROWD_EVENTS = frozenset({"Protests", "Riots"})


def count_fields(ev: Event) -> tuple[Count | None, Count | None, Count | None]:
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
    crowd = ev.event_type in _CROWD_EVENTS
    for info in body + title:
        update = bool(info.matches["toll_updates"])
        facts = info.own_facts() if crowd else info.facts
        totals = sentence_totals(facts, revised=update)
        share = ev.toll_shares.get(info.index, 1)
        if share > 1:
            # A joint toll of several places' events: split evenly, rounding down (ACLED),
            # bounded above by the joint figure, its floor unknown.
            totals = {
                role: (None, b if hi is None else hi, b // share) for role, (_lo, hi, b) in totals.items()
            }
        if any(f.role == "none" for f in facts):
            negated = True
            firm = firm or any(f.role == "none" and f.group != "deaths" for f in facts)
        now_vague = vague_roles(facts)
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
                if any(f.role == role and f.approx for f in facts):
                    approx.add(role)

    def as_dict(role: str) -> Count | None:
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


def losses_of(ev: Event) -> list[Loss]:
    out: dict[str, int] = {}
    for info in ev.sentences:
        for loss in info.losses:
            out[loss.item] = max(out.get(loss.item, 0), loss.count)
    return [{"item": k, "count": v, "side": "actor2"} for k, v in out.items()]
