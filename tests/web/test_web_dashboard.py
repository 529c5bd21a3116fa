"""The dashboard in real headless Chromium (Debian's, driven by Playwright): it loads with no
failed or outside request, shows the demo events on the map, filters change the count, the
timeline brush selects dates, the article view marks the evidence, and an article holding
<script> stays inert. Screenshots go to artifacts/."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from marsad.api import create_app
from marsad.cli.demo import build_demo_db
from marsad.service import ingest
from marsad.store import Store

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, handmade_factory: Callable[[], Any], uvicorn_runner: Any
) -> Iterator[str]:
    """The demo database (examples through the real engine) plus the hand-made records."""
    db = tmp_path_factory.mktemp("web") / "demo.db"
    counts = build_demo_db(db)
    assert counts["items_seen"] >= 5
    hm = handmade_factory()
    store = Store(f"sqlite:///{db}")
    ingest(store, hm.items, extract=hm.extract, origin="test")
    start, stop = uvicorn_runner
    live = start(create_app(store=store, token="web-token"))
    try:
        yield live.url
    finally:
        stop(live)
        store.close()


@pytest.fixture(scope="module")
def browser(require: Callable[[str], None]) -> Iterator[Any]:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        require("chromium not installed; run scripts/setup_services.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page plus every request that failed, went outside the server, or errored."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.problems: list[str] = []
        self.base = base

        def route(r: Any) -> None:
            if r.request.url.startswith(base) or r.request.url.startswith("data:"):
                r.continue_()
            else:
                self.problems.append(f"outside request: {r.request.url}")
                r.abort()

        page.route("**/*", route)
        page.on("requestfailed", lambda req: self.problems.append(f"failed: {req.url} {req.failure}"))
        page.on(
            "response", lambda res: res.status >= 400 and self.problems.append(f"HTTP {res.status} {res.url}")
        )
        page.on("console", lambda msg: msg.type == "error" and self.problems.append(f"console: {msg.text}"))
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))

    def open(self, path: str = "/") -> Any:
        self.page.goto(self.base + path)
        self.page.wait_for_selector("#map[data-ready='1']", timeout=20_000)
        return self.page

    def count(self) -> int:
        return int(self.page.text_content("#visible-count") or "-1")


@pytest.fixture
def watched(browser: Any, server: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ar")
    page = context.new_page()
    w = Watched(page, server)
    yield w
    context.close()


def _api(server: str, path: str, **params: Any) -> Any:
    return httpx.get(server + path, params=params, timeout=30).json()


def test_loads_offline_and_shows_the_demo_events(watched: Watched, server: str, artifacts_dir: Path) -> None:
    page = watched.open()
    total = _api(server, "/api/events", limit=1)["total"]
    located = len(_api(server, "/api/events.geojson")["features"])
    assert watched.count() == total > 0
    assert page.text_content("#total-count") == str(total)
    assert int(page.get_attribute("#map", "data-events-on-map")) == located > 0
    markers = int(page.get_attribute("#map", "data-markers"))
    clusters = int(page.get_attribute("#map", "data-clusters"))
    assert markers + clusters > 0
    # Markers and clusters drawn by Leaflet.markercluster (the legend has samples of both).
    assert page.locator(".leaflet-marker-pane .marsad-marker").count() == markers
    assert page.locator(".leaflet-marker-pane .marsad-cluster").count() == clusters
    represented = markers + sum(
        int(c.get_attribute("data-count")) for c in page.locator(".leaflet-marker-pane .marsad-cluster").all()
    )
    assert represented == located
    assert page.locator("#map path.leaflet-interactive").count() > 100  # the country outlines
    assert page.locator("#event-list li").count() == total
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts_dir / "dashboard.png"))
    assert watched.problems == []


def test_filters_change_the_visible_count(watched: Watched, server: str) -> None:
    page = watched.open()
    total = watched.count()
    bombs = _api(server, "/api/events", event_type="Explosions/Remote violence", limit=1)["total"]
    assert 0 < bombs < total
    page.uncheck("input[data-type='Explosions/Remote violence']")
    assert watched.count() == total - bombs
    assert page.locator("#event-list li").count() == total - bombs
    page.check("input[data-type='Explosions/Remote violence']")
    assert watched.count() == total

    iraq = _api(server, "/api/events", country="Iraq", limit=1)["total"]
    page.select_option("#country-filter", "Iraq")
    assert watched.count() == iraq > 0

    page.click("#reset-filters")
    page.fill("#since-filter", "2018-05-01")
    page.dispatch_event("#since-filter", "change")
    assert watched.count() == _api(server, "/api/events", since="2018-05-01", limit=1)["total"]

    page.click("#reset-filters")
    page.fill("#actor-filter", "Military Forces of Russia")
    everything = _api(server, "/api/events", limit=1000, view="summary")["events"]
    with_russia = {
        e["event_id"]
        for e in everything
        if "military forces of russia"
        in " ".join(
            str(e.get(k) or "") for k in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
        ).lower()
    }
    assert "t-idlib-e1" in with_russia  # a coalition member of the hand-made air strike
    expect(page.locator("#visible-count")).to_have_text(str(len(with_russia)))  # the input is debounced
    listed = {li.get_attribute("data-event-id") for li in page.locator("#event-list li").all()}
    assert listed == with_russia
    page.click("#reset-filters")
    assert watched.count() == total
    assert watched.problems == []


def test_timeline_brush_selects_a_date_range(watched: Watched) -> None:
    page = watched.open()
    total = watched.count()
    box = page.locator("#timeline").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 5, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)
    page.mouse.up()
    brushed = watched.count()
    assert 0 < brushed < total
    assert "→" in (page.text_content("#brush-label") or "")
    page.click("#clear-brush")
    assert watched.count() == total
    assert watched.problems == []


def test_article_view_marks_each_events_evidence(watched: Watched, server: str, artifacts_dir: Path) -> None:
    page = watched.open()
    page.click("#event-list li[data-event-id='t-idlib-e1']")
    page.wait_for_selector("#article-view:not([hidden])")
    article = _api(server, "/api/articles/t-idlib")
    assert page.get_attribute("#article-text", "dir") == "rtl"
    assert page.text_content("#article-text") == article["text"]
    marks = page.locator("#article-text mark")
    assert marks.count() == 2
    assert page.locator("#article-text mark.selected").text_content() == article["evidence"][0]["text"]
    assert "Air/drone strike" in (page.text_content("#event-fields .event-card.selected") or "")
    assert "Kafr Nabl" in (page.text_content("#event-fields .event-card.selected") or "")
    # Choosing the other event's card moves the highlight to its evidence.
    page.click("#event-fields .event-card[data-event-id='t-idlib-e2']")
    assert page.locator("#article-text mark.selected").text_content() == article["evidence"][1]["text"]
    page.screenshot(path=str(artifacts_dir / "dashboard-article.png"))
    page.keyboard.press("Escape")
    assert page.locator("#article-view").is_hidden()

    # An article of the built-in examples, extracted by the real engine.
    demo = next(
        e for e in _api(server, "/api/events", limit=1000)["events"] if e["article_id"].startswith("ex-")
    )
    page.click(f"#event-list li[data-event-id='{demo['event_id']}']")
    page.wait_for_selector(f"#article-view[data-article-id='{demo['article_id']}']:not([hidden])")
    real = _api(server, f"/api/articles/{demo['article_id']}")
    assert page.text_content("#article-text") == real["text"]
    selected = page.locator("#article-text mark.selected").all_text_contents()
    spans = [s["text"] for s in real["evidence"] if s["event_id"] == demo["event_id"]]
    assert selected and spans
    assert all(any(piece in span for span in spans) for piece in selected)
    assert watched.problems == []


def test_an_article_holding_script_is_shown_inert(watched: Watched, server: str) -> None:
    page = watched.open("/#article=t-script")
    page.wait_for_selector("#article-view[data-article-id='t-script']:not([hidden])")
    text = page.text_content("#article-text") or ""
    assert text.startswith("<script>window.__marsad_pwned = 1</script><b>عاجل</b>")
    assert page.evaluate("typeof window.__marsad_pwned") == "undefined"
    assert page.locator("#article-text script").count() == 0
    assert page.locator("#article-text b").count() == 0
    assert page.locator("#article-text mark").count() == 1
    assert watched.problems == []


def test_swagger_ui_works_offline(watched: Watched) -> None:
    page = watched.page
    page.goto(watched.base + "/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() >= 7
    assert "marsad API" in (page.text_content(".info .title") or "")
    assert watched.problems == []
