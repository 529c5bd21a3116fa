"""Reviews become gold, on SQLite and PostgreSQL: real dev articles through the real engine
(`marsad ingest`), an analyst's corrections, a rejection and a missed event; the corrections
survive `marsad ingest` of the same articles with a bumped engine version; `marsad export
--format gold --reviewed` passes the gold checks, and `marsad eval` scores the engine against
the analyst (the corrected toll, the false alarm and the missed event count as the truth)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from marsad.evaluation.gold_checks import gold_problems
from marsad.store import Store
from marsad.store.gold import INPUT_NAME
from marsad.store.reviews import Reviews
from marsad.store.tables import events

REPO = Path(__file__).resolve().parents[2]
BUMPED = "+review-test"
RUN_CLI = (
    "import sys, marsad; "
    "marsad.ENGINE_VERSION = marsad.__version__ + sys.argv[1]; "
    "from marsad.cli import app; app(sys.argv[2:], prog_name='marsad')"
)


def _marsad(*args: str, bump: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        [sys.executable, "-c", RUN_CLI, bump, *args], capture_output=True, text=True, env=env, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def _dev_subset(shared_dir: Path, tmp_path: Path, n: int = 4) -> Path:
    chosen = []
    for line in (shared_dir / "corpus" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        gold = json.loads(
            (shared_dir / "corpus" / "dev" / f"{item['id']}.gold.json").read_text(encoding="utf-8")
        )
        if gold["events"]:
            chosen.append(line)
        if len(chosen) == n:
            break
    path = tmp_path / "subset.jsonl"
    path.write_text("\n".join(chosen) + "\n", encoding="utf-8")
    return path


def _review(store: Store) -> dict[str, Any]:
    """Confirm everything, then: a corrected toll, a rejection, and one missed event."""
    r = Reviews(store)
    by_article: dict[str, list[dict[str, Any]]] = {}
    for row in store.iter_events():
        by_article.setdefault(row["article_id"], []).append(row)
    with_events = sorted(a for a, rows in by_article.items() if rows)
    assert len(with_events) >= 3
    corrected, rejected, added_to = with_events[0], with_events[1], with_events[2]
    target = by_article[corrected][0]
    r.edit(target["event_id"], version=0, reviewer="amal", changes={"fatalities": {"best": 77, "min": 77}})
    false_alarm = by_article[rejected][0]
    r.reject(false_alarm["event_id"], version=0, reviewer="amal", reason="not_news")
    for rows in by_article.values():
        for row in rows:
            if row["event_id"] not in (target["event_id"], false_alarm["event_id"]):
                r.confirm(row["event_id"], version=0, reviewer="amal")
    article = store.get_article(added_to)
    assert article is not None
    text = article["text"]
    # A protest far from every place of the article: no engine event can match it.
    added = r.add(
        added_to,
        reviewer="amal",
        fields={
            "sub_event_type": "Peaceful protest",
            "date": by_article[added_to][0]["record"].get("date"),
            "location": {
                "name": "Nouakchott",
                "country": "Mauritania",
                "lat": 18.08,
                "lon": -15.97,
                "geo_precision": 1,
            },
        },
        spans=[(0, min(40, len(text)))],
    )
    return {"target": target, "rejected": false_alarm, "added": added, "articles": len(by_article)}


def test_reviews_survive_reingest_and_become_gold_the_engine_is_scored_against(
    db_url: str, shared_dir: Path, tmp_path: Path
) -> None:
    subset = _dev_subset(shared_dir, tmp_path)
    _marsad("ingest", str(subset), "--db", db_url, "--workers", "1")
    with Store(db_url) as store:
        done = _review(store)
    _marsad("ingest", str(subset), "--db", db_url, "--workers", "1", bump=BUMPED)
    with Store(db_url) as store:
        with store.engine.connect() as conn:
            versions = set(conn.execute(select(events.c.engine_version)).scalars())
        assert any(v.endswith(BUMPED) for v in versions) and "review" in versions
        r = Reviews(store)
        assert r.view(done["target"]["event_id"])["fatalities"] == 77  # type: ignore[index]
        assert r.view(done["rejected"]["event_id"])["review_status"] == "rejected"  # type: ignore[index]
        assert r.view(done["added"]["event_id"])["review_added"] is True  # type: ignore[index]
        assert r.states(stale=True) == []
    gold_dir = tmp_path / "gold"
    out = _marsad("export", "--db", db_url, "--format", "gold", "--reviewed", "--output", str(gold_dir))
    assert f"{done['articles']} reviewed articles" in out.stderr
    summary = _marsad("reviews", "--db", db_url).stdout
    assert "rejected" in summary and "reviewed articles" in summary and "stale:" not in summary
    golds = sorted(gold_dir.glob("*.gold.json"))
    assert len(golds) == done["articles"]
    for path in golds:
        text = path.with_name(path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
        assert gold_problems(json.loads(path.read_text(encoding="utf-8")), text) == [], path.name
    scored = _marsad("eval", str(gold_dir), str(gold_dir / INPUT_NAME), "--run", "--json", "--articles")
    report = json.loads(scored.stdout)
    per = report["articles"]
    m = report["metrics"]
    assert m["gold_events"] == m["system_events"]  # one rejected, one added
    # The analyst is the truth: the engine's event is the false alarm, the added one its miss.
    assert per[done["rejected"]["article_id"]]["fp"] >= 1
    assert per[done["added"]["article_id"]]["fn"] >= 1
    assert m["event_precision"] < 1 and m["event_recall"] < 1
    assert m["fatalities"] < 1  # the corrected toll (77) is not what the engine says
