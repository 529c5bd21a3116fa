"""Issue 16: no body makes the API answer 500 — lone surrogates (escaped in JSON) in any field,
validation errors that echo them, broken bytes, deep nesting — and every answer, the 413 of an
oversized body included, carries the security headers."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from marsad.api import create_app
from marsad.store import Store

TOKEN = "hostile-token"
AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
TEXT = "قتل ثلاثة مدنيين في غارة جوية على مدينة حلب صباح اليوم."


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    with (
        Store(sqlite_url) as store,
        TestClient(
            create_app(store=store, token=TOKEN, max_body_bytes=200_000), raise_server_exceptions=False
        ) as c,
    ):
        yield c


def _escaped(obj: object) -> bytes:
    """JSON with lone surrogates written as \\uXXXX escapes, as a hostile client sends them."""
    return json.dumps(obj, ensure_ascii=True).encode("ascii")


@pytest.mark.parametrize("field", ["id", "text", "title", "source", "published"])
def test_a_lone_surrogate_in_any_field_is_replaced_with_an_error_entry(
    client: TestClient, field: str
) -> None:
    body = {"id": f"s-{field}", "text": TEXT, "source": "وكالة", "title": "غارة", "published": "2024-03-05"}
    body[field] = body[field] + "\ud800" if field != "published" else "2024-03-05\udc00"
    response = client.post("/api/articles", content=_escaped(body), headers=AUTH)
    assert response.status_code == 200, response.text
    article = response.json()["articles"][0]
    assert any(e.startswith(f"{field}: 1 lone surrogate") for e in article["errors"])
    stored = client.get(f"/api/articles/{article['article_id']}")
    assert stored.status_code == 200
    assert "\ud800" not in stored.text


@pytest.mark.parametrize(
    "body",
    [
        _escaped({"text": 5, "id": "\ud800"}),  # a validation error that echoes the surrogate
        _escaped({"id": "\udfff" * 300, "text": TEXT}),  # too long an id, echoed
        _escaped([{"text": "\ud800", "published": "not a date \udc00"}]),
        _escaped({"items": [{"text": None, "title": ["\ud800"]}]}),
        b"\xff\xfe\x00{",
        b'{"text": "\xff\xfe"}',
        b"[" * 50_000,
        b'{"text": "' + b"\\ud800" * 10_000 + b'"}',
        _escaped({"text": TEXT, "published": "0001-01-01"}),
        _escaped({"text": TEXT, "published": "9999-12-31T23:59:59Z"}),
    ],
)
def test_no_body_answers_500(client: TestClient, body: bytes) -> None:
    response = client.post("/api/articles", content=body, headers=AUTH)
    assert response.status_code < 500, response.text
    response.content.decode("utf-8")  # the answer itself is valid UTF-8
    assert response.headers.get("x-content-type-options") == "nosniff"


def test_413_carries_the_security_headers(client: TestClient) -> None:
    response = client.post("/api/articles", content=b"x" * 300_000, headers=AUTH)
    assert response.status_code == 413
    assert "frame-ancestors" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


def test_quarantine_is_visible_in_health_and_its_own_endpoint(client: TestClient) -> None:
    health = client.get("/api/health").json()
    assert health["quarantined"] == 0
    listing = client.get("/api/quarantine").json()
    assert listing == {"total": 0, "articles": []}
