"""Load the gold sets dev, dev2, dev3 with their folds, sentences and gold evidence labels.

Shared by the analysis scripts. Texts are read from ../shared at run time, never copied.
Sentences come from marsad's own splitter (normalised offsets mapped back to the original).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from marsad.text.doc import Doc
from marsad.text.normalize import normalize

SHARED = Path(__file__).resolve().parents[3] / "shared"
if not SHARED.exists():
    SHARED = Path("/work/shared")
CORPUS = SHARED / "corpus"
SETS = ("dev", "dev2", "dev3")
sys.path.insert(0, str(SHARED / "tools"))
# the reference scorer and its error classes are the yardstick; re-exported for the scripts here
import error_classes  # noqa: E402, F401
import score as reference_score  # noqa: E402

SPACES = re.compile(r"\s+")


@dataclass
class Sentence:
    index: int
    start: int  # original offsets
    end: int
    text: str
    ntext: str
    gold: bool = False  # overlaps a gold event's evidence quote


@dataclass
class Article:
    set_name: str
    article_id: str
    fold: int
    text: str
    gold: dict
    sentences: list[Sentence] = field(default_factory=list)
    unfound_evidence: int = 0


def read_folds() -> dict[str, int]:
    folds: dict[str, int] = {}
    for line in (CORPUS / "folds.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        _set, aid, fold = line.split("\t")
        folds[aid] = int(fold)
    return folds


def squeeze(text: str) -> tuple[str, list[int]]:
    """Text without spaces and punctuation, with the index of each kept character."""
    kept, where = [], []
    for i, ch in enumerate(text):
        if ch.isalnum():
            kept.append(ch)
            where.append(i)
    return "".join(kept), where


def find_quote(ntext: str, quote: str) -> tuple[int, int] | None:
    """Normalised span of a gold evidence quote; punctuation and spacing may differ."""
    nq = normalize(quote).text.strip()
    if not nq:
        return None
    pos = ntext.find(nq)
    if pos >= 0:
        return pos, pos + len(nq)
    flat, where = squeeze(ntext)
    fq, _ = squeeze(nq)
    pos = flat.find(fq) if fq else -1
    if pos >= 0:
        return where[pos], where[pos + len(fq) - 1] + 1
    # quotes joined with "…" or trimmed: the longest piece that is found
    for piece in sorted(re.split(r"\s*(?:…|\.\.\.)\s*", nq), key=len, reverse=True):
        fp, _ = squeeze(piece)
        if len(fp) >= 20 and (p := flat.find(fp)) >= 0:
            return where[p], where[p + len(fp) - 1] + 1
    return None


def load_set(set_name: str, folds: dict[str, int]) -> list[Article]:
    articles = []
    for line in (CORPUS / f"{set_name}.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        aid = str(rec["id"])
        gold = json.loads((CORPUS / set_name / f"{aid}.gold.json").read_text(encoding="utf-8"))
        art = Article(set_name, aid, folds[aid], rec["text"], gold)
        doc = Doc(rec["text"])
        spans = []
        for ev in gold.get("events") or []:
            span = find_quote(doc.ntext, ev.get("evidence") or "")
            if span is None:
                art.unfound_evidence += 1
            else:
                spans.append(span)
        for i, (s, e) in enumerate(doc.sentences):
            os_, oe = doc.original_span(s, e)
            is_gold = any(a < e and s < b for a, b in spans)
            art.sentences.append(Sentence(i, os_, oe, rec["text"][os_:oe], doc.ntext[s:e], is_gold))
        articles.append(art)
    return articles


def load_all() -> list[Article]:
    folds = read_folds()
    return [a for name in SETS for a in load_set(name, folds)]


def read_system(path: Path) -> dict[str, dict]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out[str(rec["article_id"])] = rec
    return out


def matched_events(events: list[dict], gold: list[dict]) -> set[int]:
    """ids of the system events that the reference scorer matches to a gold event."""
    return {id(s) for s, _ in reference_score.greedy_match(events, gold)}


def evidence_sentences(article: Article, event: dict) -> list[int]:
    """Indexes of the article's sentences that hold any evidence span of a system event."""
    out = []
    for ev in event.get("evidence") or []:
        s, e = ev.get("start"), ev.get("end")
        if not isinstance(s, int) or not isinstance(e, int):
            continue
        out += [x.index for x in article.sentences if x.start < e and s < x.end]
    return sorted(set(out))
