"""Fusion rules (from fusion.yaml) and the matcher: whether two reports can be one incident.

Matching (all must hold between a new event and every member of the incident it joins):
- the same ACLED event type, reported by a different article;
- dates within a day (a week / a month when either date is that loose; an undated event
  takes its article's publication date);
- the same place: two precise places (geo_precision 1-2) at most `max_km` apart; when one is
  imprecise, the same admin1 (or the same place name); country alone only on a strong match
  (same sub-event type, same day, an actor in common);
- compatible actors: on each side (either way round) the names overlap, or one side is
  unknown or generic ("Unidentified …", "Civilians …").
Among several candidate incidents the best score wins (nearer, same day, same sub-type,
shared actors).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from marsad.fusion.config import fusion_config
from marsad.fusion.reports import Report, name_key
from marsad.geo.distance import haversine_km
from marsad.knowledge import morphology
from marsad.text.normalize import normalize_key


@dataclass(frozen=True, slots=True)
class FusionRules:
    max_km: float = 25.0
    date_window_days: tuple[tuple[int, int], ...] = ((1, 1), (2, 7), (3, 31))
    country_only_needs: frozenset[str] = frozenset({"same_sub_event_type", "same_day", "shared_actor"})
    official_terms: tuple[str, ...] = ()
    generic_prefixes: tuple[str, ...] = ()
    unknown_prefixes: tuple[str, ...] = ()
    scale_order: tuple[str, ...] = ()
    # Letters Arabic writes onto the next word (و, ب, ل, ف), stripped when matching official terms.
    proclitics: frozenset[str] = frozenset()
    notes: dict[str, Any] = field(default_factory=dict)

    def window(self, *precisions: int | None) -> int:
        table = dict(self.date_window_days)
        return max(table.get(p or 1, table[1]) for p in precisions)


@cache
def default_fusion_rules() -> FusionRules:
    cfg = fusion_config()
    f = cfg["fusion"]
    return FusionRules(
        max_km=float(f["max_km"]),
        date_window_days=tuple(sorted((int(k), int(v)) for k, v in f["date_window_days"].items())),
        country_only_needs=frozenset(f["country_only_needs"]),
        official_terms=tuple(normalize_key(t) for t in cfg["official_sources"]),
        generic_prefixes=tuple(normalize_key(t) for t in cfg["generic_actor_prefixes"]),
        unknown_prefixes=tuple(normalize_key(t) for t in cfg["unknown_actor_prefixes"]),
        scale_order=tuple(cfg["source_scale_order"]),
        proclitics=frozenset(c for c in morphology.proclitics("name") if len(c) == 1),
        notes=dict(cfg["notes"]),
    )


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b and name_key(a) == name_key(b))


@dataclass(frozen=True, slots=True)
class Match:
    score: float
    why: str


class Matcher:
    def __init__(self, rules: FusionRules) -> None:
        self.rules = rules
        self._unknown: dict[str, bool] = {}
        self._generic: dict[str, bool] = {}

    def unknown(self, name: str) -> bool:
        hit = self._unknown.get(name)
        if hit is None:
            hit = self._unknown[name] = any(name.startswith(p) for p in self.rules.unknown_prefixes)
        return hit

    def generic(self, name: str) -> bool:
        hit = self._generic.get(name)
        if hit is None:
            hit = self._generic[name] = self.unknown(name) or any(
                name.startswith(p) for p in self.rules.generic_prefixes
            )
        return hit

    def _side_ok(self, a: frozenset[str], b: frozenset[str]) -> bool:
        if not a or not b or a & b:
            return True
        named_a = {n for n in a if not self.generic(n)}
        named_b = {n for n in b if not self.generic(n)}
        # A generic or unknown side ("unidentified gunmen", "civilians") agrees with a named one.
        return not named_a or not named_b

    def actors_ok(self, x: Report, y: Report) -> bool:
        (x1, x2), (y1, y2) = x.sides, y.sides
        if self._side_ok(x1, y1) and self._side_ok(x2, y2):
            return True

        # Outlets may name the two sides the other way round (or one names only the victims). Crossed,
        # each pair of sides must share an actor or one must be unknown: a generic side ("civilians")
        # is no wildcard here, or nearly any two reports would agree.
        def strict(a: frozenset[str], b: frozenset[str]) -> bool:
            return all(map(self.unknown, a)) or all(map(self.unknown, b)) or bool(a & b)

        return strict(x1, y2) and strict(x2, y1)

    def shared_actors(self, x: Report, y: Report) -> int:
        named = {n for n in x.sides[0] | x.sides[1] if not self.generic(n)}
        return len(named & (y.sides[0] | y.sides[1]))

    def compare(self, x: Report, y: Report) -> Match | None:
        """Whether two reports can be one incident, and how well they fit (None: they cannot)."""
        if x.event_type != y.event_type or x.article_id == y.article_id:
            return None
        if x.day is None or y.day is None:
            return None
        gap = abs((x.day - y.day).days)
        if gap > self.rules.window(x.time_precision, y.time_precision):
            return None
        if not self.actors_ok(x, y):
            return None
        shared = self.shared_actors(x, y)
        same_sub = x.sub_event_type == y.sub_event_type
        score = 3.0 - min(gap, 3) + (0.5 if same_sub else 0.0) + 0.5 * min(shared, 2)
        km = (
            haversine_km(x.latitude, x.longitude, y.latitude, y.longitude)  # type: ignore[arg-type]
            if x.located and y.located
            else None
        )
        if x.precise and y.precise:
            if km is None or km > self.rules.max_km:
                return None
            score += 2.0 * (1 - km / self.rules.max_km)
            where = f"{km:.1f} km apart"
        elif km is not None and km <= self.rules.max_km:
            score += 1.0 * (1 - km / self.rules.max_km)
            where = f"{km:.1f} km apart (one place approximate)"
        elif x.admin1 and y.admin1 and (not x.country or not y.country or _same(x.country, y.country)):
            if not _same(x.admin1, y.admin1):
                return None
            score += 0.5
            where = f"same admin1 {x.admin1}"
        elif x.place_key and x.place_key == y.place_key:
            score += 0.5
            where = f"same place name {x.location or x.place_key}"
        elif _same(x.country, y.country) or not x.placed or not y.placed:
            # Only a country, or no place at all in one report: join only on a strong match.
            needs = self.rules.country_only_needs
            if (
                ("same_sub_event_type" in needs and not same_sub)
                or ("same_day" in needs and gap)
                or ("shared_actor" in needs and not shared)
            ):
                return None
            score -= 1.0
            where = (
                f"same country {x.country}" if x.placed and y.placed else "one report has no place"
            ) + ", strong match"
        else:
            return None
        if x.place_key and x.place_key == y.place_key:
            score += 0.3
        parts = [where, "same day" if gap == 0 else f"{gap} day(s) apart"]
        if same_sub:
            parts.append("same sub-event type")
        if shared:
            parts.append(f"{shared} actor(s) in common")
        return Match(round(score, 3), "; ".join(parts))
