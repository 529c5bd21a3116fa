"""Equipment losses: counted vehicles, aircraft and weapons in a sentence with a loss cue
("تدمير 3 دبابات", "إسقاط طائرتين"), the item refined by a modifier ("آليتين من نوع بيك آب")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from marsad.extract.numbers import Quantity
from marsad.extract.tokens import Tokens
from marsad.knowledge.lexicon import Match


@dataclass(frozen=True, slots=True)
class LossFact:
    item: str
    count: int
    start: int
    end: int


def link_losses(
    tokens: Tokens, equipment: list[Match], quantities: list[Quantity], triggers: Sequence[Match] = ()
) -> list[LossFact]:
    """Counted equipment in a sentence that also holds a loss cue (caller checks the cue)."""
    out: list[LossFact] = []
    q_by_end = {tokens.index_before(q.end): q for q in quantities if not q.not_count and not q.vague}
    heads = [m for m in equipment if not m.entry.get("modifier")]
    mods = [m for m in equipment if m.entry.get("modifier")]
    for m in heads:
        first = tokens.index_at(m.start)
        q = q_by_end.get(first - 1)
        count = q.best if q else (int(m.entry.get("count")) if m.entry.get("count") else 0)
        if not count:
            continue
        item = m.entry.get("item")
        last = tokens.index_before(m.end)
        refined = False
        # A modifier right after the head refines the item ("آليتين من نوع بيك آب"),
        # unless another counted head or a number comes first.
        stop = min([tokens.index_at(h.start) for h in heads if h.start > m.start] + [last + 5])
        stop = min([stop] + [tokens.index_at(q.start) for q in quantities if q.start > m.end])
        for mod in mods:
            mt = tokens.index_at(mod.start)
            if last < mt < stop:
                item = mod.entry.get("item")
                refined = True
                break
        if m.entry.get("needs_modifier") and not refined:
            continue  # a plain "سيارة" is no military loss (and often the bomb itself)
        if any(t.start <= m.start < t.end for t in triggers):
            continue  # "سيارة مفخخة", "طائرة مسيرة": the weapon, not a loss
        out.append(LossFact(item, count, q.start if q else m.start, m.end))
    # A modifier standing alone with a number: "4 آليات bmp" is caught above; "4 bmp" here.
    return out
