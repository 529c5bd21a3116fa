"""Reviews become gold (issue 18): `marsad export --format gold --reviewed` writes every
reviewed article as `<id>.gold.json` (shared/docs/gold-format.md), its text as `<id>.txt`,
and `input.jsonl` with the articles, so `marsad eval DIR DIR/input.jsonl --run` scores the
engine against the analysts.

An article is reviewed when an analyst reviewed at least one of its events and every event
it has (the engine's and those added) carries a review that still applies. Its gold events are
the current views of the events not rejected: the analyst's corrections are the truth.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, exists, select

from marsad.store.review_tables import review_state
from marsad.store.review_view import reviewed
from marsad.store.store import Store
from marsad.store.tables import articles, events
from marsad.util import chunked, json_line

INPUT_NAME = "input.jsonl"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class GoldExport:
    articles: int = 0
    events: int = 0
    rejected: int = 0


def reviewed_article_ids(conn: Connection) -> list[str]:
    """Articles with a review and no event lacking an applying review."""
    s = review_state.c
    unreviewed_event = exists(
        select(events.c.event_id)
        .select_from(events.outerjoin(review_state, s.event_id == events.c.event_id))
        .where(
            events.c.article_id == articles.c.article_id,
            (s.event_id.is_(None)) | (s.stale.is_(True)),
        )
    )
    has_review = exists(
        select(s.event_id).where(and_(s.article_id == articles.c.article_id, s.stale.is_(False)))
    )
    stmt = select(articles.c.article_id).where(has_review, ~unreviewed_event).order_by(articles.c.article_id)
    return [r[0] for r in conn.execute(stmt)]


def _names(*values: Any) -> list[str] | None:
    out: list[str] = []
    for v in values:
        if isinstance(v, str) and v.strip() and v.strip() not in out:
            out.append(v.strip())
    return out or None


def _actor(actor: Any) -> list[str] | None:
    if not isinstance(actor, dict):
        return None
    return _names(actor.get("name"), actor.get("name_ar"), actor.get("mention"))


def _count(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict) or value.get("best") is None:
        return None
    return {"best": value["best"], "min": value.get("min"), "max": value.get("max")}


def _location(loc: Any) -> dict[str, Any]:
    loc = loc if isinstance(loc, dict) else {}
    return {
        "names": _names(loc.get("name"), loc.get("name_ar"), loc.get("mention")) or [],
        "admin1": loc.get("admin1"),
        "country": loc.get("country"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "geo_precision": loc.get("geo_precision"),
    }


def _note(row: dict[str, Any]) -> str:
    at = row.get("reviewed_at")
    when = at.isoformat()[:19] if isinstance(at, datetime) else str(at or "")
    how = "added" if row.get("review_added") else row.get("review_status")
    return f"marsad review: {how} by {row.get('reviewer')} at {when}"


def gold_event(row: dict[str, Any], text: str) -> dict[str, Any]:
    """One current-view event as a gold event."""
    rec = row["record"]
    spans = [s for s in rec.get("evidence") or [] if isinstance(s, dict)]
    quote = next((text[s["start"] : s["end"]] for s in spans if isinstance(s.get("start"), int)), "")
    attribution = rec.get("attribution") if isinstance(rec.get("attribution"), dict) else {}
    return {
        "event_type": row["event_type"],
        "sub_event_type": [row["sub_event_type"]],
        "date": rec.get("date"),
        "actor1": _actor(rec.get("actor1")),
        "actor2": _actor(rec.get("actor2")),
        "location": _location(rec.get("location")),
        "fatalities": _count(rec.get("fatalities")),
        "injuries": _count(rec.get("injuries")),
        "casualties": _count(rec.get("casualties")),
        "losses": [
            {"item": x["item"], "count": x["count"]}
            for x in rec.get("losses") or []
            if isinstance(x, dict) and isinstance(x.get("count"), int)
        ],
        "attribution": _names(attribution.get("source")),
        "evidence": quote,
        "note": _note(row),
    }


def file_stem(article_id: str) -> str:
    """A file name for an article id: the id itself when it is safe ASCII, else its safe part
    and a hash of the whole id. Ids may hold path separators, and two ids that differ only in
    what is replaced (Arabic letters, "a/b" and "a_b") would otherwise share one file."""
    safe = _UNSAFE.sub("_", article_id).strip("._")
    if safe == article_id:
        return safe
    digest = hashlib.sha1(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    # Cut so the name stays under the file systems' 255 bytes with its suffix.
    return f"{safe[:150] or 'article'}-{digest}"


def write_gold(store: Store, out_dir: Path) -> GoldExport:
    """Write the reviewed articles as gold files into `out_dir` (created when missing)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    report = GoldExport()
    with store.engine.connect() as conn, (out_dir / INPUT_NAME).open("w", encoding="utf-8") as inputs:
        ids = reviewed_article_ids(conn)
        for chunk in chunked(ids, 200):
            metas = {
                r.article_id: r
                for r in conn.execute(select(articles).where(articles.c.article_id.in_(chunk)))
            }
            rows = reviewed(
                conn,
                [
                    dict(r._mapping)
                    for r in conn.execute(
                        select(events)
                        .where(events.c.article_id.in_(chunk))
                        .order_by(events.c.article_id, events.c.seq)
                    )
                ],
            )
            for article_id in chunk:
                meta = metas[article_id]
                mine = [r for r in rows if r["article_id"] == article_id]
                kept = [r for r in mine if r["review_status"] != "rejected"]
                published = meta.published.isoformat() if isinstance(meta.published, date) else None
                gold = {
                    "article_id": article_id,
                    "published": published,
                    "events": [gold_event(r, meta.text) for r in kept],
                }
                stem = file_stem(article_id)
                (out_dir / f"{stem}.gold.json").write_text(
                    json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
                )
                (out_dir / f"{stem}.txt").write_text(meta.text, encoding="utf-8")
                item = {"id": article_id, "source": meta.source, "published": published, "title": meta.title}
                inputs.write(json_line({**item, "text": meta.text}) + "\n")
                report.articles += 1
                report.events += len(kept)
                report.rejected += len(mine) - len(kept)
    return report
