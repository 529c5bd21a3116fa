"""Checks of `bench/fuzz.py --mode store` that read the store back: every export format parsed
again (ACLED CSV with pandas and csv, JSONL line by line, GeoJSON with json, Parquet with
pyarrow, gold files with json), the counts against the rows, and a good article after the run."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from marsad.fusion.exports import export_events
from marsad.service import IngestService
from marsad.store import Store
from marsad.store.exports import ACLED_COLUMNS
from marsad.store.gold import INPUT_NAME, reviewed_article_ids, write_gold
from marsad.store.reviews import Reviews
from marsad.store.tables import articles, events, incident_events


def _utf8(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # strict: an export must be valid UTF-8


def check_csv(path: Path, written: int) -> list[str]:
    import pandas as pd

    text = _utf8(path)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    rows = list(csv.DictReader(io.StringIO(text)))
    problems = []
    if tuple(frame.columns) != ACLED_COLUMNS:
        problems.append(f"export acled-csv: columns {list(frame.columns)[:5]}…")
    if not len(frame) == len(rows) == written:
        problems.append(f"export acled-csv: {written} written, pandas {len(frame)}, csv {len(rows)} rows")
    if any(None in row for row in rows):
        problems.append("export acled-csv: a row with more cells than columns")
    return problems


def check_jsonl(path: Path, written: int, stored: set[str]) -> list[str]:
    ids = []
    for n, line in enumerate(_utf8(path).split("\n")[:-1], 1):
        record = json.loads(line)
        if not isinstance(record, dict) or not isinstance(record.get("events"), list):
            return [f"export jsonl: line {n} is not an article record"]
        ids.append(record["article_id"])
    problems = []
    if len(ids) != written or set(ids) != stored or len(set(ids)) != len(ids):
        problems.append(
            f"export jsonl: {written} written, {len(ids)} lines, {len(set(ids))} ids, {len(stored)} stored"
        )
    return problems


def check_geojson(path: Path, written: int) -> list[str]:
    doc = json.loads(_utf8(path))
    features = doc.get("features") if isinstance(doc, dict) else None
    if doc.get("type") != "FeatureCollection" or not isinstance(features, list):
        return ["export geojson: not a FeatureCollection"]
    bad = [f for f in features if len(f["geometry"]["coordinates"]) != 2]
    problems = [f"export geojson: {len(bad)} features without a point"] if bad else []
    if len(features) != written:
        problems.append(f"export geojson: {written} written, {len(features)} features")
    return problems


def check_parquet(path: Path, written: int) -> list[str]:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    problems = []
    if table.num_rows != written:
        problems.append(f"export parquet: {written} written, {table.num_rows} rows read back")
    if table.column_names[: len(ACLED_COLUMNS)] != list(ACLED_COLUMNS):
        problems.append("export parquet: columns differ from ACLED's")
    return problems


def check_gold(store: Store, folder: Path) -> list[str]:
    report = write_gold(store, folder)
    with store.engine.connect() as conn:
        expected = reviewed_article_ids(conn)
    files = sorted(folder.glob("*.gold.json"))
    gold_ids = {json.loads(_utf8(f))["article_id"] for f in files}
    lines = _utf8(folder / INPUT_NAME).splitlines()
    listed = {json.loads(line)["id"] for line in lines}
    problems = []
    if not report.articles == len(expected) == len(files) == len(lines):
        problems.append(
            f"export gold: {len(expected)} reviewed, {report.articles} written, "
            f"{len(files)} gold files, {len(lines)} input lines (a file overwritten by another)"
        )
    if gold_ids != set(expected) or listed != set(expected):
        problems.append(f"export gold: {len(set(expected) - gold_ids)} reviewed article(s) missing")
    for f in folder.iterdir():
        f.unlink()
    return problems


def check_exports(store: Store, folder: Path) -> list[str]:
    """Every format exported into `folder`, read back and compared with the store."""
    folder.mkdir(parents=True, exist_ok=True)
    with store.engine.connect() as conn:
        stored = set(conn.execute(select(articles.c.article_id)).scalars())
    problems: list[str] = []
    for fmt, check in (
        ("acled-csv", check_csv),
        ("jsonl", lambda p, n: check_jsonl(p, n, stored)),
        ("geojson", check_geojson),
        ("parquet", check_parquet),
    ):
        path = folder / f"export.{fmt}"
        try:
            problems += check(path, export_events(store, fmt, path))
        except Exception as exc:  # an export that raises or cannot be parsed back
            problems.append(f"export {fmt}: raised {type(exc).__name__}: {exc}"[:300])
        path.unlink(missing_ok=True)
    try:
        problems += check_gold(store, folder / "gold")
    except Exception as exc:
        problems.append(f"export gold: raised {type(exc).__name__}: {exc}"[:300])
    return problems


def review_articles(store: Store, article_ids: list[str]) -> int:
    """Confirm every event of these articles (so the gold export has reviewed articles with
    hostile ids); how many events were confirmed."""
    reviews = Reviews(store)
    with store.engine.connect() as conn:
        event_ids = list(
            conn.execute(
                select(events.c.event_id)
                .where(events.c.article_id.in_(article_ids))
                .order_by(events.c.event_id)
            ).scalars()
        )
    for event_id in event_ids:
        view = reviews.view(event_id)
        if view is not None:
            reviews.confirm(event_id, version=view["review_version"], reviewer="fuzz", note="bench/fuzz.py")
    return len(event_ids)


def count_problems(store: Store, hashes: dict[str, str]) -> list[str]:
    """The store's counts against its rows."""
    counts = store.counts()
    with store.engine.connect() as conn:
        n_events = conn.execute(select(func.count()).select_from(events)).scalar_one()
        counted = conn.execute(select(func.coalesce(func.sum(articles.c.event_count), 0))).scalar_one()
    problems = []
    if counts["articles"] != len(hashes):
        problems.append(f"counts: {counts['articles']} articles counted, {len(hashes)} rows")
    if not counts["events"] == n_events == counted:
        problems.append(f"counts: events {counts['events']} counted, {n_events} rows, {counted} in articles")
    return problems


def good_article_problems(store: Store, text: str, folder: Path) -> list[str]:
    """After the run: a good article ingests, fuses into an incident and exports with its event."""
    article_id = "fuzz-good-article"
    report = IngestService(store).ingest([{"id": article_id, "text": text, "published": "2024-03-05"}])
    outcome = report.outcomes[0]
    problems = []
    # Its pass may quarantine poisoned articles left pending (a run stopped between storing a
    # batch and fusing it): that is isolation at work. Anything else in the way is a failure.
    blocking = [
        e
        for e in report.step_errors
        if not e.startswith("fusion failed on ") or article_id in e or "OverflowError" not in e
    ]
    stored_events = outcome.events
    if outcome.status == "unchanged":
        # Ingested before in this database (a run stopped right after closing one): the
        # outcome counts no new events; the stored ones count.
        with store.engine.connect() as conn:
            stored_events = conn.execute(
                select(func.count()).where(events.c.article_id == article_id)
            ).scalar_one()
    if outcome.status not in ("added", "unchanged") or stored_events < 1 or blocking:
        problems.append(f"good article: {outcome.as_dict()}, step errors {blocking[:2]}")
    with store.engine.connect() as conn:
        fused = conn.execute(
            select(func.count()).where(incident_events.c.article_id == article_id)
        ).scalar_one()
    if fused < 1:
        problems.append("good article: its event is in no incident")
    out = io.StringIO()
    export_events(store, "jsonl", out)
    mine = [r for r in map(json.loads, out.getvalue().split("\n")[:-1]) if r["article_id"] == article_id]
    if not mine or not mine[0]["events"]:
        problems.append("good article: not exported with its event")
    return problems + check_exports(store, folder)


def stored_hashes(store: Store) -> dict[str, str]:
    with store.engine.connect() as conn:
        return {r[0]: r[1] for r in conn.execute(select(articles.c.article_id, articles.c.content_hash))}


def copy_ids(store: Store) -> set[str]:
    from marsad.store.tables import article_copies

    with store.engine.connect() as conn:
        return set(conn.execute(select(article_copies.c.copy_id)).scalars())


def run_items_seen(store: Store, run_id: int) -> Any:
    from marsad.store.tables import runs

    with store.engine.connect() as conn:
        return conn.execute(select(runs.c.items_seen, runs.c.status).where(runs.c.run_id == run_id)).first()
