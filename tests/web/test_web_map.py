"""Several events at one point (issue 18): clicking their cluster fans them out on legs
(spiderfy) and each one opens its own event, not only the first. Real headless Chromium."""

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

# Our own report: two incidents in one small town on one day.
TEXT = (
    "قصفت طائرات مسيرة بلدة كفرنبل صباح اليوم ما أدى إلى مقتل مدنيين اثنين. "
    "وفي المساء اشتبك مسلحون مع قوات الأمن في البلدة نفسها."
)


def _event(event_id: str, sub: str, etype: str, phrase: str, confidence: float) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "event_type": etype,
        "sub_event_type": sub,
        "date": "2019-04-02",
        "time_precision": 1,
        "actor1": _actor("Unidentified Armed Group (Syria)", "مسلحون", "political_militia", "مسلحون"),
        "actor2": None,
        "location": _place("كفرنبل", "Kafr Nabl", "كفرنبل", "Idlib", "Syria", 35.6131, 36.5611),
        "fatalities": _count(2) if etype != "Battles" else NO_COUNT,
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
            "t-one-point-e1",
            "Air/drone strike",
            "Explosions/Remote violence",
            "قصفت طائرات مسيرة بلدة كفرنبل",
            0.8,
        ),
        _event("t-one-point-e2", "Armed clash", "Battles", "اشتبك مسلحون مع قوات الأمن", 0.7),
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


def test_events_at_one_point_are_spiderfied_and_each_opens(
    server: str, require: Callable[[str], None], artifacts_dir: Path
) -> None:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        require("chromium not installed; run scripts/setup_services.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server) else r.abort())
        page.goto(server + "/")
        page.wait_for_selector("#map[data-ready='1']", timeout=20_000)
        cluster = page.locator(".marsad-cluster[data-count='2']")
        expect(cluster).to_have_count(1)
        cluster.click()
        expect(page.locator("#map")).to_have_attribute("data-spider", "2")
        legs = page.locator("path.marsad-spider-marker")
        expect(legs).to_have_count(2)
        page.screenshot(path=str(artifacts_dir / "map-spiderfy.png"))
        second = page.locator("path.marsad-spider-marker[data-event-id='t-one-point-e2']")
        second.click(force=True)
        expect(page.locator(".event-card.selected")).to_have_attribute("data-event-id", "t-one-point-e2")
        page.keyboard.press("Escape")
        page.locator("path.marsad-spider-marker[data-event-id='t-one-point-e1']").click(force=True)
        expect(page.locator(".event-card.selected")).to_have_attribute("data-event-id", "t-one-point-e1")
        browser.close()
