"""The packaged gazetteer: known places, name variants, API shape and load time."""

from __future__ import annotations

import pytest

from marsad.geo.gazetteer import DEFAULT_PATH, Gazetteer, Place, latin_skeleton
from marsad.text.normalize import normalize_key


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def best(gaz: Gazetteer, name: str, country: str | None = None) -> Place:
    """The candidate a simple reader would take: with coordinates, then the largest."""
    cands = [p for p in gaz.candidates(normalize_key(name)) if country is None or p.country_iso2 == country]
    assert cands, f"no candidates for {name}"
    cands.sort(key=lambda p: (not p.has_coords, p.feature.startswith("admin"), -p.population))
    return cands[0]


def test_default_instance_is_cached() -> None:
    assert Gazetteer.load() is Gazetteer.load()


def test_a_fresh_load_reads_the_whole_artefact() -> None:
    # How fast it loads is bench/geo.py's to measure (a timed test fails on a busy machine).
    fresh = Gazetteer.load(DEFAULT_PATH)
    assert len(fresh) > 10_000 and fresh is not Gazetteer.load()


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon", "admin1"),
    [
        ("حلب", "SY", 36.20, 37.16, "Aleppo"),
        ("الموصل", "IQ", 36.34, 43.12, "Ninewa"),
        ("تعز", "YE", 13.58, 44.02, "Taizz"),
        ("مقديشو", "SO", 2.04, 45.34, "Banadir"),
        ("سرت", "LY", 31.21, 16.59, "Sirt"),
    ],
)
def test_known_places(
    gaz: Gazetteer, km, name: str, country: str, lat: float, lon: float, admin1: str
) -> None:
    p = best(gaz, name, country)
    assert p.lat is not None and p.lon is not None
    assert km(p.lat, p.lon, lat, lon) < 10
    assert p.admin1 == admin1
    assert p.country == gaz.country(country).name_en  # type: ignore[union-attr]


def test_khan_tuman(gaz: Gazetteer, km) -> None:
    """Khan Tuman is known with its admin links; any point it carries must be the
    right one (within 10 km of the village), never a guess elsewhere."""
    cands = [p for p in gaz.candidates(normalize_key("خان طومان")) if p.country_iso2 == "SY"]
    assert cands
    assert all(p.admin1 == "Aleppo" and p.admin2 == "Mount Simeon" for p in cands)
    for p in cands:
        if p.has_coords:
            assert km(p.lat, p.lon, 36.107, 37.037) < 10  # type: ignore[arg-type]
            assert p.source


@pytest.mark.parametrize("spelling", ["Khan Tuman", "Khan Touman", "Khan Toman", "khan-tuman"])
def test_latin_transliterations(gaz: Gazetteer, spelling: str) -> None:
    ids = {p.id for p in gaz.candidates(normalize_key(spelling))}
    assert ids & {p.id for p in gaz.candidates(normalize_key("خان طومان"))}


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [("Mosul", "الموصل"), ("Deir ez-Zor", "دير الزور"), ("Hodeidah", "الحديدة"), ("Mogadishu", "مقديشو")],
)
def test_latin_and_arabic_meet(gaz: Gazetteer, latin: str, arabic: str) -> None:
    latin_ids = {p.id for p in gaz.candidates(normalize_key(latin))}
    arabic_ids = {p.id for p in gaz.candidates(normalize_key(arabic))}
    assert latin_ids & arabic_ids


def test_article_added_and_dropped(gaz: Gazetteer) -> None:
    with_article = {p.id for p in gaz.candidates(normalize_key("الموصل"))}
    without = {p.id for p in gaz.candidates(normalize_key("موصل"))}
    assert with_article and with_article == without


def test_short_words_keep_their_article(gaz: Gazetteer) -> None:
    # "الباب" (al-Bab) must not turn into the common word "باب" among the automaton keys,
    # while long names also get their bare form ("موصل" for "الموصل").
    keys = set(gaz.alias_keys())
    assert "الباب" in keys and "باب" not in keys
    assert "موصل" in keys


def test_loose_latin_matching_needs_a_long_skeleton(gaz: Gazetteer) -> None:
    # A three-consonant skeleton ("nhm") would match unrelated towns; it is not used.
    assert all(p.country_iso2 != "JP" for p in gaz.candidates(normalize_key("Nihm")))
    assert gaz.candidates(normalize_key("Khan Toumann"))  # a long one still is


def test_alias_keys_are_normalised(gaz: Gazetteer) -> None:
    keys = list(gaz.alias_keys())
    assert len(keys) > 20_000
    for k in keys[:5000]:
        assert k == normalize_key(k)


def test_country_lookup(gaz: Gazetteer) -> None:
    for name in ("SY", "sy", "سوريا", "سورية", "Syria"):
        p = gaz.country(name)
        assert p is not None and p.country_iso2 == "SY" and p.feature == "country"
    assert gaz.country("ZZ") is None


def test_admin1_lookup(gaz: Gazetteer) -> None:
    ninewa = gaz.admin1("IQ", "نينوى")
    assert ninewa is not None and ninewa.name_en == "Ninewa" and ninewa.has_coords
    assert gaz.admin1("IQ", "محافظة نينوى") == ninewa
    assert gaz.admin1("YE", "الحديدة").name_en == "Al Hudaydah"  # type: ignore[union-attr]
    assert gaz.admin1("SY", "ريف دمشق").name_en == "Rif Dimashq"  # type: ignore[union-attr]
    assert gaz.admin1("AF", "ننجرهار").name_en == "Nangarhar"  # type: ignore[union-attr]
    assert gaz.admin1("SY", "نينوى") is None


def test_iraq_governorates_have_points(gaz: Gazetteer) -> None:
    names = [
        "Ninewa",
        "Al Anbar",
        "Baghdad",
        "Al Basrah",
        "Kirkuk",
        "Salah al Din",
        "Diyala",
        "Erbil",
        "Dahuk",
        "Sulaymaniyah",
        "Babil",
        "Kerbala",
        "An Najaf",
        "Wassit",
        "Maysan",
        "Thi-Qar",
        "Al Muthanna",
        "Al Qadissiya",
    ]
    for name in names:
        p = gaz.admin1("IQ", name)
        assert p is not None and p.has_coords, name


def test_stats_shape(gaz: Gazetteer) -> None:
    stats = gaz.stats()
    sy = stats["countries"]["SY"]
    assert sy["rows"] > 8000
    assert sy["with_coords"] > 600
    assert stats["total"]["country"] >= 80
    assert stats["total"]["with_coords"] == sum(c.get("with_coords", 0) for c in stats["countries"].values())


def test_syrian_communities_without_points_stay(gaz: Gazetteer) -> None:
    unplaced = [p for p in gaz.candidates(normalize_key("زيتان")) if p.country_iso2 == "SY"]
    assert unplaced and all(p.admin1 == "Aleppo" for p in unplaced)


def test_latin_skeleton() -> None:
    assert latin_skeleton("Khan Touman") == latin_skeleton("khan toman") == latin_skeleton("Khān Ţūmān")
    assert latin_skeleton("Deir ez-Zor") == latin_skeleton("Dair al-Zour")


def test_a_shared_place_matched_to_geonames_carries_its_population() -> None:
    # Douma (Rif Dimashq) is an OCHA community whose GeoNames twin gives the population:
    # without it a West Bank village of the same name won.
    from marsad.extract.pipeline import extract_record

    rec = extract_record(
        {"id": "g", "published": "2018-04-10", "text": "قتل 40 شخصا في هجوم كيماوي على مدينة دوما يوم السبت."}
    )
    assert rec["events"] and rec["events"][0]["location"]["country"] == "Syria"


@pytest.mark.parametrize("name", ["محافظة إدلب", "ولاية سطيف", "محافظة مادبا"])
def test_a_province_name_is_never_a_towns_alternate(gaz: Gazetteer, name: str) -> None:
    # GeoNames gives some cities their province's name as an alternate; the build drops it.
    towns = [
        p for p in gaz.candidates(normalize_key(name)) if p.feature not in ("admin1", "admin2", "country")
    ]
    assert towns == []
