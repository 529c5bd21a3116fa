"""The gazetteer routes of the dashboard: the candidates a place name may be (the reviewer's
place picker, ranked as `marsad where` ranks them) and the admin-1 / large-town labels of the map."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.api import create_app
from marsad.store import Store


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with Store(f"sqlite:///{tmp_path / 'places.db'}") as store, TestClient(create_app(store=store)) as c:
        yield c


def test_candidates_for_a_name_best_first_with_precision(client: TestClient) -> None:
    r = client.get("/api/places/candidates", params={"name": "إدلب"})
    assert r.status_code == 200
    found = r.json()["candidates"]
    by_feature = {c["feature"]: c for c in found}
    # The province, the city and the district are all "إدلب"; each says what coding to it means.
    assert {"admin1", "community", "admin2"} <= set(by_feature)
    assert by_feature["admin1"]["geo_precision"] == 3 and by_feature["admin1"]["admin1"] == "Idlib"
    assert by_feature["community"]["geo_precision"] == 1
    assert by_feature["admin2"]["geo_precision"] == 2
    assert all(c["country"] == "Syria" and c["lat"] is not None for c in found)
    assert [c["score"] for c in found] == sorted((c["score"] for c in found), reverse=True)
    assert "exact name" in found[0]["why"]


def test_candidates_latin_within_a_country_and_unknown_names(client: TestClient) -> None:
    latin = client.get("/api/places/candidates", params={"name": "Idlib", "country": "SY"}).json()
    assert latin["candidates"] and all(c["country_iso2"] == "SY" for c in latin["candidates"])
    by_name = client.get("/api/places/candidates", params={"name": "Idlib", "country": "Syria"}).json()
    assert by_name["candidates"] == latin["candidates"]
    assert (
        client.get("/api/places/candidates", params={"name": "Idlib", "country": "Atlantis"}).json()[
            "candidates"
        ]
        == []
    )
    assert client.get("/api/places/candidates", params={"name": "Idlib", "limit": 1}).json()["candidates"][0][
        "name"
    ] in ("Idlib", "Idleb")
    # A community the gazetteer knows without a point is offered, and says it has none.
    khan = client.get("/api/places/candidates", params={"name": "خان طومان"}).json()["candidates"]
    assert khan and khan[0]["lat"] is None and "no coordinates" in khan[0]["why"]
    assert (
        client.get("/api/places/candidates", params={"name": "قرية لا وجود لها أبدا"}).json()["candidates"]
        == []
    )
    assert client.get("/api/places/candidates").status_code == 422


def test_map_labels_of_the_countries_asked(client: TestClient) -> None:
    labels = client.get("/api/map/labels", params={"country": ["Syria", "IQ"]}).json()["labels"]
    admin1 = [x for x in labels if x["kind"] == "admin1"]
    assert len([x for x in admin1 if x["country"] == "Syria"]) == 14  # Syria's governorates
    assert len([x for x in admin1 if x["country"] == "Iraq"]) == 19  # Iraq's provinces
    idlib = next(x for x in admin1 if x["name"] == "Idlib")
    assert idlib["name_ar"] == "إدلب" and 35 < idlib["lat"] < 36.5 and 36 < idlib["lon"] < 37.2
    towns = [x for x in labels if x["kind"] == "town"]
    assert any(x["name"] == "Erbil" for x in towns)
    assert all(x["lat"] is not None and x["lon"] is not None for x in labels)
    assert client.get("/api/map/labels").json() == {"labels": []}
    assert client.get("/api/map/labels", params={"country": "Atlantis"}).json() == {"labels": []}
