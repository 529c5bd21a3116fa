"""Casualty counts: link quantities to killed/wounded words (equipment losses: losses.py).

Arabic puts the number after a verbal noun ("مقتل 5"), before a plural noun ("5 قتلى"),
or carries it in the word itself ("قتيلان" = 2). A number after "بينهم/منهم" is a subset
of a toll already given and is not added.
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.extract.numbers import Quantity
from marsad.extract.tokens import Tokens
from marsad.knowledge import morphology
from marsad.knowledge.lexicon import Match, load_word_lists, word_set

_WINDOW = 4  # tokens between a casualty word and its number
_BACK_WINDOW = 7  # "خمسة من أفراد قوات الأمن قتلوا": the noun phrase may be long
_PUNCT = set('،,.:؛;()"')
_WORDS = load_word_lists("casualties")
_SUBSET = word_set(_WORDS, "subset")
_BREAK = word_set(_WORDS, "breaks")
_BETWEEN = word_set(_WORDS, "between")
_OF = word_set(_WORDS, "of")  # "وأربعة من الحوثيين"
_DEMONSTRATIVES = word_set(_WORDS, "demonstratives")  # "مقتل هذين الشخصين"
_NOT_THEIR_TWO = tuple(sorted(word_set(_WORDS, "not_their_two")))
_AGENT = word_set(_WORDS, "agent_markers")  # "قتل برصاص جندي": the soldier fired
_AND = morphology.AND


@dataclass(frozen=True, slots=True)
class CountFact:
    role: str  # killed | wounded | both
    min: int | None
    max: int | None
    best: int
    start: int  # normalised span of the casualty phrase
    end: int
    group: str  # civilian | security | militant | person | ""
    vague: bool = False  # "عشرات", "عدد من": a fixed figure for an unknown number
    approx: bool = False  # "نحو 250": rounded, yields to an exact revision


_QuantityAt = dict[int, tuple[int, Quantity]]  # token index -> (quantity index, quantity)


@dataclass(slots=True)
class _Sentence:
    """What the linker looks up in one sentence, and the quantities already used."""

    tokens: Tokens
    q_by_start: _QuantityAt  # quantities by their first token
    q_by_end: _QuantityAt  # quantities by their last token
    person_at: dict[int, Match]  # person nouns by their first token
    victim_tokens: set[int]  # first tokens of casualty words
    used_q: set[int]


def link_casualties(
    tokens: Tokens,
    victims: list[Match],
    persons: list[Match],
    quantities: list[Quantity],
    negations: list[Match],
) -> list[CountFact]:
    """Casualty facts of one sentence (all inputs restricted to it)."""
    sent = _Sentence(
        tokens,
        {tokens.index_at(q.start): (k, q) for k, q in enumerate(quantities)},
        {tokens.index_before(q.end): (k, q) for k, q in enumerate(quantities)},
        {tokens.index_at(p.start): p for p in persons},
        {tokens.index_at(v.start) for v in victims},
        set(),
    )
    facts: list[CountFact] = []
    negated_spans = [(n.start, n.end) for n in negations]
    for v in victims:
        if any(s <= v.start < e for s, e in negated_spans):
            continue  # "لم ترد معلومات عن إصابة أحد": the casualty word is denied
        facts.extend(_victim_facts(sent, v))
    for neg in negations:
        facts.append(
            CountFact("none", 0, 0, 0, neg.start, neg.end, neg.entry.get("scope"))
        )  # group: the scope
    return facts


def _victim_facts(sent: _Sentence, v: Match) -> list[CountFact]:
    """The facts one casualty word states: its number after or before it, a person noun
    that carries the count, or the count the word itself carries ("قتيلان")."""
    tokens = sent.tokens
    role = v.entry.get("role")
    order = v.entry.get("order", "either")
    v_first = tokens.index_at(v.start)
    v_last = tokens.index_before(v.end)
    found: tuple[Quantity, str] | None = None
    # Number after: "مقتل 35 شخصا", "إصابة ما لا يقل عن 9".
    if order in ("after", "either"):
        found, carried = _number_after(sent, v, v_last)
        if found is None and v_last + 1 < len(tokens):
            # "قتل شخصان", "مقتل جندي": a person noun that carries its count.
            p = carried or sent.person_at.get(v_last + 1)
            p_first = tokens.index_at(p.start) if p else 0
            if p and p_first > 0 and tokens.words[p_first - 1] in _DEMONSTRATIVES:
                return []  # "مقتل هذين الشخصين": the two already counted
            if p and p.entry.get("count"):
                group = p.entry.get("group")
                return [
                    _fact(role, _person_count(tokens, p), v.start, p.end, group),
                    *_conjoined_counts(sent, role, tokens.index_before(p.end), group),
                ]
    # Number before: "16 قتيلا", "16 شخصا قد لقوا مصرعهم". Not before a verb joined by "و"
    # ("اعتقل عشرات المسلحين وقتل آخرين"): that number is the object of the verb before.
    joined_verb = order == "either" and tokens.words[v_first].startswith(morphology.AND)
    if found is None and order in ("before", "either") and not joined_verb:
        found = _number_before(sent, v_first)
        if found is None and v_first > 0:
            p = sent.person_at.get(v_first - 1)
            if p is not None and not p.entry.get("count") and v_first > 1:
                # "طفل فلسطيني قتل": the counted noun before its adjective.
                q = sent.person_at.get(v_first - 2)
                p = (
                    q
                    if q is not None and q.entry.get("count") and tokens.index_before(q.end) == v_first - 2
                    else p
                )
            if p and p.entry.get("count") and tokens.index_before(p.end) in (v_first - 1, v_first - 2):
                return [_fact(role, _person_count(tokens, p), p.start, v.end, p.entry.get("group"))]
    if found is not None:
        return _counted(sent, v, order, v_first, *found)
    inherent = v.entry.get("count")
    word = tokens.text[v.start : v.end]
    if word.endswith(morphology.THEIR_TWO) and not word.endswith(_NOT_THEIR_TWO):
        inherent = "2"  # "مقتلهما": the two of them
    return [_fact(role, int(inherent), v.start, v.end, "")] if inherent else []


def _number_after(sent: _Sentence, v: Match, v_last: int) -> tuple[tuple[Quantity, str] | None, Match | None]:
    """The number after a casualty word with the group of the person noun after it, or a
    counted person noun met first ("جرح شخصين آخرين وخطف عشر نساء": the dual counts)."""
    tokens = sent.tokens
    window = int(v.entry.get("window") or _WINDOW)
    after_agent = False  # "قتل برصاص جندي": a person noun after the marker is the shooter
    for t in range(v_last + 1, min(v_last + 1 + window, len(tokens))):
        if t in sent.victim_tokens:
            break
        after_agent = after_agent or tokens.words[t] in _AGENT
        p_here = sent.person_at.get(t)
        if (
            p_here is not None
            and p_here.entry.get("count")
            and sent.q_by_start.get(t) is None
            and not after_agent
        ):
            return None, p_here
        hit = sent.q_by_start.get(t)
        if (
            hit
            and hit[0] not in sent.used_q
            and not hit[1].not_count
            and not _is_subset(tokens, t, v_last + 1)
        ):
            sent.used_q.add(hit[0])
            return (hit[1], _group_after(sent, tokens.index_before(hit[1].end) + 1)), None
        if hit:
            break
    return None, None


def _group_after(sent: _Sentence, t: int) -> str:
    """The group of the person noun at token `t`, or after a partitive "من" there
    ("16 من سكانها", "ثلاثة من عناصر الأمن")."""
    p = sent.person_at.get(t)
    if p is None and t < len(sent.tokens) and sent.tokens.words[t] in _OF:
        p = sent.person_at.get(t + 1)
    return p.entry.get("group") if p else ""


def _number_before(sent: _Sentence, v_first: int) -> tuple[Quantity, str] | None:
    """The number before a casualty word, within its clause, with the group of the person
    noun after the number."""
    tokens = sent.tokens
    for t in range(v_first - 1, max(v_first - 1 - _BACK_WINDOW, -1), -1):
        if _PUNCT & set(text_between(tokens, t, v_first)):
            break
        hit = sent.q_by_end.get(t)
        if (
            hit
            and hit[0] not in sent.used_q
            and not hit[1].not_count
            and not _is_subset(tokens, tokens.index_at(hit[1].start))
        ):
            sent.used_q.add(hit[0])
            return hit[1], _group_after(sent, t + 1)
        if hit or t in sent.victim_tokens or tokens.words[t] in _BREAK:
            break
    return None


def _counted(
    sent: _Sentence, v: Match, order: str, v_first: int, found: Quantity, group: str
) -> list[CountFact]:
    """The fact of a casualty word and its number, then the counts of other sides joined
    to it ("مقتل جنديين من القوات الجنوبية وأربعة من الحوثيين")."""
    tokens = sent.tokens
    role = v.entry.get("role")
    joined = (
        []
        if order == "before"
        else _conjoined_counts(sent, role, tokens.index_before(found.end), group, found.best)
    )
    if tokens.index_at(found.start) < v_first:
        joined += _conjoined_before(sent, role, found, group)
    fact = CountFact(
        role,
        found.min,
        found.max,
        found.best,
        min(v.start, found.start),
        max(v.end, found.end),
        group or ("side" if joined else ""),
        found.vague,
        found.approx,
    )
    return [fact, *joined]


def text_between(tokens: Tokens, a: int, b: int) -> str:
    """Characters between the end of token a and the start of token b."""
    return tokens.text[tokens.ends[a] : tokens.starts[b]] if 0 <= a < b < len(tokens) else ""


def _person_count(tokens: Tokens, p: Match) -> int:
    """A person noun's own count; a singular with the dual ending "ان" counts 2 ("مقاتلان")."""
    count = int(p.entry.get("count"))
    word = tokens.text[p.start : p.end]
    if count == 1 and word.endswith(p.entry.pattern + morphology.DUAL):
        return 2
    return count


def _fact(role: str, n: int, start: int, end: int, group: str) -> CountFact:
    return CountFact(role, n, None, n, start, end, group)


_SINGULAR_NOUN_FROM = 11  # from 11 on, Arabic counts a singular noun: "30 جنديا وعنصر أمن" is one group
_CONJOINED_GAP = 4  # tokens between a toll and a conjoined one: "جنديين من القوات الجنوبية وأربعة"


def _conjoined_counts(sent: _Sentence, role: str, last: int, group: str, first: int = 0) -> list[CountFact]:
    """Counts of other sides joined to a toll by و: "مقتل جنديين من القوات الجنوبية وأربعة
    من الحوثيين" (6). The joined number must name people of its own ("من X", a person
    noun), not a new casualty word ("و54 جريحا" is the wounded toll's own number)."""
    tokens, q_by_start, used_q = sent.tokens, sent.q_by_start, sent.used_q
    person_at, victim_tokens = sent.person_at, sent.victim_tokens
    for t in range(last + 1, min(last + 2 + _CONJOINED_GAP, len(tokens))):
        if t in victim_tokens or _PUNCT & set(text_between(tokens, t - 1, t)) or tokens.words[t] in _BETWEEN:
            return []
        hit = q_by_start.get(t)
        person_here = person_at.get(t)
        if hit is None and person_here is not None and tokens.words[t].startswith(_AND):
            # "قتل جنديان ومدني" (3), "مقتل 5 جنود ومدنيين اثنين" (7): a joined noun that
            # carries its count, or is followed by it.
            other = person_here.entry.get("group") or ""
            other = "other" if not other or other == group else other
            if person_here.entry.get("count"):
                n = _person_count(tokens, person_here)
                if n == 1 and first >= _SINGULAR_NOUN_FROM:
                    return []  # "30 جنديا وعنصر أمن": the singular shares the number
                return [CountFact(role, n, None, n, person_here.start, person_here.end, other)]
            after = q_by_start.get(tokens.index_before(person_here.end) + 1)
            if after is None or after[0] in used_q or after[1].not_count or after[1].vague:
                return []
            used_q.add(after[0])
            q = after[1]
            return [CountFact(role, q.min, q.max, q.best, person_here.start, q.end, other, False, q.approx)]
        if hit is None:
            continue
        k, q = hit
        if k in used_q or q.not_count or q.vague or not tokens.words[t].startswith(_AND):
            return []
        next_t = tokens.index_before(q.end) + 1
        if next_t >= len(tokens) or next_t in victim_tokens:
            return []
        person = person_at.get(next_t) or (person_at.get(next_t + 1) if tokens.words[next_t] in _OF else None)
        if person is None and tokens.words[next_t] not in _OF:
            return []
        used_q.add(k)
        other = person.entry.get("group") if person is not None else ""
        # Another side: a group of its own, so that the sentence total adds it up.
        if not other or other == group:
            other = "other"
        return [CountFact(role, q.min, q.max, q.best, q.start, q.end, other, False, q.approx)]
    return []


def _conjoined_before(sent: _Sentence, role: str, found: Quantity, group: str) -> list[CountFact]:
    """ "لقي 3 جنود و5 من عناصر الشرطة مصرعهم" (8): the number next to the casualty word is
    joined by و to an earlier counted group of people."""
    tokens, q_by_end, used_q = sent.tokens, sent.q_by_end, sent.used_q
    person_at, victim_tokens = sent.person_at, sent.victim_tokens
    first = tokens.index_at(found.start)
    if not tokens.words[first].startswith(_AND):
        return []
    for t in range(first - 1, max(first - 2 - _CONJOINED_GAP, -1), -1):
        if t in victim_tokens or _PUNCT & set(text_between(tokens, t, t + 1)):
            return []
        hit = q_by_end.get(t)
        if hit is None:
            continue
        k, q = hit
        person = person_at.get(t + 1)
        if (
            k in used_q
            or q.not_count
            or q.vague
            or person is None
            or _is_subset(tokens, tokens.index_at(q.start))
        ):
            return []
        used_q.add(k)
        other = person.entry.get("group") or ""
        other = "other" if not other or other == group else other
        return [CountFact(role, q.min, q.max, q.best, q.start, q.end, other, False, q.approx)]
    return []


def _is_subset(tokens: Tokens, t: int, floor: int = 0) -> bool:
    """A number right after "بينهم/منهم" is part of a toll given already. `floor`: where
    the search stops (the casualty word: "بينهم امرأة، وأصيب سبعة آخرون" is a new toll)."""
    for k in range(max(0, floor, t - 3), t):
        w = tokens.words[k]
        if w in _SUBSET or (w.startswith(_AND) and w[1:] in _SUBSET):
            return True
    return False


def vague_roles(facts: list[CountFact]) -> set[str]:
    """Roles whose figure in this sentence is only a vague word."""
    precise = {f.role for f in facts if not f.vague}
    return {f.role for f in facts if f.vague and f.role not in precise}


def sentence_totals(
    facts: list[CountFact], revised: bool = False
) -> dict[str, tuple[int | None, int | None, int]]:
    """One figure per role for a sentence.

    Tolls of different sides add up ("مقتل جندي ... وفي صفوف العدو مقتل عشرة ارهابيين"
    → 11); otherwise the sentence's first figure stands.
    """
    out: dict[str, tuple[int | None, int | None, int]] = {}
    groups: dict[str, set[str]] = {}
    for f in facts:
        if f.role == "none":
            continue
        prev = out.get(f.role)
        seen = groups.setdefault(f.role, set())
        if prev is None:
            out[f.role] = (f.min, f.max, f.best)
        elif f.group and seen and f.group not in seen and "" not in seen:
            lo, hi, best = prev
            out[f.role] = (
                None if lo is None or f.min is None else lo + f.min,
                None if hi is None or f.max is None else hi + f.max,
                best + f.best,
            )
        elif revised:
            out[f.role] = (f.min, f.max, f.best)  # "… غير أن عدد القتلى ارتفع إلى 30": the revision
        # Otherwise the first figure stands: a second one in the same sentence is usually
        # another source's claim ("… بينما أشارت وسائل إعلام إلى 30"), and ACLED keeps the
        # lowest credible figure.
        seen.add(f.group)
    return out


def phrase_count(ntext: str, matches: list[Match], quantities: list[Quantity]) -> int | None:
    """The count a short phrase states: a number, or the count a word carries in its form
    (dual "آليتين" = 2, singular "قتيل" = 1). None when it states no count."""
    for q in quantities:
        if not q.not_count:
            return q.best
    for m in sorted(matches, key=lambda m: m.start):
        if m.lexicon in ("victims", "person_nouns", "equipment") and m.entry.get("count"):
            return int(m.entry.get("count"))
    return None
