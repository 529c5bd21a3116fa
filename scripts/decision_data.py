"""The data of the fitted decisions: gold articles, their candidates with features and labels,
and the engine run with a given keep decision (used by scripts/fit_decisions.py)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.evaluation.matching import match_events
from marsad.extract.article import ArticleDoc
from marsad.extract.dates import parse_published
from marsad.extract.events import Candidate
from marsad.extract.features import candidate_features, event_features
from marsad.extract.knowledgebase import KnowledgeBase
from marsad.extract.pipeline import COMPONENTS
from marsad.extract.records import reported
from marsad.store.gold import INPUT_NAME, file_stem
from marsad.text.normalize import normalize

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus"
SETS = ("dev", "dev2", "dev3")
EXTRA_SET = "extra"  # articles of --extra-gold folders (reviews exported as gold)
N_FOLDS = 5

CandidateKey = tuple[int, int, str]  # sentence index, trigger start, sub-event type
Keep = Callable[[CandidateKey], float | None]  # a probability to keep the candidate, None to drop it


@dataclass
class Article:
    id: str
    set: str
    fold: int
    item: dict[str, Any]
    gold: list[dict[str, Any]]
    candidates: dict[CandidateKey, tuple[list[str], int]] = field(default_factory=dict)


def key_of(c: Candidate) -> CandidateKey:
    return (c.sentence.index, c.trigger.start, c.sub_event_type)


def run_article(a: Article, kb: KnowledgeBase, keep: Keep | None, features: bool = False) -> ArticleDoc:
    """The whole pipeline on one article, the keep decision replaced by `keep` (None: keep all).
    With `features`, the candidates' features are recorded in `a.candidates` (label 0)."""
    doc = ArticleDoc(a.item["text"])
    doc.article_id = a.id
    doc.published = parse_published(a.item.get("published"))
    for component in COMPONENTS:
        if component.__name__ != "keep_candidates":
            component(doc, kb)
            continue
        if features:
            n = len(doc.candidates)
            for c in doc.candidates:
                a.candidates[key_of(c)] = (candidate_features(doc, c, n), 0)
        if keep is not None:
            kept = []
            for c in doc.candidates:
                c.p = keep(key_of(c))
                if c.p is not None:
                    kept.append(c)
            doc.candidates = kept
    return doc


def load_articles(
    kb: KnowledgeBase, sets: tuple[str, ...] = SETS, extra: tuple[Path, ...] = ()
) -> list[Article]:
    """The gold articles of the shared `sets` and of the `extra` gold folders, each run once
    with every candidate's features recorded and labelled."""
    folds = {}
    for line in (CORPUS / "folds.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        s, article_id, fold = line.split("\t")
        folds[(s, article_id)] = int(fold)
    chosen: dict[str, Article] = {}
    for s in sets:
        for line in (CORPUS / f"{s}.jsonl").read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            gold_file = CORPUS / s / f"{item['id']}.gold.json"
            if not gold_file.is_file():
                continue
            gold = json.loads(gold_file.read_text(encoding="utf-8"))["events"]
            chosen[item["id"]] = Article(item["id"], s, folds[(s, item["id"])], item, gold)
    for folder in extra:
        for item, gold in extra_gold(folder):
            # An article the analysts reviewed replaces its shared gold and keeps its fold.
            old = chosen.get(item["id"])
            fold = old.fold if old is not None else zlib.crc32(item["id"].encode("utf-8")) % N_FOLDS
            chosen[item["id"]] = Article(item["id"], EXTRA_SET, fold, item, gold)
    articles = list(chosen.values())
    for a in articles:
        doc = run_article(a, kb, None, features=True)
        _label(a, doc)
    return articles


def extra_gold(folder: Path) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(input item, gold events) of a gold folder: the `input.jsonl` and `<id>.gold.json` files
    `marsad export --format gold --reviewed` writes, or, without `input.jsonl`, a folder laid
    out like the shared sets (`<id>.gold.json` beside `<id>.txt`)."""
    inputs = folder / INPUT_NAME
    if inputs.is_file():
        items = [json.loads(line) for line in inputs.read_text(encoding="utf-8").splitlines() if line.strip()]
        pairs = [(item, folder / f"{file_stem(item['id'])}.gold.json") for item in items]
    else:
        pairs = []
        for gold_file in sorted(folder.glob("*.gold.json")):
            head = json.loads(gold_file.read_text(encoding="utf-8"))
            text = gold_file.with_name(gold_file.name.removesuffix(".gold.json") + ".txt")
            item = {
                "id": head["article_id"],
                "published": head.get("published"),
                "text": text.read_text("utf-8"),
            }
            pairs.append((item, gold_file))
    out = []
    for item, gold_file in pairs:
        if not gold_file.is_file():
            raise FileNotFoundError(f"{gold_file}: no gold file for article {item['id']!r}")
        out.append((item, json.loads(gold_file.read_text(encoding="utf-8"))["events"]))
    return out


def _label(a: Article, doc: ArticleDoc) -> None:
    """A candidate is positive when its event matches a gold event, or its sentence holds a
    gold event's evidence quote of its event type."""
    kept = [(rec, ev) for _, ev, rec in reported(doc)]
    matched = [kept[i][1] for i, _ in match_events([r for r, _ in kept], a.gold)]
    quoted = _evidence_sentences(doc, a.gold)
    for c in doc.candidates:
        key = key_of(c)
        if key not in a.candidates:
            continue
        positive = (
            any(
                any(t is c.trigger for t in ev.triggers)
                or (c.sentence in ev.sentences and c.event_type == ev.event_type)
                for ev in matched
            )
            or (c.sentence.index, c.event_type) in quoted
        )
        feats, _ = a.candidates[key]
        a.candidates[key] = (feats, int(positive))


def _evidence_sentences(doc: ArticleDoc, gold: list[dict[str, Any]]) -> set[tuple[int, str]]:
    out = set()
    for g in gold:
        quote = normalize(str(g.get("evidence") or "")).text
        pieces = sorted((p.strip() for p in quote.replace("...", "…").split("…")), key=len, reverse=True)
        if not pieces or len(pieces[0]) < 12:
            continue
        pos = doc.ntext.find(pieces[0])
        if pos >= 0:
            out.add((doc.sentence_index(pos), g["event_type"]))
    return out


def score_records(articles: list[Article], records: dict[str, list[dict[str, Any]]]) -> dict[str, float]:
    tp = fp = fn = 0
    for a in articles:
        system = records.get(a.id, [])
        pairs = match_events(system, a.gold)
        tp += len(pairs)
        fp += len(system) - len(pairs)
        fn += len(a.gold) - len(pairs)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def event_rows(a: Article, doc: ArticleDoc) -> list[tuple[dict[str, Any], list[str], int]]:
    """(record, confidence features, matched) of every event the engine reports for `a`."""
    kept = [(rec, event_features(doc, ev, rec, rank)) for rank, ev, rec in reported(doc)]
    matched = {i for i, _ in match_events([r for r, _ in kept], a.gold)}
    return [(rec, feats, int(i in matched)) for i, (rec, feats) in enumerate(kept)]


def confident(records: dict[str, list[dict[str, Any]]], articles: list[Article], cut: float = 0.8) -> dict:
    """Precision of the events at or above `cut`, and the share of matched events above it."""
    hi = hi_ok = matched = matched_hi = 0
    for a in articles:
        system = records.get(a.id, [])
        ok = {i for i, _ in match_events(system, a.gold)}
        for i, rec in enumerate(system):
            high = rec["confidence"] >= cut
            hi += high
            hi_ok += high and i in ok
            matched += i in ok
            matched_hi += high and i in ok
    return {
        "confident_precision": round(hi_ok / hi, 4) if hi else None,
        "confident_n": hi,
        "matched_share_confident": round(matched_hi / matched, 4) if matched else None,
    }
