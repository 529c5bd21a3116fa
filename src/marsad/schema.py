"""The output contract (`event-schema.md`): ACLED taxonomy, closed vocabularies, JSON Schema.

The one contract between the engine and everything that stores, serves or exports.
"""

import json
from functools import cache
from importlib import resources
from typing import Any, Literal, NotRequired, TypedDict

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


# Typed records, matching article_record.schema.json field for field: what the engine
# returns and what store, fusion, exports and the API read.


class Count(TypedDict):
    min: int | None
    max: int | None
    best: int | None


class ActorRecord(TypedDict):
    mention: str
    name: str
    name_ar: str | None
    kind: str  # one of ACTOR_KINDS
    members: list["ActorRecord"]
    inter: NotRequired[int]  # ACLED inter code
    inferred: NotRequired[bool]  # no alias in the text: read from context (a generic actor)


class LocationRecord(TypedDict):
    mention: str
    name: str | None
    name_ar: str | None
    admin1: str | None
    admin2: str | None
    country: str | None
    lat: float | None
    lon: float | None
    geo_precision: Literal[1, 2, 3]


class Loss(TypedDict):
    item: str  # one of LOSS_ITEMS
    count: int
    side: Literal["actor1", "actor2"] | None


class Attribution(TypedDict):
    source: str | None
    hedged: bool


class EvidenceSpan(TypedDict):
    start: int  # offsets into the original text
    end: int
    text: str


class EventRecord(TypedDict):
    event_id: str
    event_type: str  # one of EVENT_TYPES
    sub_event_type: str  # a key of SUB_EVENT_TYPES
    date: str | None  # YYYY-MM-DD
    time_precision: Literal[1, 2, 3]
    actor1: ActorRecord | None
    actor2: ActorRecord | None
    location: LocationRecord | None
    fatalities: Count | None
    injuries: Count | None
    casualties: Count | None
    losses: list[Loss]
    attribution: Attribution | None
    evidence: list[EvidenceSpan]
    confidence: float
    framing: NotRequired[list[str]]
    claims: NotRequired[list[dict[str, Any]]]  # added by fusion: one claim per outlet


# The fields of an event record that code what happened, in record order: all but its id, its
# evidence, and the engine's confidence and additions. They are what an analyst can correct.
CODED_FIELDS: tuple[str, ...] = tuple(
    k
    for k in EventRecord.__annotations__
    if k not in {"event_id", "evidence", "confidence", "framing", "claims"}
)


class ArticleRecord(TypedDict):
    article_id: str
    source: str | None
    published: str | None  # YYYY-MM-DD
    language: str | None
    events: list[EventRecord]
    errors: list[str]


@cache
def article_json_schema() -> dict[str, Any]:
    """The JSON Schema of one article record, shipped with the package."""
    ref = resources.files("marsad").joinpath("article_record.schema.json")
    return json.loads(ref.read_text(encoding="utf-8"))
