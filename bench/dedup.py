#!/usr/bin/env python3
"""Near-duplicate articles in ../shared/corpus/bulk.jsonl.gz (issue 10), found by the ingest service itself.

Every article is ingested into a fresh SQLite store with an extractor that finds no events (so
this measures de-duplication, not the engine); each batch is signed (word 5-shingles,
MinHash, LSH bands) and verifies candidates, exactly as in production. Reported: articles,
exact copies, near-duplicate pairs and clusters (sizes, across outlets or within one), the
updates and re-posts decided, and the time taken. A seeded sample of clusters (each shown by
its weakest verified pair) goes to artifacts/dedup_sample.tsv for reading by hand; texts stay
in artifacts/ (not committed).

usage: python bench/dedup.py [--corpus PATH] [--limit N] [--sample 50] [--seed 10] [--db URL]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from marsad.fusion.copies import near_duplicate_clusters
from marsad.service import ingest
from marsad.store import Store
from marsad.store.tables import article_copies, article_duplicates, articles, supersessions

REPO = Path(__file__).resolve().parents[1]


def read_items(path: Path, limit: int | None) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            row = json.loads(line)
            yield {
                "id": row["id"],
                "text": row["text"],
                "source": row.get("source"),
                "published": row.get("published"),
                "title": row.get("title"),
            }


def no_events(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "article_id": item["id"],
        "source": item.get("source"),
        "published": item.get("published"),
        "language": "ar",
        "events": [],
        "errors": [],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=REPO / "../shared/corpus/bulk.jsonl.gz")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    args = ap.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus}")
    tmp = tempfile.TemporaryDirectory(prefix="marsad-dedup-")
    url = args.db or f"sqlite:///{Path(tmp.name) / 'dedup.db'}"
    artifacts = REPO / "artifacts"
    artifacts.mkdir(exist_ok=True)

    with Store(url) as store:
        started = time.perf_counter()
        report = ingest(
            store,
            read_items(args.corpus, args.limit),
            extract=no_events,
            batch_size=args.batch,
            origin="bench dedup",
            keep_outcomes=False,
            engine_version="bench-dedup",
        )
        seconds = time.perf_counter() - started
        with store.engine.connect() as conn:
            clusters = near_duplicate_clusters(conn)
            meta = {
                r.article_id: r
                for r in conn.execute(
                    select(
                        articles.c.article_id,
                        articles.c.source,
                        articles.c.published,
                        articles.c.title,
                        articles.c.text,
                    )
                )
            }
            pairs = [dict(r._mapping) for r in conn.execute(select(article_duplicates))]
            n_copies = conn.execute(select(func.count()).select_from(article_copies)).scalar_one()
            reasons = Counter(r[0] for r in conn.execute(select(supersessions.c.reason)))
    cross = sum(1 for c in clusters if len({meta[a].source for a in c}) > 1)
    sizes = Counter(min(len(c), 5) for c in clusters)
    figures = {
        "articles_in": report.counts["items_seen"],
        "articles_stored": len(meta),
        "exact_copies": int(n_copies),
        "near_duplicate_pairs": len(pairs),
        "clusters": len(clusters),
        "articles_in_clusters": sum(len(c) for c in clusters),
        "cluster_sizes": {("5+" if k == 5 else str(k)): v for k, v in sorted(sizes.items())},
        "clusters_across_outlets": cross,
        "clusters_within_one_outlet": len(clusters) - cross,
        "supersessions": dict(reasons),
        "seconds": round(seconds, 1),
        "articles_per_s": round(report.counts["items_seen"] / seconds, 1),
    }
    print(json.dumps(figures, indent=1))

    # A sample of clusters, each shown by its weakest verified pair, for reading by hand.
    rng = random.Random(args.seed)
    chosen = rng.sample(clusters, min(args.sample, len(clusters)))
    by_pair = {(p["article_id"], p["duplicate_of"]): p for p in pairs}
    out = artifacts / "dedup_sample.tsv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(
            [
                "n",
                "cluster_size",
                "article_a",
                "article_b",
                "jaccard",
                "containment",
                "source_a",
                "source_b",
                "published_a",
                "published_b",
                "title_a",
                "title_b",
                "start_a",
                "start_b",
            ]
        )
        for n, cluster in enumerate(chosen, 1):
            members = set(cluster)
            edges = [p for (a, b), p in by_pair.items() if a in members and b in members]
            weakest = min(edges, key=lambda p: (p["jaccard"], p["article_id"]))
            a, b = meta[weakest["duplicate_of"]], meta[weakest["article_id"]]
            w.writerow(
                [
                    n,
                    len(cluster),
                    a.article_id,
                    b.article_id,
                    weakest["jaccard"],
                    weakest["containment"],
                    a.source,
                    b.source,
                    a.published,
                    b.published,
                    a.title,
                    b.title,
                    " ".join(a.text.split())[:400],
                    " ".join(b.text.split())[:400],
                ]
            )
    (artifacts / "dedup.json").write_text(json.dumps(figures, indent=1) + "\n")
    print(f"sample of {len(chosen)} clusters: {out}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
