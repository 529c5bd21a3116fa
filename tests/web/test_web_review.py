"""Review in the dashboard, in real headless Chromium (Playwright): without the token no review
control is shown and the API answers 401; with it, confirm, edit the place (picked on the map)
and the toll, reject, merge, and add a missed event from a text selection; after a reload all is
kept, the ACLED CSV shows the corrected figures and no rejected row, a concurrent edit gets the
conflict message, markup typed into a field stays text, and the queue works from the keyboard.
Screenshots go to artifacts/."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect
from tests.conftest import TEXT_BASRA, make_handmade

from marsad.api import create_app
from marsad.service import ingest
from marsad.store import Store

pytestmark = pytest.mark.browser

TOKEN = "dash-review-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


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


@pytest.fixture
def server(tmp_path: Path, live_server: Callable[[Any], Any]) -> Iterator[str]:
    hm = make_handmade()
    with Store(f"sqlite:///{tmp_path / 'review.db'}") as store:
        ingest(store, hm.items, extract=hm.extract, origin="test")
        yield live_server(create_app(store=store, token=TOKEN)).url


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ar")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server) else r.abort())
    page.goto(server + "/")
    page.wait_for_selector("#map[data-ready='1']", timeout=20_000)
    yield page
    assert errors == []
    context.close()


def _open(page: Any, server: str, article_id: str) -> None:
    page.wait_for_selector("#map[data-ready='1']", timeout=20_000)
    page.evaluate("id => window.MarsadDashboard.openArticle(id)", article_id)
    page.wait_for_selector(f"#article-view[data-article-id='{article_id}'] .event-card .review-badge")


def _card(page: Any, event_id: str) -> Any:
    return page.locator(f"#event-fields .event-card[data-event-id='{event_id}']")


def _login(page: Any) -> None:
    page.click("#review-login")
    page.fill("#review-login-form input[name=token]", TOKEN)
    page.fill("#review-login-form input[name=reviewer]", "amal")
    page.click("#review-login-form button[type=submit]")
    page.wait_for_selector("#review-queue-open:not([hidden])")


def _csv(server: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(httpx.get(server + "/api/incidents.csv", timeout=30).text)))


def test_without_the_token_no_control_and_401(page: Any, server: str, artifacts_dir: Path) -> None:
    _open(page, server, "t-idlib")
    assert page.locator(".review-controls, .review-add, #review-queue-open:not([hidden])").count() == 0
    assert "unreviewed" in (_card(page, "t-idlib-e1").locator(".review-badge").text_content() or "")
    status = page.evaluate(
        "fetch('api/reviews/confirm/t-idlib-e1', {method: 'POST', headers: {'Content-Type': 'application/json'},"
        " body: JSON.stringify({version: 0, reviewer: 'x'})}).then(r => r.status)"
    )
    assert status == 401
    # A wrong token is refused and shows no control either.
    page.keyboard.press("Escape")
    page.click("#review-login")
    page.fill("#review-login-form input[name=token]", "wrong")
    page.fill("#review-login-form input[name=reviewer]", "amal")
    page.click("#review-login-form button[type=submit]")
    expect(page.locator("#review-login-form .review-message")).to_contain_text("refused")
    _open(page, server, "t-idlib")
    assert page.locator(".review-controls").count() == 0
    page.screenshot(path=str(artifacts_dir / "review-readonly.png"))


def _edit_place_and_toll(page: Any) -> None:
    card = _card(page, "t-idlib-e1")
    card.locator(".review-edit").click()
    form = card.locator(".review-form")
    form.locator("input[name=fatalities_best]").fill("4")
    form.locator("input[name=fatalities_min]").fill("4")
    form.locator("input[name=place]").fill("Maarat al-Numan")
    form.locator(".review-pick").click()
    page.wait_for_selector("#article-view", state="hidden")
    page.click("#map", position={"x": 500, "y": 380})
    page.wait_for_selector("#article-view", state="visible")
    assert form.locator("input[name=lat]").input_value() != "35.6131"
    form.locator(".review-save").click()
    expect(card.locator(".review-badge")).to_contain_text("corrected")


def _select_text(page: Any, phrase: str) -> None:
    page.evaluate(
        """phrase => {
            const box = document.getElementById('article-text');
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.textContent.indexOf(phrase);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + phrase.length);
                    const sel = window.getSelection();
                    sel.removeAllRanges();
                    sel.addRange(range);
                    return;
                }
            }
            throw new Error('phrase not in the article view');
        }""",
        phrase,
    )


def test_review_in_the_dashboard_is_kept_and_exported(page: Any, server: str, artifacts_dir: Path) -> None:
    _login(page)
    _open(page, server, "t-idlib")
    _edit_place_and_toll(page)
    picked = httpx.get(server + "/api/events/t-idlib-e1", timeout=30).json()
    assert picked["fatalities"] == 4 and picked["location"] == "Maarat al-Numan"
    assert picked["latitude"] != 35.6131 and picked["review_status"] == "corrected"
    merge = _card(page, "t-idlib-e2")
    merge.locator(".review-merge").click()
    merge.locator(".review-merge-form select").select_option("t-idlib-e1")
    merge.locator(".review-merge-form button").click()
    page.wait_for_selector(".event-card[data-event-id='t-idlib-e2'].rejected")
    page.screenshot(path=str(artifacts_dir / "review-edited.png"))

    _open(page, server, "t-script")
    reject = _card(page, "t-script-e1")
    reject.locator(".review-reject").click()
    reject.locator(".review-reject-form select").select_option("not_news")
    reject.locator(".review-reject-form button").click()
    page.wait_for_selector(".event-card[data-event-id='t-script-e1'].rejected")

    _open(page, server, "t-basra")
    _card(page, "t-basra-e1").locator(".review-confirm").click()
    expect(_card(page, "t-basra-e1").locator(".review-badge")).to_contain_text("confirmed")
    phrase = "احتجاجا على انقطاع الكهرباء"
    _select_text(page, phrase)
    page.click(".review-add-open")
    add = page.locator(".review-add .review-form")
    add.locator("select[name=sub_event_type]").select_option("Peaceful protest")
    add.locator("input[name=place]").fill("Basra")
    add.locator("input[name=country]").fill("Iraq")
    add.locator("input[name=lat]").fill("30.5")
    add.locator("input[name=lon]").fill("47.8")
    add.locator(".review-save").click()
    expect(page.locator(".review-badge", has_text="added")).to_have_count(1)
    added = [
        e
        for e in httpx.get(server + "/api/articles/t-basra", timeout=30).json()["events"]
        if e["review_added"]
    ]
    assert len(added) == 1
    start = TEXT_BASRA.index(phrase)
    evidence = added[0]["record"]["evidence"]
    assert [(s["start"], s["end"], s["text"]) for s in evidence] == [(start, start + len(phrase), phrase)]

    # Reload: the session and every review are still there.
    page.reload()
    _open(page, server, "t-idlib")
    assert "corrected" in (_card(page, "t-idlib-e1").locator(".review-badge").text_content() or "")
    assert "rejected" in (_card(page, "t-idlib-e2").locator(".review-badge").text_content() or "")
    assert page.locator(".review-controls").count() == 2
    page.screenshot(path=str(artifacts_dir / "review-after-reload.png"))
    rows = _csv(server)
    assert [r["fatalities"] for r in rows if r["admin1"] == "Idlib"] == ["4"]
    assert not [r for r in rows if "Ramadi" in r["location"] or r["event_type"] == "Battles"]
    assert {r["event_type"] for r in rows} == {"Explosions/Remote violence", "Protests"}

    # Another reviewer saves first: this page's save gets the conflict message, nothing is lost.
    _open(page, server, "t-basra")
    other = httpx.post(
        server + "/api/reviews/edit/t-basra-e1",
        json={"version": 1, "reviewer": "omar", "changes": {"fatalities": {"best": 1, "min": 1}}},
        headers=AUTH,
        timeout=30,
    )
    assert other.status_code == 200
    card = _card(page, "t-basra-e1")
    card.locator(".review-edit").click()
    card.locator("input[name=actor1]").fill(
        '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    )
    card.locator(".review-save").click()
    expect(card.locator(".review-message")).to_contain_text("Conflict")
    assert "omar" in (card.locator(".review-message").text_content() or "")
    page.screenshot(path=str(artifacts_dir / "review-conflict.png"))
    assert httpx.get(server + "/api/events/t-basra-e1", timeout=30).json()["fatalities"] == 1
    # Saving again applies the change over the other reviewer's; the markup stays text.
    card.locator(".review-save").click()
    expect(_card(page, "t-basra-e1").locator(".review-badge")).to_contain_text("v3")
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("#event-fields img, #event-fields script").count() == 0
    assert "<img src=x" in (_card(page, "t-basra-e1").text_content() or "")
    assert httpx.get(server + "/api/events/t-basra-e1", timeout=30).json()["fatalities"] == 1


def test_the_queue_from_the_keyboard(page: Any, server: str, artifacts_dir: Path) -> None:
    _login(page)
    page.click("#review-queue-open")
    page.wait_for_selector("#review-queue-list li.current")
    order = [li.get_attribute("data-event-id") for li in page.locator("#review-queue-list li").all()]
    assert order == ["t-script-e1", "t-idlib-e2", "t-basra-e1", "t-idlib-e1"]  # lowest confidence first
    page.screenshot(path=str(artifacts_dir / "review-queue.png"))
    page.keyboard.press("c")
    expect(page.locator("#review-queue-list li")).to_have_count(3)
    page.keyboard.press("j")
    page.keyboard.press("2")  # reject the second as a duplicate
    expect(page.locator("#review-queue-list li")).to_have_count(2)
    reviews = {r["event_id"]: r for r in httpx.get(server + "/api/reviews", timeout=30).json()["reviews"]}
    assert reviews["t-script-e1"]["status"] == "confirmed"
    assert reviews["t-basra-e1"]["status"] == "rejected" and reviews["t-basra-e1"]["reason"] == "duplicate"
    page.keyboard.press("Enter")
    page.wait_for_selector("#article-view[data-article-id='t-idlib']")


def test_edit_the_place_by_choosing_a_gazetteer_candidate(
    page: Any, server: str, artifacts_dir: Path
) -> None:
    _login(page)
    _open(page, server, "t-idlib")
    offered = httpx.get(server + "/api/places/candidates", params={"name": "إدلب"}, timeout=30).json()
    city = next(c for c in offered["candidates"] if c["feature"] == "community")
    card = _card(page, "t-idlib-e1")
    card.locator(".review-edit").click()
    form = card.locator(".review-form")
    form.locator("input[name=place]").fill("إدلب")
    form.locator(".review-find-place").click()
    choices = form.locator(".review-candidates .review-candidate")
    expect(choices).to_have_count(len(offered["candidates"]))
    expect(form.locator(f".review-candidate[data-place-id='{city['id']}']")).to_contain_text("precision 1")
    page.screenshot(path=str(artifacts_dir / "review-place-candidates.png"))
    form.locator(f".review-candidate[data-place-id='{city['id']}']").click()
    assert form.locator("input[name=lat]").input_value() == str(city["lat"])
    assert form.locator("input[name=geo_precision]").input_value() == "1"
    assert form.locator("input[name=admin1]").input_value() == city["admin1"]
    expect(choices).to_have_count(0)
    form.locator(".review-save").click()
    expect(card.locator(".review-badge")).to_contain_text("corrected")
    event = httpx.get(server + "/api/events/t-idlib-e1", timeout=30).json()
    assert (event["location"], event["latitude"], event["longitude"]) == (
        city["name"],
        city["lat"],
        city["lon"],
    )
    assert event["geo_precision"] == 1 and event["record"]["location"]["name_ar"] == "إدلب"
    log = httpx.get(server + "/api/reviews/log/t-idlib-e1", timeout=30).json()
    change = log["log"][-1]["changes"]["location"]
    assert change["to"]["name_ar"] == "إدلب" and change["from"]["lat"] == 35.6131


def test_edit_the_lumped_toll_and_the_losses(page: Any, server: str, artifacts_dir: Path) -> None:
    _login(page)
    _open(page, server, "t-idlib")
    card = _card(page, "t-idlib-e1")
    card.locator(".review-edit").click()
    form = card.locator(".review-form")
    form.locator("input[name=losses]").fill("2 × spaceship")
    form.locator(".review-save").click()
    # The server knows the loss items: a wrong one is refused with its list, nothing is saved.
    expect(card.locator(".review-message")).to_contain_text("tank")
    assert httpx.get(server + "/api/events/t-idlib-e1", timeout=30).json()["review_status"] == "unreviewed"
    form.locator("input[name=losses]").fill("two tanks")
    form.locator(".review-save").click()
    expect(card.locator(".review-message")).to_contain_text("a count and an item")
    form.locator("input[name=casualties_best]").fill("12")
    form.locator("input[name=casualties_min]").fill("10")
    form.locator("input[name=casualties_max]").fill("15")
    form.locator("input[name=losses]").fill("2 × tank, 1 x aircraft")
    form.locator(".review-save").click()
    expect(card.locator(".review-badge")).to_contain_text("corrected")
    record = httpx.get(server + "/api/events/t-idlib-e1", timeout=30).json()["record"]
    assert record["casualties"] == {"best": 12, "min": 10, "max": 15}
    assert [(x["count"], x["item"]) for x in record["losses"]] == [(2, "tank"), (1, "aircraft")]
    card = _card(page, "t-idlib-e1")
    expect(card).to_contain_text("2 × tank")
    expect(card).to_contain_text("12 (10–15)")
    page.screenshot(path=str(artifacts_dir / "review-casualties-losses.png"))


def test_markup_in_an_edited_place_stays_text_on_the_map_and_in_the_list(page: Any, server: str) -> None:
    markup = '<img src=x onerror="window.__pwned=3">Idlib<script>window.__pwned=4</script>'
    place = {
        "name": markup,
        "country": "Syria",
        "admin1": markup,
        "lat": 35.9,
        "lon": 36.6,
        "geo_precision": 1,
    }
    done = httpx.post(
        server + "/api/reviews/edit/t-idlib-e1",
        json={"version": 0, "reviewer": "omar", "changes": {"location": place}},
        headers=AUTH,
        timeout=30,
    )
    assert done.status_code == 200
    page.reload()
    page.wait_for_selector("#map[data-ready='1']", timeout=20_000)
    item = page.locator("#event-list li[data-event-id='t-idlib-e1']")
    expect(item).to_contain_text("<img src=x")
    page.evaluate("window.MarsadDashboard.map().setView([35.9, 36.6], 12, {animate: false})")
    marker = page.locator(".marsad-marker[data-event-id='t-idlib-e1']")
    marker.hover()
    expect(page.locator(".leaflet-tooltip", has_text="<script>")).to_have_count(1)
    _open(page, server, "t-idlib")
    assert (
        page.locator("#event-list img, #event-fields img, .leaflet-tooltip img, script:not([src])").count()
        == 0
    )
    assert page.evaluate("window.__pwned === undefined")
