"""Article de-duplication: exact copies (content hash) and near-duplicates (MinHash LSH).

Exact copies are caught by the store at ingest (same SHA-256 under another id: not stored
twice); the store keeps who else published that text (`article_copies`), so the incident can
name every outlet. Near-duplicates (cross-posted wires, re-posts, an updated toll in an
otherwise copied text) are found here, after each ingest batch:

1. each new or changed article gets word 5-shingles of its normalised text, a MinHash
   signature (datasketch) and LSH band keys, stored in `article_bands` (fusion/signatures.py);
2. articles sharing a band are candidates, verified on the real shingle sets (Jaccard, or
   containment of the shorter text) and stored as pairs in `article_duplicates`;
3. each pair decides which copy stands (`supersessions`): a newer copy published within
   `update_days` of the older is an update and supersedes it; a much later copy is a
   re-post and is superseded by the original. Fusion then counts only the standing copy's
   events, so an update replaces the earlier figures instead of adding to them.

All of it is incremental and idempotent: an article is processed once per text version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import BindParameter, Connection, bindparam, delete, func, insert, or_, select, update

from marsad.fusion.scope import EVERYTHING, Scope
from marsad.fusion.signatures import (
    DedupRules,
    Signature,
    band_keys,
    default_rules,
    is_near_duplicate,
    shingles,
    similarity,
)
from marsad.store.tables import article_bands, article_duplicates, article_signatures, articles, supersessions
from marsad.util import chunked, utcnow

UPDATE, REPOST = "update", "repost"


# ---------------------------------------------------------------- who stands


@dataclass(frozen=True, slots=True)
class Copy:
    article_id: str
    published: date | None
    updated_at: datetime | None
    events: int

    def order(self) -> tuple[date, str, str]:
        # updated_at as text: SQLite hands it back naive, PostgreSQL aware; within one database
        # both are UTC and the ISO text orders the same way.
        return (
            self.published or date.min,
            self.updated_at.isoformat() if self.updated_at else "",
            self.article_id,
        )


def decide(a: Copy, b: Copy, rules: DedupRules) -> tuple[str, str, str]:
    """(superseded, superseded_by, reason) for one near-duplicate pair."""
    older, newer = sorted((a, b), key=Copy.order)
    gap = abs((newer.published - older.published).days) if newer.published and older.published else 0
    if gap <= rules.update_days:
        return older.article_id, newer.article_id, UPDATE
    return newer.article_id, older.article_id, REPOST


# ---------------------------------------------------------------- the pass


@dataclass(slots=True)
class DedupReport:
    signed: int = 0
    pairs: int = 0
    superseded: list[tuple[str, str, str]] = field(default_factory=list)  # (article, by, reason)
    released: list[str] = field(default_factory=list)  # articles no longer superseded

    @property
    def changed_articles(self) -> set[str]:
        return {a for a, _, _ in self.superseded} | set(self.released)


def pending_articles(conn: Connection, limit: int | None = None) -> list[str]:
    """Articles without a signature of their current text."""
    stmt = (
        select(articles.c.article_id)
        .select_from(
            articles.outerjoin(article_signatures, article_signatures.c.article_id == articles.c.article_id)
        )
        .where(
            or_(
                article_signatures.c.article_id.is_(None),
                article_signatures.c.content_hash != articles.c.content_hash,
            )
        )
        .order_by(articles.c.article_id)
    )
    if limit:
        stmt = stmt.limit(limit)
    return [r[0] for r in conn.execute(stmt)]


def _column_of(conn: Connection, column: Any, article_ids: list[str], size: int = 500) -> dict[str, Any]:
    """{article: the article's `column`} for the given ids."""
    out: dict[str, Any] = {}
    for chunk in chunked(article_ids, size):
        for r in conn.execute(select(articles.c.article_id, column).where(articles.c.article_id.in_(chunk))):
            out[r[0]] = r[1]
    return out


def _forget_old_versions(conn: Connection, todo: list[str]) -> set[str]:
    """A changed text invalidates the article's old bands and pairs; returns the articles of
    the pairs removed (their supersessions must be decided again)."""
    touched: set[str] = set()
    for chunk in chunked(todo, 500):
        involved = or_(
            article_duplicates.c.article_id.in_(chunk), article_duplicates.c.duplicate_of.in_(chunk)
        )
        for r in conn.execute(
            select(article_duplicates.c.article_id, article_duplicates.c.duplicate_of).where(involved)
        ):
            touched.update((r.article_id, r.duplicate_of))
        conn.execute(delete(article_duplicates).where(involved))
        conn.execute(delete(article_bands).where(article_bands.c.article_id.in_(chunk)))
        conn.execute(delete(article_signatures).where(article_signatures.c.article_id.in_(chunk)))
    return touched


def _sign_pending(
    conn: Connection,
    todo: list[str],
    hashes: dict[str, str],
    ready: dict[str, Signature],
    rules: DedupRules,
    now: datetime,
) -> tuple[dict[str, set[str]], list[dict[str, Any]]]:
    """Store each pending article's signature and bands: (shingle sets made here, band rows)."""
    texts = _column_of(conn, articles.c.text, [a for a in todo if a not in ready])
    sets: dict[str, set[str]] = {}
    band_rows: list[dict[str, Any]] = []
    signature_rows: list[dict[str, Any]] = []
    for article_id in todo:
        if article_id in ready:
            # Signed by a worker: the shingle set is rebuilt later only if a candidate pair needs it.
            n_shingles, keys = ready[article_id].shingles, list(ready[article_id].bands)
        else:
            s = shingles(texts[article_id], rules.shingle_words)
            n_shingles, keys = len(s), (band_keys(s, rules) if len(s) >= rules.min_shingles else [])
            if keys:
                sets[article_id] = s
        signature_rows.append(
            {
                "article_id": article_id,
                "content_hash": hashes[article_id],
                "shingles": n_shingles,
                "computed_at": now,
            }
        )
        band_rows += [{"band": key, "article_id": article_id} for key in keys]
    conn.execute(insert(article_signatures), signature_rows)
    if band_rows:
        _insert_bands(conn, band_rows)
    return sets, band_rows


def _candidate_pairs(
    conn: Connection, band_rows: list[dict[str, Any]], rules: DedupRules
) -> set[tuple[str, str]]:
    """Any article sharing a band with a new one (new ones included: they were just inserted)."""
    mine: dict[str, set[str]] = {}
    for row in band_rows:
        mine.setdefault(row["band"], set()).add(row["article_id"])
    candidates: set[tuple[str, str]] = set()
    # A band shared by many articles comes from a template or boilerplate, not from one story's copies.
    crowded: set[str] = set()
    # Expanding bind parameters: the statements are built (and cached) once, not per chunk of keys.
    keys: BindParameter[list[str]] = bindparam("keys", expanding=True)
    crowded_stmt = (
        select(article_bands.c.band)
        .where(article_bands.c.band.in_(keys))
        .group_by(article_bands.c.band)
        .having(func.count() > rules.max_bucket)
    )
    members_stmt = select(article_bands.c.band, article_bands.c.article_id).where(
        article_bands.c.band.in_(keys)
    )
    for chunk in chunked(sorted(mine), 2000):
        crowded.update(r[0] for r in conn.execute(crowded_stmt, {"keys": chunk}))
    for chunk in chunked(sorted(set(mine) - crowded), 2000):
        for r in conn.execute(members_stmt, {"keys": chunk}):
            for new_id in mine[r.band]:
                if r.article_id != new_id:
                    candidates.add((min(new_id, r.article_id), max(new_id, r.article_id)))
    return candidates


def _verified_pairs(
    conn: Connection,
    candidates: set[tuple[str, str]],
    sets: dict[str, set[str]],
    new_set: set[str],
    rules: DedupRules,
    now: datetime,
) -> list[dict[str, Any]]:
    """The candidate pairs that are near-duplicates on their real shingle sets, as rows."""
    for chunk in chunked(sorted({a for pair in candidates for a in pair} - set(sets)), 200):
        for r in conn.execute(
            select(articles.c.article_id, articles.c.text).where(articles.c.article_id.in_(chunk))
        ):
            sets[r.article_id] = shingles(r.text, rules.shingle_words)
    published: dict[str, date | None] = _column_of(
        conn, articles.c.published, sorted({a for pair in candidates for a in pair})
    )
    pair_rows = []
    for a, b in sorted(candidates):
        jac, cont = similarity(sets.get(a, set()), sets.get(b, set()))
        pa, pb = published.get(a), published.get(b)
        if not is_near_duplicate(jac, cont, rules, abs((pa - pb).days) if pa and pb else 0):
            continue
        later, earlier = (a, b) if a in new_set else (b, a)
        pair_rows.append(
            {
                "article_id": later,
                "duplicate_of": earlier,
                "jaccard": round(jac, 4),
                "containment": round(cont, 4),
                "recorded_at": now,
            }
        )
    return pair_rows


def update_duplicates(
    conn: Connection,
    rules: DedupRules | None = None,
    *,
    now: datetime | None = None,
    presigned: dict[str, Signature] | None = None,
    scope: Scope = EVERYTHING,
) -> DedupReport:
    """Sign pending articles, record verified near-duplicate pairs and who supersedes whom.
    Runs in the caller's transaction. `presigned` maps content hashes to signatures made
    elsewhere (bulk workers) with the same rules; an entry is used (and removed) only
    when it is of the article's current text."""
    rules = rules or default_rules()
    now = now or utcnow()
    presigned = presigned if presigned is not None else {}
    report = DedupReport()
    todo = scope.admitted(pending_articles(conn))
    if not todo:
        return report
    hashes: dict[str, str] = _column_of(conn, articles.c.content_hash, todo)
    ready = {a: presigned.pop(h) for a, h in hashes.items() if h in presigned}
    touched = _forget_old_versions(conn, todo)
    sets, band_rows = _sign_pending(conn, todo, hashes, ready, rules, now)
    report.signed = len(todo)
    pair_rows = _verified_pairs(conn, _candidate_pairs(conn, band_rows, rules), sets, set(todo), rules, now)
    touched.update(a for row in pair_rows for a in (row["article_id"], row["duplicate_of"]))
    if pair_rows:
        conn.execute(insert(article_duplicates), pair_rows)
    report.pairs = len(pair_rows)
    _update_supersessions(conn, sorted(touched), rules, now, report)
    return report


def _insert_bands(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """32 rows an article: straight to the driver's executemany, which skips SQLAlchemy's
    per-row parameter processing (a third of the writing process's time in bulk ingest)."""
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {article_bands.name} (band, article_id) VALUES ({marker}, {marker})"
    conn.exec_driver_sql(sql, [(r["band"], r["article_id"]) for r in rows])


def _pairs_of(conn: Connection, touched: list[str]) -> list[tuple[str, str, float]]:
    pairs: list[tuple[str, str, float]] = []
    d = article_duplicates.c
    for chunk in chunked(touched, 500):
        pairs += [
            (r.article_id, r.duplicate_of, r.jaccard)
            for r in conn.execute(
                select(d.article_id, d.duplicate_of, d.jaccard).where(
                    or_(d.article_id.in_(chunk), d.duplicate_of.in_(chunk))
                )
            )
        ]
    return pairs


def _wanted_supersessions(
    conn: Connection, pairs: list[tuple[str, str, float]], ids: list[str], rules: DedupRules
) -> dict[str, tuple[str, str, float]]:
    """superseded -> (by, reason, jaccard): each article's newest standing copy."""
    copies: dict[str, Copy] = {}
    a_ = articles.c
    for chunk in chunked(ids, 500):
        for r in conn.execute(
            select(a_.article_id, a_.published, a_.updated_at, a_.event_count).where(a_.article_id.in_(chunk))
        ):
            copies[r.article_id] = Copy(r.article_id, r.published, r.updated_at, r.event_count)
    wanted: dict[str, tuple[str, str, float]] = {}
    for a, b, jac in pairs:
        if a not in copies or b not in copies:
            continue
        loser, winner, reason = decide(copies[a], copies[b], rules)
        best = wanted.get(loser)
        if best is None or copies[winner].order() > copies[best[0]].order():
            wanted[loser] = (winner, reason, jac)
    return wanted


def _update_supersessions(
    conn: Connection, touched: list[str], rules: DedupRules, now: datetime, report: DedupReport
) -> None:
    if not touched:
        return
    pairs = _pairs_of(conn, touched)
    ids = sorted({a for p in pairs for a in p[:2]} | set(touched))
    wanted = _wanted_supersessions(conn, pairs, ids, rules)
    current: dict[str, tuple[str, str]] = {}
    for chunk in chunked(ids, 500):
        for r in conn.execute(select(supersessions).where(supersessions.c.article_id.in_(chunk))):
            current[r.article_id] = (r.superseded_by, r.reason)
    for article_id in ids:
        want, have = wanted.get(article_id), current.get(article_id)
        if want is None and have is not None:
            conn.execute(delete(supersessions).where(supersessions.c.article_id == article_id))
            report.released.append(article_id)
        elif want is not None and (have is None or have != want[:2]):
            values = {"superseded_by": want[0], "reason": want[1], "jaccard": want[2], "recorded_at": now}
            if have is None:
                conn.execute(insert(supersessions).values(article_id=article_id, **values))
            else:
                conn.execute(
                    update(supersessions).where(supersessions.c.article_id == article_id).values(**values)
                )
            report.superseded.append((article_id, want[0], want[1]))
