"""The output contract (`event-schema.md`): ACLED taxonomy, closed vocabularies, JSON Schema.

The one contract between the engine and everything that stores, serves or exports.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SUB_EVENT_TYPES: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}
EVENT_TYPES: tuple[str, ...] = tuple(dict.fromkeys(SUB_EVENT_TYPES.values()))

DISORDER_TYPE: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence; Demonstrations",
    "Strategic developments": "Strategic developments",
}

LOSS_ITEMS: tuple[str, ...] = (
    "tank",
    "armoured_vehicle",
    "technical",
    "military_vehicle",
    "pickup",
    "aircraft",
    "helicopter",
    "drone",
    "artillery",
    "weapons_depot",
    "other",
)

ACTOR_KINDS: tuple[str, ...] = (
    "state",
    "rebel",
    "political_militia",
    "identity_militia",
    "rioters",
    "protesters",
    "civilians",
    "external",
)

# ACLED inter codes by actor kind.
INTER_CODE: dict[str, int] = {
    "state": 1,
    "rebel": 2,
    "political_militia": 3,
    "identity_militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external": 8,
}


@cache
def article_json_schema() -> dict[str, Any]:
    """The JSON Schema of one article record, shipped with the package."""
    ref = resources.files("marsad").joinpath("article_record.schema.json")
    return json.loads(ref.read_text(encoding="utf-8"))
