"""Live feeds: `marsad watch FEEDS.yaml` polls RSS/Atom feeds and ingests new items (issue 10).

from marsad.feeds import Watcher, load_config
with Store("sqlite:///marsad.db") as store, Watcher(store, load_config("FEEDS.yaml")) as watcher:
    report = watcher.poll_once()
"""

from marsad.feeds.config import ConfigError, FeedConfig, FeedSettings, WatchConfig, load_config, parse_config
from marsad.feeds.entries import CycleReport, FeedOutcome, ItemOutcome, article_id_for, parse_feed
from marsad.feeds.http import Fetcher, FetchResult, HostLimiter
from marsad.feeds.watcher import Watcher

__all__ = [
    "ConfigError",
    "CycleReport",
    "FeedConfig",
    "FeedOutcome",
    "FeedSettings",
    "FetchResult",
    "Fetcher",
    "HostLimiter",
    "ItemOutcome",
    "WatchConfig",
    "Watcher",
    "article_id_for",
    "load_config",
    "parse_config",
    "parse_feed",
]
