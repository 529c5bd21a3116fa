"""The map analysts expect (issue 18), in real headless Chromium: events are clustered by the
vendored Leaflet.markercluster (served from the package, nothing from outside); several events
at one point fan out on legs (spiderfy) and each opens its own event, not only the first; each
marker is drawn by its geo_precision, with a legend; admin-1 divisions are labelled from our
gazetteer at admin-1 zoom (at their gazetteer point: we ship no outlines)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from tests.conftest import NO_COUNT, _actor, _count, _place, _span

from marsad.api import create_app
from marsad.service import ingest
from marsad.store import Store

pytestmark = pytest.mark.browser

# Our own report: two incidents in one small town on one day, and a third event known only to
# its province.
TEXT = (
    "قصفت طائرات مسيرة بلدة كفرنبل صباح اليوم ما أدى إلى مقتل مدنيين اثنين. "
    "وفي المساء اشتبك مسلحون مع قوات الأمن في البلدة نفسها. "
    "وفي محافظة دير الزور انفجرت عبوة ناسفة بسيارة عسكرية."
)
KAFR_NABL = _place("كفرنبل", "Kafr Nabl", "كفرنبل", "Idlib", "Syria", 35.6131, 36.5611)
DEIR_EZ_ZOR = _place("دير الزور", "Deir ez-Zor", "دير الزور", "Deir ez-Zor", "Syria", 35.33, 40.14, 3)


def _event(
    n: int, sub: str, etype: str, phrase: str, confidence: float, place: dict[str, Any]
) -> dict[str, Any]:
    return {
        "event_id": f"t-one-point-e{n}",
        "event_type": etype,
        "sub_event_type": sub,
        "date": "2019-04-02",
        "time_precision": 1,
        "actor1": _actor("Unidentified Armed Group (Syria)", "مسلحون", "political_militia", "مسلحون"),
        "actor2": None,
        "location": place,
        "fatalities": _count(2) if n == 1 else NO_COUNT,
        "injuries": NO_COUNT,
        "casualties": NO_COUNT,
        "losses": [],
        "attribution": None,
        "evidence": [_span(TEXT, phrase)],
        "confidence": confidence,
    }


RECORD = {
    "article_id": "t-one-point",
    "source": "TestWire",
    "published": "2019-04-02",
    "language": "ar",
    "errors": [],
    "events": [
        _event(
            1,
            "Air/drone strike",
            "Explosions/Remote violence",
            "قصفت طائرات مسيرة بلدة كفرنبل",
            0.8,
            KAFR_NABL,
        ),
        _event(2, "Armed clash", "Battles", "اشتبك مسلحون مع قوات الأمن", 0.7, KAFR_NABL),
        _event(
            3,
            "Remote explosive/landmine/IED",
            "Explosions/Remote violence",
            "انفجرت عبوة ناسفة",
            0.6,
            DEIR_EZ_ZOR,
        ),
    ],
}


@pytest.fixture
def server(tmp_path: Path, live_server: Callable[[Any], Any]) -> Iterator[str]:
    item = {
        "id": "t-one-point",
        "text": TEXT,
        "source": "TestWire",
        "published": "2019-04-02",
        "title": "كفرنبل",
    }
    with Store(f"sqlite:///{tmp_path / 'point.db'}") as store:
        ingest(store, [item], extract=lambda _item: RECORD)
        yield live_server(create_app(store=store)).url


@pytest.fixture
def page(server: str, require: Callable[[str], None]) -> Iterator[tuple[Any, list[str], list[str]]]:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        require("chromium not installed; run scripts/setup_services.sh")
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    served: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(server) or url.startswith("data:"):
                r.continue_()
            else:
                outside.append(url)
                r.abort()

        page.route("**/*", route)
        page.on("response", lambda resp: served.append(resp.url) if resp.ok else None)
        page.goto(server + "/")
        page.wait_for_selector("#map[data-ready='1']", timeout=20_000)
        yield page, served, outside
        browser.close()


def test_events_at_one_point_are_spiderfied_by_markercluster_and_each_opens(
    page: tuple[Any, list[str], list[str]], server: str, artifacts_dir: Path
) -> None:
    pg, served, outside = page
    assert pg.evaluate("typeof L.MarkerClusterGroup") == "function"
    assert server + "/static/vendor/leaflet.markercluster/leaflet.markercluster.js" in served
    assert outside == []
    cluster = pg.locator(".marsad-cluster[data-count='2']")
    expect(cluster).to_have_count(1)
    expect(pg.locator("#map")).to_have_attribute("data-clusters", "1")
    expect(pg.locator("#map")).to_have_attribute("data-markers", "1")
    # markercluster ignores a spiderfy asked while its 200 ms split animation after the first
    # fit still runs (the pane carries leaflet-cluster-anim then); a user's click is never that
    # quick after load, a test's is.
    expect(pg.locator(".leaflet-map-pane.leaflet-cluster-anim")).to_have_count(0)
    cluster.click()
    # One click at any zoom: the two events share a point, so markercluster fans them out.
    expect(pg.locator("#map")).to_have_attribute("data-spider", "2")
    expect(pg.locator("path.marsad-spider-leg")).to_have_count(2)
    for n in (1, 2):
        expect(pg.locator(f".marsad-marker[data-event-id='t-one-point-e{n}']")).to_be_visible()
    pg.wait_for_timeout(400)  # the fan-out animation
    pg.screenshot(path=str(artifacts_dir / "map-spiderfy.png"))
    pg.locator(".marsad-marker[data-event-id='t-one-point-e2']").click()
    expect(pg.locator(".event-card.selected")).to_have_attribute("data-event-id", "t-one-point-e2")
    pg.keyboard.press("Escape")
    pg.locator(".marsad-marker[data-event-id='t-one-point-e1']").click()
    expect(pg.locator(".event-card.selected")).to_have_attribute("data-event-id", "t-one-point-e1")


def test_markers_by_geo_precision_with_a_legend(
    page: tuple[Any, list[str], list[str]], artifacts_dir: Path
) -> None:
    pg, _, _ = page
    province_only = pg.locator(".marsad-marker[data-event-id='t-one-point-e3']")
    expect(province_only).to_have_attribute("data-geo-precision", "3")
    assert "geo-p3" in (province_only.get_attribute("class") or "")
    legend = pg.locator(".marsad-legend")
    expect(legend).to_contain_text("geo_precision")
    rows = legend.locator(".legend-row[data-geo-precision]")
    expect(rows).to_have_count(3)
    assert [r.get_attribute("data-geo-precision") for r in rows.all()] == ["1", "2", "3"]
    expect(legend.locator(".legend-row[data-geo-precision='3']")).to_contain_text("province or country")
    # The legend's symbols are the markers' own: same class, same look.
    symbol = legend.locator(".legend-row[data-geo-precision='3'] .marsad-marker")
    style = "e => getComputedStyle(e).borderStyle + ' ' + getComputedStyle(e).opacity"
    assert symbol.evaluate(style) == province_only.evaluate(style)
    assert pg.locator(".legend-row[data-geo-precision='1'] .marsad-marker").evaluate(
        style
    ) != symbol.evaluate(style)
    legend.screenshot(path=str(artifacts_dir / "map-legend.png"))


def test_admin1_labels_from_the_gazetteer(
    page: tuple[Any, list[str], list[str]], artifacts_dir: Path
) -> None:
    pg, _, _ = page
    pg.evaluate("window.MarsadDashboard.map().setView([35.4, 38.3], 6, {animate: false})")
    expect(pg.locator("#map")).to_have_attribute("data-labels", "14")  # Syria's governorates
    idlib = pg.locator(".marsad-label.admin1", has_text="إدلب")
    expect(idlib).to_have_count(1)
    expect(idlib).to_contain_text("Idlib")
    assert pg.locator(".marsad-label.admin1 script, .marsad-label.admin1 img").count() == 0
    pg.screenshot(path=str(artifacts_dir / "map-admin1-labels.png"))
    pg.evaluate("window.MarsadDashboard.map().setZoom(3, {animate: false})")
    expect(pg.locator("#map")).to_have_attribute("data-labels", "0")
    expect(pg.locator(".marsad-label.admin1")).to_have_count(0)
