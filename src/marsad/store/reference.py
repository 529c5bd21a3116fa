"""Reference tables the store needs for ACLED columns and labels, read from data files once.

- countries: numeric ISO 3166 code, ISO3, ACLED region and Arabic name per country.
  `store/data/countries.tsv` is the base; where the gazetteer ships
  `knowledge/data/geo/countries.tsv` with an `iso_numeric` column, its codes win.
- labels: Arabic/English labels and colours of event types, sub-event types, actor kinds.
- source_scale: ACLED `source_scale` per outlet.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from marsad.text.normalize import normalize_key


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    name_ar: str | None
    iso_numeric: int | None
    iso3: str | None
    region: str | None


def _read_tsv(ref: Traversable) -> Iterator[dict[str, str]]:
    with ref.open("r", encoding="utf-8") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _data(name: str) -> Traversable:
    return resources.files("marsad.store").joinpath("data", name)


def _int_or_none(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.lstrip("-").isdigit() else None


@cache
def _country_index() -> dict[str, Country]:
    index: dict[str, Country] = {}
    for row in _read_tsv(_data("countries.tsv")):
        country = Country(
            name=row["name_en"],
            name_ar=row["name_ar"] or None,
            iso_numeric=_int_or_none(row["iso_numeric"]),
            iso3=row["iso3"] or None,
            region=row["acled_region"] or None,
        )
        names = [row["name_en"], row["name_ar"], row["iso3"], *row["alt_names"].split("|")]
        for name in names:
            key = normalize_key(name or "")
            if key:
                index.setdefault(key, country)
    _merge_gazetteer_codes(index)
    return index


def _merge_gazetteer_codes(index: dict[str, Country]) -> None:
    """Prefer the gazetteer's numeric codes (and learn its aliases) when it ships them, so the
    project has one source of truth; this module's table fills in ACLED regions and the rest."""
    ref = resources.files("marsad").joinpath("knowledge", "data", "geo", "countries.tsv")
    if not ref.is_file():
        return
    rows = list(_read_tsv(ref))
    if not rows or "iso_numeric" not in rows[0]:
        return
    for row in rows:
        code = _int_or_none(row.get("iso_numeric"))
        name = row.get("name_en") or row.get("country") or row.get("name") or ""
        key = normalize_key(name)
        if code is None or not key:
            continue
        known = index.get(key)
        merged = Country(
            name=known.name if known else name,
            name_ar=(known.name_ar if known else None) or row.get("name_ar") or None,
            iso_numeric=code,
            iso3=(known.iso3 if known else None) or (row.get("iso3") or None),
            region=(known.region if known else None) or (row.get("region") or None),
        )
        if known:
            for k, v in list(index.items()):
                if v is known:
                    index[k] = merged
        aliases = [name, row.get("name_ar") or "", *(row.get("alt_names") or "").split("|")]
        for alias in aliases:
            alias_key = normalize_key(alias)
            if alias_key:
                index.setdefault(alias_key, merged)
        index[key] = merged


def lookup_country(name: str | None) -> Country | None:
    """Country by English/Arabic name, common alias or ISO3; None when unknown."""
    if not name:
        return None
    return _country_index().get(normalize_key(name))


@cache
def labels() -> dict[str, dict[str, dict[str, str]]]:
    """{group: {value: {"en", "ar", "colour"}}} for event_type, sub_event_type, actor_kind."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for row in _read_tsv(_data("labels.tsv")):
        out.setdefault(row["group"], {})[row["value"]] = {
            "en": row["label_en"],
            "ar": row["label_ar"],
            "colour": row["colour"],
        }
    return out


@cache
def _source_scales() -> dict[str, str]:
    return {normalize_key(r["source"]): r["source_scale"] for r in _read_tsv(_data("source_scale.tsv"))}


def source_scale(source: str | None) -> str:
    return _source_scales().get(normalize_key(source or ""), "") if source else ""


@cache
def notes_templates() -> dict[str, Any]:
    import yaml

    with _data("notes.yaml").open("r", encoding="utf-8") as fh:
        return yaml.safe_load(fh)
