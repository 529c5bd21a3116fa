"""Incidents over HTTP (list, detail with every claim, ACLED CSV, GeoJSON) and on the dashboard's
event card (real Chromium): the sources and their differing figures side by side, as text only."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from marsad.api import create_app
from marsad.service import ingest
from marsad.store import Store
from marsad.store.acled_ids import acled_id_of
from tests.fusion.records import CIVILIANS, SYRIA, Records, event, place

HOSTILE_OUTLET = '<img src=x onerror="window.__marsad_pwned=1">'


def _records() -> Records:
    recs = Records()
    for article_id, source, killed, attribution, where in [
        ("api-bbc", "BBC", 5, "ناشطون", "kafr_nabl"),
        ("api-sky", "Sky News Arabia", 7, "وزارة الصحة", "maarat"),
        ("api-odd", HOSTILE_OUTLET, 6, "<b>مصدر</b>", "kafr_nabl"),
        ("api-mosul", "CNN", 2, None, "mosul"),
    ]:
        text = f"قتل {killed} مدنيين في غارة جوية، بحسب تقرير {article_id}."
        day = "2018-03-03" if where != "mosul" else "2018-03-10"
        recs.add(
            article_id,
            text,
            source=source,
            published=day,
            events=[
                event(
                    f"{article_id}-e1",
                    text,
                    date=day,
                    where=place(where),
                    actor1=SYRIA,
                    actor2=CIVILIANS,
                    killed=killed,
                    attribution=attribution,
                )
            ],
        )
    return recs


@pytest.fixture
def store(sqlite_url: str) -> Iterator[Store]:
    recs = _records()
    with Store(sqlite_url) as s:
        ingest(s, list(recs.items.values()), extract=recs.extract)
        yield s


def test_incident_endpoints(store: Store) -> None:
    with TestClient(create_app(store=store, token="t")) as client:
        page = client.get("/api/incidents").json()
        assert page["total"] == 2 and len(page["incidents"]) == 2
        strike = next(i for i in page["incidents"] if i["n_reports"] == 3)
        assert strike["fatalities"] == 7 and strike["fatalities_claim"]["rule"] == "latest_official"
        assert "claims" not in strike
        detail = client.get(f"/api/incidents/{strike['incident_id']}").json()
        assert sorted(c["fatalities"]["best"] for c in detail["claims"]) == [5, 6, 7]
        assert {c["outlet"] for c in detail["claims"]} == {"BBC", "Sky News Arabia", HOSTILE_OUTLET}
        assert [c["article_id"] for c in detail["claims"] if c["chosen"]] == ["api-sky"]
        assert all(c["published"] == "2018-03-03" and c["attribution"]["source"] for c in detail["claims"])
        assert {e["action"] for e in detail["log"]} >= {"created", "joined"}
        assert client.get("/api/incidents/no-such-incident").status_code == 404
        # Filters: by place, and the incidents an article reports.
        assert client.get("/api/incidents", params={"admin1": "Ninewa"}).json()["total"] == 1
        by_article = client.get("/api/incidents", params={"article_id": "api-sky", "view": "full"}).json()
        assert by_article["total"] == 1 and len(by_article["incidents"][0]["claims"]) == 3
        rows = list(csv.DictReader(io.StringIO(client.get("/api/incidents.csv").text)))
        assert len(rows) == 2
        fused = next(
            r for r in rows if r["event_id_cnty"] == acled_id_of(store.engine, strike["incident_id"])
        )
        assert (
            fused["fatalities"] == "7" and "BBC" in fused["source"] and "Sky News Arabia" in fused["source"]
        )
        features = client.get("/api/incidents.geojson").json()["features"]
        assert len(features) == 2 and {f["properties"]["reports"] for f in features} == {1, 3}
        # The per-event endpoints are unchanged: one row per report.
        assert len(list(csv.DictReader(io.StringIO(client.get("/api/events.csv").text)))) == 4


@pytest.fixture(scope="module")
def chromium(require: Callable[[str], None]) -> Iterator[Any]:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        require("chromium not installed; run scripts/setup_services.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.mark.browser
def test_event_card_shows_sources_side_by_side(
    store: Store, chromium: Any, live_server: Any, artifacts_dir: Path
) -> None:
    live = live_server(create_app(store=store, token="t"))
    context = chromium.new_context(viewport={"width": 1400, "height": 900}, locale="ar")
    page = context.new_page()
    problems: list[str] = []
    page.on("response", lambda res: res.status >= 400 and problems.append(f"HTTP {res.status} {res.url}"))
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"console: {msg.text}"))
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    try:
        page.goto(live.url + "/#article=api-bbc")
        page.wait_for_selector("#article-view[data-article-id='api-bbc']:not([hidden])")
        table = page.locator("#event-fields .event-card[data-event-id='api-bbc-e1'] .incident-sources")
        table.wait_for()
        rows = table.locator("tbody tr")
        assert rows.count() == 3
        cells = [[c.strip() for c in r.locator("td").all_text_contents()] for r in rows.all()]
        by_outlet = {c[0].replace(" ✓", ""): c for c in cells}
        assert by_outlet["BBC"][1] == "5" and by_outlet["Sky News Arabia"][1] == "7"
        assert by_outlet[HOSTILE_OUTLET][3] == "<b>مصدر</b>"  # markup from the data stays text
        assert table.locator("tr.chosen td").first.text_content() == "Sky News Arabia ✓"
        assert "7" in (table.locator(".incident-figure").text_content() or "")
        assert page.locator("#event-fields img").count() == 0 and page.locator("#event-fields b").count() == 0
        assert page.evaluate("typeof window.__marsad_pwned") == "undefined"
        # A single-report incident shows no sources table.
        page.goto(live.url + "/?view=2#article=api-mosul")  # a new URL: the page reloads
        page.wait_for_selector("#article-view[data-article-id='api-mosul']:not([hidden])")
        page.wait_for_timeout(300)
        assert page.locator(".incident-sources").count() == 0
        page.goto(live.url + "/?view=3#article=api-sky")
        page.wait_for_selector("#event-fields .incident-sources")
        page.locator("#event-fields .incident-sources").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / "dashboard-incident-sources.png"))
        assert page.get_attribute("#csv-link", "href", timeout=5000).startswith("api/incidents.csv")
        assert problems == []
    finally:
        context.close()
