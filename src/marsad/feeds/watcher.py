"""`marsad watch`: poll RSS/Atom feeds, fetch new and updated items, take the main text out of
each page, ingest it (the ingest service de-duplicates and fuses after every batch) — minutes after
publication, not a week later.

    from marsad.feeds import Watcher, load_config
    with Store(url) as store:
        watcher = Watcher(store, load_config("FEEDS.yaml"))
        watcher.run(duration=3600)          # or watcher.poll_once() for one cycle

State lives in the database (`feeds`, `feed_items`): ETag/Last-Modified of each feed and page,
what was stored under which article id, failures and when to try again. A crash or restart
resumes from there; an item fetched again after a crash is the same article id with the same
text, which the store leaves unchanged, so nothing is stored twice.

Feeds are polled and pages fetched in worker threads (a slow feed does not hold up the others);
all database writes happen in the calling thread, item by item as pages arrive.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update

from marsad.feeds.config import FeedConfig, WatchConfig
from marsad.feeds.entries import (
    CycleReport,
    Entry,
    FeedOutcome,
    ItemOutcome,
    Page,
    item_key,
    page_item,
    parse_feed,
)
from marsad.feeds.http import Fetcher, FetchResult
from marsad.fusion import incident_of_events
from marsad.service.ingest import IngestService, warm_engine
from marsad.store import Store
from marsad.store.tables import events, feed_items, feeds
from marsad.util import utcnow

PENDING, STORED, FAILED, GAVE_UP = "pending", "stored", "failed", "gave_up"


def _aware(value: datetime | None) -> datetime | None:
    # SQLite hands timestamps back without their zone; they were written in UTC.
    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)


def _to_fetch(e: Entry) -> dict[str, Any]:
    """An item's columns from its new or changed entry, its fetch state started afresh (an
    entry without a link cannot be fetched: it is given up at once)."""
    return {
        "entry_version": e.version,
        "link": e.link,
        "title": e.title,
        "status": PENDING if e.link else GAVE_UP,
        "attempts": 0,
        "last_error": None if e.link else "entry has no link",
    }


class Watcher:
    def __init__(
        self,
        store: Store,
        config: WatchConfig,
        *,
        fetcher: Fetcher | None = None,
        clock: Callable[[], datetime] = utcnow,
        warm: bool = True,
        max_workers: int = 4,
        stop: threading.Event | None = None,
    ) -> None:
        self.store = store
        self.ingest = IngestService(store)
        self.config = config
        self.fetcher = fetcher or Fetcher(
            host_interval=config.host_interval,
            user_agent=config.user_agent,
            max_bytes=max(f.settings.max_bytes for f in config.feeds),
        )
        self.clock = clock
        self.stop = stop or threading.Event()
        self.pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="marsad-watch")
        self.published: dict[str, str] = {}  # item key -> the entry's publication time, from the last parse
        self._register_feeds()
        if warm:  # the engine's lexicons and gazetteer now, not when the first item arrives
            warm_engine()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.fetcher.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _register_feeds(self) -> None:
        with self.store.engine.begin() as conn:
            known = {r.feed_url for r in conn.execute(select(feeds.c.feed_url))}
            for feed in self.config.feeds:
                if feed.url not in known:
                    conn.execute(
                        insert(feeds).values(feed_url=feed.url, source=feed.source, failures=0, polls=0)
                    )
                else:
                    conn.execute(update(feeds).where(feeds.c.feed_url == feed.url).values(source=feed.source))

    # ------------------------------------------------------------ one cycle

    def poll_once(self) -> CycleReport:
        """Poll every feed that is due, then fetch, extract and ingest its new or updated items
        (and items whose earlier fetch failed and are due again)."""
        now = self.clock()
        report = CycleReport(started=now)
        with self.store.engine.connect() as conn:
            state = {r.feed_url: r for r in conn.execute(select(feeds))}
        running: dict[Future[Any], tuple[str, Any]] = {}
        for feed in self.config.feeds:
            row = state[feed.url]
            if _aware(row.next_poll_at) is None or _aware(row.next_poll_at) <= now:
                fut = self.pool.submit(
                    self.fetcher.get,
                    feed.url,
                    etag=row.etag,
                    last_modified=row.last_modified,
                    timeout=feed.settings.timeout,
                    retries=feed.settings.retries,
                    backoff=feed.settings.backoff,
                )
                running[fut] = ("feed", feed)
        for page in self._due_pages(now, exclude=set()):
            running[self._fetch_page(page)] = ("page", page)
        while running and not self.stop.is_set():
            done, _ = wait(list(running), timeout=0.5, return_when=FIRST_COMPLETED)
            for fut in done:
                kind, what = running.pop(fut)
                if kind == "feed":
                    in_flight = {p.key for k, p in running.values() if k == "page"}
                    outcome, pages = self._record_feed(what, fut.result(), in_flight)
                    report.feeds.append(outcome)
                    for page in pages:
                        running[self._fetch_page(page)] = ("page", page)
                else:
                    report.items.append(self._record_page(what, fut.result()))
        return report

    def _fetch_page(self, page: Page) -> Future[FetchResult]:
        s = page.feed.settings
        return self.pool.submit(
            self.fetcher.get,
            page.link,
            etag=page.etag if page.recheck else None,
            last_modified=page.last_modified if page.recheck else None,
            timeout=s.timeout,
            retries=s.retries,
            backoff=s.backoff,
        )

    def _record_feed(
        self, feed: FeedConfig, result: FetchResult, in_flight: set[str]
    ) -> tuple[FeedOutcome, list[Page]]:
        now = self.clock()
        s = feed.settings
        outcome = FeedOutcome(feed_url=feed.url, status="ok", attempts=result.attempts)
        entries: list[Entry] = []
        error = result.error
        if result.ok:
            entries, _, error = parse_feed(result.content, feed.url)
        with self.store.engine.begin() as conn:
            row = conn.execute(select(feeds).where(feeds.c.feed_url == feed.url)).one()
            if error is not None:
                failures = row.failures + 1
                # Retried soon, then less often, never later than the feed's own interval.
                retry_in = min(s.interval, max(s.backoff, 1.0) * 2 ** min(failures, 10))
                conn.execute(
                    update(feeds)
                    .where(feeds.c.feed_url == feed.url)
                    .values(
                        status="failed",
                        failures=failures,
                        polls=row.polls + 1,
                        last_error=error,
                        last_polled_at=now,
                        next_poll_at=now + timedelta(seconds=retry_in),
                    )
                )
                outcome.status, outcome.error, outcome.failures, outcome.retry_in_s = (
                    "failed",
                    error,
                    failures,
                    retry_in,
                )
                return outcome, []
            values: dict[str, Any] = {
                "status": "ok" if result.ok else "not_modified",
                "failures": 0,
                "polls": row.polls + 1,
                "last_error": None,
                "last_polled_at": now,
                "last_ok_at": now,
                "next_poll_at": now + timedelta(seconds=s.interval),
            }
            if result.ok:
                values.update(etag=result.etag, last_modified=result.last_modified)
            conn.execute(update(feeds).where(feeds.c.feed_url == feed.url).values(**values))
            outcome.status = values["status"]
            outcome.entries = len(entries)
            if entries:
                self._record_entries(conn, feed, entries, now, outcome)
        return outcome, list(self._due_pages(now, exclude=in_flight, feed=feed))

    def _record_entries(
        self, conn: Any, feed: FeedConfig, entries: list[Entry], now: datetime, outcome: FeedOutcome
    ) -> None:
        keys = {item_key(feed.url, e.entry_id): e for e in entries}
        known = {
            r.item_key: r
            for r in conn.execute(select(feed_items).where(feed_items.c.item_key.in_(list(keys))))
        }
        recheck_before = now - timedelta(seconds=feed.settings.recheck) if feed.settings.recheck else None
        for key, e in keys.items():
            if e.published:
                self.published[key] = e.published
            row = known.get(key)
            if row is None:
                conn.execute(
                    insert(feed_items).values(
                        item_key=key,
                        feed_url=feed.url,
                        entry_id=e.entry_id,
                        first_seen_at=now,
                        **_to_fetch(e),
                    )
                )
                outcome.new += 1
            elif row.entry_version != e.version and e.link:
                conn.execute(
                    update(feed_items)
                    .where(feed_items.c.item_key == key)
                    .values(**_to_fetch(e), next_attempt_at=None)
                )
                outcome.updated += 1
            elif (
                row.status == STORED
                and recheck_before is not None
                and row.fetched_at is not None
                and _aware(row.fetched_at) < recheck_before
            ):  # type: ignore[operator]
                conn.execute(update(feed_items).where(feed_items.c.item_key == key).values(status=PENDING))

    def _due_pages(self, now: datetime, exclude: set[str], feed: FeedConfig | None = None) -> Iterator[Page]:
        by_url = {f.url: f for f in self.config.feeds}
        stmt = select(feed_items).where(
            feed_items.c.status.in_([PENDING, FAILED]),
            feed_items.c.feed_url.in_([feed.url] if feed else list(by_url)),
        )
        with self.store.engine.connect() as conn:
            rows = list(conn.execute(stmt.order_by(feed_items.c.first_seen_at, feed_items.c.item_key)))
        for r in rows:
            due = _aware(r.next_attempt_at)
            if r.item_key in exclude or (due is not None and due > now) or not r.link:
                continue
            yield Page(
                key=r.item_key,
                feed=by_url[r.feed_url],
                link=r.link,
                title=r.title,
                published=self.published.get(r.item_key),
                first_seen_at=_aware(r.first_seen_at) or now,
                attempts=r.attempts,
                etag=r.etag,
                last_modified=r.last_modified,
                recheck=r.stored_at is not None and r.status == PENDING,
            )

    def _record_page(self, page: Page, result: FetchResult) -> ItemOutcome:
        now = self.clock()
        outcome = ItemOutcome(feed_url=page.feed.url, link=page.link, status="failed")
        where = feed_items.c.item_key == page.key
        if result.not_modified:  # a re-check of a stored page that has not changed
            with self.store.engine.begin() as conn:
                conn.execute(
                    update(feed_items).where(where).values(status=STORED, fetched_at=now, last_error=None)
                )
            outcome.status = "unchanged"
            return outcome
        item, error = page_item(page, result) if result.ok else (None, result.error)
        if item is None:
            attempts = page.attempts + 1
            gave_up = attempts >= page.feed.settings.max_item_attempts
            retry_in = page.feed.settings.backoff * 2**attempts
            with self.store.engine.begin() as conn:
                conn.execute(
                    update(feed_items)
                    .where(where)
                    .values(
                        status=GAVE_UP if gave_up else FAILED,
                        attempts=attempts,
                        last_error=error,
                        fetched_at=now,
                        next_attempt_at=None if gave_up else now + timedelta(seconds=retry_in),
                    )
                )
            outcome.status, outcome.error = (GAVE_UP if gave_up else "failed"), error
            return outcome
        report = self.ingest.ingest([item], origin=f"watch {page.feed.url}"[:200])
        stored_at = self.clock()
        status = report.outcomes[0].status if report.outcomes else "added"
        with self.store.engine.begin() as conn:
            conn.execute(
                update(feed_items)
                .where(where)
                .values(
                    status=STORED,
                    article_id=item["id"],
                    attempts=0,
                    last_error=None,
                    fetched_at=now,
                    stored_at=stored_at,
                    etag=result.etag,
                    last_modified=result.last_modified,
                    next_attempt_at=None,
                )
            )
        outcome.status = "unchanged" if status == "unchanged" else "stored"
        outcome.article_id = item["id"]
        outcome.latency_s = (stored_at - page.first_seen_at).total_seconds()
        outcome.incidents = self._incidents_of(item["id"])
        return outcome

    def _incidents_of(self, article_id: str) -> list[str]:
        with self.store.engine.connect() as conn:
            ids = [
                r[0] for r in conn.execute(select(events.c.event_id).where(events.c.article_id == article_id))
            ]
        return sorted(set(incident_of_events(self.store, ids).values()))

    # ------------------------------------------------------------ the loop

    def next_wake(self) -> datetime | None:
        """When something is next due (a feed poll or an item retry)."""
        with self.store.engine.connect() as conn:
            times = [
                _aware(r[0])
                for r in conn.execute(
                    select(feeds.c.next_poll_at).where(
                        feeds.c.feed_url.in_([f.url for f in self.config.feeds])
                    )
                )
            ]
            times += [
                _aware(r[0])
                for r in conn.execute(
                    select(feed_items.c.next_attempt_at).where(feed_items.c.status == FAILED)
                )
            ]
        known = [t for t in times if t is not None]
        return min(known) if known else None

    def run(
        self,
        *,
        cycles: int | None = None,
        duration: float | None = None,
        on_cycle: Callable[[CycleReport], None] | None = None,
        max_sleep: float = 30.0,
    ) -> list[CycleReport]:
        """Poll until `cycles` are done, `duration` seconds have passed, or `stop` is set."""
        reports: list[CycleReport] = []
        deadline = time.monotonic() + duration if duration is not None else None
        while not self.stop.is_set():
            report = self.poll_once()
            reports.append(report)
            if on_cycle is not None:
                on_cycle(report)
            if cycles is not None and len(reports) >= cycles:
                break
            wake = self.next_wake()
            pause = max_sleep if wake is None else (wake - self.clock()).total_seconds()
            pause = min(max(pause, 0.05), max_sleep)
            if deadline is not None:
                if time.monotonic() >= deadline:
                    break
                pause = min(pause, max(0.0, deadline - time.monotonic()))
            self.stop.wait(pause)
        return reports
