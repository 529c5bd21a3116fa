"""A local HTTP server for feed tests (threading http.server on 127.0.0.1, a free port): it serves
feeds and pages we write, honours ETag / Last-Modified, and can be told to be slow, fail a
number of times, or answer with an error. Every request is logged."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0  # seconds before answering (a feed that times out)
    fail_times: int = 0  # answer 503 this many times first
    etag: bool = True
    modified: float = field(default_factory=time.time)

    @property
    def tag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@dataclass
class Hit:
    path: str
    at: float
    headers: dict[str, str]
    status: int


class LocalSite:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                hit = Hit(self.path, time.monotonic(), dict(self.headers), 0)
                with site.lock:  # logged before answering: a client may look as soon as it has the answer
                    site.hits.append(hit)
                hit.status = site.answer(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def put(self, path: str, body: str | bytes, **kwargs: Any) -> Route:
        route = Route(body=body.encode("utf-8") if isinstance(body, str) else body, **kwargs)
        with self.lock:
            self.routes[path] = route
        return route

    def hits_for(self, path: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path == path]

    def answer(self, handler: BaseHTTPRequestHandler) -> int:
        with self.lock:
            route = self.routes.get(handler.path)
            if route is not None and route.fail_times > 0:
                route.fail_times -= 1
                failing = True
            else:
                failing = False
        if route is None:
            return self._send(handler, 404, b"not found", "text/plain")
        if route.delay:
            time.sleep(route.delay)
        if failing:
            return self._send(handler, 503, b"busy", "text/plain", extra={"Retry-After": "0"})
        if route.status != 200:
            return self._send(handler, route.status, b"error", "text/plain")
        last_modified = formatdate(route.modified, usegmt=True)
        if route.etag and handler.headers.get("If-None-Match") == route.tag:
            return self._send(handler, 304, b"", None, extra={"ETag": route.tag})
        if not route.etag and handler.headers.get("If-Modified-Since") == last_modified:
            return self._send(handler, 304, b"", None, extra={"Last-Modified": last_modified})
        extra = {"ETag": route.tag} if route.etag else {"Last-Modified": last_modified}
        return self._send(handler, 200, route.body, route.content_type, extra=extra)

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        content_type: str | None,
        extra: dict[str, str] | None = None,
    ) -> int:
        try:
            handler.send_response(status)
            if content_type:
                handler.send_header("Content-Type", content_type)
            for k, v in (extra or {}).items():
                handler.send_header(k, v)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            if body:
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            pass
        return status

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def rss(title: str, items: list[dict[str, str]]) -> str:
    """An RSS 2.0 document; items have title, link (optional), guid, pubDate, description."""
    parts = [
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{title}</title>'
        "<link>http://example.invalid/</link><description>test feed</description>"
    ]
    for it in items:
        parts.append("<item>")
        for tag in ("title", "link", "pubDate", "description"):
            if it.get(tag):
                parts.append(f"<{tag}>{it[tag]}</{tag}>")
        if it.get("guid"):  # not a permalink: an item without <link> has no URL at all
            parts.append(f'<guid isPermaLink="false">{it["guid"]}</guid>')
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts)


def atom(title: str, entries: list[dict[str, str]]) -> str:
    """An Atom document; entries have id, title, link (optional), updated, summary."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:test:{title}</id><updated>2018-03-03T12:00:00Z</updated>"
    ]
    for e in entries:
        parts.append(f"<entry><id>{e['id']}</id><title>{e['title']}</title><updated>{e['updated']}</updated>")
        if e.get("link"):
            parts.append(f'<link href="{e["link"]}"/>')
        if e.get("summary"):
            parts.append(f"<summary>{e['summary']}</summary>")
        parts.append("</entry>")
    parts.append("</feed>")
    return "".join(parts)


def page(title: str, paragraphs: list[str]) -> str:
    """A news page: the story inside <article>, with menus and a footer around it."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta property="article:published_time" content="2018-03-03T08:00:00Z"></head><body>'
        "<nav><a href='/'>الرئيسية</a> · <a href='/world'>العالم</a> · <a href='/sport'>رياضة</a></nav>"
        f"<main><article><h1>{title}</h1>{body}</article></main>"
        "<footer>جميع الحقوق محفوظة · سياسة الخصوصية · اتصل بنا</footer></body></html>"
    )
