"""Weak trigger words a sentence still tells as acts ("هاجم مسلحون مقر الجيش", "سيطر
التنظيم على أجزاء من البوكمال"), and counted people right after a trigger ("اعتقال خمسة
أشخاص"): what lifts a weak word to a candidate (extract/candidates.py).
"""

from __future__ import annotations

from marsad.extract.events import SentenceInfo
from marsad.knowledge.lexicon import Match, load_word_lists

_WORDS = load_word_lists("events")
_COUNT_AFTER_TRIGGER = 60  # characters: "اعتقلت قوة من جهاز مكافحة الإرهاب، فجر الاثنين، خمسة مطلوبين"
_AGENT_WINDOW = 20  # characters: "هاجم مسلحون", "الهجوم نفذه مسلحون"
_CONTROL_WINDOW = 30  # characters: "سيطر التنظيم، الجمعة، على"
_CONTROLLED_PLACE_WINDOW = 30  # characters after "على": "على أجزاء من مدينة البوكمال"


def told_weak_triggers(info: SentenceInfo, ntext: str) -> frozenset[int]:
    """Starts of weak triggers that the sentence tells as acts: an attack word with gunmen
    right beside it ("هاجم مسلحون مقر الجيش", "الهجوم نفذه مسلحون"), a past control verb
    with its "على" ("سيطر التنظيم، الجمعة، على أجزاء من البوكمال"; not "تسيطر", which is
    a state). Words as written, not a longer word that begins with them ("الهجومية")."""

    def exact(m: Match, words: object) -> bool:
        return m.entry.pattern in words and ntext[m.start : m.end].endswith(m.entry.pattern)

    gunmen = [p for p in info.matches["person_nouns"] if exact(p, _WORDS["gunmen"])]
    out = set()
    for t in info.matches["triggers"]:
        gunmen_beside = exact(t, _WORDS["attack_words"]) and any(
            t.start - _AGENT_WINDOW <= p.start and p.end <= t.end + _AGENT_WINDOW for p in gunmen
        )
        control_on = ntext[t.start : t.end] in _WORDS["control_verbs"] and _control_of_a_place(info, t, ntext)
        if gunmen_beside or control_on:
            out.add(t.start)
    return frozenset(out)


def _control_of_a_place(info: SentenceInfo, t: Match, ntext: str) -> bool:
    """ "سيطر التنظيم، الجمعة، على أجزاء من البوكمال": the verb's "على" a few words on, and a
    named place soon after it ("سيطر الخوف على الشارع" takes no ground)."""
    near = ntext[t.end : t.end + _CONTROL_WINDOW]
    at = next((k for k, w in enumerate(near.split()) if w in _WORDS["control_objects"]), None)
    if at is None:
        return False
    on = t.end + near.find(near.split()[at])
    return any(
        p.place is not None and on < p.name_start <= on + _CONTROLLED_PLACE_WINDOW for p in info.places
    )


def counted_people_after(info: SentenceInfo, trigger: Match) -> bool:
    """A number of people follows the trigger closely ("اعتقال خمسة أشخاص")."""
    for q in info.quantities:
        if q.not_count or not 0 < q.start - trigger.end <= _COUNT_AFTER_TRIGGER:
            continue
        if any(0 <= p.start - q.end <= 2 for p in info.matches["person_nouns"]):
            return True
    return False
