"""Event store (SQLAlchemy Core over SQLite or PostgreSQL), filters and exports.

from marsad.store import Store, EventFilter
with Store("sqlite:///marsad.db") as store:
    report = store.ingest(items)            # idempotent; see store.py
    store.list_events(EventFilter(country=["Syria"]), limit=20)
"""

from marsad.store.database import DEFAULT_URL, normalize_url
from marsad.store.query import EventFilter, FilterError, parse_bbox
from marsad.store.store import IngestReport, ItemOutcome, Store, open_store

__all__ = [
    "DEFAULT_URL",
    "EventFilter",
    "FilterError",
    "IngestReport",
    "ItemOutcome",
    "Store",
    "normalize_url",
    "open_store",
    "parse_bbox",
]
