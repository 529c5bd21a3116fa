"""Public entry point of the engine: one input item in, one article record out.

`extract_record({"id", "text", "source", "published", "title"}) -> dict` follows
`event-schema.md`. The engine is `COMPONENTS`, one ordered list of functions
`(ArticleDoc, KnowledgeBase) -> None`; each reads the layers earlier ones put on the Doc
and adds its own. Any component but the core ones can be left out (`run(…, without=…)`,
`marsad eval --without NAME`) to measure what it contributes.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from typing import Any

from marsad.extract.article import ArticleDoc
from marsad.extract.bounds import bound_notes
from marsad.extract.candidates import propose_candidates
from marsad.extract.dates import parse_published
from marsad.extract.decisions import keep_candidates
from marsad.extract.incident_places import incident_places
from marsad.extract.knowledgebase import KnowledgeBase, knowledge
from marsad.extract.numbers import parse_quantities
from marsad.extract.places import find_places
from marsad.extract.records import build_records
from marsad.extract.segmentation import segment_events
from marsad.extract.sentence_analysis import (
    casualty_facts,
    equipment_losses,
    event_days,
    news_cues,
    sentence_layers,
)
from marsad.extract.slots import (
    actor_mentions,
    actor_slot,
    attribution_slot,
    date_slot,
    open_slots,
    place_slot,
    toll_slot,
)
from marsad.extract.tokens import Tokens
from marsad.schema import ArticleRecord, EventRecord
from marsad.text.normalize import normalize
from marsad.util.gc_pause import gc_paused

MAX_TEXT_CHARS = 2_000_000  # longer texts are cut; the record says so
# Texts longer than this (ten times the longest of the 31k bulk articles) are extracted with
# the garbage collector paused (util/gc_pause.py): a quarter of their time went to it.
GC_PAUSE_CHARS = 200_000
_NO_NEWS_KINDS = {"anniversary", "culture", "sports"}

Component = Callable[[ArticleDoc, KnowledgeBase], None]


def lexicon_scan(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """One Aho–Corasick pass for every lexicon, actor alias and place name."""
    doc.matches = kb.lexicon.scan(doc.ntext)
    by_lexicon: defaultdict[str, list] = defaultdict(list)
    for m in doc.matches:
        by_lexicon[m.lexicon].append(m)
    doc.by_lexicon = by_lexicon


def tokenise(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    doc.tokens = Tokens.of(doc.ntext)


def quantities(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """Numbers, number words, bounds and vague counts (and what is not a count)."""
    assert doc.tokens is not None
    doc.quantities = parse_quantities(doc.ntext, tokens=doc.tokens.triples())


def places(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """Place mentions resolved in the gazetteer; the article's countries and focus."""
    assert doc.tokens is not None
    doc.places = find_places(
        doc,
        doc.tokens,
        doc.lexicon("place"),
        doc.lexicon("location_cues"),
        kb.place_stopwords,
        kb.gazetteer,
        kb.ambiguous_places,
        doc.lexicon("demonyms"),
    )


def headline(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """The title sentence, the article's main country, and whether the headline marks a
    background story (an anniversary, film, match or trial) in which nothing is news."""
    doc.title_index = 0 if "\n" in doc.text[:400] and len(doc.sentences) > 1 else None
    countries: Counter[str] = doc.attrs.get("countries") or Counter()
    doc.article_country = countries.most_common(1)[0][0] if countries else None
    if doc.title_index is not None and doc.infos:
        title = doc.infos[doc.title_index]
        # "احتجاجات في شوارع فيرغسون في ذكرى …": a protest held on the anniversary is news.
        protest_at = title.protest_at()
        doc.no_news = any(
            c.entry.get("kind") in _NO_NEWS_KINDS
            and c.entry.get("scope") == "sentence"
            and not (c.entry.get("kind") == "anniversary" and protest_at is not None and protest_at < c.start)
            for c in title.matches["nonevent_cues"]
        )


COMPONENTS: list[Component] = [
    lexicon_scan,
    tokenise,
    quantities,
    places,
    sentence_layers,
    casualty_facts,
    equipment_losses,
    news_cues,
    event_days,
    headline,
    propose_candidates,
    keep_candidates,
    segment_events,
    incident_places,
    actor_mentions,
    open_slots,
    place_slot,
    toll_slot,
    date_slot,
    attribution_slot,
    actor_slot,
    build_records,
]
# Without these the later components have nothing to work on.
CORE = frozenset(
    {"lexicon_scan", "tokenise", "sentence_layers", "segment_events", "open_slots", "build_records"}
)


def component_names() -> list[str]:
    return [c.__name__ for c in COMPONENTS]


def check_without(without: Iterable[str]) -> frozenset[str]:
    """The names to leave out, checked: unknown or core names raise ValueError."""
    names = frozenset(without)
    unknown = names - set(component_names())
    if unknown:
        raise ValueError(
            f"unknown component(s): {', '.join(sorted(unknown))}; known: {', '.join(component_names())}"
        )
    core = names & CORE
    if core:
        raise ValueError(f"core component(s) cannot be left out: {', '.join(sorted(core))}")
    return names


def run(doc: ArticleDoc, kb: KnowledgeBase, without: frozenset[str] = frozenset()) -> ArticleDoc:
    """Run every component on the Doc, in order, leaving out those named in `without`."""
    for component in COMPONENTS:
        if component.__name__ not in without:
            component(doc, kb)
    return doc


def run_until(doc: ArticleDoc, kb: KnowledgeBase, last: str) -> ArticleDoc:
    """Run the components up to and including `last` (for tests and tools that need one layer)."""
    if last not in component_names():
        raise ValueError(f"unknown component: {last}")
    for component in COMPONENTS:
        component(doc, kb)
        if component.__name__ == last:
            break
    return doc


def article_id_for(item: dict[str, Any]) -> str:
    if item.get("id") not in (None, ""):
        return str(item["id"])
    return "sha1-" + hashlib.sha1((item.get("text") or "").encode("utf-8", "replace")).hexdigest()[:16]


def extract_record(item: dict[str, Any], without: frozenset[str] = frozenset()) -> ArticleRecord:
    """Extract one article record from an input item. Never raises on bad text."""
    published = item.get("published")
    published_day = parse_published(published) if isinstance(published, str) else None
    errors = item.get("errors")
    record: ArticleRecord = {
        "article_id": article_id_for(item),
        "source": _text_or_none(item.get("source")),
        "published": published_day.isoformat() if published_day else None,
        "language": _text_or_none(item.get("language")) or "ar",
        "events": [],
        "errors": [str(e) for e in errors] if isinstance(errors, list | tuple) else [],
    }
    text = item.get("text")
    # The Doc is built once here, of the text as it will be extracted (cut at MAX_TEXT_CHARS),
    # and reused for extraction: normalising a text twice cost ~5%, and a 5 MB text a second.
    cut = isinstance(text, str) and len(text) > MAX_TEXT_CHARS
    doc = ArticleDoc(text[:MAX_TEXT_CHARS] if cut else text) if isinstance(text, str) else None
    if doc is not None:
        # Invisible-only up to the cut: empty only if the rest is too.
        empty = not doc.ntext.strip() and not (cut and normalize(text[MAX_TEXT_CHARS:]).text.strip())
    else:
        empty = True
    if empty:  # invisible-only text is empty too
        if not record["errors"]:
            record["errors"].append("empty text")
        return record
    if record["language"] != "ar":
        record["errors"].append(f"not Arabic (detected {record['language']}): no events extracted")
        return record
    if cut:
        record["errors"].append(f"text cut to {MAX_TEXT_CHARS} characters for extraction")
        text = text[:MAX_TEXT_CHARS]
    if published not in (None, "") and published_day is None:
        record["errors"].append(f"published date not understood: {str(published)[:40]!r}")
    try:
        with gc_paused() if len(text) > GC_PAUSE_CHARS else nullcontext():
            record["events"] = extract_events(
                text, record["article_id"], record["published"], doc=doc, without=without
            )
    except Exception as exc:  # one bad article must never stop a run
        record["errors"].append(f"extraction failed: {type(exc).__name__}: {exc}")
    if doc is not None:
        record["errors"] += bound_notes(doc)
    return record


def _text_or_none(value: Any) -> str | None:
    """Metadata fields are strings in the record, whatever the input held."""
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def extract_events(
    text: str,
    article_id: str,
    published_s: str | None,
    doc: ArticleDoc | None = None,
    without: frozenset[str] = frozenset(),
) -> list[EventRecord]:
    """Events of one article; `doc` is the article's Doc when the caller has built it."""
    if doc is None or doc.text != text:
        doc = ArticleDoc(text)
    doc.article_id = article_id
    doc.published = parse_published(published_s)
    return run(doc, knowledge(), without).records
