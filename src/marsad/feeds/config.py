"""FEEDS.yaml: the feeds `marsad watch` polls and how politely.

defaults:               # optional; every key can be set per feed too
  interval: 300         # seconds between two polls of a feed
  timeout: 10           # seconds a request may take
  retries: 2            # further attempts after a timeout, a connection error, HTTP 429 or 5xx
  backoff: 1.0          # seconds before the first retry, doubled each time
  host_interval: 1.0    # at least this many seconds between two requests to one host
  recheck: 900          # re-fetch (conditionally) an item still in the feed after this many seconds
  max_item_attempts: 5  # an item page that keeps failing is given up after this many fetches
feeds:
  - url: https://www.example.org/arabic/rss.xml
    source: BBC Arabic  # the outlet, stored on each article (ACLED `source`)
    interval: 120
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class ConfigError(ValueError):
    """FEEDS.yaml is missing, unreadable or says something that cannot work."""


@dataclass(frozen=True, slots=True)
class FeedSettings:
    """How politely one feed is polled: the defaults of FEEDS.yaml's `defaults` block."""

    interval: float = 300.0  # seconds between two polls of a feed
    timeout: float = 10.0  # seconds a request may take
    retries: int = 2  # further attempts after a timeout, a connection error, HTTP 429 or 5xx
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    host_interval: float = 1.0  # at least this many seconds between two requests to one host
    recheck: float = 900.0  # re-fetch (conditionally) an item still in the feed after this many seconds
    max_item_attempts: int = 5  # an item page that keeps failing is given up after this many fetches
    max_bytes: int = 5_000_000  # a response body larger than this is refused


@dataclass(frozen=True, slots=True)
class FeedConfig:
    url: str
    source: str | None
    settings: FeedSettings

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc.lower()


@dataclass(frozen=True, slots=True)
class WatchConfig:
    feeds: tuple[FeedConfig, ...]
    defaults: FeedSettings
    user_agent: str | None = None

    @property
    def host_interval(self) -> float:
        return min([self.defaults.host_interval, *(f.settings.host_interval for f in self.feeds)])


_SETTING_TYPES = {f.name: f.type for f in fields(FeedSettings)}


def _settings(base: FeedSettings, raw: dict[str, Any], where: str) -> FeedSettings:
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in _SETTING_TYPES:
            continue
        try:
            number = float(value) if _SETTING_TYPES[key] == "float" else int(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: {key} must be a number, got {value!r}") from exc
        if number < 0 or (key in ("interval", "timeout") and number == 0):
            raise ConfigError(f"{where}: {key} must be positive, got {value!r}")
        changes[key] = number
    return replace(base, **changes)


def parse_config(data: Any) -> WatchConfig:
    if not isinstance(data, dict) or not isinstance(data.get("feeds"), list) or not data["feeds"]:
        raise ConfigError("FEEDS.yaml needs a non-empty list under 'feeds:'")
    defaults = _settings(FeedSettings(), dict(data.get("defaults") or {}), "defaults")
    feeds: list[FeedConfig] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["feeds"], 1):
        if isinstance(raw, str):
            raw = {"url": raw}
        if not isinstance(raw, dict) or not isinstance(raw.get("url"), str):
            raise ConfigError(f"feed {i}: needs a url")
        url = raw["url"].strip()
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise ConfigError(f"feed {i}: {url!r} is not an http(s) URL")
        if url in seen:
            raise ConfigError(f"feed {i}: {url} is listed twice")
        seen.add(url)
        source = raw.get("source")
        feeds.append(
            FeedConfig(
                url=url,
                source=str(source).strip() if source else None,
                settings=_settings(defaults, raw, f"feed {i}"),
            )
        )
    agent = data.get("user_agent")
    return WatchConfig(feeds=tuple(feeds), defaults=defaults, user_agent=str(agent) if agent else None)


def load_config(path: str | Path) -> WatchConfig:
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from exc
    return parse_config(data)
