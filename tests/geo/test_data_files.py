"""The curated geo data files: well-formed rows, and every coordinate with its source."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "src" / "marsad" / "knowledge" / "data" / "geo"
FILES = {
    "countries.tsv": [
        "iso2",
        "iso_numeric",
        "name_en",
        "name_ar",
        "alt_names",
        "lat",
        "lon",
        "region",
        "source",
    ],
    "admin1.tsv": [
        "country_iso2",
        "name_en",
        "name_ar",
        "alt_names",
        "geonames_admin1",
        "lat",
        "lon",
        "source",
    ],
    "places_curated.tsv": [
        "country_iso2",
        "name_en",
        "name_ar",
        "alt_names",
        "feature",
        "admin1",
        "admin2",
        "lat",
        "lon",
        "source",
    ],
    "places_geonames_world.tsv": [
        "country_iso2",
        "name_en",
        "name_ar",
        "alt_names",
        "feature",
        "admin1",
        "admin2",
        "lat",
        "lon",
        "population",
        "geonames_admin1",
        "source",
    ],
}
FEATURES = {
    "capital",
    "city",
    "town",
    "village",
    "neighbourhood",
    "site",
    "region",
    "camp",
    "base",
    "airport",
    "dam",
    "hill",
    "crossing",
    "mountain",
    "island",
    "port",
    "field",
    "prison",
    "water",
}


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == FILES[name]
        return list(reader)


@pytest.mark.parametrize("name", sorted(FILES))
def test_rows_are_well_formed(name: str) -> None:
    for i, r in enumerate(rows(name), start=2):
        assert None not in r.values(), f"{name}:{i} has too few columns"
        assert r["name_en"].strip() and (r.get("name_ar") is not None), f"{name}:{i}"
        lat, lon = r["lat"], r["lon"]
        assert bool(lat) == bool(lon), f"{name}:{i} has half a coordinate"
        if lat:
            assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180, f"{name}:{i}"
            assert r["source"].strip(), f"{name}:{i} has a coordinate without a source"
        for alt in r["alt_names"].split("|") if r["alt_names"] else []:
            assert alt.strip() == alt and alt, f"{name}:{i} has an empty or padded alias"
        if "feature" in r and name == "places_curated.tsv":
            assert r["feature"] in FEATURES, f"{name}:{i} feature {r['feature']!r}"


def test_countries_cover_the_brief() -> None:
    table = {r["iso2"]: r for r in rows("countries.tsv")}
    assert len(table) >= 80
    arab_league = [
        "DZ",
        "BH",
        "KM",
        "DJ",
        "EG",
        "IQ",
        "JO",
        "KW",
        "LB",
        "LY",
        "MR",
        "MA",
        "OM",
        "PS",
        "QA",
        "SA",
        "SO",
        "SD",
        "SY",
        "TN",
        "AE",
        "YE",
    ]
    others = [
        "IR",
        "TR",
        "IL",
        "AF",
        "PK",
        "IN",
        "NG",
        "NE",
        "TD",
        "ML",
        "BF",
        "CM",
        "KE",
        "ET",
        "SS",
        "CF",
        "CD",
        "US",
        "RU",
        "FR",
        "GB",
        "DE",
        "UA",
        "VE",
        "NI",
        "MX",
        "MM",
        "PH",
        "ID",
        "CN",
    ]
    for cc in arab_league + others:
        assert cc in table, cc
        assert table[cc]["name_ar"] and table[cc]["lat"] and table[cc]["region"], cc
    assert all(len(r["iso_numeric"]) == 3 for r in table.values() if r["iso_numeric"])
    assert table["SY"]["iso_numeric"] == "760"


def test_admin1_has_the_main_conflict_countries() -> None:
    per: dict[str, int] = {}
    for r in rows("admin1.tsv"):
        per[r["country_iso2"]] = per.get(r["country_iso2"], 0) + (1 if r["lat"] else 0)
    expected = {"IQ": 18, "YE": 20, "LY": 20, "AF": 33, "NG": 36, "SO": 17, "EG": 27, "SD": 18, "LB": 8}
    for cc, n in expected.items():
        assert per.get(cc, 0) >= n, f"{cc}: {per.get(cc, 0)} admin1 rows with coordinates"
