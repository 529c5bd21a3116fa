"""Services: the flows that span layers, in one place each.

from marsad.service import IngestService, ingest
with Store("sqlite:///marsad.db") as store:
    report = ingest(store, items)       # extract → store → fuse, idempotent
"""

from marsad.service.ingest import MAX_PRESIGNED, ExtractFn, IngestService, ingest

__all__ = ["MAX_PRESIGNED", "ExtractFn", "IngestService", "ingest"]
