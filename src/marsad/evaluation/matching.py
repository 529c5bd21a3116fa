"""One-to-one matching of engine events to gold events."""

from __future__ import annotations

from typing import Any

from marsad.evaluation.places import SAME_PLACE_KM, distance_km, same_place

Event = dict[str, Any]

# Pair preference: a close place outranks a far one; a place known only by name sits
# in the middle; an accepted sub-type adds a bonus that breaks near-ties.
_PLACE_BASE = 2.0
_UNKNOWN_DISTANCE_PENALTY = 0.5
_SUB_TYPE_BONUS = 0.5


def sub_type_accepted(system_event: Event, gold_event: Event) -> bool:
    """Whether the engine's sub-type is one the gold accepts."""
    accepted = gold_event.get("sub_event_type") or []
    try:
        return system_event.get("sub_event_type") in accepted
    except TypeError:
        # A gold sub-type given as a bare string tested against a non-string engine value.
        return False


def _pair_score(system_event: Event, gold_event: Event) -> float:
    d = distance_km(system_event, gold_event)
    score = _PLACE_BASE - (
        min(d, SAME_PLACE_KM) / SAME_PLACE_KM if d is not None else _UNKNOWN_DISTANCE_PENALTY
    )
    if sub_type_accepted(system_event, gold_event):
        score += _SUB_TYPE_BONUS
    return score


def match_events(
    system_events: list[Event], gold_events: list[Event], *, same_type: bool = True
) -> list[tuple[int, int]]:
    """Greedy one-to-one matching: (system index, gold index) pairs, best pairs first.

    A pair is a candidate when both events are at the same place (and, with `same_type`,
    of the same event_type). Candidates are taken in decreasing score; equal scores go to
    the later system event, then the later gold event, so results are deterministic and
    the same as the reference scorer's.
    """
    candidates: list[tuple[float, int, int]] = []
    for i, system_event in enumerate(system_events):
        for j, gold_event in enumerate(gold_events):
            if same_type and system_event.get("event_type") != gold_event.get("event_type"):
                continue
            if not same_place(system_event, gold_event):
                continue
            candidates.append((_pair_score(system_event, gold_event), i, j))
    candidates.sort(reverse=True)
    used_system: set[int] = set()
    used_gold: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i in used_system or j in used_gold:
            continue
        used_system.add(i)
        used_gold.add(j)
        pairs.append((i, j))
    return pairs
