"""Event fusion: events from different articles that report one real incident become one
*incident* with a stable id, every report as a member, and each source's claim beside it.

    from marsad.store.fusion import fuse
    report = fuse(store)            # Store.ingest calls it after every batch

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

The incident's figure (ACLED practice): each outlet's latest claim only (its later report
replaces its earlier toll); of those, unhedged claims are the credible ones; the latest
official claim wins when there is one (a later official update replaces an early estimate),
otherwise the lowest credible figure. The rule and the claim it took are stored.

Incremental and idempotent: each pass handles only events without an incident, members whose
event was rewritten or removed (re-extraction) and copies whose supersession changed; nothing
is split, and a member that leaves or is superseded is written to `incident_log` with the
reason. Running it again over the same input changes nothing. The id of an incident is the id
of the event that founded it, and a re-extracted article's new events go back to the incident
its old events were in when they still match, so ids survive engine upgrades.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, bindparam, delete, exists, func, insert, or_, select, text, update

from marsad.store.dedup import (
    DedupReport,
    Signature,
    copies_of,
    fusion_config,
    superseded_articles,
    update_duplicates,
)
from marsad.store.query import EventFilter, ordered
from marsad.store.reference import source_scale
from marsad.store.tables import articles, claims, events, incident_events, incident_log, incidents
from marsad.text.normalize import normalize_key

if TYPE_CHECKING:
    from marsad.store.store import Store

ACTIVE, SUPERSEDED, RETIRED = "active", "superseded", "retired"
LATEST_OFFICIAL, LOWEST_CREDIBLE, ONLY_CLAIM, NONE_REPORTED = (
    "latest_official",
    "lowest_credible",
    "only_claim",
    "none_reported",
)
# A PostgreSQL advisory lock key, so concurrent writers (watcher, API, ingest) fuse one at a time.
_FUSION_LOCK_KEY = 7_270_310


# ---------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class FusionRules:
    max_km: float = 25.0
    date_window_days: tuple[tuple[int, int], ...] = ((1, 1), (2, 7), (3, 31))
    country_only_needs: frozenset[str] = frozenset({"same_sub_event_type", "same_day", "shared_actor"})
    official_terms: tuple[str, ...] = ()
    generic_prefixes: tuple[str, ...] = ()
    unknown_prefixes: tuple[str, ...] = ()
    scale_order: tuple[str, ...] = ()
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
        notes=dict(cfg["notes"]),
    )


# ---------------------------------------------------------------- one report of an event

_YEARS = re.compile(r"\(\s*\d{4}\s*-\s*\d{0,4}\s*\)")
_CLITICS = ("و", "ب", "ل", "ف")


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    """normalize_key, cached: the same names and places come back in every comparison."""
    return normalize_key(text)


@lru_cache(maxsize=65536)
def actor_key(name: str | None) -> str:
    """Actor names compared without ACLED's year ranges ('Military Forces of Russia (2000-)')."""
    return _key(_YEARS.sub(" ", name or ""))


def _side(name: str | None, assoc: str | None) -> frozenset[str]:
    names = [name, *((assoc or "").split(";"))]
    return frozenset(k for k in (actor_key(n) for n in names) if k)


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date | datetime) else ""


@dataclass(slots=True)
class Report:
    """One stored event with what fusion needs (a row of events joined with its article)."""

    event_id: str
    article_id: str
    seq: int
    event_type: str
    sub_event_type: str
    day: date | None  # the event's date, or its article's publication date
    dated: bool  # the event itself carries a date
    time_precision: int | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    admin1: str | None
    country: str | None
    place_key: str
    sides: tuple[frozenset[str], frozenset[str]]
    outlet: str | None
    published: date | None
    updated_at: datetime | None
    created_at: datetime | None
    fatalities: tuple[int | None, int | None, int | None]  # min, max, best
    injuries: tuple[int | None, int | None, int | None]
    casualties: tuple[int | None, int | None, int | None]
    attribution: str | None
    hedged: bool | None
    confidence: float | None
    actor1: str | None = None
    actor2: str | None = None
    location: str | None = None
    incident_id: str | None = None
    status: str = ACTIVE

    @property
    def placed(self) -> bool:
        return bool(self.latitude is not None or self.admin1 or self.country or self.place_key)

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def precise(self) -> bool:
        """The place itself is named (geo_precision 1); 2-3 are near a place, a sub-region or a province."""
        return self.located and (self.geo_precision or 1) == 1

    def order(self) -> tuple[str, str, str, int]:
        """Publication order: date, then when this version was stored, then id."""
        return (_iso(self.published), _iso(self.updated_at), self.article_id, self.seq)


def _report_columns() -> list[Any]:
    e, a = events.c, articles.c
    return [
        e.event_id,
        e.article_id,
        e.seq,
        e.event_type,
        e.sub_event_type,
        e.event_date,
        e.time_precision,
        e.latitude,
        e.longitude,
        e.geo_precision,
        e.admin1,
        e.country,
        e.location,
        e.location_ar,
        e.actor1,
        e.assoc_actor_1,
        e.actor2,
        e.assoc_actor_2,
        e.fatalities_min,
        e.fatalities_max,
        e.fatalities,
        e.injuries_min,
        e.injuries_max,
        e.injuries,
        e.casualties_min,
        e.casualties_max,
        e.casualties,
        e.attribution_source,
        e.hedged,
        e.confidence,
        e.created_at,
        a.source.label("outlet"),
        a.published,
        a.updated_at,
    ]


def _report(r: Any) -> Report:
    m = r._mapping
    return Report(
        event_id=m["event_id"],
        article_id=m["article_id"],
        seq=m["seq"],
        event_type=m["event_type"],
        sub_event_type=m["sub_event_type"],
        day=m["event_date"] or m["published"],
        dated=m["event_date"] is not None,
        time_precision=m["time_precision"],
        latitude=m["latitude"],
        longitude=m["longitude"],
        geo_precision=m["geo_precision"],
        admin1=m["admin1"],
        country=m["country"],
        place_key=_key(m["location_ar"] or m["location"] or ""),
        sides=(_side(m["actor1"], m["assoc_actor_1"]), _side(m["actor2"], m["assoc_actor_2"])),
        outlet=m["outlet"],
        published=m["published"],
        updated_at=m["updated_at"],
        created_at=m["created_at"],
        fatalities=(m["fatalities_min"], m["fatalities_max"], m["fatalities"]),
        injuries=(m["injuries_min"], m["injuries_max"], m["injuries"]),
        casualties=(m["casualties_min"], m["casualties_max"], m["casualties"]),
        attribution=m["attribution_source"],
        hedged=m["hedged"],
        confidence=m["confidence"],
        actor1=m["actor1"],
        actor2=m["actor2"],
        location=m["location"],
        incident_id=m.get("incident_id"),
        status=m.get("member_status") or ACTIVE,
    )


def _reports_stmt(with_membership: bool = False) -> Any:
    cols = _report_columns()
    src = events.join(articles, articles.c.article_id == events.c.article_id)
    if with_membership:
        cols += [incident_events.c.incident_id, incident_events.c.status.label("member_status")]
        src = src.join(incident_events, incident_events.c.event_id == events.c.event_id)
    return select(*cols).select_from(src)


# ---------------------------------------------------------------- matching


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b and _key(a) == _key(b))


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


# ---------------------------------------------------------------- the incident figure


@dataclass(frozen=True, slots=True)
class Choice:
    value: int | None
    event_id: str | None
    rule: str


def is_official(attribution: str | None, rules: FusionRules) -> bool:
    if not attribution:
        return False
    words = normalize_key(attribution).split()
    # Arabic attaches و/ب/ل/ف to the next word ("بحسب وزارة", "لوزارة"): also try without it.
    variants = {" ".join(words)}
    variants.add(" ".join(w[1:] if len(w) > 3 and w[0] in _CLITICS else w for w in words))
    return any(f" {term} " in f" {v} " for v in variants for term in rules.official_terms if term)


def choose_figure(reports: Sequence[Report], rules: FusionRules, what: str = "fatalities") -> Choice:
    """The incident's figure for `what` (fatalities, injuries or casualties) from its active reports."""
    with_figure = [r for r in reports if isinstance(getattr(r, what)[2], int) and getattr(r, what)[2] > 0]
    if not with_figure:
        return Choice(0 if what == "fatalities" else None, None, NONE_REPORTED)
    latest: dict[str, Report] = {}
    for r in sorted(with_figure, key=Report.order):
        latest[normalize_key(r.outlet or "") or r.article_id] = r  # an outlet's later report replaces its own
    current = sorted(latest.values(), key=Report.order)
    credible = [r for r in current if not r.hedged] or current
    official = [r for r in credible if is_official(r.attribution, rules)]
    if official:
        chosen, rule = official[-1], LATEST_OFFICIAL
    else:
        chosen = min(credible, key=lambda r: (getattr(r, what)[2], r.order()))
        rule = ONLY_CLAIM if len(with_figure) == 1 else LOWEST_CREDIBLE
    return Choice(getattr(chosen, what)[2], chosen.event_id, rule)


def representative(reports: Sequence[Report]) -> Report:
    """The most precise report: it gives the incident's place, date and actors."""

    def key(r: Report) -> tuple[Any, ...]:
        return (
            0 if r.precise else 1,
            r.geo_precision or 9,
            r.time_precision or 9,
            0 if r.dated else 1,
            -(r.confidence or 0.0),
            r.order(),
        )

    return min(reports, key=key)


def _distinct(names: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        clean = (name or "").strip()
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            out.append(clean)
    return out


def combined_scale(outlets: Sequence[str], rules: FusionRules) -> str:
    scales = {s for s in (source_scale(o) for o in outlets) if s}
    rank = {name: i for i, name in enumerate(rules.scale_order)}
    return "-".join(sorted(scales, key=lambda s: (rank.get(s, len(rank)), s)))


def _figure_text(r: Report) -> str:
    low, high, best = r.fatalities
    if best is None:
        return "no figure"
    if high is not None and high != best:
        return f"{best} ({low if low is not None else '?'}-{high})"
    return str(best)


# ---------------------------------------------------------------- the pass


@dataclass(slots=True)
class FusionReport:
    dedup: DedupReport = field(default_factory=DedupReport)
    new_events: int = 0
    created: int = 0
    joined: int = 0
    left: int = 0
    status_changes: int = 0
    updated_incidents: int = 0
    retired: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles_signed": self.dedup.signed,
            "near_duplicate_pairs": self.dedup.pairs,
            "supersessions": len(self.dedup.superseded),
            "new_events": self.new_events,
            "incidents_created": self.created,
            "events_joined": self.joined,
            "events_left": self.left,
            "status_changes": self.status_changes,
            "incidents_updated": self.updated_incidents,
            "incidents_retired": self.retired,
        }


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class _Pass:
    def __init__(self, conn: Connection, rules: FusionRules, now: datetime, report: FusionReport) -> None:
        self.conn = conn
        self.rules = rules
        self.matcher = Matcher(rules)
        self.now = now
        self.report = report
        self.dirty: set[str] = set()
        self.members: dict[str, list[Report]] = {}  # incident -> members (loaded on demand)
        # (event type, time precision, day ordinal) -> incidents with such a member
        self.index: dict[tuple[str, int, int], set[str]] = {}
        self.hints: dict[str, list[str]] = {}  # article -> incidents its replaced events were in
        self.incident_types: dict[str, str] = {}
        self.new_incidents: list[dict[str, Any]] = []
        self.new_members: list[dict[str, Any]] = []
        self.new_logs: list[dict[str, Any]] = []
        self.taken_ids: set[str] = set()

    # ------------------------------------------------------------ helpers

    def log(
        self,
        incident_id: str,
        action: str,
        event_id: str | None = None,
        article_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        self.new_logs.append(
            {
                "incident_id": incident_id,
                "at": self.now,
                "action": action,
                "event_id": event_id,
                "article_id": article_id,
                "detail": detail,
            }
        )

    def flush(self) -> None:
        """Write the buffered rows, a few statements for the whole pass (one per row is far slower)."""
        for table, rows in (
            (incidents, self.new_incidents),
            (incident_events, self.new_members),
            (incident_log, self.new_logs),
        ):
            if rows:
                self.conn.execute(insert(table), rows)
                rows.clear()

    def reserve_ids(self, wanted: Iterable[str]) -> None:
        """Incident ids already taken among the ones this pass may create."""
        wanted = sorted({w[:290] for w in wanted})
        for chunk in _chunks(wanted):
            self.taken_ids.update(
                r[0]
                for r in self.conn.execute(
                    select(incidents.c.incident_id).where(incidents.c.incident_id.in_(chunk))
                )
            )

    def _index_add(self, r: Report) -> None:
        if r.day is not None and r.incident_id:
            precision = r.time_precision if r.time_precision in dict(self.rules.date_window_days) else 1
            key = (r.event_type, precision, r.day.toordinal())
            self.index.setdefault(key, set()).add(r.incident_id)

    def load_members(self, incident_ids: Iterable[str]) -> None:
        wanted = sorted(set(incident_ids) - set(self.members))
        for chunk in _chunks(wanted):
            for i in chunk:
                self.members[i] = []
            for row in self.conn.execute(
                _reports_stmt(True)
                .where(incident_events.c.incident_id.in_(chunk))
                .order_by(incident_events.c.incident_id, events.c.event_id)
            ):
                r = _report(row)
                self.members[r.incident_id].append(r)  # type: ignore[index]
                self._index_add(r)
            for r in self.conn.execute(
                select(incidents.c.incident_id, incidents.c.event_type).where(
                    incidents.c.incident_id.in_(chunk)
                )
            ):
                self.incident_types[r.incident_id] = r.event_type

    def load_candidates(self, pending: Sequence[Report]) -> None:
        """Members of every incident that a pending report could join (by event type and date)."""
        dated = [r for r in pending if r.day is not None]
        if not dated:
            return
        margin = timedelta(days=max(v for _, v in self.rules.date_window_days))
        lo = min(r.day for r in dated) - margin  # type: ignore[type-var,operator]
        hi = max(r.day for r in dated) + margin  # type: ignore[type-var,operator]
        types = sorted({r.event_type for r in dated})
        stmt = (
            select(incident_events.c.incident_id)
            .distinct()
            .select_from(
                incident_events.join(events, events.c.event_id == incident_events.c.event_id).join(
                    articles, articles.c.article_id == events.c.article_id
                )
            )
            .where(
                events.c.event_type.in_(types),
                or_(
                    events.c.event_date.between(lo, hi),
                    and_(events.c.event_date.is_(None), articles.c.published.between(lo, hi)),
                ),
            )
        )
        self.load_members([r[0] for r in self.conn.execute(stmt)])

    def unique_incident_id(self, wanted: str) -> str:
        candidate, n = wanted[:290], 1
        while candidate in self.taken_ids:  # an id reused after a re-extraction
            n += 1
            candidate = f"{wanted[:290]}~{n}"
            if n > 2:
                self.reserve_ids([candidate])
        self.taken_ids.add(candidate)
        return candidate

    # ------------------------------------------------------------ steps

    def drop_departed(self) -> None:
        """Members whose event is gone (the article was re-extracted or removed)."""
        m = incident_events
        rows = list(
            self.conn.execute(
                select(m.c.event_id, m.c.incident_id, m.c.article_id)
                .select_from(m.outerjoin(events, events.c.event_id == m.c.event_id))
                .where(events.c.event_id.is_(None))
                .order_by(m.c.event_id)
            )
        )
        for r in rows:
            self.conn.execute(delete(m).where(m.c.event_id == r.event_id))
            self.log(
                r.incident_id,
                "left",
                r.event_id,
                r.article_id,
                f"event no longer in article {r.article_id} (re-extracted or removed)",
            )
            self.hints.setdefault(r.article_id, []).append(r.incident_id)
            self.dirty.add(r.incident_id)
            self.report.left += 1

    def recheck_rewritten(self) -> tuple[list[Report], list[Report]]:
        """Members whose event row was rewritten (same id, new extraction). Returns (events that
        must be fused again, lone members to re-examine). A member that no longer matches the
        other members of its incident leaves it; a lone member stays unless another incident now
        fits it (see `reexamine`)."""
        m = incident_events
        rows = [
            _report(r)
            for r in self.conn.execute(
                _reports_stmt(True)
                .where(or_(m.c.event_created_at.is_(None), events.c.created_at != m.c.event_created_at))
                .order_by(events.c.event_id)
            )
        ]
        again: list[Report] = []
        alone: list[Report] = []
        refreshed: list[dict[str, Any]] = []
        self.load_members({r.incident_id for r in rows if r.incident_id})
        for r in rows:
            incident_id = r.incident_id or ""
            others = [o for o in self.members.get(incident_id, []) if o.event_id != r.event_id]
            self.members[incident_id] = [*others, r]
            refreshed.append({"b_event_id": r.event_id, "event_created_at": r.created_at})
            self.dirty.add(incident_id)
            if not others:
                alone.append(r)
            elif not all(self.matcher.compare(r, o) for o in others):
                self._leave(r, "re-extracted event no longer matches the other reports")
                again.append(r)
        if refreshed:
            self.conn.execute(
                update(m)
                .where(m.c.event_id == bindparam("b_event_id"))
                .values(event_created_at=bindparam("event_created_at")),
                refreshed,
            )
        return again, alone

    def _leave(self, r: Report, why: str) -> None:
        incident_id = r.incident_id or ""
        self.conn.execute(delete(incident_events).where(incident_events.c.event_id == r.event_id))
        self.members[incident_id] = [o for o in self.members.get(incident_id, []) if o.event_id != r.event_id]
        self.log(incident_id, "left", r.event_id, r.article_id, why)
        self.hints.setdefault(r.article_id, []).append(incident_id)
        self.dirty.add(incident_id)
        self.report.left += 1
        r.incident_id = None

    def pending(self) -> list[Report]:
        m = incident_events
        stmt = (
            select(*_report_columns())
            .select_from(
                events.join(articles, articles.c.article_id == events.c.article_id).outerjoin(
                    m, m.c.event_id == events.c.event_id
                )
            )
            .where(m.c.event_id.is_(None))
        )
        return [_report(r) for r in self.conn.execute(stmt)]

    def best_incident(self, r: Report, exclude: str | None = None) -> tuple[str, Match] | None:
        """The incident `r` fits best: it must match every member. An incident its article's earlier
        events were in is preferred, and an emptied one is its fallback (ids survive re-extraction)."""
        candidates: set[str] = set()
        if r.day is not None:
            day = r.day.toordinal()
            # Look only as far as the looser of the two dates allows, per precision of the members.
            for precision, _ in self.rules.date_window_days:
                window = self.rules.window(r.time_precision, precision)
                for d in range(day - window, day + window + 1):
                    candidates |= self.index.get((r.event_type, precision, d), set())
        hinted = [i for i in self.hints.get(r.article_id, []) if self.incident_types.get(i) == r.event_type]
        candidates |= set(hinted)
        candidates.discard(exclude or "")
        best: tuple[float, str, Match] | None = None
        fallback: str | None = None
        fits = 0
        for incident_id in sorted(candidates):
            members = self.members.get(incident_id, [])
            if not members:
                fallback = fallback or incident_id
                continue
            if any(o.article_id == r.article_id for o in members):
                continue  # one article's events are separate events by the engine's own decision
            matches = [self.matcher.compare(r, o) for o in members]
            if not all(matches):
                continue
            fit = max((x for x in matches if x), key=lambda x: x.score)
            fits += 1
            score = fit.score + (10.0 if incident_id in hinted else 0.0)
            if best is None or score > best[0]:
                best = (score, incident_id, fit)
        if best is not None and not r.placed and fits > 1 and best[0] < 10.0:
            best = None  # a report with no place that fits several incidents is not guessed into one
        if best is not None:
            return best[1], best[2]
        if fallback is not None:
            return fallback, Match(0.0, "back to its incident after re-extraction")
        return None

    def attach(self, r: Report, target: tuple[str, Match] | None, status: str) -> None:
        if target is None:
            incident_id = self.unique_incident_id(r.event_id)
            self.new_incidents.append(
                dict(
                    incident_id=incident_id,
                    status=ACTIVE,
                    event_type=r.event_type,
                    event_date=r.day,
                    country=r.country,
                    admin1=r.admin1,
                    representative_event_id=r.event_id,
                    fatalities=None,
                    fatalities_event_id=None,
                    fatalities_rule=None,
                    injuries=None,
                    n_events=0,
                    n_sources=0,
                    sources=None,
                    source_scale=None,
                    created_at=self.now,
                    updated_at=self.now,
                )
            )
            self.incident_types[incident_id] = r.event_type
            self.members[incident_id] = []
            why = "founded the incident"
            self.log(incident_id, "created", r.event_id, r.article_id, why)
            self.report.created += 1
        else:
            incident_id, fit = target
            why = fit.why
            self.log(incident_id, "joined", r.event_id, r.article_id, why)
            self.report.joined += 1
        self.new_members.append(
            dict(
                event_id=r.event_id,
                incident_id=incident_id,
                article_id=r.article_id,
                status=status,
                event_created_at=r.created_at,
                joined_at=self.now,
                match=why,
            )
        )
        r.incident_id, r.status = incident_id, status
        self.members.setdefault(incident_id, []).append(r)
        self._index_add(r)
        self.dirty.add(incident_id)

    def assign(self, r: Report, superseded: dict[str, tuple[str, str]]) -> None:
        self.attach(r, self.best_incident(r), SUPERSEDED if r.article_id in superseded else ACTIVE)

    def reexamine(self, r: Report) -> None:
        """A lone re-extracted member moves when another incident now fits it; its old incident,
        left empty, is retired with the reason."""
        target = self.best_incident(r, exclude=r.incident_id)
        if target is None or not self.members.get(target[0]):
            return
        status = r.status
        self._leave(r, f"re-extracted event now matches incident {target[0]}")
        self.attach(r, target, status)

    def sync_supersessions(self, superseded: dict[str, tuple[str, str]]) -> None:
        """Members of superseded copies stop counting; members of copies no longer superseded count again."""
        m = incident_events
        rows = list(
            self.conn.execute(
                select(m.c.event_id, m.c.incident_id, m.c.article_id, m.c.status).where(
                    m.c.status == SUPERSEDED
                )
            )
        )
        for chunk in _chunks(sorted(superseded)):
            rows += list(
                self.conn.execute(
                    select(m.c.event_id, m.c.incident_id, m.c.article_id, m.c.status).where(
                        m.c.article_id.in_(chunk), m.c.status == ACTIVE
                    )
                )
            )
        for r in sorted(rows, key=lambda x: x.event_id):
            want = SUPERSEDED if r.article_id in superseded else ACTIVE
            if want == r.status:
                continue
            self.conn.execute(update(m).where(m.c.event_id == r.event_id).values(status=want))
            if want == SUPERSEDED:
                by, reason = superseded[r.article_id]
                detail = f"article {r.article_id} superseded by {by} " + (
                    "(an updated copy)" if reason == "update" else "(the original of this re-post)"
                )
                self.log(r.incident_id, "superseded", r.event_id, r.article_id, detail)
            else:
                self.log(
                    r.incident_id,
                    "restored",
                    r.event_id,
                    r.article_id,
                    f"article {r.article_id} is no longer superseded",
                )
            self.dirty.add(r.incident_id)
            self.report.status_changes += 1

    def recompute(self) -> None:
        ids = sorted(self.dirty)
        if not ids:
            return
        for i in ids:
            self.members.pop(i, None)
        self.load_members(ids)
        current = {}
        for chunk in _chunks(ids):
            current.update(
                {
                    r.incident_id: r
                    for r in self.conn.execute(select(incidents).where(incidents.c.incident_id.in_(chunk)))
                }
            )
        all_articles = {r.article_id for i in ids for r in self.members.get(i, [])}
        copies = copies_of(self.conn, all_articles)
        updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}  # by the columns they set
        for incident_id in ids:
            row = current.get(incident_id)
            if row is None:
                continue
            members = self.members.get(incident_id, [])
            values = self.summarise(incident_id, members, copies, row)
            changed = {k: v for k, v in values.items() if getattr(row, k) != v}
            if not changed:
                continue
            if "status" in changed:
                if changed["status"] == RETIRED:
                    reason = (
                        "every report left the incident"
                        if not members
                        else "every report is superseded by a copy whose events are elsewhere"
                    )
                    self.log(incident_id, "retired", detail=reason)
                    self.report.retired += 1
                else:
                    self.log(incident_id, "revived", detail="a report counts again")
            if (
                "fatalities" in changed
                and row.n_events
                and row.status == ACTIVE
                and values["status"] == ACTIVE
            ):
                self.log(
                    incident_id,
                    "figure",
                    values.get("fatalities_event_id"),
                    None,
                    f"fatalities {row.fatalities} -> {values['fatalities']} ({values['fatalities_rule']})",
                )
            changed["updated_at"] = self.now
            updates.setdefault(tuple(sorted(changed)), []).append({"b_incident_id": incident_id, **changed})
            self.report.updated_incidents += 1
        for columns, rows in updates.items():
            self.conn.execute(
                update(incidents)
                .where(incidents.c.incident_id == bindparam("b_incident_id"))
                .values({c: bindparam(c) for c in columns}),
                rows,
            )

    def summarise(
        self, incident_id: str, members: list[Report], copies: dict[str, list[dict[str, Any]]], row: Any
    ) -> dict[str, Any]:
        active = [r for r in members if r.status == ACTIVE]
        if not active:
            return {"status": RETIRED, "n_events": len(members)}
        rep = representative(active)
        figure = choose_figure(active, self.rules)
        injuries = choose_figure(active, self.rules, "injuries")
        ordered_members = sorted(members, key=Report.order)
        outlets = _distinct(
            [
                *(r.outlet for r in ordered_members),
                *(c["source"] for r in ordered_members for c in copies.get(r.article_id, [])),
            ]
        )
        chosen = next((r for r in active if r.event_id == figure.event_id), rep)
        attributions = _distinct(
            [chosen.attribution, *(r.attribution for r in sorted(active, key=Report.order))]
        )
        return {
            "status": ACTIVE,
            "event_type": rep.event_type,
            "event_date": rep.day,
            "country": rep.country,
            "admin1": rep.admin1,
            "representative_event_id": rep.event_id,
            "fatalities": figure.value,
            "fatalities_event_id": figure.event_id,
            "fatalities_rule": figure.rule,
            "injuries": injuries.value,
            "n_events": len(members),
            "n_sources": len(outlets) or 1,
            "sources": "; ".join(_distinct([*outlets, *attributions])) or None,
            "source_scale": combined_scale(outlets, self.rules) or None,
        }


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _FUSION_LOCK_KEY})
    else:
        # Take SQLite's write lock now (a no-op write), so the reads below cannot go stale before we write.
        conn.execute(delete(incident_log).where(incident_log.c.log_id < 0))


def fuse_in(
    conn: Connection,
    rules: FusionRules | None = None,
    *,
    now: datetime | None = None,
    presigned: dict[str, Signature] | None = None,
) -> FusionReport:
    """One fusion pass in the caller's transaction (see the module docstring); `presigned`:
    article signatures made by bulk workers (dedup.update_duplicates)."""
    from marsad.store.store import utcnow

    rules = rules or default_fusion_rules()
    now = now or utcnow()
    _lock(conn)
    report = FusionReport(dedup=update_duplicates(conn, now=now, presigned=presigned))
    step = _Pass(conn, rules, now, report)
    step.drop_departed()
    again, alone = step.recheck_rewritten()
    pending = sorted([*again, *step.pending()], key=lambda r: (r.order(), r.event_id))
    report.new_events = len(pending)
    superseded = superseded_articles(conn)
    if pending or alone:
        step.reserve_ids(r.event_id for r in [*pending, *alone])
        step.load_candidates([*pending, *alone])
        step.load_members({i for ids in step.hints.values() for i in ids})
        for r in pending:
            step.assign(r, superseded)
        for r in alone:
            step.reexamine(r)
    step.flush()
    step.sync_supersessions(superseded)
    step.recompute()
    step.flush()
    return report


def fuse(store: Store, rules: FusionRules | None = None) -> FusionReport:
    """De-duplicate new articles and fuse new events into incidents, in one transaction."""
    with store.engine.begin() as conn:
        return fuse_in(conn, rules, presigned=store.presigned)


# ---------------------------------------------------------------- reads


INCIDENT_EXTRA = (
    "incident_id",
    "incident_fatalities",
    "incident_fatalities_event_id",
    "incident_fatalities_rule",
    "incident_injuries",
    "incident_sources",
    "incident_source_scale",
    "incident_n_events",
    "incident_n_sources",
    "incident_attribution",
    "incident_hedged",
)
_CHOSEN = events.alias("chosen_claim")


def _incident_cols() -> list[Any]:
    i = incidents.c
    return [
        i.incident_id,
        i.fatalities.label("incident_fatalities"),
        i.fatalities_event_id.label("incident_fatalities_event_id"),
        i.fatalities_rule.label("incident_fatalities_rule"),
        i.injuries.label("incident_injuries"),
        i.sources.label("incident_sources"),
        i.source_scale.label("incident_source_scale"),
        i.n_events.label("incident_n_events"),
        i.n_sources.label("incident_n_sources"),
        _CHOSEN.c.attribution_source.label("incident_attribution"),
        _CHOSEN.c.hedged.label("incident_hedged"),
    ]


def _incident_rows_stmt(flt: EventFilter | None) -> Any:
    """Events that stand for an incident: representatives of active incidents, and events not yet fused."""
    flt = flt or EventFilter()
    unfused = ~exists(
        select(incident_events.c.event_id).where(incident_events.c.event_id == events.c.event_id)
    )
    return (
        select(events, *_incident_cols())
        .select_from(
            events.outerjoin(
                incidents,
                and_(incidents.c.representative_event_id == events.c.event_id, incidents.c.status == ACTIVE),
            ).outerjoin(_CHOSEN, _CHOSEN.c.event_id == incidents.c.fatalities_event_id)
        )
        .where(*flt.conditions(), or_(incidents.c.incident_id.is_not(None), unfused))
    )


def incident_row(row: dict[str, Any]) -> dict[str, Any]:
    """An export row: the representative event's columns with the incident's id, figure and sources
    (the keys `exports.acled_row` reads). An event not yet fused stays as it is."""
    out = {k: v for k, v in row.items() if k not in INCIDENT_EXTRA}
    if not row.get("incident_id"):
        return out
    chosen = row.get("incident_fatalities_event_id")
    out.update(
        event_id=row["incident_id"],
        fatalities=row["incident_fatalities"],
        incident_sources=row["incident_sources"],
        incident_source_scale=row["incident_source_scale"] or "",
        incident_reports=row["incident_n_events"],
        incident_outlets=row["incident_n_sources"],
    )
    if row.get("incident_injuries") is not None or row.get("injuries") is not None:
        out["injuries"] = row.get("incident_injuries")
    out["incident_fatalities_event_id"] = chosen
    if chosen:  # the notes name who gave the figure the incident uses
        out.update(attribution_source=row.get("incident_attribution"), hedged=row.get("incident_hedged"))
    out["incident_fatalities_rule"] = row.get("incident_fatalities_rule")
    return out


def iter_incident_rows(
    store: Store, flt: EventFilter | None = None, *, limit: int | None = None, chunk_size: int = 1000
) -> Iterator[dict[str, Any]]:
    """One row per incident (and per event not yet fused), in display order, streamed."""
    stmt = ordered(_incident_rows_stmt(flt))
    if limit is not None:
        stmt = stmt.limit(limit)
    with store.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=chunk_size).execute(stmt)
        notes_for: dict[str, str] = {}
        batch: list[dict[str, Any]] = []
        for r in result:
            batch.append(dict(r._mapping))
            if len(batch) >= 200:
                yield from _with_claim_notes(store, batch, notes_for)
                batch = []
        yield from _with_claim_notes(store, batch, notes_for)


def _with_claim_notes(
    store: Store, batch: list[dict[str, Any]], cache_: dict[str, str]
) -> Iterator[dict[str, Any]]:
    multi = [
        r["incident_id"] for r in batch if r.get("incident_id") and (r.get("incident_n_events") or 0) > 1
    ]
    if multi:
        for incident_id, note in claim_notes(store, multi).items():
            cache_[incident_id] = note
    for r in batch:
        row = incident_row(r)
        if r.get("incident_id") in cache_:
            row["incident_note"] = cache_.pop(r["incident_id"])
        yield row


def claim_notes(store: Store, incident_ids: Sequence[str]) -> dict[str, str]:
    """The English sentences that name every outlet and, when they differ, each one's figure."""
    rules = default_fusion_rules()
    t = rules.notes
    out: dict[str, str] = {}
    with store.engine.connect() as conn:
        members: dict[str, list[Report]] = {}
        for chunk in _chunks(list(incident_ids)):
            for row in conn.execute(_reports_stmt(True).where(incident_events.c.incident_id.in_(chunk))):
                r = _report(row)
                members.setdefault(r.incident_id or "", []).append(r)
        rule_of = {
            r.incident_id: r.fatalities_rule
            for r in conn.execute(
                select(incidents.c.incident_id, incidents.c.fatalities_rule).where(
                    incidents.c.incident_id.in_(list(incident_ids))
                )
            )
        }
    for incident_id, reports in members.items():
        active = sorted((r for r in reports if r.status == ACTIVE), key=Report.order)
        outlets = _distinct(r.outlet for r in sorted(reports, key=Report.order))
        parts = []
        if len(outlets) > 1:
            parts.append(t["claims"].format(outlets=_join(outlets)))
        figures = {r.fatalities[2] for r in active}
        if len(figures) > 1:
            listed = "; ".join(
                f"{r.outlet or r.article_id} {_figure_text(r)}"
                + (f" ({r.attribution})" if r.attribution else "")
                for r in active
            )
            rule = t["rules"].get(rule_of.get(incident_id) or "", "")
            parts.append(t["differing"].format(figures=listed, rule=rule))
        if parts:
            out[incident_id] = " ".join(parts)
    return out


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _count(values: tuple[int | None, int | None, int | None]) -> dict[str, int | None]:
    low, high, best = values
    return {"min": low, "max": high, "best": best}


def claim_json(
    r: Report, chosen: str | None, superseded: dict[str, tuple[str, str]], inner: list[dict[str, Any]]
) -> dict[str, Any]:
    by = superseded.get(r.article_id)
    return {
        "event_id": r.event_id,
        "article_id": r.article_id,
        "outlet": r.outlet,
        "published": _iso(r.published) or None,
        "status": r.status,
        "superseded_by": by[0] if by and r.status == SUPERSEDED else None,
        "fatalities": _count(r.fatalities),
        "injuries": _count(r.injuries),
        "casualties": _count(r.casualties),
        "attribution": {"source": r.attribution, "hedged": r.hedged},
        "actor1": r.actor1,
        "actor2": r.actor2,
        "location": r.location,
        "admin1": r.admin1,
        "country": r.country,
        "date": _iso(r.day) or None,
        "sub_event_type": r.sub_event_type,
        "chosen": r.event_id == chosen,
        "claims_in_article": inner,
    }


def _incident_summary(row: Any) -> dict[str, Any]:
    m = row._mapping
    return {
        "incident_id": m["incident_id"],
        "status": m["status"],
        "event_type": m["event_type"],
        "date": _iso(m["event_date"]) or None,
        "country": m["country"],
        "admin1": m["admin1"],
        "representative_event_id": m["representative_event_id"],
        "fatalities": m["fatalities"],
        "fatalities_claim": {"event_id": m["fatalities_event_id"], "rule": m["fatalities_rule"]},
        "injuries": m["injuries"],
        "sources": m["sources"],
        "source_scale": m["source_scale"],
        "n_reports": m["n_events"],
        "n_outlets": m["n_sources"],
        "created_at": _iso(m["created_at"]) or None,
        "updated_at": _iso(m["updated_at"]) or None,
    }


def _incident_query(flt: EventFilter | None) -> Any:
    """Active incidents whose representative event matches the filter; `article_id` matches any
    member instead (the incidents an article reports)."""
    flt = flt or EventFilter()
    by_article = flt.article_id
    if by_article:
        flt = replace(flt, article_id=None)
    stmt = (
        select(incidents)
        .select_from(incidents.join(events, events.c.event_id == incidents.c.representative_event_id))
        .where(incidents.c.status == ACTIVE, *flt.conditions())
    )
    if by_article:
        stmt = stmt.where(
            exists(
                select(incident_events.c.event_id).where(
                    incident_events.c.incident_id == incidents.c.incident_id,
                    incident_events.c.article_id == by_article,
                )
            )
        )
    return stmt


def count_incidents(store: Store, flt: EventFilter | None = None) -> int:
    with store.engine.connect() as conn:
        return int(
            conn.execute(select(func.count()).select_from(_incident_query(flt).subquery())).scalar_one()
        )


def list_incidents(
    store: Store,
    flt: EventFilter | None = None,
    *,
    limit: int = 100,
    offset: int = 0,
    with_claims: bool = False,
) -> list[dict[str, Any]]:
    stmt = (
        _incident_query(flt)
        .order_by(incidents.c.event_date.is_(None), incidents.c.event_date.desc(), incidents.c.incident_id)
        .limit(limit)
        .offset(offset)
    )
    with store.engine.connect() as conn:
        rows = list(conn.execute(stmt))
    out = [_incident_summary(r) for r in rows]
    if with_claims and out:
        details = incident_details(store, [o["incident_id"] for o in out])
        for o in out:
            o.update(details.get(o["incident_id"], {}))
    return out


def get_incident(store: Store, incident_id: str) -> dict[str, Any] | None:
    """The incident with every report's claim, its members' supersessions and its history."""
    with store.engine.connect() as conn:
        row = conn.execute(select(incidents).where(incidents.c.incident_id == incident_id)).first()
    if row is None:
        return None
    out = _incident_summary(row)
    out.update(incident_details(store, [incident_id]).get(incident_id, {}))
    with store.engine.connect() as conn:
        out["log"] = [
            {
                "at": _iso(r.at),
                "action": r.action,
                "event_id": r.event_id,
                "article_id": r.article_id,
                "detail": r.detail,
            }
            for r in conn.execute(
                select(incident_log)
                .where(incident_log.c.incident_id == incident_id)
                .order_by(incident_log.c.log_id)
            )
        ]
    return out


def incident_details(store: Store, incident_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """{incident: {"outlets": [...], "claims": [...], "notes_extra": str}}."""
    with store.engine.connect() as conn:
        members: dict[str, list[Report]] = {i: [] for i in incident_ids}
        chosen: dict[str, str | None] = {}
        for chunk in _chunks(list(incident_ids)):
            for row in conn.execute(_reports_stmt(True).where(incident_events.c.incident_id.in_(chunk))):
                r = _report(row)
                members[r.incident_id or ""].append(r)
            chosen.update(
                {
                    r.incident_id: r.fatalities_event_id
                    for r in conn.execute(
                        select(incidents.c.incident_id, incidents.c.fatalities_event_id).where(
                            incidents.c.incident_id.in_(chunk)
                        )
                    )
                }
            )
        event_ids = [r.event_id for rs in members.values() for r in rs]
        inner: dict[str, list[dict[str, Any]]] = {}
        for chunk in _chunks(event_ids):
            for c in conn.execute(
                select(claims).where(claims.c.event_id.in_(chunk)).order_by(claims.c.event_id, claims.c.seq)
            ):
                inner.setdefault(c.event_id, []).append(
                    {"source": c.source, "hedged": c.hedged, "fatalities": c.fatalities}
                )
        article_ids = {r.article_id for rs in members.values() for r in rs}
        superseded = superseded_articles(conn, article_ids)
        copies = copies_of(conn, article_ids)
    out: dict[str, dict[str, Any]] = {}
    for incident_id, reports in members.items():
        ordered_reports = sorted(reports, key=Report.order)
        outlets = _distinct(
            [
                *(r.outlet for r in ordered_reports),
                *(c["source"] for r in ordered_reports for c in copies.get(r.article_id, [])),
            ]
        )
        out[incident_id] = {
            "outlets": outlets,
            "claims": [
                claim_json(r, chosen.get(incident_id), superseded, inner.get(r.event_id, []))
                for r in ordered_reports
            ],
            "copies": [
                {
                    "copy_id": c["copy_id"],
                    "source": c["source"],
                    "published": _iso(c["published"]) or None,
                    "copy_of": r.article_id,
                }
                for r in ordered_reports
                for c in copies.get(r.article_id, [])
            ],
        }
    return out


def incident_of_events(store: Store, event_ids: Sequence[str]) -> dict[str, str]:
    """{event: incident} for the given events (those fused so far)."""
    out: dict[str, str] = {}
    with store.engine.connect() as conn:
        for chunk in _chunks(list(event_ids)):
            out.update(
                {
                    r.event_id: r.incident_id
                    for r in conn.execute(
                        select(incident_events.c.event_id, incident_events.c.incident_id).where(
                            incident_events.c.event_id.in_(chunk)
                        )
                    )
                }
            )
    return out


__all__ = [
    "Choice",
    "FusionReport",
    "FusionRules",
    "Match",
    "Matcher",
    "Report",
    "choose_figure",
    "claim_notes",
    "count_incidents",
    "default_fusion_rules",
    "fuse",
    "fuse_in",
    "get_incident",
    "incident_details",
    "incident_of_events",
    "incident_row",
    "is_official",
    "iter_incident_rows",
    "list_incidents",
]
