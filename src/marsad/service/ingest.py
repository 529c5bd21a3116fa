"""The ingest service: extract → store → fuse, batch by batch.

Every way in (the CLI, bulk and cluster ingest, the feed watcher, the API) goes through
`IngestService`, so the rules are the store's (store/store.py) and the order is always:
plan the batch against the database, extract what needs it (or take records extracted
elsewhere: worker processes, a Dask cluster), write the batch in one transaction, then
de-duplicate and fuse in a transaction of its own (a crash in between leaves the new events
pending for the next pass).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypedDict, Unpack

from marsad import ENGINE_VERSION
from marsad.fusion import FusionReport
from marsad.fusion.isolation import FusionBlocked, fuse_isolated
from marsad.fusion.signatures import Signature
from marsad.inputs.item import (
    MAX_ID_CHARS,
    check_published,
    cut_meta,
    marked_id,
    replace_surrogates,
    shortened_id,
)
from marsad.store import IngestReport, ItemOutcome, Plan, Store, as_item
from marsad.store.plans import attach_record, stored_id
from marsad.store.review_sync import sync_reviews

ExtractFn = Callable[[dict[str, Any]], dict[str, Any]]


class IngestOptions(TypedDict, total=False):
    """The keyword options of an ingest run (see `IngestService.ingest_extracted`)."""

    extract: ExtractFn | None
    engine_version: str | None
    batch_size: int
    origin: str | None
    on_item: Callable[[ItemOutcome], None] | None
    keep_outcomes: bool


# Worker signatures kept for the next de-duplication pass at most (a bound on memory).
MAX_PRESIGNED = 10_000


def _default_extract() -> ExtractFn:
    from marsad.extract.pipeline import extract_record

    return extract_record


def _scalar_metadata(item: dict[str, Any], found: list[str]) -> None:
    """Metadata as the JSON reader takes it: numbers and booleans as text, other types (lists,
    objects) ignored with an error; the store's columns hold text only."""
    for name in ("id", "source", "published", "title"):
        value = item.get(name)
        if value is None or isinstance(value, str):
            continue
        if isinstance(value, bool | int | float):
            item[name] = str(value)
        else:
            found.append(f"field '{name}' is not a string ({type(value).__name__}); ignored")
            item[name] = None


def checked_item(item: dict[str, Any]) -> dict[str, Any]:
    """The readers' edge checks for items that did not come through a reader (Python callers):
    metadata of other types made text or dropped, lone surrogates replaced, NULs removed, long
    ids shortened (with a hash), long titles and sources cut, and an implausible `published`
    set to null, each with an error."""
    errors = [str(e) for e in item.get("errors") or []]
    found: list[str] = []
    _scalar_metadata(item, found)
    for name in ("id", "text", "title", "source", "published"):
        value = item.get(name)
        if isinstance(value, str):
            item[name], count = replace_surrogates(value)
            if count:
                found.append(f"{name}: {count} lone surrogate(s) replaced by U+FFFD")
            if "\x00" in item[name]:  # PostgreSQL text cannot hold NUL: the batch would fail
                found.append(f"{name}: {item[name].count(chr(0))} NUL character(s) removed")
                item[name] = item[name].replace("\x00", "")
            if name == "id":  # ids that differ only in what was replaced must stay apart
                item[name] = marked_id(value, item[name])
    for name in ("title", "source"):
        if isinstance(item.get(name), str):
            item[name] = cut_meta(name, item[name], found)
    article_id = item.get("id")
    if isinstance(article_id, str) and len(article_id) > MAX_ID_CHARS:
        found.append(f"id of {len(article_id):,} characters shortened to {MAX_ID_CHARS}")
        item["id"] = shortened_id(article_id)
    published = item.get("published")
    if published is not None:
        item["published"], error = check_published(published)
        if error:
            found.append(error)
    if found:
        item["errors"] = [*errors, *found]
    return item


def keyed_item(raw: Any) -> dict[str, Any]:
    """The item as the store takes it, with the engine's article id when it came without one."""
    item = checked_item(as_item(raw))
    if item.get("id") in (None, ""):
        from marsad.extract.pipeline import article_id_for

        item["id"] = article_id_for(item)
    return item


def id_batches(
    pairs: Iterable[tuple[Any, dict[str, Any] | None]], size: int
) -> Iterator[list[tuple[dict[str, Any], dict[str, Any] | None]]]:
    """(keyed item, record) batches of at most `size`, cut before an id repeats: a batch is
    planned against the database as it was before it, so the second text of one id in the
    same batch would otherwise be taken for a duplicate of the first and dropped. Cut there,
    the later text updates the earlier one, as in two runs."""
    batch: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    ids: set[str] = set()
    for raw, record in pairs:
        item = keyed_item(raw)
        article_id = stored_id(item)
        if len(batch) >= size or article_id in ids:
            yield batch
            batch, ids = [], set()
        batch.append((item, record))
        ids.add(article_id)
    if batch:
        yield batch


def _failed_record(plan: Plan, exc: Exception) -> dict[str, Any]:
    return {
        "article_id": plan.article_id,
        "source": plan.item.get("source"),
        "published": None,
        "language": plan.item.get("language"),
        "events": [],
        "errors": [f"extraction failed: {type(exc).__name__}: {exc}"],
    }


class IngestService:
    """Ingest into one store. `presigned` holds near-duplicate signatures made elsewhere (bulk
    workers) until the fusion pass of their batch takes them."""

    def __init__(self, store: Store, *, fuse_after_batch: bool = True) -> None:
        self.store = store
        # Issue 10: after each batch, near-duplicates are found and new events fused into incidents.
        self.fuse_after_batch = fuse_after_batch
        self.presigned: dict[str, Signature] = {}

    def ingest(self, items: Iterable[Any], **options: Unpack[IngestOptions]) -> IngestReport:
        """Extract and store input items; see store/store.py for the rules."""
        # The same run as for records extracted elsewhere, with every record made here.
        return self.ingest_extracted(((item, None) for item in items), **options)

    def needs_extraction(self, items: list[Any], *, engine_version: str | None = None) -> list[bool]:
        """For each item, whether an ingest would extract it now (see Store.needs_extraction)."""
        return self.store.needs_extraction([keyed_item(i) for i in items], engine_version=engine_version)

    def ingest_extracted(
        self,
        pairs: Iterable[tuple[Any, dict[str, Any] | None]],
        *,
        extract: ExtractFn | None = None,
        engine_version: str | None = None,
        batch_size: int = 50,
        origin: str | None = None,
        on_item: Callable[[ItemOutcome], None] | None = None,
        keep_outcomes: bool = True,
    ) -> IngestReport:
        """`ingest` of records extracted elsewhere (worker processes, a cluster): (item, its
        record or None) pairs in input order. The same rules apply batch by batch, so the
        result is the one `ingest` gives; an item that needs extraction but comes without a
        record is extracted here with `extract`. Records must come from `engine_version`."""
        fallback = extract or _default_extract()
        version = engine_version or ENGINE_VERSION
        report = self.store.start_run(version, origin)
        status = "failed"
        try:
            for chunk in id_batches(pairs, max(1, batch_size)):
                items = [item for item, _ in chunk]
                ready = {stored_id(item): record for item, record in chunk if record is not None}
                for outcome in self._batch(items, ready, fallback, report):
                    if keep_outcomes:
                        report.outcomes.append(outcome)
                    if on_item is not None:
                        on_item(outcome)
            status = "completed"
        finally:
            self.store.finish_run(report, status)
        return report

    def _batch(
        self,
        items: list[dict[str, Any]],
        ready: dict[str, dict[str, Any]],
        extract: ExtractFn,
        report: IngestReport,
    ) -> list[ItemOutcome]:
        plans = self.store.plan(items, report.engine_version)
        for plan in plans:
            if plan.needs_extraction:
                record = ready.pop(plan.article_id, None)
                if record is None:
                    try:
                        record = extract(plan.engine_input())
                    except Exception as exc:  # one bad article must not stop the run
                        record = _failed_record(plan, exc)
                attach_record(plan, record)
        outcomes = self.store.write(plans, report)
        if self.fuse_after_batch:
            self._fuse_batch(outcomes, report)
        # Analysts' reviews follow their events into the new extraction (issue 18).
        rewritten = [p.article_id for p in plans if p.record is not None]
        if rewritten and sync_reviews(self.store.engine, rewritten).restored and self.fuse_after_batch:
            self._fuse_batch(outcomes, report)  # events the analysts added are back: fuse them again
        return outcomes

    def _fuse_batch(self, outcomes: list[ItemOutcome], report: IngestReport) -> None:
        """Fuse after a batch. Articles fusion fails on are quarantined (their outcome says so);
        a pass that fails for no one article is noted in the report and tried again after the
        next batch: the articles are stored, and nothing else is held up."""
        try:
            fused = self.fuse()
        except FusionBlocked as exc:
            report.step_errors.append(f"fusion: {exc}")
            return
        by_id = {o.article_id: o for o in outcomes}
        for article_id, error in fused.quarantined.items():
            if article_id in by_id:
                by_id[article_id].errors.append(f"fusion failed (article quarantined): {error}")
            report.step_errors.append(f"fusion failed on {article_id}: {error}")

    def fuse(self) -> FusionReport:
        """De-duplicate new articles and fuse new events into incidents (marsad.fusion); the
        articles it fails on are quarantined (fusion/isolation.py)."""
        try:
            return fuse_isolated(self.store, presigned=self.presigned)
        finally:
            if len(self.presigned) > MAX_PRESIGNED:  # left over by items that were not stored
                self.presigned.clear()

    def add_signatures(self, signatures: Iterable[Signature | None]) -> None:
        """Signatures of texts about to be ingested, made elsewhere (bulk workers)."""
        self.presigned.update((s.content_hash, s) for s in signatures if s is not None)


def ingest(store: Store, items: Iterable[Any], **options: Unpack[IngestOptions]) -> IngestReport:
    """`IngestService(store).ingest(items, **options)`: one run, fused after every batch."""
    return IngestService(store).ingest(items, **options)


def warm_engine() -> None:
    """Load the engine's lexicons and gazetteer now (one extraction of service/data/warm_up.yaml),
    not when the first item arrives."""
    from importlib import resources

    import yaml

    from marsad.extract.pipeline import extract_record

    with resources.files("marsad.service").joinpath("data", "warm_up.yaml").open("r", encoding="utf-8") as fh:
        item = dict(yaml.safe_load(fh))
    extract_record({k: str(v) for k, v in item.items()})
