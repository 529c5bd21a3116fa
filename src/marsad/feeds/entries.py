"""Feed entries and pages: parsing a feed, the ids of its items, the input item of a fetched
page, and what a poll cycle reports."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urldefrag

from marsad.feeds.config import FeedConfig
from marsad.feeds.http import FetchResult


def item_key(feed_url: str, entry_id: str) -> str:
    return hashlib.sha256(f"{feed_url}\n{entry_id}".encode()).hexdigest()


def article_id_for(link: str) -> str:
    """A stable article id from the page's URL (without its #fragment)."""
    return "feed-" + hashlib.sha256(urldefrag(link.strip())[0].encode()).hexdigest()[:24]


# ---------------------------------------------------------------- reports


@dataclass(slots=True)
class ItemOutcome:
    feed_url: str
    link: str | None
    status: str  # stored | unchanged | failed | gave_up
    article_id: str | None = None
    error: str | None = None
    latency_s: float | None = None  # first seen in the feed -> stored and fused
    incidents: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FeedOutcome:
    feed_url: str
    status: str  # ok | not_modified | failed
    entries: int = 0
    new: int = 0
    updated: int = 0
    error: str | None = None
    attempts: int = 0
    failures: int = 0  # consecutive failed polls
    retry_in_s: float | None = None


@dataclass(slots=True)
class CycleReport:
    started: datetime
    feeds: list[FeedOutcome] = field(default_factory=list)
    items: list[ItemOutcome] = field(default_factory=list)

    @property
    def failed_feeds(self) -> list[FeedOutcome]:
        return [f for f in self.feeds if f.status == "failed"]

    @property
    def stored(self) -> list[ItemOutcome]:
        return [i for i in self.items if i.status == "stored"]


# ---------------------------------------------------------------- feed entries


@dataclass(frozen=True, slots=True)
class Entry:
    entry_id: str
    link: str | None
    title: str | None
    published: str | None  # ISO 8601, UTC
    version: str  # changes when the entry is updated


def _iso(parsed: Any) -> str | None:
    if not parsed:
        return None
    try:
        return datetime(*parsed[:6], tzinfo=UTC).isoformat()
    except (TypeError, ValueError):
        return None


def parse_feed(content: bytes, url: str) -> tuple[list[Entry], str | None, str | None]:
    """(entries, feed title, error). An unreadable document is an error, a feed with a few bad
    entries is not: those entries come back without a link and fail on their own."""
    import feedparser

    parsed = feedparser.parse(content, response_headers={"content-location": url})
    if not parsed.entries and not parsed.get("version"):  # an empty feed served as text/html is still a feed
        reason = parsed.get("bozo_exception")
        return [], None, f"not an RSS/Atom feed ({type(reason).__name__ if reason else 'no entries'})"
    out = []
    for e in parsed.entries:
        link = (e.get("link") or "").strip() or None
        entry_id = (e.get("id") or link or e.get("title") or "").strip()
        if not entry_id:
            continue
        # dict.get: feedparser's own get maps a missing "updated" to "published" with a DeprecationWarning.
        stamp = dict.get(e, "updated") or dict.get(e, "published") or ""
        version = hashlib.sha256(
            "\n".join([stamp, e.get("title") or "", e.get("summary") or ""]).encode()
        ).hexdigest()
        out.append(
            Entry(
                entry_id=entry_id[:2000],
                link=link,
                title=(e.get("title") or "").strip() or None,
                published=_iso(dict.get(e, "published_parsed") or dict.get(e, "updated_parsed")),
                version=version,
            )
        )
    return out, parsed.feed.get("title"), None


@dataclass(slots=True)
class Page:
    """An item's page, due to be fetched."""

    key: str
    feed: FeedConfig
    link: str
    title: str | None
    published: str | None
    first_seen_at: datetime
    attempts: int
    etag: str | None
    last_modified: str | None
    recheck: bool


def page_item(page: Page, result: FetchResult) -> tuple[dict[str, Any] | None, str | None]:
    """The input item of a fetched page, or (None, why there is none)."""
    from marsad.inputs.decode import decode_bytes
    from marsad.inputs.html_text import extract_html
    from marsad.inputs.item import DEFAULT_MAX_CHARS, InputItem, finish_item

    decoded = decode_bytes(result.content, declared=result.charset)
    if decoded.is_binary:
        return None, "; ".join(decoded.errors) or "binary content"
    html = extract_html(decoded.text)
    if not html.text.strip():
        return None, "no text in the page"
    item = finish_item(
        InputItem(
            id=article_id_for(page.link),
            text=html.text,
            source=page.feed.source,
            published=page.published or html.published or page.first_seen_at.date().isoformat(),
            title=page.title or html.title,
            origin=page.link,
            errors=[*decoded.errors, *html.errors],
        ),
        max_chars=DEFAULT_MAX_CHARS,
    )
    if not item.text:
        return None, "; ".join(item.errors) or "no text in the page"
    return item.to_dict(), None
