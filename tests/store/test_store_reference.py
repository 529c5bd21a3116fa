"""The store's data files: countries (ISO numeric, ACLED region), labels, notes templates."""

from __future__ import annotations

import csv
from importlib import resources

from marsad.schema import ACTOR_KINDS, EVENT_TYPES, SUB_EVENT_TYPES
from marsad.store.reference import labels, lookup_country, notes_templates, source_scale

ACLED_REGIONS = {
    "Western Africa",
    "Middle Africa",
    "Eastern Africa",
    "Southern Africa",
    "Northern Africa",
    "South Asia",
    "Southeast Asia",
    "East Asia",
    "Middle East",
    "Europe",
    "Caucasus and Central Asia",
    "Central America",
    "South America",
    "Caribbean",
    "North America",
    "Oceania",
    "Antarctica",
}


def _rows(package: str, *path: str) -> list[dict[str, str]]:
    ref = resources.files(package).joinpath(*path)
    if not ref.is_file():
        return []
    with ref.open(encoding="utf-8") as fh:
        return list(csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"))


def test_country_table_is_complete_and_unique() -> None:
    rows = _rows("marsad.store", "data", "countries.tsv")
    assert len(rows) > 190
    assert len({r["iso3"] for r in rows}) == len(rows)
    assert len({r["iso_numeric"] for r in rows}) == len(rows)
    assert {r["acled_region"] for r in rows} <= ACLED_REGIONS
    assert all(r["name_ar"] for r in rows)


def test_codes_agree_with_the_gazetteer_where_both_have_them() -> None:
    gazetteer = _rows("marsad", "knowledge", "data", "geo", "countries.tsv")
    if not gazetteer:
        return  # the store's own table is then the only source
    for row in gazetteer:
        if row.get("iso_numeric", "").strip():
            found = lookup_country(row["name_en"])
            assert found is not None and found.iso_numeric == int(row["iso_numeric"]), row["name_en"]


def test_lookup_by_english_arabic_alias_and_iso3() -> None:
    for name in ("Syria", "syria", "سوريا", "سورية", "SYR", "Syrian Arab Republic"):
        found = lookup_country(name)
        assert found is not None and (found.name, found.iso_numeric, found.region) == (
            "Syria",
            760,
            "Middle East",
        )
    assert lookup_country("Dem. Rep. Congo").iso_numeric == 180  # type: ignore[union-attr]
    assert lookup_country("Atlantis") is None and lookup_country(None) is None


def test_labels_cover_the_whole_taxonomy() -> None:
    table = labels()
    assert set(table["event_type"]) == set(EVENT_TYPES)
    assert set(table["sub_event_type"]) == set(SUB_EVENT_TYPES)
    assert set(table["actor_kind"]) == set(ACTOR_KINDS)
    assert all(v["ar"] and v["colour"].startswith("#") for v in table["event_type"].values())


def test_notes_have_a_template_for_every_sub_event_type() -> None:
    templates = notes_templates()["templates"]
    assert set(templates) == set(SUB_EVENT_TYPES)
    for forms in templates.values():
        assert set(forms) == {"both", "one"}
        assert "{actor2}" in forms["both"] and "{actor2}" not in forms["one"]


def test_source_scale() -> None:
    assert source_scale("BBC") == "International"
    assert source_scale("skynews") == "Regional"
    assert source_scale("unknown outlet") == "" and source_scale(None) == ""
