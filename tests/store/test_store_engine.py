"""The store fed by the real engine and real input files: the dev corpus twice, and a
`marsad ingest` killed with SIGKILL halfway that a rerun completes without duplicates."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jsonschema
from sqlalchemy import func, select

from marsad.extract.pipeline import extract_record
from marsad.inputs import iter_items
from marsad.schema import article_json_schema
from marsad.service import ingest
from marsad.store import Store
from marsad.store.tables import articles, events, runs

OWN_REPORTS = [
    (
        "own-1",
        "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب الجنوبي يوم السبت، ما أدى إلى مقتل خمسة مدنيين "
        "وإصابة عشرة آخرين.",
    ),
    ("own-2", "اندلعت اشتباكات عنيفة بين القوات الحكومية ومسلحين في مدينة درعا، وقتل ثلاثة من عناصر الجيش."),
    ("own-3", "تظاهر المئات في مدينة البصرة احتجاجا على انقطاع الكهرباء وتردي الخدمات."),
    ("own-4", "أعلنت وزارة الصحة عن افتتاح مستشفى جديد في العاصمة يضم مئتي سرير."),
]


def test_engine_records_are_schema_valid_and_stored_whole(sqlite_url: str) -> None:
    items = [
        {"id": i, "text": t, "source": "OwnWire", "published": "2018-03-03", "title": None}
        for i, t in OWN_REPORTS
    ]
    records = [extract_record(dict(item)) for item in items]
    for record in records:
        jsonschema.validate(record, article_json_schema())
    with Store(sqlite_url) as store:
        report = ingest(store, items)
        assert report.counts["articles_added"] == len(items)
        assert store.count_events() == sum(len(r["events"]) for r in records)
        for record in records:
            stored = store.get_article(record["article_id"])
            assert stored is not None
            assert [e["record"] for e in stored["events"]] == record["events"]


def test_dev_corpus_ingested_twice_leaves_the_same_row_counts(db_url: str, shared_dir: Path) -> None:
    dev = shared_dir / "corpus" / "dev"
    with Store(db_url) as store:
        first = ingest(store, iter_items([str(dev)]), origin="test dev")
        counts_first = store.counts()
        second = ingest(store, iter_items([str(dev)]), origin="test dev")
        counts_second = store.counts()
    n_items = first.counts["items_seen"]
    assert n_items == len(list(dev.glob("*.txt"))) > 0
    assert first.counts["articles_added"] == n_items
    assert second.counts["articles_unchanged"] == n_items and second.counts["events_written"] == 0
    assert counts_first["events"] > 0
    assert counts_first.pop("runs") + 1 == counts_second.pop("runs")
    assert counts_first == counts_second


def _write_items(path: Path, n: int) -> None:
    places = ["درعا", "حمص", "إدلب", "حلب", "الرقة", "دير الزور"]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = (
                f"قتل {i % 7 + 2} مدنيين في قصف مدفعي استهدف بلدة في ريف {places[i % len(places)]} "
                f"صباح اليوم، بحسب ما أفاد مراسل محلي في التقرير رقم {i}."
            )
            fh.write(
                json.dumps(
                    {"id": f"crash-{i}", "text": text, "source": "OwnWire", "published": "2018-04-01"},
                    ensure_ascii=False,
                )
                + "\n"
            )


def _consistency(store: Store) -> dict[str, Any]:
    with store.engine.connect() as conn:
        n_articles = conn.execute(select(func.count()).select_from(articles)).scalar_one()
        declared = conn.execute(select(func.coalesce(func.sum(articles.c.event_count), 0))).scalar_one()
        n_events = conn.execute(select(func.count()).select_from(events)).scalar_one()
        run_rows = [dict(r._mapping) for r in conn.execute(select(runs).order_by(runs.c.run_id))]
    assert declared == n_events, "every stored article has exactly the events it declares"
    return {"articles": n_articles, "events": n_events, "runs": run_rows}


def test_ingest_killed_midway_loses_nothing_committed_and_reruns_without_duplicates(
    db_url: str, tmp_path: Path
) -> None:
    n_items, batch = 1_000, 5
    source = tmp_path / "items.jsonl"
    _write_items(source, n_items)
    cmd = [
        sys.executable,
        "-c",
        "from marsad.cli import app; app()",
        "ingest",
        str(source),
        "--db",
        db_url,
        "--batch-size",
        str(batch),
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "100"}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    with Store(db_url) as store:
        deadline = time.monotonic() + 120
        try:
            while time.monotonic() < deadline and proc.poll() is None:
                with store.engine.connect() as conn:
                    n = conn.execute(select(func.count()).select_from(articles)).scalar_one()
                if n >= 10 * batch:
                    break
                time.sleep(0.02)
        finally:
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
        after_kill = _consistency(store)
        assert 0 < after_kill["articles"] < n_items
        assert after_kill["articles"] % batch == 0, "batches are all-or-nothing"
        (killed_run,) = after_kill["runs"]
        assert killed_run["status"] == "running" and killed_run["ended_at"] is None
        assert killed_run["articles_added"] == after_kill["articles"]

    rerun = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    with Store(db_url) as store:
        final = _consistency(store)
        assert final["articles"] == n_items
        done = final["runs"][-1]
        assert done["status"] == "completed"
        assert done["articles_unchanged"] == after_kill["articles"]
        assert done["articles_added"] == n_items - after_kill["articles"]
        ids = [r[0] for r in store.engine.connect().execute(select(articles.c.article_id))]
        assert len(ids) == len(set(ids)) == n_items
