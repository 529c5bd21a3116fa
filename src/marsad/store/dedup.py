"""Article de-duplication: exact copies (content hash) and near-duplicates (MinHash LSH).

Exact copies are caught by the store at ingest (same SHA-256 under another id: not stored
twice); `record_copies` keeps who else published that text, so the incident can name every
outlet. Near-duplicates (cross-posted wires, re-posts, an updated toll in an otherwise
copied text) are found here, after each ingest batch:

1. each new or changed article gets word 5-shingles of its normalised text, a MinHash
   signature (datasketch) and LSH band keys, stored in `article_bands`;
2. articles sharing a band are candidates, verified on the real shingle sets (Jaccard, or
   containment of the shorter text) and stored as pairs in `article_duplicates`;
3. each pair decides which copy stands (`supersessions`): a newer copy published within
   `update_days` of the older is an update and supersedes it; a much later copy is a
   re-post and is superseded by the original. Fusion then counts only the standing copy's
   events, so an update replaces the earlier figures instead of adding to them.

All of it is incremental and idempotent: an article is processed once per text version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from sqlalchemy import Connection, bindparam, delete, func, insert, or_, select, update

from marsad.store.tables import (
    article_bands,
    article_copies,
    article_duplicates,
    article_signatures,
    articles,
    supersessions,
)
from marsad.text.normalize import normalize_key

UPDATE, REPOST = "update", "repost"


@dataclass(frozen=True, slots=True)
class DedupRules:
    shingle_words: int = 5
    min_shingles: int = 30
    num_perm: int = 128
    bands: int = 32
    seed: int = 1
    jaccard: float = 0.5
    containment: float = 0.8
    containment_jaccard: float = 0.3
    update_days: int = 3
    repost_jaccard: float = 0.8
    max_bucket: int = 20

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands


@cache
def fusion_config() -> dict[str, Any]:
    """store/data/fusion.yaml: thresholds and word lists of de-duplication and fusion."""
    import yaml

    with resources.files("marsad.store").joinpath("data", "fusion.yaml").open("r", encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh))


@cache
def default_rules() -> DedupRules:
    known = set(DedupRules.__dataclass_fields__)
    return DedupRules(**{k: v for k, v in fusion_config()["dedup"].items() if k in known})


# ---------------------------------------------------------------- signatures


def shingles(text: str, words: int = 5) -> set[str]:
    """Word n-grams of the normalised text (diacritics, alef forms, punctuation folded)."""
    tokens = normalize_key(text).split()
    if len(tokens) < words:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + words]) for i in range(len(tokens) - words + 1)}


@cache
def _permutations(num_perm: int, seed: int) -> tuple[Any, str]:
    """The seed's permutations, made once (building them is most of a MinHash's set-up cost)."""
    from datasketch import MinHash

    template = MinHash(num_perm=num_perm, seed=seed)
    return template.permutations, template.scheme


def band_keys(shingle_set: Iterable[str], rules: DedupRules) -> list[str]:
    """LSH band keys of the MinHash signature: `band number:hash of its rows`."""
    from datasketch import MinHash

    permutations, scheme = _permutations(rules.num_perm, rules.seed)
    mh = MinHash(num_perm=rules.num_perm, seed=rules.seed, permutations=permutations, scheme=scheme)
    mh.update_batch([s.encode("utf-8") for s in shingle_set])
    values = np.asarray(mh.hashvalues, dtype=np.uint64)
    out = []
    for b in range(rules.bands):
        chunk = values[b * rules.rows : (b + 1) * rules.rows].tobytes()
        out.append(f"{b}:{hashlib.blake2b(chunk, digest_size=12).hexdigest()}")
    return out


@dataclass(frozen=True, slots=True)
class Signature:
    """What de-duplication needs of one text, computable wherever the text is (a bulk
    worker signs its articles so that the writing process does not have to)."""

    content_hash: str  # of the text signed (the store's content_hash)
    shingles: int
    bands: tuple[str, ...]  # empty below rules.min_shingles


def sign(text: str, rules: DedupRules | None = None) -> Signature:
    from marsad.store.store import content_hash

    rules = rules or default_rules()
    s = shingles(text, rules.shingle_words)
    bands = tuple(band_keys(s, rules)) if len(s) >= rules.min_shingles else ()
    return Signature(content_hash(text), len(s), bands)


def similarity(a: set[str], b: set[str]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger)."""
    if not a or not b:
        return 0.0, 0.0
    common = len(a & b)
    return common / len(a | b), common / min(len(a), len(b))


def is_near_duplicate(jaccard: float, containment: float, rules: DedupRules, gap_days: int = 0) -> bool:
    """A copy of the same story. Copies published far apart must be nearly identical (a re-post):
    a new story that recycles an old one's background paragraphs is not a copy of it."""
    if gap_days > rules.update_days:
        return jaccard >= rules.repost_jaccard
    return jaccard >= rules.jaccard or (
        containment >= rules.containment and jaccard >= rules.containment_jaccard
    )


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


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


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


def update_duplicates(
    conn: Connection,
    rules: DedupRules | None = None,
    *,
    now: datetime | None = None,
    presigned: dict[str, Signature] | None = None,
) -> DedupReport:
    """Sign pending articles, record verified near-duplicate pairs and who supersedes whom.
    Runs in the caller's transaction. `presigned` maps content hashes to signatures made
    elsewhere (bulk workers) with the same rules; an entry is used (and removed) only
    when it is of the article's current text."""
    from marsad.store.store import utcnow

    rules = rules or default_rules()
    now = now or utcnow()
    presigned = presigned if presigned is not None else {}
    report = DedupReport()
    todo = pending_articles(conn)
    if not todo:
        return report
    hashes: dict[str, str] = {}
    for chunk in _chunks(todo, 500):
        for r in conn.execute(
            select(articles.c.article_id, articles.c.content_hash).where(articles.c.article_id.in_(chunk))
        ):
            hashes[r.article_id] = r.content_hash
    ready = {a: presigned.pop(h) for a, h in hashes.items() if h in presigned}
    texts: dict[str, str] = {}
    for chunk in _chunks([a for a in todo if a not in ready], 500):
        for r in conn.execute(
            select(articles.c.article_id, articles.c.text).where(articles.c.article_id.in_(chunk))
        ):
            texts[r.article_id] = r.text
    touched: set[str] = set()
    # A changed text invalidates the article's old bands and pairs.
    for chunk in _chunks(todo, 500):
        for r in conn.execute(
            select(article_duplicates.c.article_id, article_duplicates.c.duplicate_of).where(
                or_(article_duplicates.c.article_id.in_(chunk), article_duplicates.c.duplicate_of.in_(chunk))
            )
        ):
            touched.update((r.article_id, r.duplicate_of))
        conn.execute(
            delete(article_duplicates).where(
                or_(article_duplicates.c.article_id.in_(chunk), article_duplicates.c.duplicate_of.in_(chunk))
            )
        )
        conn.execute(delete(article_bands).where(article_bands.c.article_id.in_(chunk)))
        conn.execute(delete(article_signatures).where(article_signatures.c.article_id.in_(chunk)))

    sets: dict[str, set[str]] = {}
    band_rows: list[dict[str, Any]] = []
    signature_rows: list[dict[str, Any]] = []
    for article_id in todo:
        if article_id in ready:
            # Signed by a worker: the shingle set is rebuilt below only if a candidate pair needs it.
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
    report.signed = len(signature_rows)
    if band_rows:
        _insert_bands(conn, band_rows)

    # Candidates: any article sharing a band with a new one (new ones included: they were just inserted).
    mine: dict[str, set[str]] = {}
    for row in band_rows:
        mine.setdefault(row["band"], set()).add(row["article_id"])
    candidates: set[tuple[str, str]] = set()
    # A band shared by many articles comes from a template or boilerplate, not from one story's copies.
    crowded = set()
    # Expanding bind parameters: the statements are built (and cached) once, not per chunk of keys.
    keys = bindparam("keys", expanding=True)
    crowded_stmt = (
        select(article_bands.c.band)
        .where(article_bands.c.band.in_(keys))
        .group_by(article_bands.c.band)
        .having(func.count() > rules.max_bucket)
    )
    members_stmt = select(article_bands.c.band, article_bands.c.article_id).where(
        article_bands.c.band.in_(keys)
    )
    for chunk in _chunks(sorted(mine), 2000):
        crowded.update(r[0] for r in conn.execute(crowded_stmt, {"keys": list(chunk)}))
    for chunk in _chunks(sorted(set(mine) - crowded), 2000):
        for r in conn.execute(members_stmt, {"keys": list(chunk)}):
            for new_id in mine[r.band]:
                if r.article_id != new_id:
                    candidates.add((min(new_id, r.article_id), max(new_id, r.article_id)))
    missing = sorted({a for pair in candidates for a in pair} - set(sets))
    for chunk in _chunks(missing, 200):
        for r in conn.execute(
            select(articles.c.article_id, articles.c.text).where(articles.c.article_id.in_(chunk))
        ):
            sets[r.article_id] = shingles(r.text, rules.shingle_words)
    published: dict[str, date | None] = {}
    for chunk in _chunks(sorted({a for pair in candidates for a in pair}), 500):
        published.update(
            (r.article_id, r.published)
            for r in conn.execute(
                select(articles.c.article_id, articles.c.published).where(articles.c.article_id.in_(chunk))
            )
        )

    new_set = set(todo)
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
        touched.update((a, b))
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


def _update_supersessions(
    conn: Connection, touched: list[str], rules: DedupRules, now: datetime, report: DedupReport
) -> None:
    if not touched:
        return
    pairs: list[tuple[str, str, float]] = []
    for chunk in _chunks(touched, 500):
        pairs += [
            (r.article_id, r.duplicate_of, r.jaccard)
            for r in conn.execute(
                select(
                    article_duplicates.c.article_id,
                    article_duplicates.c.duplicate_of,
                    article_duplicates.c.jaccard,
                ).where(
                    or_(
                        article_duplicates.c.article_id.in_(chunk),
                        article_duplicates.c.duplicate_of.in_(chunk),
                    )
                )
            )
        ]
    ids = sorted({a for p in pairs for a in p[:2]} | set(touched))
    copies: dict[str, Copy] = {}
    for chunk in _chunks(ids, 500):
        for r in conn.execute(
            select(
                articles.c.article_id, articles.c.published, articles.c.updated_at, articles.c.event_count
            ).where(articles.c.article_id.in_(chunk))
        ):
            copies[r.article_id] = Copy(r.article_id, r.published, r.updated_at, r.event_count)
    wanted: dict[str, tuple[str, str, float]] = {}  # superseded -> (by, reason, jaccard)
    for a, b, jac in pairs:
        if a not in copies or b not in copies:
            continue
        loser, winner, reason = decide(copies[a], copies[b], rules)
        best = wanted.get(loser)
        if best is None or copies[winner].order() > copies[best[0]].order():
            wanted[loser] = (winner, reason, jac)
    current: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(ids, 500):
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


def record_copies(conn: Connection, dialect: str, rows: list[dict[str, Any]]) -> None:
    """Exact copies (copy_id, duplicate_of, source, published) the store did not keep; first record wins."""
    from sqlalchemy.dialects import postgresql, sqlite

    from marsad.store.flatten import parse_date
    from marsad.store.store import utcnow

    if not rows:
        return
    now = utcnow()
    unique = {
        r["copy_id"][:200]: {
            "copy_id": r["copy_id"][:200],
            "duplicate_of": r["duplicate_of"],
            "source": (r.get("source") or None) and str(r["source"])[:200],
            "published": parse_date(r.get("published")),
            "recorded_at": now,
        }
        for r in rows
    }
    ins = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(article_copies)
    conn.execute(ins.on_conflict_do_nothing(index_elements=["copy_id"]), list(unique.values()))


# ---------------------------------------------------------------- reads


def superseded_articles(
    conn: Connection, article_ids: Iterable[str] | None = None
) -> dict[str, tuple[str, str]]:
    """{superseded article: (superseded_by, reason)} where the standing copy has events of its own
    (a newer copy in which the engine found nothing does not wipe out the older copy's events)."""
    winner = articles.alias("winner")
    stmt = (
        select(supersessions.c.article_id, supersessions.c.superseded_by, supersessions.c.reason)
        .join(winner, winner.c.article_id == supersessions.c.superseded_by)
        .where(winner.c.event_count > 0)
    )
    if article_ids is None:
        return {r.article_id: (r.superseded_by, r.reason) for r in conn.execute(stmt)}
    out: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(sorted(set(article_ids)), 500):
        out.update(
            {
                r.article_id: (r.superseded_by, r.reason)
                for r in conn.execute(stmt.where(supersessions.c.article_id.in_(chunk)))
            }
        )
    return out


def copies_of(conn: Connection, article_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Exact copies recorded for each article: [{copy_id, source, published}]."""
    out: dict[str, list[dict[str, Any]]] = {}
    for chunk in _chunks(sorted(set(article_ids)), 500):
        for r in conn.execute(
            select(article_copies)
            .where(article_copies.c.duplicate_of.in_(chunk))
            .order_by(article_copies.c.copy_id)
        ):
            out.setdefault(r.duplicate_of, []).append(
                {"copy_id": r.copy_id, "source": r.source, "published": r.published}
            )
    return out


def near_duplicate_clusters(conn: Connection) -> list[list[str]]:
    """Connected components of the near-duplicate pairs, largest first."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in conn.execute(select(article_duplicates.c.article_id, article_duplicates.c.duplicate_of)):
        ra, rb = find(r.article_id), find(r.duplicate_of)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    clusters: dict[str, list[str]] = {}
    for x in parent:
        clusters.setdefault(find(x), []).append(x)
    return sorted((sorted(c) for c in clusters.values()), key=lambda c: (-len(c), c[0]))


__all__ = [
    "DedupReport",
    "DedupRules",
    "REPOST",
    "Signature",
    "UPDATE",
    "band_keys",
    "copies_of",
    "decide",
    "default_rules",
    "fusion_config",
    "is_near_duplicate",
    "near_duplicate_clusters",
    "pending_articles",
    "record_copies",
    "shingles",
    "sign",
    "similarity",
    "superseded_articles",
    "update_duplicates",
]
