"""De-duplication and event fusion, above the store (it imports marsad.store, never the reverse).

    from marsad.fusion import fuse, list_incidents
    fuse(store)                     # the ingest service calls it after every batch
    list_incidents(store, EventFilter(country=["Syria"]))

Modules: signatures.py and dedup.py (near-duplicate articles), copies.py (reads of what
de-duplication recorded), reports.py (one stored report as fusion sees it), rules.py (the
rules and the matcher), figures.py (the incident's figure), state.py and passes.py (the
incremental pass), incidents.py and rows.py (incident reads and export rows), exports.py
(`export_events`).
"""

from marsad.fusion.dedup import DedupReport, update_duplicates
from marsad.fusion.exports import export_events, rows_of
from marsad.fusion.figures import (
    LATEST_OFFICIAL,
    LOWEST_CREDIBLE,
    NONE_REPORTED,
    ONLY_CLAIM,
    Choice,
    choose_figure,
    is_official,
)
from marsad.fusion.incidents import (
    count_incidents,
    get_incident,
    incident_details,
    incident_of_events,
    list_incidents,
)
from marsad.fusion.passes import fuse, fuse_in
from marsad.fusion.reports import Report, actor_key
from marsad.fusion.rows import claim_notes, incident_row, iter_incident_rows
from marsad.fusion.rules import FusionRules, Match, Matcher, default_fusion_rules
from marsad.fusion.signatures import Signature, sign
from marsad.fusion.state import FusionReport

__all__ = [
    "LATEST_OFFICIAL",
    "LOWEST_CREDIBLE",
    "NONE_REPORTED",
    "ONLY_CLAIM",
    "Choice",
    "DedupReport",
    "FusionReport",
    "FusionRules",
    "Match",
    "Matcher",
    "Report",
    "Signature",
    "actor_key",
    "choose_figure",
    "claim_notes",
    "count_incidents",
    "default_fusion_rules",
    "export_events",
    "fuse",
    "fuse_in",
    "get_incident",
    "incident_details",
    "incident_of_events",
    "incident_row",
    "is_official",
    "iter_incident_rows",
    "list_incidents",
    "rows_of",
    "sign",
    "update_duplicates",
]
