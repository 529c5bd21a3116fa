"""Place comparison used by the scorer: distances, place matching and admin1 keys."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from marsad.evaluation.names import fold_name, names_match
from marsad.geo.distance import ROUND_EARTH_RADIUS_KM, haversine_km

# An engine place this close to the gold place counts as the same place.
SAME_PLACE_KM = 50.0


def location_of(event: dict[str, Any]) -> dict[str, Any]:
    """The event's location object, {} when absent (or not an object)."""
    location = event.get("location")
    return location if isinstance(location, dict) else {}


def distance_km(system_event: dict[str, Any], gold_event: dict[str, Any]) -> float | None:
    """Kilometres between the engine's and the gold place; None when either lacks coordinates."""
    system_loc, gold_loc = location_of(system_event), location_of(gold_event)
    try:
        return haversine_km(
            float(system_loc["lat"]),
            float(system_loc["lon"]),
            float(gold_loc["lat"]),
            float(gold_loc["lon"]),
            ROUND_EARTH_RADIUS_KM,
        )
    except (KeyError, TypeError, ValueError):
        # Missing or non-numeric coordinates (and infinities, which math.sin rejects).
        return None


def place_names(location: dict[str, Any]) -> list[Any]:
    """The names an engine location offers for name matching."""
    return [location.get("mention"), location.get("name"), location.get("name_ar")]


def same_place(system_event: dict[str, Any], gold_event: dict[str, Any]) -> bool:
    """Whether an engine event is at the gold event's place.

    Within SAME_PLACE_KM when both have coordinates; otherwise by name, and when the
    gold place itself has no coordinates (a country or province only) also by admin1.
    """
    system_loc, gold_loc = location_of(system_event), location_of(gold_event)
    if not gold_loc and not system_loc:
        return True
    d = distance_km(system_event, gold_event)
    if d is not None:
        return d <= SAME_PLACE_KM
    by_name = names_match(place_names(system_loc), gold_loc.get("names") or [])
    if gold_loc and gold_loc.get("lat") is None:
        return by_name or _same_admin1_key(system_loc.get("admin1"), gold_loc.get("admin1"))
    return by_name


def _same_admin1_key(system_admin1: Any, gold_admin1: Any) -> bool:
    return bool(gold_admin1) and bool(system_admin1) and admin1_key(system_admin1) == admin1_key(gold_admin1)


def admin1_matches(system_admin1: Any, gold_admin1: Any) -> bool:
    """Whether the engine's admin1 names the gold admin1 (same folded name or same key)."""
    if not system_admin1:
        return False
    return fold_name(system_admin1) == fold_name(gold_admin1) or admin1_key(system_admin1) == admin1_key(
        gold_admin1
    )


@dataclass(frozen=True, slots=True)
class _Admin1Conventions:
    aliases: dict[str, str]
    generic_words: re.Pattern[str]
    article_words: frozenset[str]


@cache
def _conventions() -> _Admin1Conventions:
    raw = yaml.safe_load(
        resources.files("marsad.evaluation").joinpath("data/admin1_key.yaml").read_text(encoding="utf-8")
    )
    generic = "|".join(re.escape(w) for w in raw["generic_words"])
    return _Admin1Conventions(
        aliases={str(k): str(v) for k, v in raw["aliases"].items()},
        generic_words=re.compile(rf"\b({generic})\b"),
        article_words=frozenset(raw["article_words"]),
    )


_ASCII_SEPARATORS = re.compile(r"[-'`’_.,]")
_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLED = re.compile(r"(.)\1+")


def admin1_key(name: Any) -> str:
    """Spelling-insensitive key of an admin1 name.

    "Al-Hudaydah" and "Hodeidah", "Sa'dah" and "Sadah", "Rural Damascus" and "Rif Dimashq"
    share a key: ASCII-folded, generic and article words dropped, aliases applied, then
    reduced to a consonant skeleton. Names with no Latin letters key on their folded form.
    """
    conv = _conventions()
    s = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode().lower()
    s = conv.generic_words.sub(" ", _ASCII_SEPARATORS.sub(" ", s))
    s = " ".join(s.split())
    s = conv.aliases.get(s, s)
    joined = "".join(w for w in s.split() if w not in conv.article_words)
    if not joined:
        return fold_name(name)
    skeleton = _VOWELS.sub("", joined).rstrip("h")
    return _DOUBLED.sub(r"\1", skeleton) or joined
