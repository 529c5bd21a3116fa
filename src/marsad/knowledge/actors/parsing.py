"""Reading and validating the actor data files (``knowledge/data/actors/``).

One YAML file per region lists actors; ``countries.tsv`` gives the Arabic names of
countries and ``framing.tsv`` partisan labels. Every rule a file breaks raises
:class:`ActorDataError` naming the file, the entry and the field.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from marsad.knowledge.actors.records import BRANCHES, KIND_INTER, Actor, ActorDataError
from marsad.text.normalize import normalize_key

_FIELDS = frozenset(
    {
        "id",
        "name",
        "name_ar",
        "kind",
        "inter",
        "country",
        "active",
        "aliases_ar",
        "aliases_en",
        "member_of",
        "parent",
        "successor",
        "branch",
        "generic",
        "sources",
        "note",
        "shared_aliases",
        "period_names",
    }
)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

Period = tuple[int | None, int | None]


def read_actor_files(data_dir: Path) -> list[Actor]:
    """Every actor of the ``*.yaml`` files in ``data_dir``, in file-name order."""
    actors: list[Actor] = []
    for path in sorted(data_dir.glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            raw = yaml.load(fh, Loader=yaml.CSafeLoader)
        if raw is None:
            continue
        if not isinstance(raw, list):
            raise ActorDataError(f"{path.name}: expected a list of actors")
        actors.extend(parse_actor(item, f"{path.name}[{i}]") for i, item in enumerate(raw))
    return actors


def _as_year(value: object, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and 1900 <= value <= 2100:
        return value
    raise ActorDataError(f"{where}: bad year {value!r}")


def _strings(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ActorDataError(f"{where}: expected a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _check_identity(raw: dict[str, Any], where: str) -> tuple[str, str, int]:
    """The required fields are there, the id is well formed and kind agrees with inter."""
    unknown = set(raw) - _FIELDS
    if unknown:
        raise ActorDataError(f"{where}: unknown fields {sorted(unknown)}")
    for key in ("id", "name", "name_ar", "kind", "inter"):
        if key not in raw:
            raise ActorDataError(f"{where}: missing {key}")
    actor_id = raw["id"]
    if not isinstance(actor_id, str) or not _ID.match(actor_id):
        raise ActorDataError(f"{where} ({actor_id}): bad id")
    kind, inter = raw["kind"], raw["inter"]
    if kind not in KIND_INTER:
        raise ActorDataError(f"{where} ({actor_id}): unknown kind {kind!r}")
    if KIND_INTER[kind] != inter:
        raise ActorDataError(
            f"{where} ({actor_id}): kind {kind} needs inter {KIND_INTER[kind]}, not {inter!r}"
        )
    return actor_id, kind, KIND_INTER[kind]


def _active(raw: dict[str, Any], where: str) -> Period:
    active = raw.get("active") or [None, None]
    if not isinstance(active, list) or len(active) != 2:
        raise ActorDataError(f"{where}: active must be [from, to]")
    start, end = _as_year(active[0], where), _as_year(active[1], where)
    if start is not None and end is not None and end < start:
        raise ActorDataError(f"{where}: active period ends before it starts")
    return start, end


def _coalitions(raw: dict[str, Any], where: str) -> tuple[tuple[str, int | None, int | None], ...]:
    coalitions: list[tuple[str, int | None, int | None]] = []
    for m in raw.get("member_of") or []:
        if not isinstance(m, dict) or "coalition" not in m or set(m) - {"coalition", "from", "to"}:
            raise ActorDataError(f"{where}: member_of entries are {{coalition, from, to}}")
        coalitions.append((m["coalition"], _as_year(m.get("from"), where), _as_year(m.get("to"), where)))
    return tuple(coalitions)


def _period_names(raw: dict[str, Any], where: str) -> tuple[tuple[int | None, int | None, str], ...]:
    period_names: list[tuple[int | None, int | None, str]] = []
    for p in raw.get("period_names") or []:
        if not isinstance(p, dict) or set(p) != {"from", "to", "name"} or not isinstance(p["name"], str):
            raise ActorDataError(f"{where}: period_names entries are {{from, to, name}}")
        period_names.append((_as_year(p["from"], where), _as_year(p["to"], where), p["name"].strip()))
    return tuple(period_names)


def parse_actor(raw: object, where: str) -> Actor:
    """One actor entry of a data file, checked field by field."""
    if not isinstance(raw, dict):
        raise ActorDataError(f"{where}: an actor must be a mapping")
    actor_id, kind, inter = _check_identity(raw, where)
    where = f"{where} ({actor_id})"
    active = _active(raw, where)
    coalitions = _coalitions(raw, where)
    branch = raw.get("branch")
    if branch is not None and branch not in BRANCHES:
        raise ActorDataError(f"{where}: unknown branch {branch!r}")
    period_names = _period_names(raw, where)
    sources = _strings(raw.get("sources"), f"{where} sources")
    generic = bool(raw.get("generic", False))
    if not sources and not generic:
        raise ActorDataError(f"{where}: a named actor needs sources")
    return Actor(
        id=actor_id,
        name=str(raw["name"]).strip(),
        name_ar=str(raw["name_ar"]).strip(),
        kind=kind,
        inter=inter,
        country=raw.get("country"),
        active=active,
        parent=raw.get("parent"),
        generic=generic,
        coalitions=coalitions,
        aliases_ar=_strings(raw.get("aliases_ar"), f"{where} aliases_ar"),
        aliases_en=_strings(raw.get("aliases_en"), f"{where} aliases_en"),
        branch=branch,
        successor=raw.get("successor"),
        sources=sources,
        period_names=period_names,
        shared_aliases=_strings(raw.get("shared_aliases"), f"{where} shared_aliases"),
    )


def _tsv_rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of a tab-separated file under its header line; none when there is no file."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, delimiter="\t")


def read_countries(path: Path) -> dict[str, str]:
    """Country name -> its Arabic name (``countries.tsv``)."""
    return {row["country"].strip(): row["country_ar"].strip() for row in _tsv_rows(path)}


def read_framing(path: Path) -> dict[str, str]:
    """Normalised partisan word -> its meaning (``framing.tsv``)."""
    out: dict[str, str] = {}
    for row in _tsv_rows(path):
        word = normalize_key(row["word"])
        if word:
            out[word] = row["meaning"].strip()
    return out
