"""Review over real HTTP (uvicorn on loopback): reads open, actions behind the write token,
409 with the current version for a stale save, 404/422 for what cannot be right, and the
exports and event pages carrying the review."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from tests.conftest import TEXT_IDLIB, LiveServer, make_handmade

from marsad.api import create_app
from marsad.service import ingest
from marsad.store import Store

TOKEN = "review-token-456"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def api(db_url: str, live_server: Callable[[Any], LiveServer]) -> Iterator[httpx.Client]:
    hm = make_handmade()
    with Store(db_url) as store:
        ingest(store, hm.items, extract=hm.extract, origin="test")
        live = live_server(create_app(store=store, token=TOKEN))
        with httpx.Client(base_url=live.url, timeout=30) as client:
            yield client


def _csv(api: httpx.Client) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(api.get("/api/incidents.csv").text)))


def test_without_the_token_reviews_are_read_only(api: httpx.Client) -> None:
    body = {"version": 0, "reviewer": "amal"}
    for path in ("confirm/t-idlib-e1", "reject/t-idlib-e1", "edit/t-idlib-e1", "merge/t-idlib-e1"):
        r = api.post(f"/api/reviews/{path}", json=body)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer", path
    wrong = api.post("/api/reviews/confirm/t-idlib-e1", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert api.get("/api/review/session").status_code == 401
    assert api.get("/api/review/session", headers=AUTH).json()["reasons"] == [
        "not_news",
        "duplicate",
        "not_conflict",
        "other",
    ]
    assert api.get("/api/review/queue").json()["total"] == 4
    assert api.get("/api/reviews").json() == {"reviews": []}
    assert api.get("/api/events/t-idlib-e1").json()["review_status"] == "unreviewed"


def test_edit_then_a_stale_save_gets_409_with_the_current_version(api: httpx.Client) -> None:
    first = api.post(
        "/api/reviews/edit/t-idlib-e1",
        json={"version": 0, "reviewer": "amal", "changes": {"fatalities": {"best": 4, "min": 4}}},
        headers=AUTH,
    )
    assert first.status_code == 200
    assert first.json()["review_version"] == 1 and first.json()["fatalities"] == 4
    second = api.post(
        "/api/reviews/edit/t-idlib-e1",
        json={"version": 0, "reviewer": "omar", "changes": {"fatalities": {"best": 9, "min": 9}}},
        headers=AUTH,
    )
    assert second.status_code == 409
    body = second.json()
    assert "another review" in body["detail"]
    assert body["current"]["review_version"] == 1 and body["current"]["fatalities"] == 4
    assert body["current"]["reviewer"] == "amal"
    log = api.get("/api/reviews/log/t-idlib-e1").json()["log"]
    assert [e["action"] for e in log] == ["edit"] and log[0]["changes"]["fatalities"]["to"]["best"] == 4
    assert {row["fatalities"] for row in _csv(api) if row["admin1"] == "Idlib"} == {"4"}


def test_reject_merge_and_add_through_http(api: httpx.Client) -> None:
    r = api.post(
        "/api/reviews/reject/t-script-e1",
        json={"version": 0, "reviewer": "amal", "reason": "not_news"},
        headers=AUTH,
    )
    assert r.status_code == 200 and r.json()["review_status"] == "rejected"
    bad = api.post(
        "/api/reviews/reject/t-basra-e1",
        json={"version": 0, "reviewer": "amal", "reason": "meh"},
        headers=AUTH,
    )
    assert bad.status_code == 422
    merged = api.post(
        "/api/reviews/merge/t-idlib-e2",
        json={"version": 0, "reviewer": "amal", "into": "t-idlib-e1"},
        headers=AUTH,
    )
    assert merged.status_code == 200 and merged.json()["merged_into"] == "t-idlib-e1"
    assert (
        api.post(
            "/api/reviews/merge/t-basra-e1",
            json={"version": 0, "reviewer": "amal", "into": "nope"},
            headers=AUTH,
        ).status_code
        == 404
    )
    phrase = "اندلعت اشتباكات عنيفة"
    start = TEXT_IDLIB.index(phrase)
    added = api.post(
        f"/api/reviews/add/{quote('t-idlib')}",
        json={
            "reviewer": "amal",
            "fields": {"sub_event_type": "Armed clash", "date": "2018-03-03"},
            "evidence": [{"start": start, "end": start + len(phrase)}],
        },
        headers=AUTH,
    )
    assert added.status_code == 200 and added.json()["review_added"] is True
    article = api.get("/api/articles/t-idlib").json()
    spans = [e for e in article["evidence"] if e["event_id"] == added.json()["event_id"]]
    assert [s["text"] for s in spans] == [phrase]
    rows = _csv(api)
    assert all("Ramadi" not in row["location"] for row in rows)  # rejected: not exported
    page = api.get("/api/events").json()
    assert page["total"] == 3 and "t-script-e1" not in {e["event_id"] for e in page["events"]}
    assert api.get("/api/events", params={"include_rejected": "true"}).json()["total"] == 5
    states = api.get("/api/reviews", params={"article_id": "t-idlib"}).json()["reviews"]
    assert {s["status"] for s in states} == {"rejected", "corrected"}
