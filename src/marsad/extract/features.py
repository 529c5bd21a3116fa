"""Features for the fitted decisions: a candidate's sentence words, context and rule cues
(keep), a finished event's fields (confidence).

The same function serves the fit script (scripts/fit_decisions.py) and the engine, so a
model sees at run time exactly what it was fitted on. Features are strings; the model
hashes them (decisions.py). Words are the normalised text's, with proclitics split off
as a second form so "وقتل" and "قتل" share a feature.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from marsad.extract.events import MIN_WORDS
from marsad.knowledge.lexicon import load_word_lists

if TYPE_CHECKING:
    from marsad.extract.article import ArticleDoc
    from marsad.extract.events import Candidate, Event, SentenceInfo
    from marsad.schema import EventRecord

_WORDS = load_word_lists("events")
_PROCLITICS = sorted(_WORDS["feature_proclitics"], key=len, reverse=True)
_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_CONTEXT_WORDS = 4  # words either side of the trigger
_CHAR_GRAMS = (3, 5)  # character n-grams of the sentence's words (morphology without a stemmer)


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def _stem(word: str) -> str:
    for p in _PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= 3:
            return word[len(p) :]
    return word


def _bucket(n: int) -> str:
    return str(min(6, int(math.log2(n + 1))))


def candidate_features(doc: ArticleDoc, cand: Candidate, n_candidates: int) -> list[str]:
    """Feature strings of one candidate (its sentence, neighbours, title and rule cues)."""
    info = cand.sentence
    text = doc.ntext
    words = words_of(text[info.start : info.end])
    stems = [_stem(w) for w in words]
    out = [f"w:{w}" for w in words]
    out += [f"s:{s}" for s in stems]
    out += [f"b:{a}_{b}" for a, b in zip(stems, stems[1:], strict=False)]
    out += _char_grams(words)
    before = words_of(text[info.start : cand.trigger.start])[-_CONTEXT_WORDS:]
    after = words_of(text[cand.trigger.end : info.end])[:_CONTEXT_WORDS]
    out += [f"lc:{_stem(w)}" for w in before] + [f"rc:{_stem(w)}" for w in after]
    if info.index > 0:
        prev = doc.infos[info.index - 1]
        out += [f"p:{_stem(w)}" for w in words_of(text[prev.start : prev.end])]
    if doc.title_index is not None and info.index != doc.title_index:
        title = doc.infos[doc.title_index]
        out += [f"t:{_stem(w)}" for w in words_of(text[title.start : title.end])]
        out += [f"tne:{c.entry.get('kind')}" for c in title.matches["nonevent_cues"]]
    out += _rule_cues(doc, cand, info)
    out.append(f"ncand:{_bucket(n_candidates)}")
    out.append(f"nsent:{_bucket(len(doc.infos))}")
    return out


def _char_grams(words: list[str]) -> list[str]:
    lo, hi = _CHAR_GRAMS
    out = []
    for w in words:
        padded = f"<{w}>"
        for n in range(lo, min(hi, len(padded)) + 1):
            out += [f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1)]
    return out


def _rule_cues(doc: ArticleDoc, cand: Candidate, info: SentenceInfo) -> list[str]:
    """What the rule layer already knows of the candidate, as features."""
    out = [
        f"sub:{cand.sub_event_type}",
        f"type:{cand.event_type}",
        f"str:{cand.strength}",
        f"trig:{cand.trigger.entry.pattern}",
        f"pos:{_position(doc, info)}",
    ]
    for f in info.facts:
        out.append(f"fact:{f.role}:{f.group}")
        out.append(f"factn:{f.role}:{_bucket(f.best)}")
    if info.losses:
        out.append("loss")
    out += _place_cues(doc, info)
    for lexicon in ("victims", "equipment", "dates", "nonevent_cues", "attribution", "hedges", "negation"):
        for m in info.matches[lexicon]:
            kind = m.entry.get("kind") or m.entry.get("role") or m.entry.get("item") or ""
            out.append(f"{lexicon}:{kind}")
    out += [
        f"osub:{t.entry.get('sub_event_type')}" for t in info.matches["triggers"] if t is not cand.trigger
    ]
    if info.suppressed_clauses:
        out.append("supclause")
    if info.matches["place_anaphora"]:
        out.append("anaphora")
    if info.day is not None:
        out.append(f"day:{info.day_kind}")
    published = doc.published
    for q in info.quantities:
        if q.not_count == "year":
            out.append("year:old" if published is not None and q.value < published.year else "year:now")
        elif q.not_count:
            out.append(f"notcount:{q.not_count}")
    return out


def _position(doc: ArticleDoc, info: SentenceInfo) -> str:
    if info.index == doc.title_index:
        return "title"
    first_body = next(
        (i.index for i in doc.infos if i.index != doc.title_index and i.words >= MIN_WORDS), None
    )
    if info.index == first_body:
        return "lead"
    share = info.index / max(1, len(doc.infos) - 1)
    return "early" if share < 0.34 else ("middle" if share < 0.67 else "late")


def _place_cues(doc: ArticleDoc, info: SentenceInfo) -> list[str]:
    resolved = [p for p in info.places if p.place is not None]
    if not resolved:
        return ["place:none"]
    out = []
    for p in resolved:
        out.append(f"place:{p.place.feature}")
        out.append("place:point" if p.place.lat is not None else "place:nopoint")
        if doc.article_country is not None:
            out.append("place:home" if p.place.country == doc.article_country else "place:abroad")
    return out


def event_features(doc: ArticleDoc, ev: Event, rec: EventRecord, rank: int) -> list[str]:
    """Features of a finished event for the confidence model: what the record holds and how
    the rules (and the keep model) judged it. No words: with them the model learns the
    gold articles by heart (in-sample confident precision 1.0 against 0.88 out of fold),
    with these two dozen fields in- and out-of-fold figures stay close."""
    loc = rec["location"]
    kept = [c.p for c in doc.candidates if c.p is not None and c.sentence in ev.sentences]
    out = [
        f"type:{rec['event_type']}",
        f"sub:{rec['sub_event_type']}",
        f"hand:{round(rec['confidence'], 1)}",
        f"str:{ev.strength}",
        f"rank:{min(rank, 3)}",
        f"nev:{_bucket(len(doc.events))}",
        f"nsent:{_bucket(len({i.index for i in ev.sentences}))}",
        f"geo:{loc['geo_precision'] if loc else 'none'}",
        f"inherited:{ev.place_inherited}",
        f"title:{ev.from_title}",
        f"split:{bool(ev.toll_shares)}",
        f"date:{rec['time_precision'] if rec['date'] else 'none'}",
        f"attr:{bool(rec['attribution'])}",
        f"hedged:{bool(rec['attribution'] and rec['attribution'].get('hedged'))}",
    ]
    for key in ("fatalities", "injuries", "casualties"):
        out.append(f"{key}:{bool(rec[key])}")
    out.append(f"losses:{bool(rec['losses'])}")
    for role in ("actor1", "actor2"):
        actor = rec[role]
        out.append(f"{role}:{actor['kind'] if actor else 'none'}")
        if actor and actor.get("inferred"):
            out.append(f"{role}:inferred")
    if kept:
        out.append(f"pmax:{int(10 * max(kept))}")
        out.append(f"pmin:{int(10 * min(kept))}")
    return out
