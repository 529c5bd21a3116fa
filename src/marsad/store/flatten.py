"""Turn one event record (event-schema.md) into rows: the flat `events` row, its actors,
place, evidence spans and per-source claims."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marsad.schema import DISORDER_TYPE, INTER_CODE, SUB_EVENT_TYPES
from marsad.store.reference import lookup_country
from marsad.text.normalize import normalize_key

CIVILIAN_TARGETING = "Civilian targeting"


@dataclass(slots=True)
class ActorRow:
    key: str
    name: str
    name_ar: str | None
    kind: str | None
    role: str  # actor1 | actor2 | assoc_actor_1 | assoc_actor_2
    mention: str | None


@dataclass(slots=True)
class FlatEvent:
    row: dict[str, Any]  # events columns except place_id, run_id, created_at, engine_version
    place: dict[str, Any] | None  # places columns (with place_key) or None
    actors: list[ActorRow] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)


def parse_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def inter_code(actor: dict[str, Any] | None) -> int:
    """ACLED inter code: the engine's (a state force abroad is 8), else its kind's; 0 when there
    is no actor (ACLED's convention)."""
    if not actor:
        return 0
    given = actor.get("inter")
    if isinstance(given, int) and not isinstance(given, bool) and 1 <= given <= 8:
        return given
    return INTER_CODE.get(str(actor.get("kind") or ""), 0)


def interaction_code(inter1: int, inter2: int) -> int:
    """ACLED interaction: both codes, lower first (12 = state vs rebel); sole actor → code×10."""
    if inter1 and inter2:
        low, high = sorted((inter1, inter2))
        return low * 10 + high
    return (inter1 or inter2) * 10


def actor_name(actor: dict[str, Any] | None) -> str | None:
    if not actor:
        return None
    return str(actor.get("name") or actor.get("name_ar") or actor.get("mention") or "").strip() or None


def _actor_key(actor: dict[str, Any]) -> str:
    return f"{actor.get('kind') or ''}|{actor_name(actor) or ''}"[:600]


def _members(actor: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not actor:
        return []
    return [m for m in actor.get("members") or [] if isinstance(m, dict) and actor_name(m)]


def _count(event: dict[str, Any], name: str) -> tuple[int | None, int | None, int | None]:
    value = event.get(name)
    if not isinstance(value, dict):
        return None, None, None
    return value.get("min"), value.get("max"), value.get("best")


def _place_key(loc: dict[str, Any], lat: float | None, lon: float | None) -> str:
    parts = [
        loc.get("country"),
        loc.get("admin1"),
        loc.get("admin2"),
        loc.get("name") or loc.get("name_ar") or loc.get("mention"),
        f"{lat:.5f}" if lat is not None else "",
        f"{lon:.5f}" if lon is not None else "",
    ]
    return "|".join(str(p or "") for p in parts)[:600]


def _float_or_none(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def flatten_event(
    event: dict[str, Any], *, article_id: str, seq: int, source: str | None, title: str | None = None
) -> FlatEvent:
    sub_event_type = str(event.get("sub_event_type") or "Other")
    event_type = str(event.get("event_type") or SUB_EVENT_TYPES.get(sub_event_type, "Strategic developments"))
    event_date = parse_date(event.get("date"))
    actor1 = event.get("actor1") if isinstance(event.get("actor1"), dict) else None
    actor2 = event.get("actor2") if isinstance(event.get("actor2"), dict) else None
    inter1, inter2 = inter_code(actor1), inter_code(actor2)
    loc = event.get("location") if isinstance(event.get("location"), dict) else None
    lat = _float_or_none(loc.get("lat")) if loc else None
    lon = _float_or_none(loc.get("lon")) if loc else None
    country = lookup_country(loc.get("country")) if loc else None
    attribution = event.get("attribution") if isinstance(event.get("attribution"), dict) else None
    f_min, f_max, f_best = _count(event, "fatalities")
    i_min, i_max, i_best = _count(event, "injuries")
    c_min, c_max, c_best = _count(event, "casualties")

    actors: list[ActorRow] = []
    for role, actor in (("actor1", actor1), ("actor2", actor2)):
        if actor and actor_name(actor):
            actors.append(
                ActorRow(
                    _actor_key(actor),
                    actor_name(actor) or "",
                    actor.get("name_ar"),
                    actor.get("kind"),
                    role,
                    actor.get("mention"),
                )
            )
        for member in _members(actor):
            actors.append(
                ActorRow(
                    _actor_key(member),
                    actor_name(member) or "",
                    member.get("name_ar"),
                    member.get("kind"),
                    "assoc_actor_" + role[-1],
                    member.get("mention"),
                )
            )

    evidence_rows: list[dict[str, Any]] = []
    for i, span in enumerate(event.get("evidence") or []):
        if isinstance(span, dict) and isinstance(span.get("start"), int) and isinstance(span.get("end"), int):
            evidence_rows.append(
                {
                    "seq": i,
                    "span_start": span["start"],
                    "span_end": span["end"],
                    "text": str(span.get("text") or ""),
                }
            )

    claim_rows: list[dict[str, Any]] = []
    raw_claims = [c for c in event.get("claims") or [] if isinstance(c, dict)]
    if not raw_claims and attribution and attribution.get("source"):
        # The attribution is the one per-source claim the record always carries.
        raw_claims = [
            {
                "source": attribution.get("source"),
                "hedged": attribution.get("hedged"),
                "fatalities": event.get("fatalities"),
            }
        ]
    for i, claim in enumerate(raw_claims):
        fat = claim.get("fatalities")
        fat_best = fat.get("best") if isinstance(fat, dict) else fat if isinstance(fat, int) else None
        hedged = claim.get("hedged")
        claim_rows.append(
            {
                "seq": i,
                "source": claim.get("source") if claim.get("source") is not None else None,
                "hedged": hedged if isinstance(hedged, bool) else None,
                "fatalities": fat_best if isinstance(fat_best, int) else None,
                "data": claim,
            }
        )

    place = None
    if loc:
        place = {
            "place_key": _place_key(loc, lat, lon),
            "name": loc.get("name"),
            "name_ar": loc.get("name_ar"),
            "admin1": loc.get("admin1"),
            "admin2": loc.get("admin2"),
            "country": country.name if country else loc.get("country"),
            "iso": country.iso_numeric if country else None,
            "latitude": lat,
            "longitude": lon,
        }

    search_parts: list[Any] = [event_type, sub_event_type, title, source]
    for actor in (actor1, actor2, *_members(actor1), *_members(actor2)):
        if actor:
            search_parts += [actor.get("name"), actor.get("name_ar"), actor.get("mention")]
    if loc:
        search_parts += [
            loc.get("name"),
            loc.get("name_ar"),
            loc.get("mention"),
            loc.get("admin1"),
            loc.get("admin2"),
            loc.get("country"),
        ]
    if attribution:
        search_parts.append(attribution.get("source"))
    search_parts += [e["text"] for e in evidence_rows]

    row = {
        "event_id": str(event.get("event_id") or f"{article_id}-{seq}"),
        "article_id": article_id,
        "seq": seq,
        "disorder_type": DISORDER_TYPE.get(event_type),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "event_date": event_date,
        "year": event_date.year if event_date else None,
        "time_precision": event.get("time_precision")
        if isinstance(event.get("time_precision"), int)
        else None,
        "actor1": actor_name(actor1),
        "actor1_ar": actor1.get("name_ar") if actor1 else None,
        "actor1_kind": actor1.get("kind") if actor1 else None,
        "assoc_actor_1": "; ".join(actor_name(m) or "" for m in _members(actor1)) or None,
        "inter1": inter1,
        "actor2": actor_name(actor2),
        "actor2_ar": actor2.get("name_ar") if actor2 else None,
        "actor2_kind": actor2.get("kind") if actor2 else None,
        "assoc_actor_2": "; ".join(actor_name(m) or "" for m in _members(actor2)) or None,
        "inter2": inter2,
        "interaction": interaction_code(inter1, inter2),
        "civilian_targeting": CIVILIAN_TARGETING if actor2 and actor2.get("kind") == "civilians" else None,
        "location": (loc.get("name") or loc.get("name_ar") or loc.get("mention")) if loc else None,
        "location_ar": loc.get("name_ar") if loc else None,
        "location_mention": loc.get("mention") if loc else None,
        "admin1": loc.get("admin1") if loc else None,
        "admin2": loc.get("admin2") if loc else None,
        "country": (country.name if country else loc.get("country")) if loc else None,
        "iso": country.iso_numeric if country else None,
        "region": country.region if country else None,
        "latitude": lat,
        "longitude": lon,
        "geo_precision": loc.get("geo_precision")
        if loc and isinstance(loc.get("geo_precision"), int)
        else None,
        "fatalities": f_best,
        "fatalities_min": f_min,
        "fatalities_max": f_max,
        "injuries": i_best,
        "injuries_min": i_min,
        "injuries_max": i_max,
        "casualties": c_best,
        "casualties_min": c_min,
        "casualties_max": c_max,
        "attribution_source": attribution.get("source") if attribution else None,
        "hedged": bool(attribution.get("hedged")) if attribution else None,
        "confidence": _float_or_none(event.get("confidence")),
        "source": source,
        "search_text": normalize_key(" ".join(str(p) for p in search_parts if p)),
        "record": event,
    }
    return FlatEvent(row=row, place=place, actors=actors, evidence=evidence_rows, claims=claim_rows)
