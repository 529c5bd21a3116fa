"""Distances, place matching and admin1 keys."""

from __future__ import annotations

import pytest

from marsad.evaluation.places import (
    admin1_key,
    admin1_matches,
    distance_km,
    same_place,
)
from marsad.geo.distance import haversine_km


def _at(lat: object, lon: object, **extra: object) -> dict:
    return {"location": {"lat": lat, "lon": lon, **extra}}


def test_haversine_one_degree_of_latitude() -> None:
    assert haversine_km(35.0, 36.0, 36.0, 36.0) == pytest.approx(111.19, abs=0.05)
    assert haversine_km(33.5, 36.3, 33.5, 36.3) == 0.0


def test_distance_needs_numeric_coordinates_on_both_sides() -> None:
    assert distance_km(_at(35.0, 36.0), _at(35.0, 36.0)) == 0.0
    assert distance_km(_at("35.0", "36.0"), _at(35.0, 36.0)) == 0.0  # numeric strings are read
    assert distance_km(_at(None, 36.0), _at(35.0, 36.0)) is None
    assert distance_km(_at("north", 36.0), _at(35.0, 36.0)) is None
    assert distance_km({"location": None}, _at(35.0, 36.0)) is None
    assert distance_km(_at(float("inf"), 36.0), _at(35.0, 36.0)) is None


def test_same_place_by_distance() -> None:
    gold = _at(35.0, 36.0, names=["الرستن"])
    assert same_place(_at(35.3, 36.0), gold)  # about 33 km
    assert not same_place(_at(35.5, 36.0), gold)  # about 56 km
    # Coordinates decide even when the names agree.
    assert not same_place(_at(36.0, 36.0, name="الرستن"), gold)


def test_same_place_by_name_when_engine_lacks_coordinates() -> None:
    gold = _at(35.0, 36.0, names=["Rastan", "الرستن"])
    assert (
        same_place({"location": {"mention": "مدينة الرستن"}}, gold) is False
    )  # one-word gold name: whole only
    assert same_place({"location": {"mention": "رستن"}}, gold)  # al- stripped
    assert same_place({"location": {"name": "rastan"}}, gold)
    assert not same_place({"location": None}, gold)


def test_same_place_gold_without_coordinates_accepts_admin1() -> None:
    gold = {"location": {"names": ["ريف حمص الشمالي"], "admin1": "Homs", "lat": None, "lon": None}}
    assert same_place({"location": {"mention": "ريف حمص الشمالي", "lat": 34.8, "lon": 36.7}}, gold)
    assert same_place({"location": {"name": "Talbiseh", "admin1": "Homs Governorate"}}, gold)
    assert not same_place({"location": {"name": "Talbiseh", "admin1": "Hama"}}, gold)
    assert not same_place({"location": {"name": "Talbiseh"}}, gold)


def test_same_place_when_neither_has_a_location() -> None:
    assert same_place({"location": None}, {"location": None})
    assert not same_place({"location": {"name": "حمص"}}, {"location": None})


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hodeidah", "Al-Hudaydah"),
        ("Hodeidah", "Al Hudaydah"),
        ("Sa'dah", "Sadah"),
        ("Saada Governorate", "Sadah"),
        ("Rural Damascus", "Rif Dimashq"),
        ("Damascus Countryside", "Rif Dimashq"),
        ("Thi-Qar", "Dhi Qar"),
        ("Nineveh Province", "Ninawa"),
        ("Al Anbar", "Anbar"),
        ("Gaza", "Gaza Strip"),
        ("As-Sweida", "Sweida"),
        ("Idleb", "Idlib"),
        ("Ḥalab", "Halab"),  # accents folded to ASCII
    ],
)
def test_admin1_key_equivalences(a: str, b: str) -> None:
    assert admin1_key(a) == admin1_key(b)
    assert admin1_matches(a, b)


@pytest.mark.parametrize(
    ("a", "b"), [("Aleppo", "Idlib"), ("Homs", "Hama"), ("Damascus", "Rif Dimashq"), ("Baghdad", "Basrah")]
)
def test_admin1_key_keeps_areas_apart(a: str, b: str) -> None:
    assert admin1_key(a) != admin1_key(b)
    assert not admin1_matches(a, b)


def test_admin1_in_arabic_keys_on_its_folded_form() -> None:
    assert admin1_key("الحُديدة") == "الحديده"
    assert admin1_matches("الحديدة", "الحديده")
    assert not admin1_matches("الحديدة", "Al Hudaydah")
    assert not admin1_matches(None, "Aleppo")
    assert not admin1_matches("", "Aleppo")
