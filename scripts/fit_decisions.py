#!/usr/bin/env python3
"""Fit the engine's decisions on the visible gold and ship them (knowledge/built/decisions.json.gz).

1. keep: a logistic regression over the candidate features (extract/features.py) that
   tells news to code from background, reports, metaphor and accidents. A candidate is
   positive when the event it ends up in matches a gold event (the scorer's matching:
   same event type, same place), or its sentence holds a gold event's evidence quote of
   its type.
2. confidence: a logistic regression over the finished event (its candidates' keep
   probabilities, type, toll, place precision …), positive when the event matches gold.

Everything is chosen by 5-fold cross-validation by article on ../shared/corpus/folds.tsv
over dev ∪ dev2 ∪ dev3: the regularisation C and the keep threshold are picked inside the
training folds only (inner out-of-fold predictions), then applied to the held-out fold.
The report gives the cross-validated figures; the shipped models are fitted on all folds.

Reviews become training data: `--extra-gold DIR` (repeatable) adds the articles of a gold
folder, as `marsad export --format gold --reviewed` writes it, to the fit and to every
cross-validated figure (set "extra"; fold = crc32(article id) mod 5, so an article keeps its
fold from run to run; a reviewed article that is also in the shared sets replaces its shared
gold and keeps its fold). `--sets` picks the shared sets (`--sets none`: the extra gold only).

usage: python scripts/fit_decisions.py [--write] [--report bench/DECISIONS.md]
           [--extra-gold DIR ...] [--sets dev,dev2,dev3|none]
needs: scikit-learn (the dev extra); the engine itself never imports it.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from decision_data import (  # noqa: E402
    EXTRA_SET,
    N_FOLDS,
    SETS,
    Article,
    confident,
    event_rows,
    load_articles,
    run_article,
    score_records,
)

from marsad.extract.decision_models import MODEL_FILE, DecisionModels, LinearModel, feature_index  # noqa: E402
from marsad.extract.knowledgebase import KnowledgeBase, knowledge  # noqa: E402

DIM = 1 << 18  # hashed feature columns: collisions are rare at this size for ~50k distinct features
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
T_GRID = tuple(round(0.05 * i, 2) for i in range(1, 16))  # keep thresholds 0.05 … 0.75
CONF_C_GRID = (0.03, 0.1, 0.3, 1.0)
# A word or n-gram must occur in this many training articles to get a weight: the keep model
# learns wording shared by reports, never one article's (its CV figure hardly moves: AUC
# 0.764 -> 0.761 out of fold, while 40k article-unique features go).
MIN_ARTICLES = 3
SHIP_MARGIN = 0.01  # pooled out-of-fold event F1 the keep model must gain over the rules to ship

Probabilities = dict[tuple[str, tuple[int, int, str]], float]


def matrix(rows: list[list[str]]) -> csr_matrix:
    indptr, indices = [0], []
    for feats in rows:
        cols = sorted({feature_index(f, DIM) for f in feats})
        indices.extend(cols)
        indptr.append(len(indices))
    return csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), DIM))


def fit(rows: list[list[str]], labels: list[int], c: float) -> LogisticRegression:
    if len(set(labels)) < 2:
        # sklearn's own message for this ("multiclass") misleads: the sample is too small.
        raise SystemExit(f"a training fold of {len(labels)} rows holds one class only: too few gold articles")
    model = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    model.fit(matrix(rows), np.array(labels))
    return model


def as_linear(model: LogisticRegression, threshold: float) -> LinearModel:
    coef = model.coef_[0]
    nz = np.flatnonzero(np.abs(coef) >= 1e-5)
    return LinearModel(DIM, float(model.intercept_[0]), {int(i): float(coef[i]) for i in nz}, threshold)


def candidate_table(
    articles: list[Article], min_articles: int = 1
) -> tuple[list[list[str]], list[int], list[tuple]]:
    """Rows, labels and keys of the articles' candidates; with `min_articles`, only the
    features found in that many of these articles."""
    rows, labels, keys = [], [], []
    common: set[str] | None = None
    if min_articles > 1:
        seen_in: Counter[str] = Counter()
        for a in articles:
            seen_in.update({f for feats, _ in a.candidates.values() for f in feats})
        common = {f for f, n in seen_in.items() if n >= min_articles}
    for a in articles:
        for key, (feats, label) in a.candidates.items():
            rows.append(feats if common is None else [f for f in feats if f in common])
            labels.append(label)
            keys.append((a.id, key))
    return rows, labels, keys


def oof_probabilities(articles: list[Article], c: float) -> Probabilities:
    """Out-of-fold keep probabilities over the articles' own folds."""
    out: Probabilities = {}
    folds = sorted({a.fold for a in articles})
    for f in folds:
        train = [a for a in articles if a.fold != f]
        test = [a for a in articles if a.fold == f]
        rows, labels, _ = candidate_table(train, MIN_ARTICLES)
        model = fit(rows, labels, c)
        t_rows, _, t_keys = candidate_table(test)
        if t_rows:
            for key, p in zip(t_keys, model.predict_proba(matrix(t_rows))[:, 1], strict=True):
                out[key] = float(p)
    return out


def engine_f1(articles: list[Article], kb: KnowledgeBase, probs: Probabilities, t: float) -> float:
    records = {a.id: run_article(a, kb, _keeper(a.id, probs, t)).records for a in articles}
    return score_records(articles, records)["f1"]


def _keeper(article_id: str, probs: Probabilities, t: float) -> Callable:
    def keep(key: tuple[int, int, str]) -> float | None:
        p = probs.get((article_id, key))
        return p if p is not None and p >= t else None

    return keep


def choose(articles: list[Article], kb: KnowledgeBase) -> tuple[float, float, dict]:
    """C by out-of-fold log loss, then the threshold by engine F1 — both on `articles` only."""
    rows, labels, keys = candidate_table(articles)
    best_c, best_loss, oof_by_c = C_GRID[0], float("inf"), {}
    for c in C_GRID:
        oof = oof_probabilities(articles, c)
        loss = log_loss(labels, [oof[k] for k in keys], labels=[0, 1])
        oof_by_c[c] = oof
        if loss < best_loss:
            best_c, best_loss = c, loss
    f1s = {t: engine_f1(articles, kb, oof_by_c[best_c], t) for t in T_GRID}
    best_t = max(f1s, key=lambda t: (f1s[t], -abs(t - 0.5)))
    return best_c, best_t, {"logloss": round(best_loss, 4), "f1_by_threshold": f1s}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write src/marsad/{MODEL_FILE}")
    parser.add_argument("--report", type=Path, help="write the cross-validated figures (Markdown)")
    parser.add_argument(
        "--extra-gold",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="a gold folder (marsad export --format gold --reviewed) fitted and scored with the shared sets",
    )
    parser.add_argument(
        "--sets", default=",".join(SETS), help="shared gold sets, comma-separated ('none': extra gold only)"
    )
    args = parser.parse_args()
    sets = tuple(s for s in args.sets.split(",") if s and s != "none")
    if unknown := set(sets) - set(SETS):
        parser.error(f"unknown sets: {', '.join(sorted(unknown))} (known: {', '.join(SETS)})")
    for folder in args.extra_gold:
        if not folder.is_dir():
            parser.error(f"--extra-gold {folder}: not a folder")
    base = dataclasses.replace(knowledge(), decisions=DecisionModels())
    articles = load_articles(base, sets, tuple(args.extra_gold))
    if len({a.fold for a in articles}) < N_FOLDS:
        parser.error(f"{len(articles)} articles do not fill {N_FOLDS} folds")
    print(f"{len(articles)} articles, {sum(len(a.candidates) for a in articles)} candidates", file=sys.stderr)

    cv_docs, chosen = outer_cv_keep(articles, base)
    cv_records = {a_id: doc.records for a_id, doc in cv_docs.items()}
    cv = _by_set(articles, cv_records)
    baseline_docs = {a.id: run_article(a, base, None) for a in articles}
    baseline = {a_id: doc.records for a_id, doc in baseline_docs.items()}
    before = _by_set(articles, baseline)

    # The keep model ships only when it beats the rules out of fold by SHIP_MARGIN: a smaller
    # gain is within fold noise, and its word weights, fitted on three outlets, carry a risk
    # on other outlets and years that such a gain does not pay for.
    keep_ships = cv["pooled"]["f1"] >= before["pooled"]["f1"] + SHIP_MARGIN
    docs = cv_docs if keep_ships else baseline_docs

    # Confidence: fitted on the events of those runs (keep probabilities out of fold), its C
    # chosen inside the training folds, scored fold by fold.
    by_id = {a.id: a for a in articles}
    events = {a_id: event_rows(by_id[a_id], doc) for a_id, doc in docs.items()}
    conf_records: dict[str, list] = {}
    conf_cs = []
    for k in range(N_FOLDS):
        train = [a for a in articles if a.fold != k]
        c_k = choose_confidence_c(train, events)
        conf_cs.append(c_k)
        model = fit(*event_table(train, events), c_k)
        for a in (a for a in articles if a.fold == k):
            rows = events[a.id]
            probs = model.predict_proba(matrix([f for _, f, _ in rows]))[:, 1] if rows else []
            conf_records[a.id] = [
                {**rec, "confidence": float(p)} for (rec, _, _), p in zip(rows, probs, strict=True)
            ]
    hand_records = {a_id: [rec for rec, _, _ in rows] for a_id, rows in events.items()}
    confidence_cv = {}
    for s in (*_sets_of(articles), "pooled"):
        subset = [a for a in articles if s in (a.set, "pooled")]
        confidence_cv[s] = {
            "hand": confident(hand_records, subset),
            "fitted": confident(conf_records, subset),
        }

    # The shipped models: the same choices made on all folds.
    c, t, detail = choose(articles, base)
    rows, labels, _ = candidate_table(articles, MIN_ARTICLES)
    keep = as_linear(fit(rows, labels, c), t)
    conf_c = choose_confidence_c(articles, events)
    conf_rows, conf_labels = event_table(articles, events)
    conf = as_linear(fit(conf_rows, conf_labels, conf_c), 0.8)
    info = {
        "fitted_on": " ∪ ".join(sets)
        + " (../shared/corpus), folds.tsv"
        + "".join(f" + {folder} (extra gold)" for folder in args.extra_gold),
        "articles": {s: sum(a.set == s for a in articles) for s in _sets_of(articles)},
        "candidates": len(rows),
        "positives": int(sum(labels)),
        "min_articles_per_feature": MIN_ARTICLES,
        "C": c,
        "threshold": t,
        "cv_folds": [{"C": fc, "threshold": ft} for fc, ft in chosen],
        "cv_event_f1": {s: v["f1"] for s, v in cv.items()},
        "cv_event_p_r": {s: [v["p"], v["r"]] for s, v in cv.items()},
        "before_event_f1": {s: v["f1"] for s, v in before.items()},
        "f1_by_threshold_all_folds": detail["f1_by_threshold"],
        "keep_ships": keep_ships,
        "confidence_events": len(conf_rows),
        "confidence_C": conf_c,
        "confidence_cv_folds_C": conf_cs,
        "cv_confidence": confidence_cv,
    }
    print(json.dumps(info, indent=1, ensure_ascii=False))
    if args.write:
        payload = {
            "version": 1,
            "keep": keep.to_json() if keep_ships else None,
            "confidence": conf.to_json(),
            "info": info,
        }
        out = ROOT / "src/marsad" / MODEL_FILE
        out.write_bytes(gzip.compress(json.dumps(payload, sort_keys=True).encode("utf-8"), mtime=0))
        print(f"wrote {out} ({out.stat().st_size} bytes, {len(keep.weights)} weights)", file=sys.stderr)
    if args.report:
        args.report.write_text(_report(before, cv, confidence_cv), encoding="utf-8")
    return 0


def outer_cv_keep(articles: list[Article], base: KnowledgeBase) -> tuple[dict, list[tuple[float, float]]]:
    """The engine run on each fold with a keep model fitted and tuned on the other four."""
    cv_docs = {}
    chosen = []
    for k in range(N_FOLDS):
        train = [a for a in articles if a.fold != k]
        test = [a for a in articles if a.fold == k]
        c, t, _ = choose(train, base)
        rows, labels, _ = candidate_table(train, MIN_ARTICLES)
        model = fit(rows, labels, c)
        t_rows, _, t_keys = candidate_table(test)
        probs = (
            dict(zip(t_keys, map(float, model.predict_proba(matrix(t_rows))[:, 1]), strict=True))
            if t_rows
            else {}
        )
        for a in test:
            cv_docs[a.id] = run_article(a, base, _keeper(a.id, probs, t))
        chosen.append((c, t))
        print(f"fold {k}: C={c} t={t}", file=sys.stderr)
    return cv_docs, chosen


def event_table(articles: list[Article], events: dict[str, list]) -> tuple[list[list[str]], list[int]]:
    """Confidence rows (features found in >= MIN_ARTICLES of these articles) and labels."""
    seen_in: Counter[str] = Counter()
    for a in articles:
        seen_in.update({f for _, feats, _ in events[a.id] for f in feats})
    rows, labels = [], []
    for a in articles:
        for _, feats, y in events[a.id]:
            rows.append([f for f in feats if seen_in[f] >= MIN_ARTICLES])
            labels.append(y)
    return rows, labels


def choose_confidence_c(articles: list[Article], events: dict[str, list]) -> float:
    """The confidence model's C by out-of-fold log loss over the articles' own folds."""
    best_c, best_loss = CONF_C_GRID[0], float("inf")
    for c in CONF_C_GRID:
        p_all, y_all = [], []
        for f in sorted({a.fold for a in articles}):
            train = [a for a in articles if a.fold != f]
            test = [a for a in articles if a.fold == f]
            model = fit(*event_table(train, events), c)
            rows = [feats for a in test for _, feats, _ in events[a.id]]
            if rows:
                p_all += list(model.predict_proba(matrix(rows))[:, 1])
                y_all += [y for a in test for _, _, y in events[a.id]]
        loss = log_loss(y_all, p_all, labels=[0, 1])
        if loss < best_loss:
            best_c, best_loss = c, loss
    return best_c


def _sets_of(articles: list[Article]) -> list[str]:
    """The sets the articles come from, in the usual order (the extra gold last)."""
    return [s for s in (*SETS, EXTRA_SET) if any(a.set == s for a in articles)]


def _by_set(articles: list[Article], records: dict[str, list]) -> dict[str, dict[str, float]]:
    out = {s: score_records([a for a in articles if a.set == s], records) for s in _sets_of(articles)}
    out["pooled"] = score_records(articles, records)
    return out


def _report(before: dict, cv: dict, confidence_cv: dict) -> str:
    lines = [
        "# Fitted decisions: 5-fold cross-validated figures (scripts/fit_decisions.py)",
        "",
        "| set | event F1, rules only | 5-fold CV event F1 with the keep model (P / R) |",
        "|---|---|---|",
    ]
    for s in before:
        b, v = before[s], cv[s]
        lines.append(f"| {s} | {b['f1']:.3f} | {v['f1']:.3f} ({v['p']:.3f} / {v['r']:.3f}) |")
    lines += [
        "",
        "| set | confident precision, hand rule (n) | CV fitted (n) | matched events ≥ 0.8, hand | fitted |",
        "|---|---|---|---|---|",
    ]
    for s, v in confidence_cv.items():
        h, f = v["hand"], v["fitted"]
        lines.append(
            f"| {s} | {h['confident_precision']} ({h['confident_n']}) | {f['confident_precision']}"
            f" ({f['confident_n']}) | {h['matched_share_confident']} | {f['matched_share_confident']} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
