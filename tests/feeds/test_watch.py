"""`marsad watch` against a local server serving our own feeds and pages: two outlets' reports
of one air strike become one incident, a feed that times out is reported and retried, broken
items fail on their own, an updated article replaces its figures, a restart (and a SIGKILL)
resumes without storing anything twice, and feed item → stored incident latency is measured."""

from __future__ import annotations

import io
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import func, select

from marsad.feeds import Watcher, parse_config
from marsad.fusion import get_incident
from marsad.fusion.exports import export_events
from marsad.store import Store
from marsad.store.acled_ids import acled_id_of
from marsad.store.tables import articles, events, feed_items, feeds, incidents
from tests.feeds.server import LocalSite, atom, page, rss

STRIKE_BBC = [
    "قتل خمسة مدنيين وأصيب ثمانية آخرون في قصف جوي استهدف سوقا شعبية في مدينة سراقب بريف إدلب صباح "
    "اليوم، بحسب مصادر محلية.",
    "وقال شهود إن فرق الإنقاذ عملت لساعات على إخلاء المصابين إلى مستشفيات قريبة.",
]
STRIKE_BBC_UPDATED = [
    "أعلنت مديرية الصحة في إدلب ارتفاع عدد قتلى القصف الجوي على سوق شعبية في مدينة سراقب اليوم إلى "
    "أحد عشر قتيلا.",
    "وقال شهود إن فرق الإنقاذ عملت لساعات على إخلاء المصابين إلى مستشفيات قريبة.",
]
STRIKE_SKY = [
    "أفاد المرصد السوري لحقوق الإنسان بمقتل ثمانية أشخاص، بينهم طفلان، جراء غارات جوية على مدينة سراقب "
    "شرقي إدلب اليوم.",
    "ولم تعلن أي جهة رسمية حصيلة نهائية للغارات حتى مساء اليوم.",
]
PROTEST = [
    "تظاهر مئات الأشخاص في مدينة البصرة اليوم احتجاجا على انقطاع الكهرباء وتردي الخدمات.",
    "ورفع المتظاهرون لافتات تطالب الحكومة المحلية بحلول عاجلة.",
]
PUB = "Sat, 03 Mar 2018 08:00:00 GMT"


class FakeClock:
    """Real time plus an offset the test moves forward (polls are due by this clock)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


def _serve_outlets(site: LocalSite, bbc_items: list[dict[str, str]] | None = None) -> None:
    site.put("/bbc/news/1.html", page("غارة على سراقب", STRIKE_BBC))
    site.put("/bbc/news/2.html", page("احتجاجات في البصرة", PROTEST))
    site.put("/sky/story/77", page("غارات على إدلب", STRIKE_SKY))
    site.put("/sky/story/78", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, content_type="text/html")
    site.put(
        "/bbc/rss.xml",
        rss(
            "بي بي سي عربي",
            bbc_items
            or [
                {
                    "title": "غارة على سراقب",
                    "link": site.url("/bbc/news/1.html"),
                    "guid": "bbc-1",
                    "pubDate": PUB,
                },
                {
                    "title": "احتجاجات في البصرة",
                    "link": site.url("/bbc/news/2.html"),
                    "guid": "bbc-2",
                    "pubDate": PUB,
                },
                {"title": "خبر بلا رابط", "guid": "bbc-3", "pubDate": PUB},
                {
                    "title": "صفحة محذوفة",
                    "link": site.url("/bbc/news/missing.html"),
                    "guid": "bbc-4",
                    "pubDate": PUB,
                },
            ],
        ),
        content_type="application/rss+xml",
    )
    site.put(
        "/sky/atom.xml",
        atom(
            "سكاي نيوز عربية",
            [
                {
                    "id": "sky-77",
                    "title": "غارات على إدلب",
                    "link": site.url("/sky/story/77"),
                    "updated": "2018-03-03T10:00:00Z",
                },
                {
                    "id": "sky-78",
                    "title": "صفحة تالفة",
                    "link": site.url("/sky/story/78"),
                    "updated": "2018-03-03T10:05:00Z",
                },
            ],
        ),
        content_type="application/atom+xml",
    )
    site.put("/slow/rss.xml", rss("بطيء", []), delay=1.5)


def _config(site: LocalSite, **defaults: Any) -> Any:
    return parse_config(
        {
            "defaults": {
                "interval": 60,
                "timeout": 0.5,
                "retries": 1,
                "backoff": 0.05,
                "host_interval": 0.0,
                "max_item_attempts": 2,
                "recheck": 0,
                **defaults,
            },
            "feeds": [
                {"url": site.url("/bbc/rss.xml"), "source": "BBC"},
                {"url": site.url("/sky/atom.xml"), "source": "Sky News Arabia"},
                {"url": site.url("/slow/rss.xml"), "source": "Slow Wire"},
            ],
        }
    )


@pytest.fixture
def site() -> Iterator[LocalSite]:
    s = LocalSite()
    yield s
    s.close()


def _count(store: Store, table: Any) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _csv(store: Store) -> pd.DataFrame:
    buf = io.StringIO()
    export_events(store, "acled-csv", buf)
    return pd.read_csv(io.StringIO(buf.getvalue()))


def test_watch_end_to_end(site: LocalSite, db_url: str) -> None:
    _serve_outlets(site)
    clock = FakeClock()
    with Store(db_url) as store, Watcher(store, _config(site), clock=clock) as watcher:
        first = watcher.poll_once()
        by_feed = {f.feed_url.rsplit("/", 2)[-2]: f for f in first.feeds}
        assert by_feed["bbc"].status == by_feed["sky"].status == "ok"
        assert (by_feed["bbc"].new, by_feed["sky"].new) == (4, 2)
        # The feed that times out is reported, was retried within the poll, and is due again soon.
        slow = by_feed["slow"]
        assert slow.status == "failed" and slow.error.startswith("timed out") and slow.attempts == 2
        assert (
            len(site.hits_for("/slow/rss.xml")) == 2 and slow.retry_in_s is not None and slow.retry_in_s < 60
        )
        stored = {i.link.rsplit("/", 1)[-1]: i for i in first.stored}  # type: ignore[union-attr]
        assert set(stored) == {"1.html", "2.html", "77"}
        failed = {i.link.rsplit("/", 1)[-1]: i.error for i in first.items if i.status == "failed"}
        assert failed == {"missing.html": "HTTP 404", "78": "binary content (PNG image)"}
        with store.engine.connect() as conn:
            assert conn.execute(
                select(feed_items.c.status, feed_items.c.last_error).where(feed_items.c.entry_id == "bbc-3")
            ).one() == ("gave_up", "entry has no link")
        # Two outlets, one incident: one ACLED row naming both, with the lowest credible toll.
        assert stored["1.html"].incidents == stored["77"].incidents and len(stored["1.html"].incidents) == 1
        (incident_id,) = stored["1.html"].incidents
        df = _csv(store)
        assert len(df) == 2
        strike = df.set_index("event_id_cnty").loc[acled_id_of(store.engine, incident_id)]
        # Outlets are named in the order their reports were stored (the pages arrive concurrently).
        assert (
            set(strike["source"].split("; ")[:2]) == {"BBC", "Sky News Arabia"} and strike["fatalities"] == 5
        )
        n_articles, n_events = _count(store, articles), _count(store, events)
        assert n_articles == 3

        # Five seconds later only the failed feed and the failed item are due; both are tried again.
        clock.advance(5)
        second = watcher.poll_once()
        assert [f.feed_url for f in second.feeds] == [site.url("/slow/rss.xml")]
        assert second.feeds[0].failures == 2
        assert {i.link.rsplit("/", 1)[-1]: i.status for i in second.items} == {
            "missing.html": "gave_up",
            "78": "gave_up",
        }
        # A minute later the feeds are polled with their ETags: nothing new, nothing stored twice.
        clock.advance(61)
        site.put("/slow/rss.xml", rss("بطيء", []))  # the slow feed has recovered
        third = watcher.poll_once()
        assert {f.feed_url.rsplit("/", 2)[-2]: f.status for f in third.feeds} == {
            "bbc": "not_modified",
            "sky": "not_modified",
            "slow": "ok",
        }
        assert site.hits_for("/bbc/rss.xml")[-1].headers.get("If-None-Match")
        assert third.items == [] and (_count(store, articles), _count(store, events)) == (
            n_articles,
            n_events,
        )
        with store.engine.connect() as conn:
            slow_row = conn.execute(select(feeds).where(feeds.c.feed_url == site.url("/slow/rss.xml"))).one()
            assert (slow_row.status, slow_row.failures, slow_row.last_error) == ("ok", 0, None)

        # BBC updates its story: the health directorate now gives 11 dead.
        site.put("/bbc/news/1.html", page("غارة على سراقب: ارتفاع الحصيلة", STRIKE_BBC_UPDATED))
        site.put(
            "/bbc/rss.xml",
            rss(
                "بي بي سي عربي",
                [
                    {
                        "title": "ارتفاع حصيلة غارة سراقب",
                        "link": site.url("/bbc/news/1.html"),
                        "guid": "bbc-1",
                        "pubDate": "Sat, 03 Mar 2018 14:00:00 GMT",
                    },
                    {
                        "title": "احتجاجات في البصرة",
                        "link": site.url("/bbc/news/2.html"),
                        "guid": "bbc-2",
                        "pubDate": PUB,
                    },
                ],
            ),
            content_type="application/rss+xml",
        )
        clock.advance(61)
        fourth = watcher.poll_once()
        bbc = next(f for f in fourth.feeds if "bbc" in f.feed_url)
        assert (bbc.new, bbc.updated) == (0, 1)
        (updated,) = fourth.stored
        assert updated.article_id == stored["1.html"].article_id and updated.incidents == [incident_id]
        assert (_count(store, articles), _count(store, events)) == (n_articles, n_events)
        found = get_incident(store, incident_id)
        assert found is not None
        assert (found["fatalities"], found["fatalities_claim"]["rule"]) == (11, "latest_official")
        assert sorted(c["fatalities"]["best"] for c in found["claims"]) == [8, 11]  # BBC's 5 is replaced
        assert (
            _csv(store).set_index("event_id_cnty").loc[acled_id_of(store.engine, incident_id), "fatalities"]
            == 11
        )

    # A restart: a new watcher over the same database finds nothing new to store.
    with Store(db_url) as store, Watcher(store, _config(site), clock=clock, warm=False) as watcher:
        clock.advance(61)
        again = watcher.poll_once()
        assert again.stored == [] and _count(store, articles) == n_articles
        assert _count(store, incidents) >= 2


def test_an_item_stored_before_a_crash_is_not_stored_twice(site: LocalSite, sqlite_url: str) -> None:
    _serve_outlets(site)
    clock = FakeClock()
    with Store(sqlite_url) as store, Watcher(store, _config(site), clock=clock) as watcher:
        watcher.poll_once()
        counts = store.counts()
        # A crash after the article was stored but before its feed item was marked: the item is pending.
        with store.engine.begin() as conn:
            conn.execute(
                feed_items.update()
                .where(feed_items.c.link == site.url("/sky/story/77"))
                .values(status="pending")
            )
        clock.advance(1)
        report = watcher.poll_once()
        assert {i.link.rsplit("/", 1)[-1]: i.status for i in report.items}["77"] == "unchanged"
        after = store.counts()
        assert {k: v for k, v in after.items() if k != "runs"} == {
            k: v for k, v in counts.items() if k != "runs"
        }


def _feed_of(site: LocalSite, n: int) -> None:
    places = ["البصرة", "الناصرية", "الديوانية", "العمارة", "الكوت", "السماوة"]
    items = []
    for i in range(n):
        path = f"/wire/{i}.html"
        site.put(
            path,
            page(
                f"احتجاج {i}",
                [
                    f"تظاهر مئات الأشخاص في مدينة {places[i % len(places)]} اليوم "
                    f"احتجاجا على انقطاع الكهرباء، في التظاهرة رقم {i} هذا الشهر."
                ],
            ),
            delay=0.25,
        )
        items.append({"title": f"احتجاج {i}", "link": site.url(path), "guid": f"wire-{i}", "pubDate": PUB})
    site.put("/wire/rss.xml", rss("وكالة", items), content_type="application/rss+xml")


def test_watch_killed_midway_resumes_without_duplicates(site: LocalSite, db_url: str, tmp_path: Path) -> None:
    n = 6
    _feed_of(site, n)
    feeds_yaml = tmp_path / "feeds.yaml"
    feeds_yaml.write_text(
        f"defaults:\n  host_interval: 0\n  timeout: 5\nfeeds:\n"
        f"  - url: {site.url('/wire/rss.xml')}\n    source: Wire\n",
        encoding="utf-8",
    )
    cmd = [
        sys.executable,
        "-c",
        "from marsad.cli import app; app()",
        "watch",
        str(feeds_yaml),
        "--db",
        db_url,
        "--workers",
        "1",
    ]
    with Store(db_url) as store:  # migrate first, so the watcher's start is quick
        pass
    proc = subprocess.Popen(
        [*cmd, "--duration", "60"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "120"},
    )
    try:
        with Store(db_url) as store:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and proc.poll() is None and _count(store, articles) < 2:
                time.sleep(0.05)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    with Store(db_url) as store, store.engine.connect() as conn:
        stored_before = {r[0] for r in conn.execute(select(articles.c.article_id))}
        marked_before = {
            r[0] for r in conn.execute(select(feed_items.c.article_id).where(feed_items.c.status == "stored"))
        }
    assert proc.returncode == -signal.SIGKILL and 0 < len(stored_before) < n
    rerun = subprocess.run(
        [*cmd, "--once"], capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "120"}
    )
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    with Store(db_url) as store:
        with store.engine.connect() as conn:
            ids = [r[0] for r in conn.execute(select(articles.c.article_id))]
            statuses = [r[0] for r in conn.execute(select(feed_items.c.status))]
            per_article = list(
                conn.execute(select(events.c.article_id, func.count()).group_by(events.c.article_id))
            )
        assert len(ids) == len(set(ids)) == n and statuses == ["stored"] * n
        assert all(count == 1 for _, count in per_article)
    # Items marked stored before the kill were not fetched again; pages fetched but not yet stored, or
    # stored a moment before the kill but not yet marked, were fetched once more (and not stored twice).
    from marsad.feeds import article_id_for

    for i in range(n):
        hits = len(site.hits_for(f"/wire/{i}.html"))
        assert hits == 1 if article_id_for(site.url(f"/wire/{i}.html")) in marked_before else hits in (1, 2)


def test_feed_item_to_stored_incident_latency(site: LocalSite, sqlite_url: str, artifacts_dir: Path) -> None:
    n = 10
    site.put("/live/rss.xml", rss("مباشر", []), content_type="application/rss+xml")
    config = parse_config(
        {
            "defaults": {
                "interval": 0.2,
                "timeout": 2,
                "retries": 1,
                "backoff": 0.05,
                "host_interval": 0.0,
                "recheck": 0,
            },
            "feeds": [{"url": site.url("/live/rss.xml"), "source": "Live Wire"}],
        }
    )
    towns = ["الموصل", "كركوك", "تكريت", "سامراء", "الرمادي", "الفلوجة", "بعقوبة", "الحلة", "كربلاء", "النجف"]
    latencies: list[float] = []
    with Store(sqlite_url) as store, Watcher(store, config) as watcher:
        thread = threading.Thread(target=watcher.run, kwargs={"duration": 120}, daemon=True)
        thread.start()
        try:
            items: list[dict[str, str]] = []
            for i in range(n):
                path = f"/live/{i}.html"
                site.put(
                    path,
                    page(
                        f"انفجار {i}",
                        [
                            f"قتل {i + 2} أشخاص بانفجار عبوة ناسفة في سوق بمدينة {towns[i]} "
                            "اليوم، بحسب مصادر أمنية."
                        ],
                    ),
                )
                items.insert(
                    0, {"title": f"انفجار {i}", "link": site.url(path), "guid": f"live-{i}", "pubDate": PUB}
                )
                published = time.monotonic()
                site.put("/live/rss.xml", rss("مباشر", items), content_type="application/rss+xml")
                deadline = published + 20
                while time.monotonic() < deadline:
                    with store.engine.connect() as conn:
                        found = conn.execute(
                            select(func.count())
                            .select_from(incidents)
                            .join(events, events.c.event_id == incidents.c.representative_event_id)
                            .where(events.c.article_id == f"feed-{_sha(site.url(path))}")
                        ).scalar_one()
                    if found:
                        latencies.append(time.monotonic() - published)
                        break
                    time.sleep(0.01)
                else:
                    pytest.fail(f"item {i} never became an incident")
                time.sleep(0.1)
        finally:
            watcher.stop.set()
            thread.join(timeout=30)
    figures = {
        "items": n,
        "median_s": round(statistics.median(latencies), 3),
        "max_s": round(max(latencies), 3),
        "min_s": round(min(latencies), 3),
        "poll_interval_s": 0.2,
        "measured": "item added to the feed on the local server -> its incident committed in the database",
    }
    (artifacts_dir / "watch_latency.json").write_text(json.dumps(figures, indent=1) + "\n")
    print("\nfeed item -> stored incident:", json.dumps(figures))
    assert figures["median_s"] < 2.0


def _sha(link: str) -> str:
    from marsad.feeds import article_id_for

    return article_id_for(link).removeprefix("feed-")
