"""The HTTP API: reads, filters, exports, token-protected writes, limits, hostile input."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from marsad.api import create_app
from marsad.api.models import ArticleView, EventDetail, EventPage
from marsad.service import ingest
from marsad.store import Store

TOKEN = "test-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(handmade_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store=handmade_store, token=TOKEN)) as c:
        yield c


def test_health(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["database"] == "sqlite"
    assert body["articles"] == 4 and body["events"] == 4 and body["schema_revision"] == "0004_quarantine_runs"


def test_events_page_with_total(client: TestClient) -> None:
    page = client.get("/api/events", params={"limit": 2}).json()
    assert page["total"] == 4 and page["limit"] == 2 and len(page["events"]) == 2
    rest = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    ids = [e["event_id"] for e in page["events"] + rest["events"]]
    assert sorted(ids) == ["t-basra-e1", "t-idlib-e1", "t-idlib-e2", "t-script-e1"]
    assert ids[0] == "t-basra-e1"  # newest first
    first = page["events"][0]
    assert first["record"]["event_id"] == "t-basra-e1" and first["notes"].startswith("On 10 July 2018")
    summary = client.get("/api/events", params={"view": "summary", "limit": 1}).json()["events"][0]
    assert "record" not in summary and "search_text" not in summary


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"country": "Syria"}, {"t-idlib-e1", "t-idlib-e2"}),
        ({"country": ["Syria", "Iraq"], "event_type": "Battles"}, {"t-idlib-e2"}),
        ({"admin1": "Basra"}, {"t-basra-e1"}),
        ({"actor": "russia"}, {"t-idlib-e1"}),
        ({"q": "الرمادي"}, {"t-script-e1"}),
        ({"since": "2018-05-01", "until": "2018-06-30"}, {"t-script-e1"}),
        ({"bbox": "43,33,44,34"}, {"t-script-e1"}),
        ({"sub_event_type": "Air/drone strike"}, {"t-idlib-e1"}),
        ({"article_id": "t-idlib"}, {"t-idlib-e1", "t-idlib-e2"}),
    ],
)
def test_event_filters(client: TestClient, params: dict[str, Any], expected: set[str]) -> None:
    page = client.get("/api/events", params=params).json()
    assert {e["event_id"] for e in page["events"]} == expected and page["total"] == len(expected)


@pytest.mark.parametrize(
    "params, status, message",
    [
        ({"bbox": "1,2,3"}, 400, "bbox"),
        ({"event_type": "Battle"}, 400, "unknown event type"),
        ({"since": "2018-13-01"}, 422, "date"),
        ({"since": "2019-01-01", "until": "2018-01-01"}, 400, "after"),
        ({"limit": 0}, 422, "greater than or equal"),
        ({"limit": 5000}, 422, "less than or equal"),
        ({"offset": -1}, 422, "greater than or equal"),
        ({"view": "everything"}, 422, "pattern"),
    ],
)
def test_bad_filters_are_4xx_with_a_message(
    client: TestClient, params: dict[str, Any], status: int, message: str
) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == status
    assert message in json.dumps(response.json())


@pytest.mark.parametrize("hostile", ["' OR '1'='1", "x'; DROP TABLE events; --", "%", "1) OR (1=1"])
def test_filter_values_cannot_inject_sql(client: TestClient, hostile: str) -> None:
    for name in ("country", "admin1", "actor"):
        page = client.get("/api/events", params={name: hostile}).json()
        assert page["total"] == 0
    assert client.get(f"/api/events/{hostile}").status_code == 404
    assert client.get("/api/health").json()["events"] == 4


def test_responses_match_the_documented_models(client: TestClient) -> None:
    EventPage.model_validate(client.get("/api/events").json())
    EventPage.model_validate(client.get("/api/events", params={"view": "summary"}).json())
    EventDetail.model_validate(client.get("/api/events/t-idlib-e1").json())
    ArticleView.model_validate(client.get("/api/articles/t-idlib").json())
    ArticleView.model_validate(client.get("/api/articles/t-sport").json())


def test_one_event_with_article_and_evidence(client: TestClient) -> None:
    body = client.get("/api/events/t-idlib-e1").json()
    assert body["article"] == {
        "article_id": "t-idlib",
        "title": "غارات على ريف إدلب",
        "source": "TestWire",
        "published": "2018-03-03",
    }
    assert len(body["evidence"]) == 1 and body["evidence"][0]["start"] == 0
    assert body["record"]["actor1"]["members"][0]["kind"] == "external"
    missing = client.get("/api/events/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["detail"]


def test_article_with_text_events_and_evidence_spans(client: TestClient) -> None:
    body = client.get("/api/articles/t-idlib").json()
    assert [e["event_id"] for e in body["events"]] == ["t-idlib-e1", "t-idlib-e2"]
    assert len(body["evidence"]) == 2
    for span in body["evidence"]:
        assert body["text"][span["start"] : span["end"]] == span["text"]
    assert client.get("/api/articles/none").status_code == 404


def test_geojson_and_csv_exports(client: TestClient) -> None:
    geo = client.get("/api/events.geojson", params={"country": "Iraq"})
    assert geo.headers["content-type"].startswith("application/geo+json")
    doc = geo.json()
    assert doc["type"] == "FeatureCollection" and {f["id"] for f in doc["features"]} == {
        "t-basra-e1",
        "t-script-e1",
    }
    response = client.get("/api/events.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert len(rows[0]) == 31 and rows[0][0] == "event_id_cnty" and len(rows) == 5


ARTICLE = {
    "id": "api-1",
    "text": "قصفت مدفعية القوات الحكومية بلدة في ريف درعا الشرقي، ما أدى إلى مقتل ثلاثة مدنيين.",
    "source": "ApiWire",
    "published": "2018-04-02T10:00:00+00:00",
    "title": "قصف على ريف درعا",
}


def test_post_needs_a_valid_token(client: TestClient) -> None:
    no_token = client.post("/api/articles", json=ARTICLE)
    assert no_token.status_code == 401 and no_token.headers["www-authenticate"] == "Bearer"
    wrong = client.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    basic = client.post("/api/articles", json=ARTICLE, headers={"Authorization": "Basic dXNlcjpwdw=="})
    assert basic.status_code == 401
    assert client.get("/api/health").json()["articles"] == 4


def test_post_ingests_one_or_many_idempotently(client: TestClient) -> None:
    first = client.post("/api/articles", json=ARTICLE, headers=AUTH)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["articles_added"] == 1 and body["articles"][0]["article_id"] == "api-1"
    again = client.post("/api/articles", json=[ARTICLE], headers=AUTH).json()
    assert again["articles_unchanged"] == 1
    batch = client.post(
        "/api/articles",
        headers=AUTH,
        json={
            "items": [
                {"text": "تظاهر العشرات أمام مبنى المحافظة في مدينة الحسكة للمطالبة بالإفراج عن معتقلين."},
                {"id": "api-empty", "text": "   "},
                {
                    "id": "api-en",
                    "text": "Gunmen attacked a checkpoint in the north of the country on Monday.",
                },
            ]
        },
    ).json()
    assert batch["articles_added"] == 3 and batch["item_errors"] == 2
    outcomes = {a["article_id"]: a for a in batch["articles"]}
    assert outcomes["api-empty"]["errors"] and outcomes["api-empty"]["events"] == 0
    assert outcomes["api-en"]["events"] == 0
    assert any(a.startswith("sha1-") for a in outcomes)  # id derived from the text
    assert client.get("/api/articles/api-1").json()["source"] == "ApiWire"


@pytest.mark.parametrize(
    "body",
    [
        {"id": "x"},  # no text
        {"id": "x", "text": "نص", "published": "yesterday"},
        {"items": []},
        [],
        "just a string",
    ],
)
def test_post_validation_errors_are_4xx_with_a_message(client: TestClient, body: Any) -> None:
    response = client.post("/api/articles", json=body, headers=AUTH)
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_ids_with_slashes_and_arabic_are_reachable(client: TestClient) -> None:
    weird = {
        "id": "feeds/2018/تقرير-1",
        "text": "قصف مدفعي على بلدة في ريف حماة الشمالي أدى إلى مقتل مدنيين اثنين.",
        "source": "ApiWire",
        "published": "2018-04-02",
    }
    assert client.post("/api/articles", json=weird, headers=AUTH).status_code == 200
    body = client.get("/api/articles/" + quote(weird["id"], safe="")).json()
    assert body["article_id"] == weird["id"] and body["text"] == weird["text"]
    for event in body["events"]:
        assert client.get("/api/events/" + quote(event["event_id"], safe="")).status_code == 200


def test_writes_are_refused_when_the_server_has_no_token(
    handmade_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MARSAD_API_TOKEN", raising=False)
    with TestClient(create_app(store=handmade_store)) as c:
        response = c.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer anything"})
        assert response.status_code == 401 and "MARSAD_API_TOKEN" in response.json()["detail"]
    monkeypatch.setenv("MARSAD_API_TOKEN", "from-env")
    with TestClient(create_app(store=handmade_store)) as c:
        assert (
            c.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer from-env"}).status_code
            == 200
        )


def test_request_body_size_is_limited(handmade_store: Store) -> None:
    with TestClient(create_app(store=handmade_store, token=TOKEN, max_body_bytes=10_000)) as c:
        big = {"id": "big", "text": "ا" * 20_000}
        response = c.post("/api/articles", json=big, headers=AUTH)
        assert response.status_code == 413 and "larger than" in response.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while streaming
            yield b'{"id": "big", "text": "'
            for _ in range(30):
                yield "ب".encode() * 500
            yield b'"}'

        streamed = c.post(
            "/api/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
        )
        assert streamed.status_code == 413
        assert (
            c.post("/api/articles", json={"id": "small", "text": "نص قصير"}, headers=AUTH).status_code == 200
        )
    assert handmade_store.get_article("big") is None


def test_openapi_and_offline_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {
        "/api/events",
        "/api/events/{event_id}",
        "/api/articles/{article_id}",
        "/api/articles",
        "/api/events.geojson",
        "/api/events.csv",
        "/api/health",
    } <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200
    html = docs.text
    assert "http://" not in html and "https://" not in html and "cdn" not in html.lower()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert len(assets) == 3
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    init = client.get("/static/swagger-init.js").text
    assert "validatorUrl: null" in init and "https://" not in init


def test_dashboard_and_security_headers(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'dir="rtl"' in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert page.headers["x-content-type-options"] == "nosniff"
    for asset in re.findall(r'(?:src|href)="(static/[^"]+)"', page.text):
        assert client.get("/" + asset).status_code == 200, asset
    meta = client.get("/api/meta").json()
    assert meta["labels"]["event_type"]["Battles"]["ar"] == "معارك"
    assert meta["countries_ar"]["Syria"] == "سوريا"


def test_a_real_socket(handmade_store: Store, live_server: Any) -> None:
    live = live_server(create_app(store=handmade_store, token=TOKEN))
    with httpx.Client(base_url=live.url, timeout=10) as http:
        assert http.get("/api/health").json()["events"] == 4
        assert http.get("/api/events", params={"country": "سوريا"}).json()["total"] == 2
        assert http.post("/api/articles", json=ARTICLE).status_code == 401
        assert http.post("/api/articles", json=ARTICLE, headers=AUTH).json()["articles_added"] == 1
        csv_text = http.get("/api/events.csv").text
        assert csv_text.count("\n") == 6  # header + 5 events


def test_api_over_postgresql(pg_url: str, handmade: Any) -> None:
    with Store(pg_url) as store:
        ingest(store, handmade.items, extract=handmade.extract)
        with TestClient(create_app(store=store, token=TOKEN)) as c:
            assert c.get("/api/health").json()["database"] == "postgresql"
            assert c.get("/api/events", params={"actor": "Russia"}).json()["total"] == 1
            assert c.get("/api/events", params={"country": "' OR 1=1 --"}).json()["total"] == 0
            assert c.get("/api/articles/t-script").json()["text"].startswith("<script>")
            assert c.post("/api/articles", json=ARTICLE, headers=AUTH).json()["articles_added"] == 1
            assert len(c.get("/api/events.geojson").json()["features"]) == 4 + len(
                c.get("/api/events", params={"article_id": "api-1"}).json()["events"]
            )
