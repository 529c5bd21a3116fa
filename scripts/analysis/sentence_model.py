"""Size the fitted keep/drop decision: a sentence model over dev ∪ dev2 ∪ dev3 (issue 15).

A sentence is positive when it overlaps a gold event's evidence quote. Logistic regression on
TF-IDF n-grams (characters 2–5, words 1–2, both) is evaluated by 5-fold CV on the fixed article
folds of ../shared/corpus/folds.tsv. Then the out-of-fold probabilities filter the engine's
events (an event is kept when its best evidence sentence reaches t) and the filtered outputs are
rescored with the reference scorer, for a grid of t and for a t chosen by nested CV (on the
training folds only, applied to the held-out fold).

usage: PYTHONPATH=src:scripts/analysis python scripts/analysis/sentence_model.py \
           --system /work/baseline/orig --out /tmp/sim [--json report.json]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from corpus_sets import CORPUS, SETS, Article, evidence_sentences, load_all, read_system, reference_score
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

GRID = (0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)


@dataclass
class Candidate:
    """One engine event: its article, whether it matches gold, its evidence sentences."""

    article: int
    event: dict
    matched: bool
    sentences: list[int]


def sentence_table(
    articles: list[Article],
) -> tuple[list[str], np.ndarray, np.ndarray, list[tuple[int, int]]]:
    texts, labels, folds, keys = [], [], [], []
    for ai, art in enumerate(articles):
        for s in art.sentences:
            texts.append(s.ntext)
            labels.append(int(s.gold))
            folds.append(art.fold)
            keys.append((ai, s.index))
    return texts, np.array(labels), np.array(folds), keys


def vectorisers(kind: str) -> list[TfidfVectorizer]:
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
    word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    return {"char": [char], "word": [word], "both": [char, word]}[kind]


def fit_predict(kind: str, texts: list[str], y: np.ndarray, train: np.ndarray, test: np.ndarray, c: float):
    vecs = vectorisers(kind)
    tr = [texts[i] for i in train]
    te = [texts[i] for i in test]
    xtr = hstack([v.fit_transform(tr) for v in vecs]).tocsr()
    xte = hstack([v.transform(te) for v in vecs]).tocsr()
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(xtr, y[train])
    return model.predict_proba(xte)[:, 1]


def out_of_fold(kind: str, texts: list[str], y: np.ndarray, folds: np.ndarray, c: float, subset=None):
    """Out-of-fold probabilities; `subset` restricts training and prediction to those rows."""
    rows = np.arange(len(texts)) if subset is None else np.asarray(subset)
    probs = np.full(len(texts), np.nan)
    for k in sorted(set(folds[rows])):
        train, test = rows[folds[rows] != k], rows[folds[rows] == k]
        probs[test] = fit_predict(kind, texts, y, train, test, c)
    return probs


def candidates(articles: list[Article], system_dir: Path) -> list[Candidate]:
    out = []
    by_set = {name: read_system(system_dir / f"{name}.jsonl") for name in SETS}
    for ai, art in enumerate(articles):
        events = (by_set[art.set_name].get(art.article_id) or {}).get("events") or []
        matched = {id(s) for s, _ in reference_score.greedy_match(events, art.gold.get("events") or [])}
        for ev in events:
            out.append(Candidate(ai, ev, id(ev) in matched, evidence_sentences(art, ev)))
    return out


def candidate_score(cand: Candidate, prob: dict[tuple[int, int], float]) -> float:
    vals = [prob[(cand.article, i)] for i in cand.sentences]
    return max(vals) if vals else 1.0


def keeper(prob: dict[tuple[int, int], float], t: float):
    """The keep decision at threshold t over sentence probabilities."""
    return lambda cand: candidate_score(cand, prob) >= t


def counts(articles: list[Article], cands: list[Candidate], keep, which: set[int]) -> tuple[int, int, int]:
    """tp, fp, fn of the kept candidates over the articles `which` (reference matching)."""
    per: dict[int, list[dict]] = {i: [] for i in which}
    for c in cands:
        if c.article in which and keep(c):
            per[c.article].append(c.event)
    tp = fp = fn = 0
    for ai, events in per.items():
        gold = articles[ai].gold.get("events") or []
        m = len(reference_score.greedy_match(events, gold))
        tp, fp, fn = tp + m, fp + len(events) - m, fn + len(gold) - m
    return tp, fp, fn


def f1(tp: int, fp: int, fn: int) -> float:
    return reference_score.prf(tp, fp, fn)[2]


def nested_threshold(kind, texts, y, folds, keys, articles, cands, c, rows=None) -> dict:
    """For each held-out fold: inner CV on the other folds picks t, applied to the held-out fold.

    `rows` restricts the model to those sentences (the candidate-trained variant)."""
    index = {k: i for i, k in enumerate(keys)}
    rows = np.arange(len(texts)) if rows is None else np.asarray(rows)
    outer = out_of_fold(kind, texts, y, folds, c, subset=rows)
    chosen, total = {}, [0, 0, 0]
    for k in range(5):
        train_rows = rows[folds[rows] != k]
        inner = out_of_fold(kind, texts, y, folds, c, subset=train_rows)
        inner_prob = {key: inner[index[key]] for key in keys if folds[index[key]] != k}
        train_arts = {ai for ai, a in enumerate(articles) if a.fold != k}
        best_t = max(
            GRID,
            key=lambda t, p=inner_prob, a=train_arts: (f1(*counts(articles, cands, keeper(p, t), a)), -t),
        )
        chosen[k] = best_t
        outer_prob = {key: outer[index[key]] for key in keys}
        test_arts = {ai for ai, a in enumerate(articles) if a.fold == k}
        tp, fp, fn = counts(articles, cands, keeper(outer_prob, best_t), test_arts)
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
    return {"t_per_fold": chosen, "cv_f1": round(f1(*total), 3), "tp_fp_fn": total}


def rescore(articles, cands, prob, t: float, out_dir: Path) -> dict[str, dict]:
    """Write the filtered engine output per set and score it with the reference scorer."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result = {}
    for name in SETS:
        kept: dict[str, list[dict]] = {}
        for c in cands:
            art = articles[c.article]
            if art.set_name == name and candidate_score(c, prob) >= t:
                kept.setdefault(art.article_id, []).append(c.event)
        path = out_dir / f"{name}-t{t:.2f}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for art in articles:
                if art.set_name == name:
                    rec = {"article_id": art.article_id, "events": kept.get(art.article_id, [])}
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        scored, _ = reference_score.score(CORPUS / name, CORPUS / f"{name}.jsonl", path)
        result[name] = scored
    return result


def oracle(articles, cands, keys, y, index) -> dict:
    """Ceiling of any keep/drop decision: keep exactly the events whose evidence holds a gold sentence."""
    gold = {k: float(y[index[k]]) for k in keys}
    out = {}
    pooled = [0, 0, 0]
    for name in SETS:
        which = {ai for ai, a in enumerate(articles) if a.set_name == name}
        tp, fp, fn = counts(articles, cands, lambda c_: candidate_score(c_, gold) >= 0.5, which)
        pooled = [pooled[0] + tp, pooled[1] + fp, pooled[2] + fn]
        out[name] = round(f1(tp, fp, fn), 3)
    out["pooled"] = round(f1(*pooled), 3)
    return out


def candidate_trained(texts, folds, cand_rows, cand_labels, c) -> dict:
    """A model fitted on the engine's candidate sentences only (matched vs false alarm)."""
    y = np.zeros(len(texts), dtype=int)
    y[cand_rows] = cand_labels
    out = {}
    for kind in ("char", "word", "both"):
        probs = out_of_fold(kind, texts, y, folds, c, subset=cand_rows)
        out[kind] = round(roc_auc_score(cand_labels, probs[cand_rows]), 3)
    return out


def auc_report(y, probs, folds_sets, cand_rows, cand_labels) -> dict:
    out = {"all": round(roc_auc_score(y, probs), 3)}
    for name in SETS:
        rows = folds_sets == name
        out[name] = round(roc_auc_score(y[rows], probs[rows]), 3)
    out["candidates_matched_vs_false_alarm"] = round(roc_auc_score(cand_labels, probs[cand_rows]), 3)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--system", type=Path, default=Path("/work/baseline/orig"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/sentence-model-sim"))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--c", type=float, default=10.0)
    args = ap.parse_args()

    articles = load_all()
    texts, y, folds, keys = sentence_table(articles)
    set_of_row = np.array([articles[a].set_name for a, _ in keys])
    index = {k: i for i, k in enumerate(keys)}
    cands = candidates(articles, args.system)
    # candidate sentences: label 1 when it holds evidence of an event that matches gold
    cand_label: dict[int, int] = {}
    for c in cands:
        for s in c.sentences:
            row = index[(c.article, s)]
            cand_label[row] = max(cand_label.get(row, 0), int(c.matched))
    cand_rows = np.array(sorted(cand_label))
    cand_labels = np.array([cand_label[r] for r in cand_rows])
    report: dict = {
        "sentences": len(texts),
        "positive": int(y.sum()),
        "engine_events": len(cands),
        "candidate_sentences": len(cand_rows),
        "candidate_sentences_matched": int(cand_labels.sum()),
        "auc": {},
    }
    probs_by_kind = {}
    for kind in ("char", "word", "both"):
        probs = out_of_fold(kind, texts, y, folds, args.c)
        probs_by_kind[kind] = probs
        report["auc"][kind] = auc_report(y, probs, set_of_row, cand_rows, cand_labels)
        ev_scores = [candidate_score(c, {k: probs[index[k]] for k in keys}) for c in cands]
        report["auc"][kind]["events_matched_vs_false_alarm"] = round(
            roc_auc_score([int(c.matched) for c in cands], ev_scores), 3
        )
        print(kind, report["auc"][kind], flush=True)

    kind = max(probs_by_kind, key=lambda k: report["auc"][k]["candidates_matched_vs_false_alarm"])
    report["simulation_features"] = kind
    prob = {k: probs_by_kind[kind][index[k]] for k in keys}
    grid = {}
    for t in GRID:
        scored = rescore(articles, cands, prob, t, args.out)
        pooled = [0, 0, 0]
        for name in SETS:
            s = scored[name]
            tp = round(s["event_recall"] * s["gold_events"])
            pooled = [pooled[0] + tp, pooled[1] + s["system_events"] - tp, pooled[2] + s["gold_events"] - tp]
        grid[t] = {name: scored[name]["event_f1"] for name in SETS} | {"pooled": round(f1(*pooled), 3)}
        grid[t]["precision"] = {name: scored[name]["event_precision"] for name in SETS}
        grid[t]["recall"] = {name: scored[name]["event_recall"] for name in SETS}
        print(f"t={t:.2f}", grid[t], flush=True)
    report["grid"] = grid
    report["oracle_keep_gold_sentence"] = oracle(articles, cands, keys, y, index)
    print("oracle", report["oracle_keep_gold_sentence"], flush=True)
    report["candidate_trained"] = candidate_trained(texts, folds, cand_rows, cand_labels, args.c)
    print("candidate-trained", report["candidate_trained"], flush=True)
    report["nested_cv"] = nested_threshold(kind, texts, y, folds, keys, articles, cands, args.c)
    print("nested", report["nested_cv"], flush=True)
    y_cand = np.zeros(len(texts), dtype=int)
    y_cand[cand_rows] = cand_labels
    report["nested_cv_candidate_trained"] = nested_threshold(
        kind, texts, y_cand, folds, keys, articles, cands, args.c, rows=cand_rows
    )
    print("nested candidate-trained", report["nested_cv_candidate_trained"], flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
