"""The feed fetcher against a local server: conditional GET, retries with back-off, timeouts,
errors that are not retried, the body cap and the per-host rate limit; and FEEDS.yaml."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.feeds import ConfigError, Fetcher, HostLimiter, load_config, parse_config, parse_feed
from tests.feeds.server import LocalSite, atom, rss


@pytest.fixture
def site() -> Iterator[LocalSite]:
    s = LocalSite()
    yield s
    s.close()


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    f = Fetcher(host_interval=0.0, max_bytes=10_000)
    yield f
    f.close()


def test_conditional_get_with_etag_and_last_modified(site: LocalSite, fetcher: Fetcher) -> None:
    site.put("/a.xml", "<rss/>")
    first = fetcher.get(site.url("/a.xml"))
    assert first.ok and first.etag and first.content == b"<rss/>"
    again = fetcher.get(site.url("/a.xml"), etag=first.etag)
    assert again.not_modified and again.content == b""
    assert site.hits_for("/a.xml")[-1].headers.get("If-None-Match") == first.etag
    site.put("/b.xml", "<rss/>", etag=False)
    b = fetcher.get(site.url("/b.xml"))
    assert b.last_modified and fetcher.get(site.url("/b.xml"), last_modified=b.last_modified).not_modified


def test_retries_with_backoff_then_success(site: LocalSite, fetcher: Fetcher) -> None:
    site.put("/busy.xml", "<rss/>", fail_times=2)
    started = time.monotonic()
    result = fetcher.get(site.url("/busy.xml"), retries=2, backoff=0.1)
    assert result.ok and result.attempts == 3 and result.errors == ["HTTP 503", "HTTP 503"]
    assert time.monotonic() - started >= 0.1 + 0.2  # back-off doubled
    site.put("/down.xml", "<rss/>", fail_times=5)
    down = fetcher.get(site.url("/down.xml"), retries=1, backoff=0.01)
    assert not down.ok and down.error == "HTTP 503" and down.attempts == 2


def test_timeouts_and_errors_that_are_not_retried(site: LocalSite, fetcher: Fetcher) -> None:
    site.put("/slow.xml", "<rss/>", delay=1.0)
    started = time.monotonic()
    slow = fetcher.get(site.url("/slow.xml"), timeout=0.3, retries=1, backoff=0.05)
    assert slow.error and slow.error.startswith("timed out") and slow.attempts == 2
    assert time.monotonic() - started < 1.5
    missing = fetcher.get(site.url("/nothing-here.html"), retries=3)
    assert missing.error == "HTTP 404" and missing.attempts == 1  # a 404 is not retried
    site.put("/huge.html", "x" * 20_000)
    assert fetcher.get(site.url("/huge.html")).error == "body larger than 10000 bytes"
    closed = fetcher.get("http://127.0.0.1:9/", retries=0, timeout=1)
    assert closed.error and "Connect" in closed.error


def test_host_limiter_spaces_requests_to_one_host() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    limiter = HostLimiter(0.5, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        limiter.wait("a.example")
    limiter.wait("b.example")
    assert slept == [0.5, 0.5]  # the second host does not wait for the first


def test_real_requests_respect_the_host_interval(site: LocalSite) -> None:
    site.put("/x.xml", "<rss/>")
    with_limit = Fetcher(host_interval=0.2)
    try:
        for _ in range(3):
            with_limit.get(site.url("/x.xml"))
    finally:
        with_limit.close()
    times = [h.at for h in site.hits_for("/x.xml")]
    # Server-side arrival times jitter on a loaded machine (a late first arrival shortens
    # one gap), so the whole span is checked: unlimited, three local requests take
    # milliseconds; spaced 0.2 s apart they span at least 0.4 s, less any jitter.
    assert len(times) == 3 and times[-1] - times[0] >= 0.3


def test_parse_rss_and_atom_and_reject_other_documents() -> None:
    entries, title, error = parse_feed(
        rss(
            "قناة",
            [
                {
                    "title": "خبر",
                    "link": "http://h/1",
                    "guid": "g1",
                    "pubDate": "Sat, 03 Mar 2018 08:00:00 GMT",
                },
                {"title": "بلا رابط", "guid": "g2"},
            ],
        ).encode(),
        "http://h/rss",
    )
    assert error is None and title == "قناة"
    assert [(e.entry_id, e.link, e.published) for e in entries] == [
        ("g1", "http://h/1", "2018-03-03T08:00:00+00:00"),
        ("g2", None, None),
    ]
    atom_entries, _, _ = parse_feed(
        atom(
            "t", [{"id": "a1", "title": "x", "updated": "2018-03-03T09:00:00Z", "link": "http://h/a1"}]
        ).encode(),
        "http://h/atom",
    )
    assert atom_entries[0].link == "http://h/a1" and atom_entries[0].published == "2018-03-03T09:00:00+00:00"
    assert parse_feed(b"<html><body>not a feed</body></html>", "http://h/")[2] is not None
    assert parse_feed(b"\x89PNG\r\n\x1a\n\x00\x00", "http://h/")[2] is not None


def test_feeds_yaml(tmp_path: Path) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "defaults:\n  interval: 120\n  timeout: 5\nfeeds:\n"
        "  - url: https://a.example/rss\n    source: BBC Arabic\n    interval: 30\n"
        "  - https://b.example/atom\n",
        encoding="utf-8",
    )
    config = load_config(path)
    assert [(f.url, f.source, f.settings.interval, f.settings.timeout) for f in config.feeds] == [
        ("https://a.example/rss", "BBC Arabic", 30.0, 5.0),
        ("https://b.example/atom", None, 120.0, 5.0),
    ]
    for bad, message in [
        ({}, "feeds"),
        ({"feeds": [{"url": "ftp://x/y"}]}, "http"),
        ({"feeds": ["https://a/x", "https://a/x"]}, "twice"),
        ({"feeds": [{"url": "https://a/x", "timeout": 0}]}, "positive"),
        ({"feeds": [{"url": "https://a/x", "retries": "many"}]}, "number"),
    ]:
        with pytest.raises(ConfigError, match=message):
            parse_config(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.yaml")
