"""Polite HTTP for feeds and pages: conditional GET (ETag / Last-Modified), a minimum interval
between two requests to one host, timeouts (also on the whole body), retries with doubling
back-off on timeouts, connection errors, HTTP 429 and 5xx, and a cap on the body size."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from marsad import ENGINE_VERSION

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0


@dataclass(slots=True)
class FetchResult:
    url: str
    status: int | None = None
    content: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    attempts: int = 0
    errors: list[str] = field(default_factory=list)  # one per failed attempt

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == 304

    @property
    def charset(self) -> str | None:
        for part in (self.content_type or "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"')
        return None


class HostLimiter:
    """At least `interval` seconds between the starts of two requests to one host (thread-safe)."""

    def __init__(
        self,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> float:
        """Block until `host` may be asked again; returns how long it waited."""
        with self._lock:
            now = self.clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.interval
        delay = start - now
        if delay > 0:
            self.sleep(delay)
        return delay


class Fetcher:
    def __init__(
        self,
        *,
        host_interval: float = 1.0,
        user_agent: str | None = None,
        max_bytes: int = 5_000_000,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limiter = HostLimiter(host_interval, sleep=sleep)
        self.max_bytes = max_bytes
        self.sleep = sleep
        self.client = httpx.Client(
            follow_redirects=True,
            transport=transport,
            headers={
                "User-Agent": user_agent or f"marsad-watch/{ENGINE_VERSION}",
                "Accept": "application/rss+xml, application/atom+xml, application/xml, text/html;q=0.9, */*;q=0.5",
            },
        )

    def close(self) -> None:
        self.client.close()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        timeout: float = 10.0,
        retries: int = 2,
        backoff: float = 1.0,
    ) -> FetchResult:
        """GET with the conditional headers; never raises (the error is in the result)."""
        result = FetchResult(url=url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = urlsplit(url).netloc.lower()
        for attempt in range(retries + 1):
            result.attempts = attempt + 1
            self.limiter.wait(host)
            error, wait = self._once(url, headers, timeout, result)
            if error is None:
                return result
            result.errors.append(error)
            result.error = error
            if wait is None or attempt == retries:
                break
            self.sleep(max(wait, backoff * 2**attempt))
        return result

    def _once(
        self, url: str, headers: dict[str, str], timeout: float, result: FetchResult
    ) -> tuple[str | None, float | None]:
        """One attempt. Returns (error, seconds to wait before a retry, or None: do not retry)."""
        started = time.monotonic()
        result.status = None
        try:
            with self.client.stream("GET", url, headers=headers, timeout=httpx.Timeout(timeout)) as response:
                result.status = response.status_code
                result.content_type = response.headers.get("content-type")
                result.etag = response.headers.get("etag")
                result.last_modified = response.headers.get("last-modified")
                if response.status_code in RETRYABLE_STATUS:
                    return f"HTTP {response.status_code}", _retry_after(response.headers.get("retry-after"))
                if response.status_code == 304:
                    result.error = None
                    return None, None
                if response.status_code >= 400:
                    return f"HTTP {response.status_code}", None
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        return f"body larger than {self.max_bytes} bytes", None
                    if time.monotonic() - started > timeout:  # a server trickling bytes forever
                        return f"timed out after {timeout:g} s (body too slow)", 0.0
                    chunks.append(chunk)
                result.content = b"".join(chunks)
                result.error = None
                return None, None
        except httpx.TimeoutException:
            return f"timed out after {timeout:g} s", 0.0
        except httpx.TransportError as exc:
            return f"{type(exc).__name__}: {exc}", 0.0


def _retry_after(value: str | None) -> float:
    if value and value.strip().isdigit():
        return min(float(value.strip()), MAX_RETRY_AFTER)
    return 0.0
