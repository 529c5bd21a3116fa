"""How small can the sentence model be? (issue 15: the artefact ships as data, scored in pure Python)

Cross-validated ROC AUC (fixed folds) of: TF-IDF char 2–5 with all features; the same model cut
to its top-k features by |weight| (chosen and refitted on the training folds); L1-penalised
models at several C (features with a non-zero weight); and the pure-Python hashed featuriser
(hashed_features.py) at several bucket sizes, with and without word n-grams. Finally checks that
the pure-Python score equals sklearn's probability.

usage: PYTHONPATH=src:scripts/analysis python scripts/analysis/feature_size.py [--json out.json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import hashed_features as hf
import numpy as np
from corpus_sets import load_all
from scipy.sparse import csr_matrix
from sentence_model import sentence_table
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

TOP_K = (100, 300, 1000, 3000, 10000)
L1_C = (1.0, 3.0, 10.0, 30.0, 100.0)
BITS = (12, 14, 16, 18)


def hashed_matrix(texts: list[str], bits: int, words: bool) -> csr_matrix:
    rows, cols, vals = [], [], []
    for i, t in enumerate(texts):
        for b, v in hf.features(t, bits, words).items():
            rows.append(i)
            cols.append(b)
            vals.append(v)
    return csr_matrix((vals, (rows, cols)), shape=(len(texts), 1 << bits))


def cv_auc(x, y, folds, make_model, top_k: int | None = None) -> tuple[float, float]:
    """AUC of out-of-fold probabilities, and the mean number of non-zero weights."""
    probs = np.zeros(len(y))
    sizes = []
    for k in range(5):
        tr, te = folds != k, folds == k
        model = make_model().fit(x[tr], y[tr])
        if top_k is not None:
            keep = np.argsort(-np.abs(model.coef_[0]))[:top_k]
            model = make_model().fit(x[tr][:, keep], y[tr])
            probs[te] = model.predict_proba(x[te][:, keep])[:, 1]
            sizes.append(len(keep))
        else:
            probs[te] = model.predict_proba(x[te])[:, 1]
            sizes.append(int(np.count_nonzero(model.coef_[0])))
    return round(roc_auc_score(y, probs), 3), float(np.mean(sizes))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", type=Path)
    ap.add_argument("--c", type=float, default=10.0)
    args = ap.parse_args()
    articles = load_all()
    texts, y, folds, _ = sentence_table(articles)
    report: dict = {}

    def l2() -> LogisticRegression:
        return LogisticRegression(C=args.c, max_iter=2000)

    # TF-IDF fitted on all sentences: the vocabulary only, no labels, so the folds stay clean
    x = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2).fit_transform(
        texts
    )
    report["tfidf_char_features"] = x.shape[1]
    report["tfidf_char_all"] = cv_auc(x, y, folds, l2)
    print("tfidf all", report["tfidf_char_all"], flush=True)
    report["tfidf_char_top_k"] = {k: cv_auc(x, y, folds, l2, top_k=k) for k in TOP_K}
    print("top-k", report["tfidf_char_top_k"], flush=True)
    report["tfidf_char_l1"] = {
        c: cv_auc(x, y, folds, lambda c=c: LogisticRegression(C=c, l1_ratio=1.0, solver="liblinear"))
        for c in L1_C
    }
    print("l1", report["tfidf_char_l1"], flush=True)
    report["hashed"] = {}
    for words in (False, True):
        for bits in BITS:
            xh = hashed_matrix(texts, bits, words)
            key = f"char{'+word' if words else ''} 2^{bits}"
            report["hashed"][key] = cv_auc(xh, y, folds, l2)
            print(key, report["hashed"][key], flush=True)
    xh = hashed_matrix(texts, 18, False)
    report["hashed_top_k"] = {k: cv_auc(xh, y, folds, l2, top_k=k) for k in TOP_K}
    print("hashed top-k", report["hashed_top_k"], flush=True)

    # the pure-Python score must equal sklearn's on the same weights
    model = l2().fit(xh, y)
    weights = {int(b): float(w) for b, w in enumerate(model.coef_[0]) if w != 0.0}
    sk = model.predict_proba(xh[:200])[:, 1]
    py = np.array([hf.score(t, weights, float(model.intercept_[0])) for t in texts[:200]])
    report["pure_python_max_abs_diff"] = float(np.max(np.abs(sk - py)))
    report["hashed_weights_nonzero"] = len(weights)
    print("pure python vs sklearn", report["pure_python_max_abs_diff"], flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
