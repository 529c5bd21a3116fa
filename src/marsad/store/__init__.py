"""Event store (SQLAlchemy Core over SQLite or PostgreSQL): planned, idempotent batch writes,
filters, reads and export formats. Extraction and fusion live above it (marsad.service runs
extract → store → fuse).

from marsad.store import Store, EventFilter
with Store("sqlite:///marsad.db") as store:
    store.list_events(EventFilter(country=["Syria"]), limit=20)
"""

from marsad.store.database import DEFAULT_URL, normalize_url
from marsad.store.plans import IngestReport, ItemOutcome, Plan, as_item
from marsad.store.query import EventFilter, FilterError, parse_bbox
from marsad.store.store import Store, open_store

__all__ = [
    "DEFAULT_URL",
    "EventFilter",
    "FilterError",
    "IngestReport",
    "ItemOutcome",
    "Plan",
    "Store",
    "as_item",
    "normalize_url",
    "open_store",
    "parse_bbox",
]
